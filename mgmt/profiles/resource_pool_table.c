/* SPDX-License-Identifier: MIT */
/* The primordial pools' names and types (resource_pool.h) and the references
 * to their CIM_AllocationCapabilities, apart from the providers so that RASD
 * parsing and profile registration can name them without the pools' figures. */
#include <string.h>

#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/units.h"

#define POOL_REF(id)                                                                   \
	{ .class_name = RESOURCE_POOL_CLASS, .cim_namespace = CIM_NAMESPACE_DEFAULT,   \
	  .key_count = 1, .keys = { { "InstanceID", id, NULL } } }

const struct cim_ref processor_pool_ref = POOL_REF("vmanhv:pool:processor");
const struct cim_ref memory_pool_ref = POOL_REF("vmanhv:pool:memory");

const struct resource_pool_def resource_pools[ALLOCATION_KINDS] = {
	[ALLOCATION_PROCESSOR] = { ALLOCATION_PROCESSOR, "vmanhv:pool:processor",
				   RASD_TYPE_PROCESSOR, UNITS_PROCESSOR_CANONICAL,
				   "guest processors", "processor", &processor_pool_ref },
	[ALLOCATION_MEMORY] = { ALLOCATION_MEMORY, "vmanhv:pool:memory", RASD_TYPE_MEMORY,
				UNITS_MEMORY_CANONICAL, "guest memory", "memory",
				&memory_pool_ref },
};

const struct resource_pool_def *resource_pool_of_type(uint64_t type)
{
	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		if (resource_pools[k].resource_type == type) {
			return &resource_pools[k];
		}
	}
	return NULL;
}

const struct resource_pool_def *resource_pool_named(const char *id)
{
	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		if (strcmp(resource_pools[k].pool_id, id) == 0) {
			return &resource_pools[k];
		}
	}
	return NULL;
}

#define CAPS_REF(id)                                                                   \
	{ .class_name = "CIM_AllocationCapabilities", .cim_namespace = CIM_NAMESPACE_DEFAULT, \
	  .key_count = 1, .keys = { { "InstanceID", id, NULL } } }

const struct cim_ref allocation_capabilities_refs[ALLOCATION_KINDS] = {
	[ALLOCATION_PROCESSOR] = CAPS_REF("vmanhv:allocation:processor"),
	[ALLOCATION_MEMORY] = CAPS_REF("vmanhv:allocation:memory"),
};

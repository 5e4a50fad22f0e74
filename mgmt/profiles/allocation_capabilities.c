/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/system_state.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them (v2.22). */
enum {
	P_ELEMENT_NAME,
	P_INSTANCE_ID,
	P_REQUEST_TYPES_SUPPORTED,
	P_RESOURCE_TYPE,
	P_SHARING_MODE,
	P_SUPPORTED_ADD_STATES,
	P_SUPPORTED_REMOVE_STATES,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_REQUEST_TYPES_SUPPORTED] = { .name = "RequestTypesSupported", .type = CIM_TYPE_UINT16 },
	[P_RESOURCE_TYPE] = { .name = "ResourceType", .type = CIM_TYPE_UINT16 },
	[P_SHARING_MODE] = { .name = "SharingMode", .type = CIM_TYPE_UINT16 },
	[P_SUPPORTED_ADD_STATES] = { .name = "SupportedAddStates", .type = CIM_TYPE_UINT16,
				     .array = true },
	[P_SUPPORTED_REMOVE_STATES] = { .name = "SupportedRemoveStates",
					.type = CIM_TYPE_UINT16, .array = true },
};

const struct cim_class allocation_capabilities_class = {
	.name = "CIM_AllocationCapabilities",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* RequestTypesSupported (DSP1043): memory 3 General, a client names a
 * quantity, never an address range; processors 4 Both, a quantity or also
 * specific host CPUs (HostResource, docs/scheduler.md). */
#define REQUEST_GENERAL	3U
#define REQUEST_BOTH	4U
/* SharingMode: vCPUs are time-sliced over the host CPUs (3 Shared); RAM
 * belongs to one VM (2 Dedicated). */
#define SHARING_DEDICATED	2U
#define SHARING_SHARED		3U

/* Processors and memory change only while the VM is off (EnabledState 3):
 * the hypervisor sizes a VM when it creates it (no hot-plug). */
static const uint64_t off_only[] = { STATE_DISABLED };

static int caps_emit(const struct resource_pool_def *d, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;

	memset(&inst, 0, sizeof(inst));
	inst.cls = &allocation_capabilities_class;
	inst.values[P_ELEMENT_NAME].s = d->element_name;
	inst.values[P_INSTANCE_ID].s = allocation_capabilities_refs[d->kind].keys[0].value;
	inst.values[P_REQUEST_TYPES_SUPPORTED].u =
		d->kind == ALLOCATION_PROCESSOR ? REQUEST_BOTH : REQUEST_GENERAL;
	inst.values[P_RESOURCE_TYPE].u = d->resource_type;
	inst.values[P_SHARING_MODE].u =
		d->kind == ALLOCATION_PROCESSOR ? SHARING_SHARED : SHARING_DEDICATED;
	inst.values[P_SUPPORTED_ADD_STATES] = (struct cim_value){ .count = 1, .ua = off_only };
	inst.values[P_SUPPORTED_REMOVE_STATES] = (struct cim_value){ .count = 1, .ua = off_only };
	return fn(ctx, &inst);
}

static int caps_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	(void)pctx;
	for (uint32_t k = from; k < ALLOCATION_KINDS; k++) {
		int rc = caps_emit(&resource_pools[k], fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const struct cim_provider allocation_capabilities_provider = {
	.cls = &allocation_capabilities_class,
	.enumerate = caps_enumerate,
};

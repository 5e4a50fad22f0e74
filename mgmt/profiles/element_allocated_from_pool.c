/* SPDX-License-Identifier: MIT */
/*
 * DSP1041 CIM_ElementAllocatedFromPool: the pool (Antecedent) each VM
 * device (Dependent) is allocated from: every CIM_Processor
 * "<vm>:cpu<N>" from the processor pool, the CIM_Memory "<vm>:memory" from
 * the memory pool (the device keys docs/profiles.md fixes).
 */
#include <stdio.h>

#include "mgmt/profiles/allocation_links.h"
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/virtual_system.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("Antecedent", "CIM_ResourcePool", "Dependent", "CIM_LogicalDevice");

const struct cim_class element_allocated_from_pool_class = {
	.name = "CIM_ElementAllocatedFromPool",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

struct walk {
	uint32_t from;
	uint32_t seen;
	cim_instance_fn fn;
	void *ctx;
};

/* The association to device `device_id` of class `cls` in VM `vm`, from pool_id. */
static int device_emit(struct walk *w, const char *vm, const char *cls, const char *device_id,
		       const struct resource_pool_def *pool, const char *pool_id)
{
	struct cim_ref from = *pool->ref;
	struct cim_ref dev = {
		.class_name = cls,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 4,
		.keys = { { "CreationClassName", cls, NULL },
			  { "DeviceID", device_id, NULL },
			  { "SystemCreationClassName", VIRTUAL_SYSTEM_CLASS, NULL },
			  { "SystemName", vm, NULL } },
	};

	if (w->seen++ < w->from) {
		return 0;
	}
	from.keys[0].value = pool_id;
	return association_emit(&element_allocated_from_pool_class, &from, &dev, w->fn, w->ctx);
}

static int vm_devices(void *ctx, const struct virtual_system *vs)
{
	struct walk *w = ctx;
	char id[HV_VM_NAME_LEN + 16U];
	struct allocation_terms t;
	struct allocation cpu, mem;
	int rc = 0;

	allocation_terms_get(vs->info.name, &t);
	allocation_of(&vs->info, &t, ALLOCATION_PROCESSOR, &cpu);
	allocation_of(&vs->info, &t, ALLOCATION_MEMORY, &mem);
	for (uint32_t i = 0; i < vs->info.vcpus && rc == 0; i++) {
		snprintf(id, sizeof(id), "%s:cpu%u", vs->info.name, i);
		rc = device_emit(w, vs->info.name, "CIM_Processor", id,
				 &resource_pools[ALLOCATION_PROCESSOR], cpu.pool_id);
	}
	if (rc == 0) {
		snprintf(id, sizeof(id), "%s:memory", vs->info.name);
		rc = device_emit(w, vs->info.name, "CIM_Memory", id,
				 &resource_pools[ALLOCATION_MEMORY], mem.pool_id);
	}
	return rc;
}

/* Each child pool from its primordial pool (DSP1041: pool -> child pool). */
static int child_pools(struct walk *w)
{
	const struct child_pool *c;
	struct cim_ref child;

	for (uint32_t i = 0; (c = child_pool_at(i)) != NULL; i++) {
		int rc;

		if (w->seen++ < w->from) {
			continue;
		}
		child_pool_ref(c, &child);
		rc = association_emit(&element_allocated_from_pool_class, resource_pools[c->kind].ref,
				      &child, w->fn, w->ctx);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static int eafp_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	/* at most CHILD_POOLS_MAX + HV_VM_MAX * (HV_VM_VCPUS_MAX + 1) instances:
	 * counting up to `from` costs no more than emitting them would */
	struct walk w = { from, 0, fn, ctx };
	int rc;

	(void)pctx;
	rc = child_pools(&w);
	return rc != 0 ? rc : virtual_system_each(0, vm_devices, &w);
}

const struct cim_provider element_allocated_from_pool_provider = {
	.cls = &element_allocated_from_pool_class,
	.enumerate = eafp_enumerate,
};

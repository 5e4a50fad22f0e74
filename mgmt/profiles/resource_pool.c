/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/units.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them (CIM_ResourcePool v2.22). */
enum {
	P_ALLOCATION_UNITS,
	P_CAPACITY,
	P_CONSUMED_RESOURCE_UNITS,
	P_CURRENTLY_CONSUMED_RESOURCE,
	P_ELEMENT_NAME,
	P_INSTANCE_ID,
	P_MAX_CONSUMABLE_RESOURCE,
	P_POOL_ID,
	P_PRIMORDIAL,
	P_RESERVED,
	P_RESOURCE_TYPE,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_ALLOCATION_UNITS] = { .name = "AllocationUnits", .type = CIM_TYPE_STRING },
	[P_CAPACITY] = { .name = "Capacity", .type = CIM_TYPE_UINT64 },
	[P_CONSUMED_RESOURCE_UNITS] = { .name = "ConsumedResourceUnits", .type = CIM_TYPE_STRING },
	[P_CURRENTLY_CONSUMED_RESOURCE] = { .name = "CurrentlyConsumedResource",
					    .type = CIM_TYPE_UINT64 },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_MAX_CONSUMABLE_RESOURCE] = { .name = "MaxConsumableResource", .type = CIM_TYPE_UINT64 },
	[P_POOL_ID] = { .name = "PoolID", .type = CIM_TYPE_STRING },
	[P_PRIMORDIAL] = { .name = "Primordial", .type = CIM_TYPE_BOOLEAN },
	[P_RESERVED] = { .name = "Reserved", .type = CIM_TYPE_UINT64 },
	[P_RESOURCE_TYPE] = { .name = "ResourceType", .type = CIM_TYPE_UINT16 },
};

const struct cim_class resource_pool_class = {
	.name = RESOURCE_POOL_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* One pool: a primordial one (child NULL) or a child of kind's primordial pool. */
static int pool_emit(const struct resource_pool_def *d, const struct child_pool *child,
		     cim_instance_fn fn, void *ctx)
{
	const char *id = child != NULL ? child->pool_id : d->pool_id;
	struct cim_instance inst;
	struct pool_usage u;

	allocation_pool_usage(d->kind, id, &u);
	memset(&inst, 0, sizeof(inst));
	inst.cls = &resource_pool_class;
	inst.values[P_ALLOCATION_UNITS].s = d->allocation_units;
	inst.values[P_CAPACITY].u = u.capacity;
	inst.values[P_CONSUMED_RESOURCE_UNITS].s = d->allocation_units;
	inst.values[P_CURRENTLY_CONSUMED_RESOURCE].u = u.consumed;
	inst.values[P_ELEMENT_NAME].s = child != NULL ? child->element_name : d->element_name;
	inst.values[P_INSTANCE_ID].s = id;
	inst.values[P_MAX_CONSUMABLE_RESOURCE].u = u.max_consumable;
	inst.values[P_POOL_ID].s = id;
	inst.values[P_PRIMORDIAL].b = child == NULL;	/* DSP1041: the host's own resources */
	inst.values[P_RESERVED].u = u.reserved;
	inst.values[P_RESOURCE_TYPE].u = d->resource_type;
	return fn(ctx, &inst);
}

/* The primordial pools, then the child pools in creation order. */
static int pool_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct child_pool *c;

	(void)pctx;
	for (uint32_t k = from; k < ALLOCATION_KINDS; k++) {
		int rc = pool_emit(&resource_pools[k], NULL, fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	for (uint32_t i = from > ALLOCATION_KINDS ? from - ALLOCATION_KINDS : 0U;
	     (c = child_pool_at(i)) != NULL; i++) {
		int rc = pool_emit(&resource_pools[c->kind], c, fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const struct cim_provider resource_pool_provider = {
	.cls = &resource_pool_class,
	.enumerate = pool_enumerate,
};

/* SPDX-License-Identifier: MIT */
/* DSP1041 CIM_ResourceAllocationFromPool: the pool (Antecedent) each VM
 * RASD (Dependent) is allocated from. */
#include "mgmt/profiles/allocation_links.h"
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/rasd_instance.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("Antecedent", "CIM_ResourcePool", "Dependent",
			  "CIM_ResourceAllocationSettingData");

const struct cim_class resource_allocation_from_pool_class = {
	.name = "CIM_ResourceAllocationFromPool",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

/* The RASD and the pool it is from: its child pool, else the primordial one. */
static int from_pool_emit(void *ctx, const struct virtual_system *vs,
			  const struct resource_pool_def *pool, const char *instance_id)
{
	const struct virtual_system_emit *e = ctx;
	struct allocation_terms t;
	struct allocation a;
	struct cim_ref rasd, from;

	allocation_terms_get(vs->info.name, &t);
	allocation_of(&vs->info, &t, pool->kind, &a);
	from = *pool->ref;
	from.keys[0].value = a.pool_id;
	rasd_ref(instance_id, &rasd);
	return association_emit(&resource_allocation_from_pool_class, &from, &rasd, e->fn,
				e->ctx);
}

static int from_pool_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return rasd_each(from, from_pool_emit, &e);
}

const struct cim_provider resource_allocation_from_pool_provider = {
	.cls = &resource_allocation_from_pool_class,
	.enumerate = from_pool_enumerate,
};

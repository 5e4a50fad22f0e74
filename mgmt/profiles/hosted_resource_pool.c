/* SPDX-License-Identifier: MIT */
/* DSP1041 CIM_HostedResourcePool: the host (GroupComponent) and each of its
 * primordial pools (PartComponent). */
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/hosted_resource_pool.h"
#include "mgmt/profiles/resource_pool.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("GroupComponent", "CIM_System", "PartComponent", "CIM_ResourcePool");

const struct cim_class hosted_resource_pool_class = {
	.name = "CIM_HostedResourcePool",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

/* The primordial pools, then the child pools (DSP1041: a child pool is the
 * host's too), in resource_pool.c's order. */
static int hrp_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct child_pool *c;
	struct cim_ref child;

	(void)pctx;
	for (uint32_t k = from; k < ALLOCATION_KINDS; k++) {
		int rc = association_emit(&hosted_resource_pool_class, &host_system_ref,
					  resource_pools[k].ref, fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	for (uint32_t i = from > ALLOCATION_KINDS ? from - ALLOCATION_KINDS : 0U;
	     (c = child_pool_at(i)) != NULL; i++) {
		int rc;

		child_pool_ref(c, &child);
		rc = association_emit(&hosted_resource_pool_class, &host_system_ref, &child, fn,
				      ctx);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const struct cim_provider hosted_resource_pool_provider = {
	.cls = &hosted_resource_pool_class,
	.enumerate = hrp_enumerate,
};

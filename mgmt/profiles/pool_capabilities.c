/* SPDX-License-Identifier: MIT */
/* DSP1043: each primordial pool's CIM_AllocationCapabilities through
 * CIM_ElementCapabilities (a second provider of the class element_capabilities.c serves). */
#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/element_capabilities.h"
#include "mgmt/profiles/resource_pool.h"

/* The primordial pools, then the child pools (which share their parent's
 * capabilities: the same requests are possible from them). */
static int pool_capabilities_enumerate(void *pctx, uint32_t from, cim_instance_fn fn,
				       void *ctx)
{
	const struct child_pool *c;
	struct cim_ref child;

	(void)pctx;
	for (uint32_t k = from; k < ALLOCATION_KINDS; k++) {
		int rc = association_emit(&element_capabilities_class,
					  &allocation_capabilities_refs[k], resource_pools[k].ref,
					  fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	for (uint32_t i = from > ALLOCATION_KINDS ? from - ALLOCATION_KINDS : 0U;
	     (c = child_pool_at(i)) != NULL; i++) {
		int rc;

		child_pool_ref(c, &child);
		rc = association_emit(&element_capabilities_class,
				      &allocation_capabilities_refs[c->kind], &child, fn, ctx);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const struct cim_provider pool_capabilities_provider = {
	.cls = &element_capabilities_class,
	.enumerate = pool_capabilities_enumerate,
};

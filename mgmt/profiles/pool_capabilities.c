/* SPDX-License-Identifier: MIT */
/* DSP1043: each primordial pool's CIM_AllocationCapabilities through
 * CIM_ElementCapabilities (a second provider of the class element_capabilities.c serves). */
#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/element_capabilities.h"
#include "mgmt/profiles/resource_pool.h"

static int pool_capabilities_enumerate(void *pctx, uint32_t from, cim_instance_fn fn,
				       void *ctx)
{
	(void)pctx;
	for (uint32_t k = from; k < ALLOCATION_KINDS; k++) {
		int rc = association_emit(&element_capabilities_class,
					  &allocation_capabilities_refs[k], resource_pools[k].ref,
					  fn, ctx);

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

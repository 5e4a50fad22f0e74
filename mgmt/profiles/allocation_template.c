/* SPDX-License-Identifier: MIT */
/*
 * DSP1043 8.x: the RASD templates of each pool, which a client reads to
 * learn what it may ask for (fetch the Default, clone it, edit it, send
 * it to DefineSystem or AddResourceSettings).  The figures are
 * hv/api.h's limits; docs/allocation.md lists them.
 */
#include "hv/api.h"
#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/pasd.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/rasd_instance.h"
#include "mgmt/profiles/resource_pool.h"

/* DSP1043 ValueRole and ValueRange (CIM_SettingsDefineCapabilities). */
#define ROLE_DEFAULT	0U
#define ROLE_SUPPORTED	3U
#define RANGE_POINT	0U
#define RANGE_MIN	1U
#define RANGE_MAX	2U
#define RANGE_INC	3U

/* "": the primordial pool; 0: any CPU (no affinity) */
#define CPU(q, r, l, w)	{ ALLOCATION_PROCESSOR, q, r, l, w, "", 0 }
#define MEM(b, w)	{ ALLOCATION_MEMORY, b, b, b, w, "", 0 }

const struct allocation_template allocation_templates[ALLOCATION_TEMPLATES] = {
	{ ALLOCATION_PROCESSOR, "vmanhv:template:processor:default", "processor default",
	  ROLE_DEFAULT, RANGE_POINT, CPU(1, 0, 1, ALLOCATION_WEIGHT_DEFAULT) },
	{ ALLOCATION_PROCESSOR, "vmanhv:template:processor:minimum", "processor minimum",
	  ROLE_SUPPORTED, RANGE_MIN, CPU(1, 0, 1, ALLOCATION_WEIGHT_MIN) },
	{ ALLOCATION_PROCESSOR, "vmanhv:template:processor:maximum", "processor maximum",
	  ROLE_SUPPORTED, RANGE_MAX,
	  CPU(HV_VM_VCPUS_MAX, HV_VM_VCPUS_MAX, HV_VM_VCPUS_MAX, ALLOCATION_WEIGHT_MAX) },
	{ ALLOCATION_PROCESSOR, "vmanhv:template:processor:increment", "processor increment",
	  ROLE_SUPPORTED, RANGE_INC, CPU(1, 1, 1, 1) },
	/* the Linux default: a built-in test image alone defaults to 2 MiB */
	{ ALLOCATION_MEMORY, "vmanhv:template:memory:default", "memory default", ROLE_DEFAULT,
	  RANGE_POINT, MEM(HV_VM_LINUX_RAM_DEFAULT, ALLOCATION_WEIGHT_DEFAULT) },
	{ ALLOCATION_MEMORY, "vmanhv:template:memory:minimum", "memory minimum", ROLE_SUPPORTED,
	  RANGE_MIN, MEM(HV_VM_MEMORY_MIN, ALLOCATION_WEIGHT_MIN) },
	{ ALLOCATION_MEMORY, "vmanhv:template:memory:maximum", "memory maximum", ROLE_SUPPORTED,
	  RANGE_MAX, MEM(HV_VM_MEMORY_MAX, ALLOCATION_WEIGHT_MAX) },
	{ ALLOCATION_MEMORY, "vmanhv:template:memory:increment", "memory increment",
	  ROLE_SUPPORTED, RANGE_INC, MEM(4096U, 1) },	/* guest RAM comes in 4 KiB pages */
};

/* The templates of the pool kind *pctx, from its from-th on (a handful:
 * counting up to from costs nothing). */
static int template_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct resource_pool_def *pool = pctx;
	uint32_t seen = 0;

	for (uint32_t i = 0; i < ALLOCATION_TEMPLATES; i++) {
		const struct allocation_template *t = &allocation_templates[i];
		int rc;

		if (t->kind != pool->kind || seen++ < from) {
			continue;
		}
		rc = rasd_emit(t->instance_id, t->element_name, pool, &t->values, fn, ctx);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* The processor pool's templates are CIM_ProcessorAllocationSettingData (DSP1044). */
const struct cim_provider processor_template_provider = {
	.cls = &pasd_class,
	.enumerate = template_enumerate,
	.pctx = (void *)&resource_pools[ALLOCATION_PROCESSOR],
};

const struct cim_provider allocation_template_provider = {
	.cls = &rasd_class,
	.enumerate = template_enumerate,
	.pctx = (void *)&resource_pools[ALLOCATION_MEMORY],
};

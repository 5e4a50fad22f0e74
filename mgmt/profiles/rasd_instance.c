/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/pasd.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/rasd_host_resource.h"
#include "mgmt/profiles/rasd_instance.h"
#include "mgmt/profiles/units.h"
#include "mgmt/profiles/virtual_system_settings.h"

void rasd_instance_id(const char *vm, const struct resource_pool_def *pool, char *buf,
		      size_t size)
{
	snprintf(buf, size, "%s%s:%s", VSSD_INSTANCE_PREFIX, vm, pool->rasd_suffix);
}

int rasd_instance_parse(const char *id, char name[HV_VM_NAME_LEN],
			const struct resource_pool_def **pool)
{
	size_t plen = strlen(VSSD_INSTANCE_PREFIX);
	const char *colon;

	if (id == NULL || strncmp(id, VSSD_INSTANCE_PREFIX, plen) != 0) {
		return -EINVAL;
	}
	colon = strchr(id + plen, ':');	/* VM names hold no ':' (hv/api.h) */
	if (colon == NULL || colon == id + plen || (size_t)(colon - (id + plen)) >= HV_VM_NAME_LEN) {
		return -EINVAL;
	}
	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		if (strcmp(colon + 1, resource_pools[k].rasd_suffix) == 0) {
			memcpy(name, id + plen, (size_t)(colon - (id + plen)));
			name[colon - (id + plen)] = '\0';
			*pool = &resource_pools[k];
			return 0;
		}
	}
	return -EINVAL;
}

/* A processor RASD's InstanceID: a VM's "vmanhv:<VM>:processor" or a
 * processor template's (allocation_template.c). */
static bool names_processor(const char *id)
{
	static const char template_prefix[] = "vmanhv:template:processor:";
	const struct resource_pool_def *pool;
	char vm[HV_VM_NAME_LEN];

	return strncmp(id, template_prefix, sizeof(template_prefix) - 1U) == 0 ||
	       (rasd_instance_parse(id, vm, &pool) == 0 && pool->kind == ALLOCATION_PROCESSOR);
}

const struct cim_class *rasd_class_of(enum allocation_kind kind)
{
	return kind == ALLOCATION_PROCESSOR ? &pasd_class : &rasd_class;
}

void rasd_ref(const char *id, struct cim_ref *ref)
{
	*ref = (struct cim_ref){
		/* the instance's own class: a processor's is DSP1044's subclass */
		.class_name = names_processor(id) ? PASD_CLASS : RASD_CLASS,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 1,
		.keys = { { "InstanceID", id, NULL } },
	};
}

static void set(struct cim_instance *inst, const char *prop, struct cim_value v)
{
	int i = cim_class_property(inst->cls, prop);

	if (i >= 0) {
		inst->values[i] = v;
	}
}

/* Quantities in canonical units: processors "count"; memory MiB, or KiB
 * when the amount is not a whole number of MiB (units.h). */
static const char *quantities(const struct allocation *a, uint64_t *vq, uint64_t *res,
			      uint64_t *lim)
{
	const char *units;

	if (a->kind == ALLOCATION_PROCESSOR) {
		*vq = a->quantity;
		*res = a->reservation;
		*lim = a->limit;
		return UNITS_PROCESSOR_CANONICAL;
	}
	units = units_memory_emit(a->quantity, vq);
	*res = strcmp(units, UNITS_MEMORY_CANONICAL) == 0 ? a->reservation >> 20 : a->reservation >> 10;
	*lim = strcmp(units, UNITS_MEMORY_CANONICAL) == 0 ? a->limit >> 20 : a->limit >> 10;
	return units;
}

/* Hard affinity (docs/scheduler.md): HostResource names the host CPUs, MappingBehavior 5. */
static void host_cpus(struct cim_instance *inst, uint64_t affinity,
		      char (*paths)[RASD_HOST_CPU_PATH_MAX], const char **named)
{
	uint32_t n = 0;

	for (uint32_t cpu = 0; cpu < 64U && n < RASD_HOST_CPUS_MAX; cpu++) {
		if ((affinity >> cpu) & 1U) {
			rasd_host_cpu_path(cpu, paths[n], RASD_HOST_CPU_PATH_MAX);
			named[n] = paths[n];
			n++;
		}
	}
	if (n > 0U) {
		set(inst, "HostResource", (struct cim_value){ .sa = named, .count = n });
		set(inst, "MappingBehavior", (struct cim_value){ .u = RASD_MAPPING_HARD_AFFINITY });
	}
}

int rasd_emit(const char *instance_id, const char *element_name,
	      const struct resource_pool_def *pool, const struct allocation *a,
	      cim_instance_fn fn, void *ctx)
{
	char paths[RASD_HOST_CPUS_MAX][RASD_HOST_CPU_PATH_MAX];
	const char *named[RASD_HOST_CPUS_MAX];
	struct cim_instance inst;
	struct pasd_extensions ext;
	uint64_t vq, res, lim;
	const char *units = quantities(a, &vq, &res, &lim);

	memset(&inst, 0, sizeof(inst));
	inst.cls = rasd_class_of(pool->kind);
	for (uint32_t i = 0; i < inst.cls->prop_count; i++) {
		inst.values[i].is_null = true;
	}
	if (pool->kind == ALLOCATION_PROCESSOR) {
		pasd_fill(&inst, &ext);
	}
	set(&inst, "AllocationUnits", (struct cim_value){ .s = units });
	/* allocated when the VM starts, released when it stops (DSP1041) */
	set(&inst, "AutomaticAllocation", (struct cim_value){ .b = true });
	set(&inst, "AutomaticDeallocation", (struct cim_value){ .b = true });
	set(&inst, "ConsumerVisibility", (struct cim_value){ .u = 3 });	/* Virtualized */
	set(&inst, "ElementName", (struct cim_value){ .s = element_name });
	set(&inst, "InstanceID", (struct cim_value){ .s = instance_id });
	set(&inst, "Limit", (struct cim_value){ .u = lim });
	set(&inst, "PoolID", (struct cim_value){ .s = a->pool_id[0] != '\0' ? a->pool_id
									     : pool->pool_id });
	set(&inst, "Reservation", (struct cim_value){ .u = res });
	set(&inst, "ResourceType", (struct cim_value){ .u = pool->resource_type });
	set(&inst, "VirtualQuantity", (struct cim_value){ .u = vq });
	set(&inst, "VirtualQuantityUnits", (struct cim_value){ .s = units });
	set(&inst, "Weight", (struct cim_value){ .u = a->weight });
	host_cpus(&inst, a->affinity, paths, named);
	return fn(ctx, &inst);
}

/* rasd_each's walk over the VMs. */
struct each_ctx {
	uint32_t from;
	uint32_t seen;
	rasd_each_fn fn;
	void *ctx;
};

static int each_vm(void *ectx, const struct virtual_system *vs)
{
	struct each_ctx *e = ectx;

	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		char id[RASD_INSTANCE_ID_MAX];
		int rc;

		if (e->seen++ < e->from) {
			continue;
		}
		rasd_instance_id(vs->info.name, &resource_pools[k], id, sizeof(id));
		rc = e->fn(e->ctx, vs, &resource_pools[k], id);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

int rasd_each(uint32_t from, rasd_each_fn fn, void *ctx)
{
	/* two per VM: start the VM walk at the VM holding the from-th RASD */
	struct each_ctx e = { from % ALLOCATION_KINDS, 0, fn, ctx };

	return virtual_system_each(from / ALLOCATION_KINDS, each_vm, &e);
}

static int emit_vm_rasd(void *ctx, const struct virtual_system *vs,
			const struct resource_pool_def *pool, const char *instance_id)
{
	const struct virtual_system_emit *e = ctx;
	struct allocation_terms t;
	struct allocation a;
	char label[HV_VM_NAME_LEN + 12U];

	allocation_terms_get(vs->info.name, &t);
	allocation_of(&vs->info, &t, pool->kind, &a);
	snprintf(label, sizeof(label), "%s %s", vs->info.name, pool->rasd_suffix);
	return rasd_emit(instance_id, label, pool, &a, e->fn, e->ctx);
}

/* One provider per pool kind (its class), each VM's RASD of that kind. */
struct kind_walk {
	const struct resource_pool_def *pool;
	struct virtual_system_emit e;
};

static int emit_vm_kind(void *ctx, const struct virtual_system *vs)
{
	struct kind_walk *w = ctx;
	char id[RASD_INSTANCE_ID_MAX];

	rasd_instance_id(vs->info.name, w->pool, id, sizeof(id));
	return emit_vm_rasd(&w->e, vs, w->pool, id);
}

static int rasd_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct kind_walk w = { pctx, { fn, ctx } };

	return virtual_system_each(from, emit_vm_kind, &w);
}

const struct cim_provider pasd_provider = {
	.cls = &pasd_class,
	.enumerate = rasd_enumerate,
	.pctx = (void *)&resource_pools[ALLOCATION_PROCESSOR],
};

const struct cim_provider rasd_provider = {
	.cls = &rasd_class,
	.enumerate = rasd_enumerate,
	.pctx = (void *)&resource_pools[ALLOCATION_MEMORY],
};

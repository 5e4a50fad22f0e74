/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/virtual_system.h"

/* The terms of one VM, by name: a VM recreated under its name (a change
 * of its vCPUs or memory, docs/allocation.md) keeps them. */
struct terms_record {
	char name[HV_VM_NAME_LEN];	/* "" when unused */
	struct allocation_terms terms;
};

/* Owned by this file: the management CPU is the only caller (hv/api.h). */
static struct terms_record records[HV_VM_MAX];

static struct terms_record *record_named(const char *name)
{
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (records[i].name[0] != '\0' && strcmp(records[i].name, name) == 0) {
			return &records[i];
		}
	}
	return NULL;
}

void allocation_terms_get(const char *name, struct allocation_terms *t)
{
	const struct terms_record *r = record_named(name);

	*t = r != NULL ? r->terms : (struct allocation_terms){ 0 };
}

/* An unused record, or one whose VM is gone (destroyed by a path that did
 * not forget it): there are never more VMs than records. */
static struct terms_record *record_free(void)
{
	struct virtual_system vs;

	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (records[i].name[0] == '\0' || virtual_system_find(records[i].name, &vs) != 0) {
			return &records[i];
		}
	}
	return NULL;
}

int allocation_terms_set(const char *name, const struct allocation_terms *t)
{
	struct terms_record *r = record_named(name);
	struct virtual_system vs;

	r = r != NULL ? r : record_free();
	if (r == NULL) {
		return -ENOSPC;
	}
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->terms = *t;
	/* The hypervisor holds them from now on, whoever starts the VM next (a
	 * client, or the store at boot); a start hands them over again and
	 * reports what the scheduler refuses. */
	if (virtual_system_find(name, &vs) == 0) {
		(void)allocation_schedule(name, vs.info.id, vs.info.vcpus);
	}
	return 0;
}

void allocation_terms_forget(const char *name)
{
	struct terms_record *r = record_named(name);

	if (r != NULL) {
		memset(r, 0, sizeof(*r));
	}
}

static uint32_t or_default(uint32_t v, uint32_t def)
{
	return v != 0U ? v : def;
}

/* A processor Limit counts host CPUs (docs/allocation.md); the hypervisor
 * takes 1/1000 of one (hv/api.h), so that finer units can follow. */
int allocation_schedule(const char *name, uint32_t id, uint32_t vcpus)
{
	struct allocation_terms t;
	struct hv_cpu_terms c;

	allocation_terms_get(name, &t);
	c = (struct hv_cpu_terms){
		.weight = or_default(t.cpu_weight, ALLOCATION_WEIGHT_DEFAULT),
		/* a Limit of every vCPU caps nothing: no accounting at all */
		.limit_permille = t.cpu_limit != 0U && t.cpu_limit < vcpus
					  ? t.cpu_limit * HV_CPU_PERMILLE : 0U,
		.reserved_cpus = t.cpu_reservation,
		.affinity = t.cpu_affinity,
	};
	return hv_vm_set_cpu_terms(id, &c);
}

/* The PoolID an allocation is from: its child pool's, else the primordial one. */
static void pool_of(const struct allocation_terms *t, enum allocation_kind kind,
		    struct allocation *out)
{
	const char *id = t->pool_id[kind][0] != '\0' ? t->pool_id[kind] : resource_pools[kind].pool_id;

	snprintf(out->pool_id, sizeof(out->pool_id), "%s", id);
}

void allocation_of(const struct hv_vm_info *info, const struct allocation_terms *t,
		   enum allocation_kind kind, struct allocation *out)
{
	if (kind == ALLOCATION_PROCESSOR) {
		*out = (struct allocation){
			.kind = kind,
			.quantity = info->vcpus,
			.reservation = t->cpu_reservation,
			.limit = or_default(t->cpu_limit, info->vcpus),
			.weight = or_default(t->cpu_weight, ALLOCATION_WEIGHT_DEFAULT),
			.affinity = t->cpu_affinity,
		};
		pool_of(t, kind, out);
		return;
	}
	/* DSP1045: RAM is allocated whole when the VM is defined, so all of it
	 * is reserved and none can be taken back (no ballooning, no paging). */
	*out = (struct allocation){
		.kind = kind,
		.quantity = info->memory_bytes,
		.reservation = info->memory_bytes,
		.limit = info->memory_bytes,
		.weight = or_default(t->memory_weight, ALLOCATION_WEIGHT_DEFAULT),
	};
	pool_of(t, kind, out);
}

static bool weight_bad(uint32_t w)
{
	return w != 0U && (w < ALLOCATION_WEIGHT_MIN || w > ALLOCATION_WEIGHT_MAX);
}

const char *allocation_terms_problem(const struct allocation_terms *t, uint32_t vcpus)
{
	if (t->cpu_reservation > vcpus) {
		return "processor Reservation is more host CPUs than the VM has vCPUs";
	}
	if (t->cpu_limit != 0U && t->cpu_limit > vcpus) {
		return "processor Limit is more host CPUs than the VM has vCPUs";
	}
	if (t->cpu_limit != 0U && t->cpu_limit < t->cpu_reservation) {
		return "processor Limit is below its Reservation";
	}
	if (t->cpu_affinity != 0U &&
	    (uint32_t)__builtin_popcountll(t->cpu_affinity) < t->cpu_reservation) {
		return "processor Reservation is more host CPUs than its HostResource names";
	}
	if (weight_bad(t->cpu_weight) || weight_bad(t->memory_weight)) {
		return "Weight must be 1 to 10000";
	}
	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		const struct child_pool *c = child_pool_named(t->pool_id[k]);

		if (t->pool_id[k][0] != '\0' && (c == NULL || c->kind != (enum allocation_kind)k)) {
			return k == ALLOCATION_PROCESSOR ? "PoolID names no pool of processors"
							 : "PoolID names no pool of memory";
		}
	}
	return NULL;
}

/* SPDX-License-Identifier: MIT */
/*
 * What the pools hold, summed over the VMs at each request (so the figures
 * are exact at every step), and admission control (DSP1041: reservations
 * are guarantees, so their sum never exceeds what a pool has).  A child
 * pool's capacity is carved out of its primordial pool: the parent counts
 * it as reserved and its own VMs may use only the rest.  Rules in
 * docs/allocation.md.
 */
#include <errno.h>
#include <string.h>

#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/virtual_system.h"

#define MIB	(1ULL << 20)

/* vCPUs beyond host CPUs are time-sliced (DESIGN.md section 4): at most
 * every VM with every vCPU. */
#define PROCESSOR_MAX_CONSUMABLE	((uint64_t)HV_VM_MAX * HV_VM_VCPUS_MAX)

static bool is_running(enum hv_vm_state s)
{
	return s == HV_VM_RUNNING || s == HV_VM_PAUSED;	/* a paused VM keeps its CPUs' share */
}

/* The sums over the VMs of one pool; `skip` (a VM name, or NULL) is left out. */
struct pool_sums {
	enum allocation_kind kind;
	const char *pool_id;	/* the pool's PoolID */
	const char *skip;
	uint64_t reserved;
	uint64_t consumed;
};

static int add_vm(void *ctx, const struct virtual_system *vs)
{
	struct pool_sums *s = ctx;
	struct allocation_terms t;
	struct allocation a;

	if (s->skip != NULL && strcmp(vs->info.name, s->skip) == 0) {
		return 0;
	}
	allocation_terms_get(vs->info.name, &t);
	allocation_of(&vs->info, &t, s->kind, &a);
	if (strcmp(a.pool_id, s->pool_id) != 0) {
		return 0;
	}
	if (s->kind == ALLOCATION_PROCESSOR) {
		s->reserved += is_running(vs->info.state) ? a.reservation : 0U;
		s->consumed += a.quantity;
	} else {
		/* RAM is held from DefineSystem on, whatever the VM's state */
		s->reserved += (a.reservation + MIB - 1U) / MIB;
		s->consumed += (a.quantity + MIB - 1U) / MIB;
	}
	return 0;
}

static void pool_sums(enum allocation_kind kind, const char *pool_id, const char *skip,
		      struct pool_sums *s)
{
	*s = (struct pool_sums){ .kind = kind, .pool_id = pool_id, .skip = skip };
	(void)virtual_system_each(0, add_vm, s);
}

static const char *pool_id_or_primordial(enum allocation_kind kind, const char *pool_id)
{
	return pool_id != NULL && pool_id[0] != '\0' ? pool_id : resource_pools[kind].pool_id;
}

void allocation_pool_usage(enum allocation_kind kind, const char *pool_id, struct pool_usage *u)
{
	const struct child_pool *child = child_pool_named(pool_id);
	struct hv_host_resources host;
	struct pool_sums s;
	uint64_t carved = child != NULL ? 0U : child_pools_capacity(kind);

	pool_sums(kind, pool_id_or_primordial(kind, pool_id), NULL, &s);
	(void)hv_host_resources(&host);
	*u = (struct pool_usage){ .reserved = s.reserved + carved, .consumed = s.consumed };
	if (child != NULL) {
		u->capacity = child->capacity;
	} else {
		u->capacity = kind == ALLOCATION_PROCESSOR ? host.guest_cpus
							   : host.guest_memory_bytes / MIB;
	}
	u->available = u->capacity > carved ? u->capacity - carved : 0U;
	/* processors are time-sliced; memory is never overcommitted */
	u->max_consumable = kind == ALLOCATION_PROCESSOR ? PROCESSOR_MAX_CONSUMABLE : u->capacity;
}

/*
 * Processors are the pool a start can overcommit: memory was taken whole
 * when the VM was defined (and checked then, allocation_memory_fits), so
 * its reservation is already inside the memory pool.
 */
enum cim_status allocation_admit(const char *name, struct cim_result *res)
{
	struct virtual_system vs;
	struct allocation_terms t;
	struct allocation a;
	struct pool_usage u;
	struct pool_sums others;

	if (virtual_system_find(name, &vs) != 0) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no VM named %s", name);
	}
	allocation_terms_get(name, &t);
	allocation_of(&vs.info, &t, ALLOCATION_PROCESSOR, &a);
	if (a.reservation == 0U) {
		return CIM_OK;
	}
	allocation_pool_usage(ALLOCATION_PROCESSOR, a.pool_id, &u);
	pool_sums(ALLOCATION_PROCESSOR, a.pool_id, name, &others);
	if (others.reserved + a.reservation > u.available) {
		return cim_fail(res, CIM_ERR_FAILED,
				"pool %s overcommitted by %llu CPU(s): VM %s reserves %llu, running "
				"VMs reserve %llu of its %llu", a.pool_id,
				(unsigned long long)(others.reserved + a.reservation - u.available),
				name, (unsigned long long)a.reservation,
				(unsigned long long)others.reserved, (unsigned long long)u.available);
	}
	return CIM_OK;
}

enum cim_status allocation_memory_room(const char *name, const char *pool_id, uint64_t bytes,
				       struct cim_result *res)
{
	const char *id = pool_id_or_primordial(ALLOCATION_MEMORY, pool_id);
	uint64_t mib = (bytes + MIB - 1U) / MIB;
	struct pool_usage u;
	struct pool_sums others;

	allocation_pool_usage(ALLOCATION_MEMORY, id, &u);
	pool_sums(ALLOCATION_MEMORY, id, name, &others);
	if (others.consumed + mib > u.available) {
		return cim_fail(res, CIM_ERR_FAILED,
				"pool %s overcommitted by %llu MiB: VM %s would hold %llu, other VMs "
				"hold %llu of its %llu", id,
				(unsigned long long)(others.consumed + mib - u.available), name,
				(unsigned long long)mib, (unsigned long long)others.consumed,
				(unsigned long long)u.available);
	}
	return CIM_OK;
}

enum cim_status allocation_memory_fits(const char *name, struct cim_result *res)
{
	struct virtual_system vs;
	struct allocation_terms t;
	struct allocation a;
	struct pool_usage u;

	if (virtual_system_find(name, &vs) != 0) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no VM named %s", name);
	}
	allocation_terms_get(name, &t);
	allocation_of(&vs.info, &t, ALLOCATION_MEMORY, &a);
	allocation_pool_usage(ALLOCATION_MEMORY, a.pool_id, &u);
	if (u.consumed > u.available) {
		return cim_fail(res, CIM_ERR_FAILED,
				"pool %s overcommitted by %llu MiB: its VMs would hold %llu of its "
				"%llu", a.pool_id, (unsigned long long)(u.consumed - u.available),
				(unsigned long long)u.consumed, (unsigned long long)u.available);
	}
	return CIM_OK;
}

/* SPDX-License-Identifier: MIT */
/*
 * What the primordial pools hold, summed over the VMs at each request (so
 * the figures are exact at every step), and admission control at start
 * (DSP1041: reservations are guarantees, so their sum never exceeds a
 * pool's Capacity).  Rules in docs/allocation.md.
 */
#include <errno.h>
#include <string.h>

#include "mgmt/profiles/allocation.h"
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

/* The sums over the VMs; `skip` (a name, or NULL) is left out. */
struct pool_sums {
	enum allocation_kind kind;
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

static void pool_sums(enum allocation_kind kind, const char *skip, struct pool_sums *s)
{
	*s = (struct pool_sums){ .kind = kind, .skip = skip };
	(void)virtual_system_each(0, add_vm, s);
}

void allocation_pool_usage(enum allocation_kind kind, struct pool_usage *u)
{
	struct hv_host_resources host;
	struct pool_sums s;

	(void)hv_host_resources(&host);
	pool_sums(kind, NULL, &s);
	if (kind == ALLOCATION_PROCESSOR) {
		*u = (struct pool_usage){ .capacity = host.guest_cpus, .reserved = s.reserved,
					  .consumed = s.consumed,
					  .max_consumable = PROCESSOR_MAX_CONSUMABLE };
		return;
	}
	/* no memory overcommit: what can be consumed is what there is */
	*u = (struct pool_usage){ .capacity = host.guest_memory_bytes / MIB,
				  .reserved = s.reserved, .consumed = s.consumed,
				  .max_consumable = host.guest_memory_bytes / MIB };
}

/*
 * Processors are the pool a start can overcommit: memory was taken whole
 * when the VM was defined (hv_vm_create fails with -ENOMEM when there is
 * none), so its reservation is already inside the memory pool.
 */
enum cim_status allocation_admit(const char *name, struct cim_result *res)
{
	const struct resource_pool_def *pool = &resource_pools[ALLOCATION_PROCESSOR];
	struct hv_host_resources host;
	struct virtual_system vs;
	struct allocation_terms t;
	struct pool_sums others;

	if (virtual_system_find(name, &vs) != 0) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no VM named %s", name);
	}
	allocation_terms_get(name, &t);
	if (t.cpu_reservation == 0U) {
		return CIM_OK;
	}
	(void)hv_host_resources(&host);
	pool_sums(ALLOCATION_PROCESSOR, name, &others);
	if (others.reserved + t.cpu_reservation > host.guest_cpus) {
		return cim_fail(res, CIM_ERR_FAILED,
				"pool %s overcommitted by %llu CPU(s): VM %s reserves %u, running "
				"VMs reserve %llu of its %u", pool->pool_id,
				(unsigned long long)(others.reserved + t.cpu_reservation -
						     host.guest_cpus),
				name, t.cpu_reservation, (unsigned long long)others.reserved,
				host.guest_cpus);
	}
	return CIM_OK;
}

/* SPDX-License-Identifier: MIT */
/*
 * A VM's processor and memory allocations (DSP1041, DSP1044, DSP1045), complete:
 * the quantity the hypervisor holds (hv_vm_info) and the terms management
 * keeps beside it (Reservation, Limit, Weight), with the defaults filled in
 * for what no client gave (the Resource Allocation Descriptor rule,
 * docs/allocation.md).  Also what the primordial pools hold in sum, and
 * admission control at start.
 */
#ifndef VMANHV_MGMT_PROFILES_ALLOCATION_H
#define VMANHV_MGMT_PROFILES_ALLOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/api.h"
#include "mgmt/cim/cim.h"

enum allocation_kind { ALLOCATION_PROCESSOR, ALLOCATION_MEMORY, ALLOCATION_KINDS };

/* A PoolID: "vmanhv:pool:" and a name of up to 23 characters, NUL included. */
#define ALLOCATION_POOL_ID_MAX	40U

/* DSP1041 Weight: relative among the allocations of one pool. */
#define ALLOCATION_WEIGHT_DEFAULT	100U
#define ALLOCATION_WEIGHT_MIN		1U
#define ALLOCATION_WEIGHT_MAX		10000U

/*
 * What a client set beyond the quantities; 0 in a field means "not set":
 * the default applies (Reservation 0, Limit = the quantity, Weight 100).
 * Processor Reservation and Limit count host CPUs (docs/allocation.md).
 */
struct allocation_terms {
	uint32_t cpu_reservation;	/* host CPUs dedicated to the VM while it runs */
	uint32_t cpu_limit;		/* host CPUs' worth of time at most */
	uint32_t cpu_weight;
	uint32_t memory_weight;		/* kept and shown; nothing arbitrates memory yet */
	/* Hard affinity (HostResource + MappingBehavior 5): bit i = host CPU i
	 * may run the VM's vCPUs; 0: any guest CPU (docs/scheduler.md). */
	uint64_t cpu_affinity;
	/* The child pool each allocation is from ("" : the primordial pool). */
	char pool_id[ALLOCATION_KINDS][ALLOCATION_POOL_ID_MAX];
};

/* One allocation, complete, in canonical units. */
struct allocation {
	enum allocation_kind kind;
	uint64_t quantity;	/* vCPUs, or bytes of RAM */
	uint64_t reservation;	/* host CPUs (count), or bytes */
	uint64_t limit;		/* host CPUs (count), or bytes */
	uint32_t weight;
	char pool_id[ALLOCATION_POOL_ID_MAX];	/* the pool it is from */
	uint64_t affinity;	/* processors: host CPUs it may run on (bit N: cpu<N>); 0: any */
};

/* The terms kept for VM `name` (all 0 when none were set). */
void allocation_terms_get(const char *name, struct allocation_terms *t);
/* Keep t for VM `name` (replacing what was kept): 0 or -ENOSPC (HV_VM_MAX names kept). */
int allocation_terms_set(const char *name, const struct allocation_terms *t);
/* Forget VM `name`'s terms (it is gone). */
void allocation_terms_forget(const char *name);

/* The complete allocation of `kind` of a VM from its info and terms. */
void allocation_of(const struct hv_vm_info *info, const struct allocation_terms *t,
		   enum allocation_kind kind, struct allocation *out);

/*
 * Whether terms t fit a VM of vcpus processors (DSP1044): Reservation at
 * most vcpus and, with an affinity, at most the CPUs it names, Limit from
 * max(1, Reservation) to vcpus, Weights 1 to 10000, each PoolID a child
 * pool of its kind.  NULL, or why not (words naming
 * the property).
 */
const char *allocation_terms_problem(const struct allocation_terms *t, uint32_t vcpus);

/*
 * Hand VM `id`'s processor terms (kept under `name`, defaults filled in
 * for a VM of `vcpus`) to the hypervisor's scheduler: Weight and Limit
 * act from the next slices, Reservation and affinity at the next start
 * (hv_vm_set_cpu_terms).  0 or its error.
 */
int allocation_schedule(const char *name, uint32_t id, uint32_t vcpus);

/* What a pool holds now (in its AllocationUnits: CPUs or MiB). */
struct pool_usage {
	uint64_t capacity;	/* primordial: hv_host_resources(); a child: what it was given */
	/* processors: Reservations of its running VMs; memory: its VMs' RAM; a
	 * primordial pool's also counts its child pools' capacities */
	uint64_t reserved;
	uint64_t consumed;	/* vCPUs of its defined VMs, or MiB of their RAM (each rounded up) */
	uint64_t max_consumable;
	uint64_t available;	/* what its own VMs may reserve: capacity less child pools */
};

/* The usage of kind's pool pool_id (NULL or "": the primordial pool). */
void allocation_pool_usage(enum allocation_kind kind, const char *pool_id, struct pool_usage *u);

/*
 * Whether VM `name`'s RAM fits its memory pool (checked after a VM is made
 * or remade: RAM is taken then).  CIM_OK, or CIM_ERR_FAILED with the pool
 * and the shortfall in res->message.
 */
enum cim_status allocation_memory_fits(const char *name, struct cim_result *res);

/*
 * Whether VM `name` (which may not exist yet) can hold `bytes` of RAM from
 * memory pool pool_id ("" : the primordial pool), its own present RAM left
 * out of the sum.  CIM_OK, or CIM_ERR_FAILED as allocation_memory_fits.
 */
enum cim_status allocation_memory_room(const char *name, const char *pool_id, uint64_t bytes,
				       struct cim_result *res);

/*
 * Admission control (DSP1041: a pool never reserves more than its
 * Capacity): may VM `name` start now?  CIM_OK, or CIM_ERR_FAILED with
 * res->message naming the pool and by how much its reservations would be
 * exceeded; CIM_ERR_NOT_FOUND when no VM has that name.
 */
enum cim_status allocation_admit(const char *name, struct cim_result *res);

#endif

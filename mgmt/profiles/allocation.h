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
};

/* One allocation, complete, in canonical units. */
struct allocation {
	enum allocation_kind kind;
	uint64_t quantity;	/* vCPUs, or bytes of RAM */
	uint64_t reservation;	/* host CPUs (count), or bytes */
	uint64_t limit;		/* host CPUs (count), or bytes */
	uint32_t weight;
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
 * most vcpus, Limit from max(1, Reservation) to vcpus, Weights 1 to 10000.
 * NULL, or why not (words naming the property).
 */
const char *allocation_terms_problem(const struct allocation_terms *t, uint32_t vcpus);

/* What a primordial pool holds now (in its AllocationUnits: CPUs or MiB). */
struct pool_usage {
	uint64_t capacity;	/* hv_host_resources() */
	uint64_t reserved;	/* processors: Reservations of running VMs; memory: all VMs' RAM */
	uint64_t consumed;	/* vCPUs of all defined VMs, or MiB of their RAM (each rounded up) */
	uint64_t max_consumable;
};

void allocation_pool_usage(enum allocation_kind kind, struct pool_usage *u);

/*
 * Admission control (DSP1041: a pool never reserves more than its
 * Capacity): may VM `name` start now?  CIM_OK, or CIM_ERR_FAILED with
 * res->message naming the pool and by how much its reservations would be
 * exceeded; CIM_ERR_NOT_FOUND when no VM has that name.
 */
enum cim_status allocation_admit(const char *name, struct cim_result *res);

#endif

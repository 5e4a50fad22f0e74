/* SPDX-License-Identifier: MIT */
/*
 * CIM_ResourceAllocationSettingData as DefineSystem reads it (DSP1041,
 * DSP1044 processors, DSP1045 memory): the class an embedded RASD is parsed
 * into (or its subclass CIM_ProcessorAllocationSettingData, pasd.h), and
 * the rules that turn an array of RASDs into a VM's resources.
 */
#ifndef VMANHV_MGMT_PROFILES_RASD_H
#define VMANHV_MGMT_PROFILES_RASD_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/allocation.h"

#define RASD_CLASS		"CIM_ResourceAllocationSettingData"
#define RASD_TYPE_PROCESSOR	3U
#define RASD_TYPE_MEMORY	4U

extern const struct cim_class rasd_class;

/* Which terms a request gave (a Modify keeps the others as they were). */
#define RASD_GIVEN_CPU_RESERVATION	0x1U
#define RASD_GIVEN_CPU_LIMIT		0x2U
#define RASD_GIVEN_CPU_WEIGHT		0x4U
#define RASD_GIVEN_MEMORY_WEIGHT	0x8U
#define RASD_GIVEN_CPU_POOL		0x10U
#define RASD_GIVEN_MEMORY_POOL		0x20U
#define RASD_GIVEN_CPU_AFFINITY		0x40U	/* HostResource (rasd_host_resource.h) */

/* What a VM gets from its RASDs. */
struct rasd_request {
	uint64_t memory_bytes;	/* 0: no memory VirtualQuantity given (the default / unchanged) */
	uint32_t vcpus;		/* 0: no processor VirtualQuantity given; else 1 to HV_VM_VCPUS_MAX */
	bool has[ALLOCATION_KINDS];	/* a RASD of that kind was given */
	const char *instance_id[ALLOCATION_KINDS];	/* its InstanceID, NULL if none */
	/* the PoolID given: "" for the primordial pool (RASD_GIVEN_*_POOL) */
	const char *pool_id[ALLOCATION_KINDS];
	struct allocation_terms terms;	/* the terms given (see given) */
	uint32_t given;			/* RASD_GIVEN_* */
};

/*
 * Read rasds[0..n) into *req (DSP1041/1044/1045; the rules are in
 * docs/allocation.md).  CIM_OK, or CIM_ERR_INVALID_PARAMETER with
 * res->message naming the RASD (its index) and what is wrong: a
 * ResourceType other than 3 or 4, two of one type, a quantity zero or out
 * of range, units not understood, a memory Reservation above or Limit
 * below the quantity, a Weight out of 1..10000, a PoolID that is the other
 * type's primordial pool or no pool's name, or a property vmanhv cannot
 * honour (HostResource and MappingBehavior on memory; on processors all
 * but hard affinity to host CPUs, rasd_host_resource.h), or (a processor
 * RASD, either class) an instruction set or x86 extension the vCPUs cannot
 * have as asked (pasd_read).  Terms against the vCPU count
 * and whether a child pool of that PoolID exists are the caller's check
 * (allocation_terms_problem), once they are known.
 */
enum cim_status rasd_read(const struct cim_instance *const *rasds, uint32_t n,
			  struct rasd_request *req, struct cim_result *res);

/* *into with the terms `req` gave replaced by req's. */
void rasd_terms_merge(const struct rasd_request *req, struct allocation_terms *into);

#endif

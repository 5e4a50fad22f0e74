/* SPDX-License-Identifier: MIT */
/*
 * The primordial CIM_ResourcePools (DSP1041 7.x; DSP1044, DSP1045): one for
 * the host's guest processors (ResourceType 3) and one for its guest memory
 * (4), InstanceID = PoolID "vmanhv:pool:processor" / "vmanhv:pool:memory".
 * Their figures are computed at each request from the VMs (allocation.h),
 * so they are exact at every step.
 */
#ifndef VMANHV_MGMT_PROFILES_RESOURCE_POOL_H
#define VMANHV_MGMT_PROFILES_RESOURCE_POOL_H

#include <stdint.h>

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/allocation.h"

#define RESOURCE_POOL_CLASS	"CIM_ResourcePool"

/* What names and describes one pool and everything hung off it. */
struct resource_pool_def {
	enum allocation_kind kind;
	const char *pool_id;		/* InstanceID and PoolID */
	uint16_t resource_type;		/* CIM_RASD ResourceType: 3 or 4 */
	const char *allocation_units;	/* DSP0004 PUnit of Capacity, Reserved, ... */
	const char *element_name;
	const char *rasd_suffix;	/* a VM's RASD: "vmanhv:<vm>:<suffix>" */
	const struct cim_ref *ref;	/* the reference to the pool */
};

extern const struct resource_pool_def resource_pools[ALLOCATION_KINDS];
/* The pools' references (also resource_pools[k].ref), for static tables. */
extern const struct cim_ref processor_pool_ref;
extern const struct cim_ref memory_pool_ref;

/* The pool of ResourceType type, or NULL. */
const struct resource_pool_def *resource_pool_of_type(uint64_t type);
/* The pool whose PoolID is id (exactly, DSP0004 keys are case-sensitive), or NULL. */
const struct resource_pool_def *resource_pool_named(const char *id);

extern const struct cim_class resource_pool_class;
extern const struct cim_provider resource_pool_provider;

#endif

/* SPDX-License-Identifier: MIT */
/*
 * CIM_ResourceAllocationSettingData as the firmware serves it (DSP1041,
 * DSP1044, DSP1045): each VM's processor (as the DSP1044 subclass
 * CIM_ProcessorAllocationSettingData) and memory allocation, complete,
 * InstanceID "vmanhv:<VM name>:processor" / "vmanhv:<VM name>:memory"
 * (the Resource Allocation Descriptor a client gets back: every property
 * filled in, docs/allocation.md), and the instance built from a struct
 * allocation, which the capability templates share.
 */
#ifndef VMANHV_MGMT_PROFILES_RASD_INSTANCE_H
#define VMANHV_MGMT_PROFILES_RASD_INSTANCE_H

#include <stddef.h>

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/virtual_system.h"

/* "vmanhv:" + a VM name + ":processor", NUL included */
#define RASD_INSTANCE_ID_MAX	(7U + HV_VM_NAME_LEN + 11U)

/* The InstanceID of VM `vm`'s RASD from `pool` into buf. */
void rasd_instance_id(const char *vm, const struct resource_pool_def *pool, char *buf,
		      size_t size);
/*
 * The VM and pool a RASD InstanceID names: 0 with the VM's name in
 * name[HV_VM_NAME_LEN] and *pool set, or -EINVAL when id has another form.
 */
int rasd_instance_parse(const char *id, char name[HV_VM_NAME_LEN],
			const struct resource_pool_def **pool);

/* The reference to the RASD whose InstanceID is id (id must outlive ref), in
 * the class it is served in (rasd_class_of). */
void rasd_ref(const char *id, struct cim_ref *ref);

/* The RASD for allocation a from pool, passed to fn (valid during the call). */
int rasd_emit(const char *instance_id, const char *element_name,
	      const struct resource_pool_def *pool, const struct allocation *a,
	      cim_instance_fn fn, void *ctx);

/* The class of a RASD from a pool of that kind: a processor's is
 * CIM_ProcessorAllocationSettingData (DSP1044, mgmt/profiles/pasd.h). */
const struct cim_class *rasd_class_of(enum allocation_kind kind);

/* Each VM's processor RASD (CIM_ProcessorAllocationSettingData), VM by VM
 * in id order; rasd_provider: each VM's memory RASD, likewise.  Enumerating
 * CIM_ResourceAllocationSettingData gives both, processors first (DSP0227
 * polymorphism, mgmt/profiles/registry.c's order). */
extern const struct cim_provider pasd_provider;
extern const struct cim_provider rasd_provider;

/* What a VM-walking association gets: the VM, a pool, the RASD's InstanceID. */
typedef int (*rasd_each_fn)(void *ctx, const struct virtual_system *vs,
			    const struct resource_pool_def *pool, const char *instance_id);
/* fn for each VM's RASDs from the from-th on: processor then memory, VM by VM. */
int rasd_each(uint32_t from, rasd_each_fn fn, void *ctx);

#endif

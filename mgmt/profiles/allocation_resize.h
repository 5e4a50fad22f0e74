/* SPDX-License-Identifier: MIT */
/*
 * Giving a VM that is not running other vCPUs or memory.  The hypervisor
 * sizes a VM when it creates it (guest RAM is allocated in hv_vm_create),
 * so the VM is destroyed and created again under the same name with the
 * new sizes, and management's record of it (label, image, terms) carried
 * over; if the new VM cannot be made, the old one is made again, so
 * nothing is lost.
 */
#ifndef VMANHV_MGMT_PROFILES_ALLOCATION_RESIZE_H
#define VMANHV_MGMT_PROFILES_ALLOCATION_RESIZE_H

#include <stdint.h>

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/virtual_system.h"

/* What a method asks of one VM. */
struct allocation_change {
	uint32_t vcpus;			/* the new count; the VM's own when unchanged */
	uint64_t memory_bytes;		/* the new size; the VM's own when unchanged */
	struct allocation_terms terms;	/* the terms it keeps afterwards */
};

/*
 * Apply ch to VM vs (DEFINED or STOPPED).  Returns CIM_OK with
 * call->return_value set as a VSMS method returns it (dmtf-profiles.md 3.1):
 * 0, 5 Invalid State (running or paused), `bad_terms` (4, or 6 for a
 * Modify) when the terms do not fit the vCPU count, 4 for sizes the
 * hypervisor refuses, 2 Failed when there is no memory for the new size
 * (the VM is as it was); the reason in res->message.
 */
enum cim_status allocation_resize(const struct virtual_system *vs,
				  const struct allocation_change *ch, uint32_t bad_terms,
				  struct cim_call *call, struct cim_result *res);

/*
 * After DefineSystem made VM `name` as `id` with terms t: keep t, and if
 * its RAM does not fit its memory pool (a child pool's share, or what the
 * child pools leave of the primordial one), destroy it again.  0, or -1
 * with call->return_value 2 Failed and the pool's shortfall in res.
 */
int allocation_settle_new(uint32_t id, const char *name, const struct allocation_terms *t,
			  struct cim_call *call, struct cim_result *res);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Every VM's definition in the configuration store (docs/store.md): written
 * as a whole after each change a client makes, read back at boot before
 * the endpoint serves, when each VM is recreated with hv_vm_create() and
 * those marked with AutomaticStartupAction are started.
 *
 * A stored definition that cannot be recreated (its image is gone, the
 * record is unreadable or from a newer firmware) is said on the console and
 * kept in the store as it is: only DestroySystem, or a new VM of the same
 * name, removes or replaces it.
 *
 * Portable: the store is passed in; VMs are reached through hv/api.h and
 * mgmt/profiles/virtual_system.h.  Management CPU only.
 */
#ifndef VMANHV_MGMT_STORE_DEFINITIONS_H
#define VMANHV_MGMT_STORE_DEFINITIONS_H

#include <stdint.h>

#include "mgmt/store/store.h"
#include "mgmt/store/store_keys.h"

/* Stored definitions looked at, at most (HV_VM_MAX live ones and those kept). */
#define DEFINITIONS_STORED_MAX	STORE_KEYS_MAX

/*
 * Put every VM's definition into st (in RAM: the caller commits) and take
 * out those of VMs destroyed since, keeping the ones restore could not
 * recreate.  0, or -ENOSPC (the store is full: the records written so far
 * are each whole, the others as before).
 */
int definitions_write(struct store *st);

struct definitions_report {
	uint32_t recreated;	/* VMs defined again */
	uint32_t kept;		/* definitions kept in the store without a VM */
	uint32_t started;	/* VMs started by their AutomaticStartupAction */
};

/*
 * Recreate every VM defined in st and start those whose AutomaticStartupAction
 * asks for it (4 Always, or 3 and active when last written).  Says on the
 * console what it did for each, and why not where it could not.
 */
void definitions_restore(const struct store *st, struct definitions_report *report);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Every child resource pool in the configuration store (docs/store.md):
 * written with the VM definitions after each change a client makes, made
 * again at boot before the definitions, so that a VM's PoolID finds its
 * pool.
 *
 * A stored pool that cannot be made again (its record is unreadable or
 * from a newer firmware, or its capacity no longer fits what its
 * primordial pool has left: a smaller host) is said on the console and kept
 * in the store as it is, like a definition (definitions.h); the others are
 * made.  Only a new pool of the same name replaces it.
 *
 * Portable: the store is passed in; pools are reached through
 * mgmt/profiles/child_pool.h.  Management CPU only.
 */
#ifndef VMANHV_MGMT_STORE_POOLS_H
#define VMANHV_MGMT_STORE_POOLS_H

#include <stdint.h>

#include "mgmt/store/store.h"

/*
 * Put every child pool into st (in RAM: the caller commits), in creation
 * order, and take out those deleted since, keeping the ones restore could
 * not make.  0, or -ENOSPC (the store is full: the records written so far
 * are each whole, the others as before).
 */
int pools_write(struct store *st);

struct pools_report {
	uint32_t made;		/* child pools made again */
	uint32_t kept;		/* records kept in the store without a pool */
};

/*
 * Make every child pool stored in st again, in the order stored, while each
 * fits its primordial pool.  Says on the console what it did for each, and
 * why not where it could not.
 */
void pools_restore(const struct store *st, struct pools_report *report);

#endif

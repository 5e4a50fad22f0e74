/* SPDX-License-Identifier: MIT */
/*
 * Child resource pools (DSP1041 CreateChildResourcePool): a share carved
 * out of a primordial pool, named by its PoolID "vmanhv:pool:<name>".  A
 * VM allocates from one by naming it in its RASD's PoolID; its Capacity is
 * then its bound (docs/allocation.md, "Child pools").  Kept in management's
 * memory, at most CHILD_POOLS_MAX.
 */
#ifndef VMANHV_MGMT_PROFILES_CHILD_POOL_H
#define VMANHV_MGMT_PROFILES_CHILD_POOL_H

#include <stdint.h>

#include "mgmt/profiles/allocation.h"

#define CHILD_POOLS_MAX	8U

struct child_pool {
	enum allocation_kind kind;
	char pool_id[ALLOCATION_POOL_ID_MAX];	/* InstanceID and PoolID */
	char element_name[HV_VM_NAME_LEN];	/* the name a client gave */
	uint64_t capacity;			/* CPUs, or MiB, taken from the parent */
};

/*
 * Make the child pool `name` ([A-Za-z0-9._-], 1 to 23 characters, not
 * "processor" or "memory") of capacity units from kind's primordial pool.
 * 0 with *out set, -EINVAL (bad name or capacity 0), -EEXIST, -ENOSPC.
 * The caller checks that the parent has room (allocation_pool_room).
 */
int child_pool_create(enum allocation_kind kind, const char *name, uint64_t capacity,
		      const struct child_pool **out);
/* Forget child pool pool_id: 0 or -ENOENT. */
int child_pool_delete(const char *pool_id);
/* The child pool named pool_id (exactly), or NULL. */
const struct child_pool *child_pool_named(const char *pool_id);
/* The i-th child pool in creation order, or NULL past the last. */
const struct child_pool *child_pool_at(uint32_t i);
/* The sum of kind's child pools' capacities. */
uint64_t child_pools_capacity(enum allocation_kind kind);
/*
 * Say that the child pools changed: one was created or deleted.  The
 * provider calls it after such a change succeeds; the firmware's
 * configuration store then writes them (mgmt/store/persist.c,
 * docs/store.md).  Until a listener is set (hosted builds), nothing happens.
 */
void child_pools_changed(void);
/* The listener child_pools_changed() calls; set once at boot, NULL for none. */
void child_pools_on_change(void (*fn)(void));
/* The reference to a child pool (pool must outlive ref). */
void child_pool_ref(const struct child_pool *pool, struct cim_ref *ref);

#endif

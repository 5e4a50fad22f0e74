/* SPDX-License-Identifier: MIT */
/*
 * One child resource pool (DSP1041 CreateChildResourcePool,
 * mgmt/profiles/child_pool.h) as the configuration store keeps it
 * (docs/store.md): its name, the ResourceType of the primordial pool it is
 * carved from, and its capacity in that pool's AllocationUnits (host CPUs,
 * or MiB).  Stored as a record of fields (record_table.h) under the key
 * "pool/<PoolID>", the first field "format" = POOL_FORMAT.  The primordial
 * pools are the host's: made at boot, never stored.
 *
 * To add a setting: a member here and one row in pool.c's table.
 */
#ifndef VMANHV_MGMT_STORE_POOL_H
#define VMANHV_MGMT_STORE_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "hv/api.h"
#include "mgmt/store/record_table.h"

/* Bumped only for a change an older reader must refuse: a new field is not one. */
#define POOL_FORMAT		1U
#define POOL_KEY_PREFIX		"pool/"
/* A pool's record at most: every field at its largest (under 100 bytes), and room
 * for the fields a newer firmware adds, carried over when this one writes it. */
#define POOL_RECORD_MAX		512U
/* Capacity at most: far beyond any host (2^40 MiB), so a record never overflows a sum. */
#define POOL_CAPACITY_MAX	(1ULL << 40)

struct pool_record {
	char name[HV_VM_NAME_LEN];	/* ElementName; the PoolID is "vmanhv:pool:<name>" */
	uint16_t resource_type;		/* CIM_RASD ResourceType: 3 processor, 4 memory */
	uint64_t capacity;		/* host CPUs, or MiB */
};

/* Told about each field a reader skips, with the pool's name (record_table.h). */
typedef record_unknown_fn pool_unknown_fn;

/*
 * p as a record into buf (size bytes), *len its length; the fields of `old`
 * (the record it replaces, or NULL) that this firmware does not know are
 * appended unchanged.  0 or -ENOSPC.
 */
int pool_encode(const struct pool_record *p, const void *old, size_t old_len, void *buf,
		size_t size, size_t *len);

/*
 * The record r[0..len) into *p.  0, -EBADMSG (not a sequence of fields, no
 * name, type or capacity, a value out of range or too long),
 * -EPROTONOSUPPORT (a newer format).  unknown (may be NULL) hears of every
 * field skipped.
 */
int pool_decode(const void *r, size_t len, struct pool_record *p, pool_unknown_fn unknown,
		void *ctx);

#endif

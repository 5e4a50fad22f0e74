/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hv/log.h"
#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/store/pool.h"
#include "mgmt/store/pools.h"
#include "mgmt/store/store_keys.h"

/* The key of a pool: "pool/" and its PoolID. */
#define POOL_KEY_FMT	POOL_KEY_PREFIX "%s"

/*
 * The stored pools boot could not make: kept in the store until a client
 * creates a pool of the same name.  Owned by this file, management CPU.
 */
static struct store_keys kept = { .prefix = POOL_KEY_PREFIX };

/* --- writing ---------------------------------------------------------------------- */

static int write_one(struct store *st, const struct child_pool *c, struct store_keys *live)
{
	struct pool_record p = { .capacity = c->capacity };
	uint8_t record[POOL_RECORD_MAX];
	char key[STORE_KEY_MAX];
	const void *old;
	size_t old_len = 0, len;
	int err;

	snprintf(p.name, sizeof(p.name), "%s", c->element_name);
	p.resource_type = resource_pools[c->kind].resource_type;
	snprintf(key, sizeof(key), POOL_KEY_FMT, c->pool_id);
	old = store_get(st, key, &old_len);
	err = pool_encode(&p, old, old_len, record, sizeof(record), &len);
	if (err == 0) {
		/* set moves the record last: written in creation order, stored so */
		err = store_set(st, key, record, len);
	}
	if (err == 0) {
		store_keys_add(live, key);
		store_keys_drop(&kept, key);	/* a new pool of that name replaces what was kept */
	}
	return err;
}

/*
 * The kept records moved after the live pools' (as they are): at the next
 * boot the pools that were in use are made first, and a kept one only with
 * what they leave (restore_one).
 */
static void kept_last(struct store *st)
{
	uint8_t record[POOL_RECORD_MAX];
	const void *value;
	size_t len = 0;

	for (uint32_t i = 0; i < kept.count; i++) {
		value = store_get(st, kept.key[i], &len);
		if (value != NULL && len <= sizeof(record)) {
			memcpy(record, value, len);	/* store_set moves the payload under it */
			(void)store_set(st, kept.key[i], record, len);	/* its own size: fits */
		}
	}
}

int pools_write(struct store *st)
{
	struct store_keys stored, live;
	const struct child_pool *c;
	int err;

	store_keys_init(&stored, POOL_KEY_PREFIX);
	store_keys_init(&live, POOL_KEY_PREFIX);
	store_keys_collect(st, &stored);
	for (uint32_t i = 0; (c = child_pool_at(i)) != NULL; i++) {
		err = write_one(st, c, &live);
		if (err != 0) {
			return err;
		}
	}
	store_keys_prune(st, &stored, &live, &kept);	/* pools deleted */
	kept_last(st);
	return 0;
}

/* --- restoring -------------------------------------------------------------------- */

static void unknown_field(void *ctx, const char *pool, const char *field)
{
	(void)ctx;
	hv_log("pools: child pool %s: field \"%s\" unknown to this firmware; kept as it is\n",
	       pool, field);
}

static void keep(const char *key, const char *why, int err)
{
	hv_log("pools: %s not made again: %s (%d); its record is kept\n",
	       key + sizeof(POOL_KEY_PREFIX) - 1U, why, err);
	store_keys_add(&kept, key);
}

/* The record at key, read and checked against its key.  0 or why not (said). */
static int record_read(const struct store *st, const char *key, struct pool_record *p)
{
	char id[STORE_KEY_MAX];
	const void *value;
	size_t len = 0;
	int err;

	value = store_get(st, key, &len);
	err = value == NULL ? -ENOENT : pool_decode(value, len, p, unknown_field, NULL);
	if (err == 0) {
		snprintf(id, sizeof(id), POOL_KEY_PREFIX "vmanhv:pool:%s", p->name);
		err = strcmp(id, key) == 0 ? 0 : -EBADMSG;	/* the key names another pool */
	}
	if (err != 0) {
		keep(key, err == -EPROTONOSUPPORT ? "written by a newer firmware"
			  : "the record is unreadable", err);
	}
	return err;
}

/*
 * DSP1041: a pool never reserves more than its Capacity, so a child pool
 * is made again only while its primordial pool has room for it: on a host
 * with fewer CPUs or less RAM than when it was created, the pools stored
 * first are made and the rest kept.
 */
static void restore_one(const struct store *st, const char *key, struct pools_report *r)
{
	const struct resource_pool_def *parent;
	const struct child_pool *c;
	struct pool_record p;
	struct pool_usage u;
	uint64_t left;
	char why[96];
	int err;

	if (record_read(st, key, &p) != 0) {
		return;
	}
	parent = resource_pool_of_type(p.resource_type);
	allocation_pool_usage(parent->kind, NULL, &u);
	left = u.capacity > u.reserved ? u.capacity - u.reserved : 0U;
	if (p.capacity > left) {
		snprintf(why, sizeof(why), "pool %s has %llu %s left unreserved, not %llu",
			 parent->pool_id, (unsigned long long)left, parent->allocation_units,
			 (unsigned long long)p.capacity);
		keep(key, why, -ENOSPC);
		return;
	}
	err = child_pool_create(parent->kind, p.name, p.capacity, &c);
	if (err != 0) {
		keep(key, err == -ENOSPC ? "too many child pools" : "its name is refused", err);
		return;
	}
	r->made++;
	hv_log("pools: %s made again (%llu %s from %s)\n", c->pool_id,
	       (unsigned long long)c->capacity, parent->allocation_units, parent->pool_id);
}

void pools_restore(const struct store *st, struct pools_report *report)
{
	struct store_keys stored;

	memset(report, 0, sizeof(*report));
	store_keys_init(&kept, POOL_KEY_PREFIX);
	store_keys_init(&stored, POOL_KEY_PREFIX);
	store_keys_collect(st, &stored);
	if (stored.beyond > 0U) {
		hv_log("pools: %u more stored than the %u looked at; not made\n", stored.beyond,
		       STORE_KEYS_MAX);
	}
	for (uint32_t i = 0; i < stored.count; i++) {
		restore_one(st, stored.key[i], report);
	}
	report->kept = kept.count;
}

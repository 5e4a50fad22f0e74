/* SPDX-License-Identifier: MIT */
/*
 * A bounded list of store keys that start with one prefix ("vm/", "pool/"):
 * what the definitions and the child pools use to tell the records of live
 * objects from those of destroyed ones and from those kept because boot
 * could not make them again (docs/store.md).  Portable, no allocation.
 */
#ifndef VMANHV_MGMT_STORE_STORE_KEYS_H
#define VMANHV_MGMT_STORE_STORE_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt/store/store.h"

/* Keys of one prefix looked at, at most (HV_VM_MAX live VMs and those kept). */
#define STORE_KEYS_MAX	16U

struct store_keys {
	const char *prefix;
	uint32_t count;
	uint32_t beyond;	/* keys that did not fit */
	char key[STORE_KEYS_MAX][STORE_KEY_MAX];
};

/* k emptied, for keys starting with prefix (a literal: it is kept, not copied). */
void store_keys_init(struct store_keys *k, const char *prefix);
/* Add key if it has k's prefix (counted in beyond when k is full). */
void store_keys_add(struct store_keys *k, const char *key);
/* Every key of st with k's prefix, in the store's order, added to k. */
void store_keys_collect(const struct store *st, struct store_keys *k);
/* Whether key is in k. */
bool store_keys_has(const struct store_keys *k, const char *key);
/* Take key out of k, if it is there. */
void store_keys_drop(struct store_keys *k, const char *key);
/*
 * Take out of st every key of `stored` that is neither in `live` (written
 * just now) nor in `kept` (boot could not make it again): the records of
 * objects destroyed since.
 */
void store_keys_prune(struct store *st, const struct store_keys *stored,
		      const struct store_keys *live, const struct store_keys *kept);

#endif

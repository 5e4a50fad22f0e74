/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "mgmt/store/store_keys.h"

void store_keys_init(struct store_keys *k, const char *prefix)
{
	k->prefix = prefix;
	k->count = 0;
	k->beyond = 0;
}

void store_keys_add(struct store_keys *k, const char *key)
{
	if (strncmp(key, k->prefix, strlen(k->prefix)) != 0) {
		return;
	}
	if (k->count == STORE_KEYS_MAX) {
		k->beyond++;
		return;
	}
	snprintf(k->key[k->count++], STORE_KEY_MAX, "%s", key);
}

static void collect(void *ctx, const char *key)
{
	store_keys_add(ctx, key);
}

void store_keys_collect(const struct store *st, struct store_keys *k)
{
	store_each(st, collect, k);
}

static int find(const struct store_keys *k, const char *key)
{
	for (uint32_t i = 0; i < k->count; i++) {
		if (strcmp(k->key[i], key) == 0) {
			return (int)i;
		}
	}
	return -1;
}

bool store_keys_has(const struct store_keys *k, const char *key)
{
	return find(k, key) >= 0;
}

void store_keys_drop(struct store_keys *k, const char *key)
{
	int i = find(k, key);

	if (i >= 0) {
		k->count--;
		memmove(k->key[i], k->key[i + 1], (k->count - (uint32_t)i) * STORE_KEY_MAX);
	}
}

void store_keys_prune(struct store *st, const struct store_keys *stored,
		      const struct store_keys *live, const struct store_keys *kept)
{
	for (uint32_t i = 0; i < stored->count; i++) {
		const char *key = stored->key[i];

		if (!store_keys_has(live, key) && !store_keys_has(kept, key)) {
			(void)store_remove(st, key);
		}
	}
}

/* sources: mgmt/store/fields.c mgmt/store/definition.c mgmt/store/record_table.c mgmt/store/pool.c mgmt/store/accounts.c mgmt/store/store.c mgmt/http/auth_keep.c mgmt/http/auth_users.c mgmt/http/auth_digest.c mgmt/http/auth_credentials.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary bytes as the value of a stored record
 * (docs/store.md): a VM definition (definition_decode), a child pool
 * (pool_decode) and the users (accounts_decode).  The disk is checksummed, but a record may come from a
 * newer or a broken firmware, so the readers must hold on any bytes.  A
 * record either reader accepts must write back to a record that reads the
 * same (a definition or a pool carrying the input's unknown fields over).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "mgmt/store/accounts.h"
#include "mgmt/store/definition.h"
#include "mgmt/store/pool.h"

void hv_log(const char *fmt, ...)
{
	(void)fmt;
}

static void definition_roundtrip(const uint8_t *data, size_t size)
{
	static uint8_t again[DEFINITION_RECORD_MAX + 70000U];
	struct definition d, back;
	size_t len;

	if (definition_decode(data, size, &d, NULL, NULL) != 0) {
		return;
	}
	if (definition_encode(&d, data, size, again, sizeof(again), &len) != 0) {
		return;		/* the carried fields made it too long: refused, fine */
	}
	assert(definition_decode(again, len, &back, NULL, NULL) == 0);
	assert(memcmp(&d, &back, sizeof(d)) == 0);
}

static void pool_roundtrip(const uint8_t *data, size_t size)
{
	static uint8_t again[POOL_RECORD_MAX + 70000U];
	struct pool_record p, back;
	size_t len;

	if (pool_decode(data, size, &p, NULL, NULL) != 0) {
		return;
	}
	if (pool_encode(&p, data, size, again, sizeof(again), &len) != 0) {
		return;		/* the carried fields made it too long: refused, fine */
	}
	assert(pool_decode(again, len, &back, NULL, NULL) == 0);
	assert(memcmp(&p, &back, sizeof(p)) == 0);
}

static void accounts_roundtrip(const uint8_t *data, size_t size)
{
	static uint8_t again[ACCOUNTS_RECORD_MAX];
	struct auth_users users, back;
	size_t len;

	if (accounts_decode(data, size, &users) != 0) {
		return;
	}
	assert(accounts_encode(&users, again, sizeof(again), &len) == 0);
	assert(accounts_decode(again, len, &back) == 0);
	assert(memcmp(&users, &back, sizeof(users)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	definition_roundtrip(data, size);
	pool_roundtrip(data, size);
	accounts_roundtrip(data, size);
	return 0;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <mbedtls/platform_util.h>

#include "mgmt/http/auth_internal.h"
#include "mgmt/http/auth_keep.h"

const struct auth_users *auth_users_of(const struct auth_context *auth)
{
	return &auth->users;
}

/* As auth_user_add() takes them: 1 to 64 bytes, no ':' nor control (RFC 7617 2). */
static bool name_ok(const char *name)
{
	size_t len = strnlen(name, AUTH_USER_MAX + 1U);

	if (len == 0U || len > AUTH_USER_MAX) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20U || c == 0x7FU || c == ':') {
			return false;
		}
	}
	return true;
}

static bool ha1_ok(const char *hex, enum auth_digest_alg alg)
{
	uint8_t bytes[AUTH_DIGEST_BYTES_MAX];
	size_t n = auth_digest_size(alg);

	return strnlen(hex, AUTH_DIGEST_HEX_MAX + 1U) == 2U * n &&
	       auth_hex_decode(hex, bytes, n) == 0;
}

static bool user_ok(const struct auth_users *users, uint32_t i)
{
	const struct auth_user *u = &users->user[i];

	if (!name_ok(u->name)) {
		return false;
	}
	for (uint32_t j = 0; j < i; j++) {
		if (strcmp(users->user[j].name, u->name) == 0) {
			return false;
		}
	}
	for (uint32_t alg = 0; alg < AUTH_DIGEST_ALG_COUNT; alg++) {
		if (!ha1_ok(u->ha1[alg], (enum auth_digest_alg)alg)) {
			return false;
		}
	}
	return true;
}

int auth_users_replace(struct auth_context *auth, const struct auth_users *users)
{
	if (users->count == 0U || users->count > AUTH_USERS_MAX) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < users->count; i++) {
		if (!user_ok(users, i)) {
			return -EINVAL;
		}
	}
	mbedtls_platform_zeroize(&auth->users, sizeof(auth->users));
	auth->users = *users;
	return 0;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/platform_util.h>

#include "mgmt/http/auth_users.h"

const struct auth_user *auth_users_find(const struct auth_users *t, const char *name)
{
	for (uint32_t i = 0; i < t->count; i++) {
		if (strcmp(t->user[i].name, name) == 0) {
			return &t->user[i];
		}
	}
	return NULL;
}

/* H(A1) for every algorithm into u (RFC 7616 3.4.2); the password is not kept. */
static int hashes_compute(struct auth_user *u, const char *name, const char *password)
{
	for (uint32_t alg = 0; alg < AUTH_DIGEST_ALG_COUNT; alg++) {
		if (auth_digest_ha1((enum auth_digest_alg)alg, name, AUTH_REALM, password,
				    u->ha1[alg]) != 0) {
			return -EIO;
		}
	}
	return 0;
}

int auth_users_put(struct auth_users *t, const char *name, const char *password, bool create)
{
	struct auth_user *u = (struct auth_user *)auth_users_find(t, name);
	struct auth_user next;
	int rc;

	if (create && u != NULL) {
		return -EEXIST;
	}
	if (!create && u == NULL) {
		return -ENOENT;
	}
	if (create && t->count >= AUTH_USERS_MAX) {
		return -ENOSPC;
	}
	memset(&next, 0, sizeof(next));
	snprintf(next.name, sizeof(next.name), "%s", name);
	rc = hashes_compute(&next, name, password);
	if (rc == 0) {
		/* all hashes or none: a failed change leaves the old password working */
		*(u != NULL ? u : &t->user[t->count++]) = next;
	}
	mbedtls_platform_zeroize(&next, sizeof(next));
	return rc;
}

int auth_users_remove(struct auth_users *t, const char *name)
{
	const struct auth_user *u = auth_users_find(t, name);
	uint32_t i;

	if (u == NULL) {
		return -ENOENT;
	}
	if (t->count == 1U) {
		return -EBUSY;
	}
	i = (uint32_t)(u - t->user);
	memmove(&t->user[i], &t->user[i + 1U], (t->count - i - 1U) * sizeof(t->user[0]));
	t->count--;
	mbedtls_platform_zeroize(&t->user[t->count], sizeof(t->user[0]));
	return 0;
}

const char *auth_users_ha1(const struct auth_users *t, const char *name, enum auth_digest_alg alg)
{
	/* NULs: a computed H(A1) is hex digits, so it never equals this */
	static const char none[AUTH_DIGEST_HEX_MAX + 1U];
	const struct auth_user *u = auth_users_find(t, name);

	return u != NULL ? u->ha1[alg] : none;
}

/* SPDX-License-Identifier: MIT */
/*
 * The management users: each name with its H(A1) per Digest algorithm
 * (RFC 7616 3.4.2), never a password (docs/auth.md).  A bounded table that
 * never becomes empty once it has a user, so the endpoint can never lock
 * every operator out.  auth.c owns one; it validates names and passwords
 * before they reach here.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_USERS_H
#define VMANHV_MGMT_HTTP_AUTH_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt/http/auth.h"
#include "mgmt/http/auth_digest.h"

struct auth_user {
	char name[AUTH_USER_MAX + 1U];
	char ha1[AUTH_DIGEST_ALG_COUNT][AUTH_DIGEST_HEX_MAX + 1U];
};

struct auth_users {
	uint32_t count;
	struct auth_user user[AUTH_USERS_MAX];
};

/*
 * Add user `name` (create true) or give the existing one a new password
 * (create false).  0, -EEXIST (create, the name is taken), -ENOENT (not
 * create, no such user), -ENOSPC (AUTH_USERS_MAX users), -EIO (hashing).
 */
int auth_users_put(struct auth_users *t, const char *name, const char *password, bool create);
/* Remove user `name`: 0, -ENOENT, or -EBUSY when it is the last one. */
int auth_users_remove(struct auth_users *t, const char *name);
/* The user called `name` (bytes, exactly), or NULL. */
const struct auth_user *auth_users_find(const struct auth_users *t, const char *name);
/*
 * The H(A1) hex of user `name` for alg; for an unknown name a string of
 * the same size that no hash equals, so callers compare it all the same.
 */
const char *auth_users_ha1(const struct auth_users *t, const char *name, enum auth_digest_alg alg);

#endif

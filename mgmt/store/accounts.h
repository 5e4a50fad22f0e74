/* SPDX-License-Identifier: MIT */
/*
 * The management users (CIM_Account, docs/auth.md) in the configuration
 * store (docs/store.md): one record "auth/users" of fields (fields.h):
 * "format" = ACCOUNTS_FORMAT, then for each user "user" = its name
 * followed by "ha1/SHA-256" and "ha1/MD5" = its H(A1) in hex (RFC 7616
 * 3.4.2).  Never a password.
 *
 * Portable: the store is passed in.  Management CPU only.
 */
#ifndef VMANHV_MGMT_STORE_ACCOUNTS_H
#define VMANHV_MGMT_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "mgmt/http/auth.h"
#include "mgmt/http/auth_users.h"
#include "mgmt/store/store.h"

#define ACCOUNTS_KEY		"auth/users"
#define ACCOUNTS_FORMAT		1U
#define ACCOUNTS_RECORD_MAX	(AUTH_USERS_MAX * 256U)

/* users as a record into buf: 0 or -ENOSPC. */
int accounts_encode(const struct auth_users *users, void *buf, size_t size, size_t *len);
/*
 * The record p[0..len) into *users: 0, -EBADMSG (malformed, no user, more
 * than AUTH_USERS_MAX, an H(A1) missing), -EPROTONOSUPPORT (a newer format).
 * Unknown fields are skipped, each said on the console.
 */
int accounts_decode(const void *p, size_t len, struct auth_users *users);

/* auth's users into st (in RAM: the caller commits).  0, -ENOSPC. */
int accounts_write(struct store *st, const struct auth_context *auth);

/*
 * At boot, after auth_create() made `user` from the command line: when st
 * holds users they become auth's, and if `reset` (the command line gave
 * password=) `user` keeps the password the command line gave, added to
 * them if they lack it: the operator's way back in (docs/store.md);
 * *changed says whether that made the users differ from the stored ones
 * (then they need writing).
 * Returns how many stored users are now in use; 0 when st has none, so the
 * command line's user stands; -EBADMSG or -EPROTONOSUPPORT when the stored
 * users are unusable (said on the console): the command line's user stands
 * and the record is left as it is until a client changes an account.
 */
int accounts_restore(const struct store *st, struct auth_context *auth, const char *user,
		     bool reset, bool *changed);

#endif

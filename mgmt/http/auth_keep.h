/* SPDX-License-Identifier: MIT */
/*
 * The management users as the configuration store keeps them (docs/store.md,
 * docs/auth.md): names and H(A1) values, never a password.  What
 * mgmt/store/accounts.c reads to write them and hands back at boot.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_KEEP_H
#define VMANHV_MGMT_HTTP_AUTH_KEEP_H

#include "mgmt/http/auth.h"
#include "mgmt/http/auth_users.h"

/* auth's users as they are now. */
const struct auth_users *auth_users_of(const struct auth_context *auth);

/*
 * Replace auth's users by `users`: 0, or -EINVAL, leaving them as they were,
 * when there are none or more than AUTH_USERS_MAX, a name is not one
 * auth_user_add() takes or appears twice, or an H(A1) is not hex of its
 * algorithm's size.
 */
int auth_users_replace(struct auth_context *auth, const struct auth_users *users);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The accounts on the HTTP server's users (mgmt/http/auth.h): the one place
 * where the profiles meet authentication, so that account.c, and every
 * program that links the registry, need not link the authentication code.
 */
#include "mgmt/http/auth.h"
#include "mgmt/profiles/account.h"

static const char *users_name(void *ctx, uint32_t i)
{
	return auth_user_name(ctx, i);
}

static int users_add(void *ctx, const char *user, const char *password)
{
	return auth_user_add(ctx, user, password);
}

static int users_set_password(void *ctx, const char *user, const char *password)
{
	return auth_user_set_password(ctx, user, password);
}

static int users_remove(void *ctx, const char *user)
{
	return auth_user_remove(ctx, user);
}

void account_attach(struct auth_context *auth)
{
	const struct account_users users = {
		.name_fn = users_name,
		.add_fn = users_add,
		.set_password_fn = users_set_password,
		.remove_fn = users_remove,
		.ctx = auth,
	};

	account_users_attach(auth != NULL ? &users : NULL);
}

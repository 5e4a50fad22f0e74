/* SPDX-License-Identifier: MIT */
/*
 * DSP1034 (Simple Identity Management) style accounts: one CIM_Account per
 * management user of mgmt/http/auth.h, scoped to the host system.  Keys
 * SystemCreationClassName "CIM_ComputerSystem", SystemName "vmanhv",
 * CreationClassName "CIM_Account", Name = the user name (UserID too).
 * WS-Transfer Create adds a user, Put changes its password, Delete removes
 * it but never the last one.  UserPassword is write-only: always NULL in
 * what Get and Enumerate return.
 */
#ifndef VMANHV_MGMT_PROFILES_ACCOUNT_H
#define VMANHV_MGMT_PROFILES_ACCOUNT_H

#include "mgmt/cim/cim.h"

#define ACCOUNT_CLASS	"CIM_Account"

#include <stdint.h>

/*
 * The users the accounts are, as the provider reaches them: auth.h's
 * auth_user_* functions on the HTTP server's context (account_auth.c), or
 * a test's.  Errors as auth.h documents them.
 */
struct account_users {
	const char *(*name_fn)(void *ctx, uint32_t i);	/* NULL past the last */
	int (*add_fn)(void *ctx, const char *user, const char *password);
	int (*set_password_fn)(void *ctx, const char *user, const char *password);
	int (*remove_fn)(void *ctx, const char *user);
	void *ctx;
};

/* Until attached there are no accounts and every write is refused; NULL detaches. */
void account_users_attach(const struct account_users *users);
/*
 * fn is called after each Create, Put or Delete that changed a user: the
 * firmware writes the users to its configuration store (mgmt/store/persist.c).
 * Set once at boot; NULL for none.
 */
void account_on_change(void (*fn)(void));

struct auth_context;

/* account_users_attach() on auth's users (account_auth.c; the firmware calls it
 * once authentication is up). */
void account_attach(struct auth_context *auth);

/* The i-th account's name (0-based, the order users were added), NULL past the last. */
const char *account_name(uint32_t i);
/* The reference to account `name`; name must outlive ref. */
void account_ref(const char *name, struct cim_ref *ref);

extern const struct cim_class account_class;
extern const struct cim_provider account_provider;

#endif

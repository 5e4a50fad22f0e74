/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "hv/log.h"
#include "mgmt/profiles/account.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/store/accounts.h"
#include "mgmt/store/config_store.h"
#include "mgmt/store/definitions.h"
#include "mgmt/store/persist.h"

/* The users written after each account change: set once, when authentication starts. */
static struct auth_context *kept_auth;

int definitions_save(void)
{
	struct store *st = config_store();
	int err;

	if (st == NULL) {
		return -ENODEV;
	}
	err = definitions_write(st);
	if (err != 0) {
		hv_log("store: the VM definitions do not fit (%d); generation %llu keeps the last "
		       "ones that did\n", err, (unsigned long long)st->generation);
		return err;
	}
	return config_store_commit("the VM definitions");
}

static void definitions_changed(void)
{
	(void)definitions_save();
}

void persist_definitions_boot(void)
{
	struct store *st = config_store();
	struct definitions_report r;

	if (st != NULL) {
		definitions_restore(st, &r);
		hv_log("definitions: %u VMs recreated, %u started, %u kept without a VM\n",
		       r.recreated, r.started, r.kept);
	}
	virtual_system_on_change(definitions_changed);
}

static int accounts_save(void)
{
	struct store *st = config_store();
	int err;

	if (st == NULL || kept_auth == NULL) {
		return -ENODEV;
	}
	err = accounts_write(st, kept_auth);
	if (err != 0) {
		hv_log("store: the users do not fit (%d); not kept\n", err);
		return err;
	}
	return config_store_commit("the users");
}

static void accounts_changed(void)
{
	(void)accounts_save();
}

int persist_accounts_boot(struct auth_context *auth, const char *user, bool password_given)
{
	struct store *st = config_store();
	int n;

	kept_auth = auth;
	account_on_change(accounts_changed);
	if (st == NULL) {
		return 0;
	}
	n = accounts_restore(st, auth, user, password_given);
	if (n > 0) {
		hv_log("auth: %d users from the configuration store%s\n", n,
		       password_given ? "; the command line's password for its user" : "");
	}
	if (n == 0 || (n > 0 && password_given)) {
		(void)accounts_save();	/* the first boot's user, or a reset password */
	}
	return n > 0 ? n : 0;
}

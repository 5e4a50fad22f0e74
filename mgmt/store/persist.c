/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "hv/api.h"
#include "hv/log.h"
#include "mgmt/profiles/account.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/store/accounts.h"
#include "mgmt/store/config_store.h"
#include "mgmt/store/definitions.h"
#include "mgmt/store/persist.h"
#include "mgmt/store/pools.h"

/* How often the loop looks whether a VM started or stopped by itself. */
#define WATCH_INTERVAL_US	500000U

/* The users written after each account change: set once, when authentication starts. */
static struct auth_context *kept_auth;
/* Which VMs (by id) were active when the definitions were last written, and when
 * persist_watch() last looked; management CPU only. */
static struct {
	uint32_t active;
	uint64_t looked_us;
} watch;

/* A bit per VM id of those the definitions hold (docs/store.md): running or
 * paused, what "previously active" means (DSP1057 AutomaticStartupAction 3). */
static uint32_t active_now(void)
{
	struct virtual_system vs;
	uint32_t mask = 0;

	for (uint32_t id = 0; id < HV_VM_MAX; id++) {
		if (virtual_system_at(id, &vs) == 0 && vs.image != NULL &&
		    (vs.info.state == HV_VM_RUNNING || vs.info.state == HV_VM_PAUSED)) {
			mask |= 1U << id;
		}
	}
	return mask;
}

int definitions_save(void)
{
	struct store *st = config_store();
	int err;

	watch.active = active_now();	/* what the snapshot below sees */
	if (st == NULL) {
		return -ENODEV;
	}
	/* the pools first: what the definitions' PoolIDs name */
	err = pools_write(st);
	err = err == 0 ? definitions_write(st) : err;
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

void persist_watch(uint64_t now_us)
{
	if (now_us - watch.looked_us < WATCH_INTERVAL_US) {
		return;
	}
	watch.looked_us = now_us;
	if (active_now() != watch.active && definitions_save() == 0) {
		hv_log("definitions: written again: a VM started or stopped (generation %llu)\n",
		       (unsigned long long)config_store()->generation);
	}
}

void persist_definitions_boot(void)
{
	struct store *st = config_store();
	struct definitions_report r;
	struct pools_report pr;

	if (st != NULL) {
		/* the child pools first, so that a VM's PoolID finds its pool */
		pools_restore(st, &pr);
		hv_log("pools: %u child pools made again, %u kept without a pool\n", pr.made,
		       pr.kept);
		definitions_restore(st, &r);
		hv_log("definitions: %u VMs recreated, %u started, %u kept without a VM\n",
		       r.recreated, r.started, r.kept);
	}
	watch.active = active_now();	/* as restored and started: what the store says */
	virtual_system_on_change(definitions_changed);
	child_pools_on_change(definitions_changed);
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
	bool changed;
	int n;

	kept_auth = auth;
	account_on_change(accounts_changed);
	if (st == NULL) {
		return 0;
	}
	n = accounts_restore(st, auth, user, password_given, &changed);
	if (n > 0) {
		hv_log("auth: %d users from the configuration store%s\n", n,
		       changed ? "; the command line's password for its user" : "");
	}
	if (n == 0 || changed) {
		(void)accounts_save();	/* the first boot's user, or a reset password */
	}
	return n > 0 ? n : 0;
}

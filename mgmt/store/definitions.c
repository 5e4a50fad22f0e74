/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hv/api.h"
#include "hv/log.h"
#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/store/definition.h"
#include "mgmt/store/definitions.h"
#include "mgmt/store/store_keys.h"

#define PREFIX_LEN	(sizeof(DEFINITION_KEY_PREFIX) - 1U)

/*
 * The stored definitions boot could not recreate: kept in the store until a
 * client defines a VM of the same name.  Owned by this file, management CPU.
 */
static struct store_keys kept = { .prefix = DEFINITION_KEY_PREFIX };

/* --- writing ---------------------------------------------------------------------- */

static void definition_of(const struct virtual_system *vs, struct definition *d)
{
	struct hv_vm_config c;

	memset(d, 0, sizeof(*d));
	memset(&c, 0, sizeof(c));
	(void)hv_vm_config_get(vs->info.id, &c);	/* the VM is there: vs says so */
	memcpy(d->name, vs->info.name, sizeof(d->name));
	snprintf(d->label, sizeof(d->label), "%s", vs->element_name);
	memcpy(d->image, c.image, sizeof(d->image));
	memcpy(d->initrd, c.initrd, sizeof(d->initrd));
	memcpy(d->cmdline, c.cmdline, sizeof(d->cmdline));
	d->memory_bytes = vs->info.memory_bytes;
	d->vcpus = vs->info.vcpus;
	d->startup = vs->startup_action;
	d->active = vs->info.state == HV_VM_RUNNING || vs->info.state == HV_VM_PAUSED;
	allocation_terms_get(vs->info.name, &d->terms);
}

struct write_pass {
	struct store *st;
	struct store_keys live;
};

static int write_one(void *ctx, const struct virtual_system *vs)
{
	struct write_pass *w = ctx;
	uint8_t record[DEFINITION_RECORD_MAX];
	char key[STORE_KEY_MAX];
	struct definition d;
	const void *old;
	size_t old_len = 0, len;
	int err;

	if (vs->image == NULL) {
		/* not defined through management: a guest= VM the command line makes
		 * again at every boot (docs/console.md), not a definition to keep */
		return 0;
	}
	definition_of(vs, &d);
	snprintf(key, sizeof(key), DEFINITION_KEY_PREFIX "%s", d.name);
	old = store_get(w->st, key, &old_len);
	err = definition_encode(&d, old, old_len, record, sizeof(record), &len);
	if (err == 0) {
		err = store_set(w->st, key, record, len);
	}
	if (err == 0) {
		store_keys_add(&w->live, key);
		store_keys_drop(&kept, key);	/* a new VM of that name replaces what was kept */
	}
	return err;
}

int definitions_write(struct store *st)
{
	struct write_pass w = { .st = st };
	struct store_keys stored;
	int err;

	store_keys_init(&stored, DEFINITION_KEY_PREFIX);
	store_keys_init(&w.live, DEFINITION_KEY_PREFIX);
	store_keys_collect(st, &stored);
	err = virtual_system_each(0, write_one, &w);
	if (err != 0) {
		return err;
	}
	store_keys_prune(st, &stored, &w.live, &kept);	/* VMs destroyed */
	return 0;
}

/* --- restoring -------------------------------------------------------------------- */

static void unknown_field(void *ctx, const char *vm, const char *field)
{
	(void)ctx;
	hv_log("definitions: VM %s: field \"%s\" unknown to this firmware; kept as it is\n",
	       vm, field);
}

static void keep(const char *key, const char *why, int err)
{
	hv_log("definitions: %s not recreated: %s (%d); its definition is kept\n",
	       key + PREFIX_LEN, why, err);
	store_keys_add(&kept, key);
}

/*
 * AutomaticStartupAction (DSP1057 VSSD): 4 always, 3 when it was active; as
 * a client's start, only if its pool's reservations allow it (DSP1041
 * admission control, allocation_admit): VMs started earlier at this boot
 * count, so on a smaller host the first ones stored start.
 */
static bool autostart(const struct definition *d, uint32_t id)
{
	struct cim_result res = { .status = CIM_OK, .message = "" };
	struct hv_vm_info info;
	int err;

	if (d->startup != DEFINITION_STARTUP_ALWAYS &&
	    !(d->startup == DEFINITION_STARTUP_IF_ACTIVE && d->active)) {
		return false;
	}
	if (allocation_admit(d->name, &res) != CIM_OK) {
		hv_log("definitions: VM %s not started (AutomaticStartupAction %u): %s\n", d->name,
		       d->startup, res.message);
		return false;
	}
	/* as a client's start does (system_state.c): the terms, checked, to the scheduler */
	err = hv_vm_info(id, &info) ?: allocation_schedule(d->name, id, info.vcpus);
	if (err != 0) {
		hv_log("definitions: VM %s not started (AutomaticStartupAction %u): its processor "
		       "terms: %s (%d)\n", d->name, d->startup, hv_error_text(err), err);
		return false;
	}
	err = hv_vm_start(id);
	if (err != 0) {
		hv_log("definitions: VM %s not started (AutomaticStartupAction %u): %s (%d)\n",
		       d->name, d->startup, hv_error_text(err), err);
		return false;
	}
	hv_log("definitions: VM %s started (AutomaticStartupAction %u)\n", d->name, d->startup);
	return true;
}

static int recreate(const struct definition *d, struct hv_vm_config *c, uint32_t *id)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->name, d->name, sizeof(c->name));
	memcpy(c->image, d->image, sizeof(c->image));
	memcpy(c->initrd, d->initrd, sizeof(c->initrd));
	memcpy(c->cmdline, d->cmdline, sizeof(c->cmdline));
	c->memory_bytes = d->memory_bytes;
	c->vcpus = d->vcpus;
	return hv_vm_create(c, id);
}

/* Undo recreate() for a VM whose definition is kept after all. */
static void unmake(uint32_t id, const char *name)
{
	(void)hv_vm_destroy(id);	/* just created, not started: it cannot be busy */
	virtual_system_forget(id);
	allocation_terms_forget(name);
}

/*
 * Give VM d->name (just recreated, with `vcpus`) its allocation terms back,
 * as DefineSystem would have accepted them: each PoolID a child pool
 * restored before it (persist_definitions_boot), its RAM fitting its memory
 * pool.  0, or an error with the reason in res->message.
 */
static int terms_restore(const struct definition *d, uint32_t vcpus, struct cim_result *res)
{
	const char *problem = allocation_terms_problem(&d->terms, vcpus);

	if (problem != NULL) {
		snprintf(res->message, sizeof(res->message), "%s", problem);
		return -EINVAL;
	}
	if (allocation_terms_set(d->name, &d->terms) != 0) {
		snprintf(res->message, sizeof(res->message), "no room to keep its terms");
		return -ENOSPC;
	}
	return allocation_memory_fits(d->name, res) == CIM_OK ? 0 : -ENOMEM;
}

static void restore_one(const struct store *st, const char *key, struct definitions_report *r)
{
	struct cim_result res = { .status = CIM_OK, .message = "" };
	struct hv_vm_info info = { .vcpus = 0 };
	struct hv_vm_config c;
	struct definition d;
	const void *value;
	size_t len = 0;
	uint32_t id = 0;
	int err;

	value = store_get(st, key, &len);
	err = value == NULL ? -ENOENT : definition_decode(value, len, &d, unknown_field, NULL);
	if (err == 0 && strcmp(d.name, key + PREFIX_LEN) != 0) {
		err = -EBADMSG;
	}
	if (err != 0) {
		keep(key, err == -EPROTONOSUPPORT ? "written by a newer firmware"
			  : "the record is unreadable", err);
		return;
	}
	err = recreate(&d, &c, &id);
	if (err != 0) {
		keep(key, hv_error_text(err), err);
		return;
	}
	/* the VSSD shows its initrd and command line again (virtual_system.h) */
	virtual_system_note_config(id, &c, d.label[0] != '\0' ? d.label : d.name);
	(void)virtual_system_set_startup_action(d.name, d.startup);
	(void)hv_vm_info(id, &info);	/* what it got: defaults filled in */
	err = terms_restore(&d, info.vcpus, &res);
	if (err != 0) {
		unmake(id, d.name);
		keep(key, res.message, err);
		return;
	}
	r->recreated++;
	hv_log("definitions: VM %s recreated (%s, %u vCPU, %llu KiB)\n", d.name, d.image,
	       info.vcpus, (unsigned long long)(info.memory_bytes >> 10));
	r->started += autostart(&d, id) ? 1U : 0U;
}

void definitions_restore(const struct store *st, struct definitions_report *report)
{
	struct store_keys stored;

	memset(report, 0, sizeof(*report));
	store_keys_init(&kept, DEFINITION_KEY_PREFIX);
	store_keys_init(&stored, DEFINITION_KEY_PREFIX);
	store_keys_collect(st, &stored);
	if (stored.beyond > 0U) {
		/* they stay in the store, untouched, until fewer are kept */
		hv_log("definitions: %u more stored than the %u looked at; not recreated\n",
		       stored.beyond, DEFINITIONS_STORED_MAX);
	}
	for (uint32_t i = 0; i < stored.count; i++) {
		restore_one(st, stored.key[i], report);
	}
	report->kept = kept.count;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_system.h"

/* What management knows of VM `id` beyond hv_vm_info(); valid while name matches. */
struct record {
	bool used;
	char name[HV_VM_NAME_LEN];
	char element_name[VIRTUAL_SYSTEM_ELEMENT_NAME_MAX];
	char image[HV_IMAGE_NAME_LEN];
	char initrd[HV_IMAGE_NAME_LEN];
	char cmdline[HV_CMDLINE_LEN];
	uint16_t startup_action;	/* 0 until set: None */
};

/* Owned by this file: the management CPU is the only caller (hv/api.h). */
static struct record records[HV_VM_MAX];
/* Who hears of changes to a definition: set once at boot (virtual_system_on_change). */
static void (*change_listener)(void);

static struct record *record_of(const struct hv_vm_info *info)
{
	struct record *r = &records[info->id];

	return r->used && strcmp(r->name, info->name) == 0 ? r : NULL;
}

int virtual_system_at(uint32_t id, struct virtual_system *vs)
{
	const struct record *r;

	if (id >= HV_VM_MAX || hv_vm_info(id, &vs->info) != 0) {
		return -ENOENT;
	}
	r = record_of(&vs->info);
	vs->element_name = r != NULL ? r->element_name : vs->info.name;
	vs->image = r != NULL && r->image[0] != '\0' ? r->image : NULL;
	vs->initrd = r != NULL && r->initrd[0] != '\0' ? r->initrd : NULL;
	vs->cmdline = r != NULL && r->cmdline[0] != '\0' ? r->cmdline : NULL;
	vs->startup_action = r != NULL && r->startup_action != 0U ? r->startup_action
			     : VIRTUAL_SYSTEM_STARTUP_NONE;
	return 0;
}

int virtual_system_find(const char *name, struct virtual_system *vs)
{
	for (uint32_t id = 0; id < HV_VM_MAX; id++) {
		if (virtual_system_at(id, vs) == 0 && strcmp(vs->info.name, name) == 0) {
			return 0;
		}
	}
	return -ENOENT;
}

int virtual_system_each(uint32_t from, virtual_system_fn fn, void *ctx)
{
	struct virtual_system vs;
	uint32_t seen = 0;

	for (uint32_t id = 0; id < HV_VM_MAX; id++) {
		int rc;

		if (virtual_system_at(id, &vs) != 0 || seen++ < from) {
			continue;
		}
		rc = fn(ctx, &vs);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

const char *virtual_system_name_problem(const char *name)
{
	size_t len = strnlen(name, HV_VM_NAME_LEN);

	if (len == 0U) {
		return "the VM name (ElementName) is empty";
	}
	if (len >= HV_VM_NAME_LEN) {
		return "the VM name (ElementName) is longer than 23 characters";
	}
	for (size_t i = 0; i < len; i++) {
		if (!is_name_char(name[i])) {
			return "the VM name (ElementName) may hold only A-Z a-z 0-9 . _ -";
		}
	}
	if (strcmp(name, HOST_SYSTEM_NAME) == 0) {
		return "the VM name (ElementName) is the host's own name";
	}
	return NULL;
}

/*
 * The AutomaticStartupAction a VM named `name` had in a record other than
 * `keep` (0: none), that record forgotten: a VM re-created under its name to
 * change what only creation sets (its sizes, its image) keeps its settings.
 */
static uint16_t startup_carried(uint32_t keep, const char *name)
{
	uint16_t startup = 0;

	for (uint32_t id = 0; id < HV_VM_MAX; id++) {
		if (records[id].used && strcmp(records[id].name, name) == 0) {
			startup = records[id].startup_action;
			if (id != keep) {
				memset(&records[id], 0, sizeof(records[id]));
			}
		}
	}
	return startup;
}

void virtual_system_note_config(uint32_t id, const struct hv_vm_config *config,
				const char *element_name)
{
	struct record *r;

	if (id >= HV_VM_MAX) {
		return;
	}
	r = &records[id];
	r->startup_action = startup_carried(id, config->name);
	r->used = true;
	snprintf(r->name, sizeof(r->name), "%s", config->name);
	snprintf(r->element_name, sizeof(r->element_name), "%s", element_name);
	snprintf(r->image, sizeof(r->image), "%s", config->image);
	snprintf(r->initrd, sizeof(r->initrd), "%s", config->initrd);
	snprintf(r->cmdline, sizeof(r->cmdline), "%s", config->cmdline);
}

void virtual_system_note(uint32_t id, const char *name, const char *element_name,
			 const char *image)
{
	struct hv_vm_config c;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.image, sizeof(c.image), "%s", image != NULL ? image : "");
	virtual_system_note_config(id, &c, element_name);
}

void virtual_system_config(const struct virtual_system *vs, struct hv_vm_config *config)
{
	memset(config, 0, sizeof(*config));
	snprintf(config->name, sizeof(config->name), "%s", vs->info.name);
	config->memory_bytes = vs->info.memory_bytes;
	config->vcpus = vs->info.vcpus;
	snprintf(config->image, sizeof(config->image), "%s", vs->image != NULL ? vs->image : "");
	snprintf(config->initrd, sizeof(config->initrd), "%s",
		 vs->initrd != NULL ? vs->initrd : "");
	snprintf(config->cmdline, sizeof(config->cmdline), "%s",
		 vs->cmdline != NULL ? vs->cmdline : "");
}

void virtual_system_move(uint32_t from, uint32_t to)
{
	if (from >= HV_VM_MAX || to >= HV_VM_MAX || from == to) {
		return;
	}
	records[to] = records[from];
	memset(&records[from], 0, sizeof(records[from]));
}

int virtual_system_set_element_name(const char *name, const char *element_name)
{
	struct virtual_system vs;
	size_t len = strnlen(element_name, VIRTUAL_SYSTEM_ELEMENT_NAME_MAX);

	if (virtual_system_find(name, &vs) != 0) {
		return -ENOENT;
	}
	if (len == 0U || len >= VIRTUAL_SYSTEM_ELEMENT_NAME_MAX) {
		return -EINVAL;
	}
	if (record_of(&vs.info) == NULL) {
		virtual_system_note(vs.info.id, vs.info.name, element_name, NULL);
	} else {
		memcpy(records[vs.info.id].element_name, element_name, len + 1U);
	}
	return 0;
}

void virtual_system_forget(uint32_t id)
{
	if (id < HV_VM_MAX) {
		memset(&records[id], 0, sizeof(records[id]));
	}
}

int virtual_system_set_startup_action(const char *name, uint64_t action)
{
	struct virtual_system vs;

	if (virtual_system_find(name, &vs) != 0) {
		return -ENOENT;
	}
	if (action < VIRTUAL_SYSTEM_STARTUP_NONE || action > VIRTUAL_SYSTEM_STARTUP_ALWAYS) {
		return -EINVAL;
	}
	if (record_of(&vs.info) == NULL) {
		virtual_system_note(vs.info.id, vs.info.name, vs.info.name, NULL);
	}
	records[vs.info.id].startup_action = (uint16_t)action;
	return 0;
}

void virtual_system_changed(void)
{
	if (change_listener != NULL) {
		change_listener();
	}
}

void virtual_system_on_change(void (*fn)(void))
{
	change_listener = fn;
}

uint16_t virtual_system_enabled_state(enum hv_vm_state state)
{
	return system_state_enabled(state);
}

void virtual_system_ref(const char *name, struct cim_ref *ref)
{
	*ref = (struct cim_ref){
		.class_name = VIRTUAL_SYSTEM_CLASS,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 2,
		.keys = { { "CreationClassName", VIRTUAL_SYSTEM_CLASS, NULL }, { "Name", name, NULL } },
	};
}

/* The VM's instance of the host's class: the same properties, the VM's values. */
static void set(struct cim_instance *inst, const char *prop, struct cim_value v)
{
	int i = cim_class_property(inst->cls, prop);

	if (i >= 0) {
		inst->values[i] = v;
	}
}

/* CIM_ComputerSystem.Dedicated 0 Not Dedicated; OperationalStatus 2 OK. */
static const uint64_t not_dedicated[] = { 0 };
static const uint64_t status_ok[] = { 2 };

static int vs_emit(void *ectx, const struct virtual_system *vs)
{
	const struct virtual_system_emit *e = ectx;
	uint64_t available[SYSTEM_STATE_REQUESTABLE_MAX];
	struct cim_instance inst;

	memset(&inst, 0, sizeof(inst));
	inst.cls = &host_system_class;
	for (uint32_t i = 0; i < inst.cls->prop_count; i++) {
		inst.values[i].is_null = true;
	}
	set(&inst, "AvailableRequestedStates",
	    (struct cim_value){ .count = system_state_available(vs->info.name, vs->info.state,
								available),
				.ua = available });
	set(&inst, "CreationClassName", (struct cim_value){ .s = VIRTUAL_SYSTEM_CLASS });
	set(&inst, "Dedicated", (struct cim_value){ .count = 1, .ua = not_dedicated });
	set(&inst, "ElementName", (struct cim_value){ .s = vs->element_name });
	set(&inst, "EnabledState",
	    (struct cim_value){ .u = virtual_system_enabled_state(vs->info.state) });
	set(&inst, "Name", (struct cim_value){ .s = vs->info.name });
	set(&inst, "OperationalStatus", (struct cim_value){ .count = 1, .ua = status_ok });
	set(&inst, "RequestedState", (struct cim_value){ .u = 12 });	/* Not Applicable */
	return e->fn(e->ctx, &inst);
}

static int vs_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return virtual_system_each(from, vs_emit, &e);
}

const struct cim_provider virtual_system_provider = {
	.cls = &host_system_class,
	.enumerate = vs_enumerate,
	.methods = computer_system_methods,
	.method_count = COMPUTER_SYSTEM_METHODS,
};

/* SPDX-License-Identifier: MIT */
/*
 * ModifySystemSettings: what a VM boots (its image, initrd, command line)
 * is fixed when hv_vm_create() loads it, and hv/api.h has no call that
 * changes it, so a change re-creates the VM from the same request with the
 * new values: its name, memory and vCPUs stay (virtual_system_config()).
 * If the new VM cannot be created, the old one is created again as it was,
 * so a refused change loses nothing.  The label (ElementName) and the
 * AutomaticStartupAction are management's alone and change in any state, as
 * a Put on the VSSD does.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hv/api.h"
#include "mgmt/profiles/modify_system_settings.h"
#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_settings.h"

/*
 * SystemSettings is EmbeddedInstance("CIM_VirtualSystemSettingData") in
 * the MOF; as for DefineSystem the endpoint reads exactly the class named
 * here, vmanhv's subclass, the one that says what the VM boots.
 */
const struct cim_param modify_system_settings_params[MSS_COUNT] = {
	[MSS_SYSTEM_SETTINGS] = { .name = "SystemSettings", .type = CIM_TYPE_INSTANCE,
				  .dir = CIM_PARAM_IN, .embedded = &vmanhv_vssd_class },
	[MSS_JOB] = { .name = "Job", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT,
		      .ref_class = "CIM_ConcreteJob" },
};

/* The VM whose settings vssd names by InstanceID; NULL, or why none. */
static const char *target_vm(const struct cim_instance *vssd, struct virtual_system *vs)
{
	const char *id = vssd_string(vssd, "InstanceID");
	const char *name = vssd_vm_name(id);

	if (id == NULL) {
		return "SystemSettings: InstanceID (the settings to change) is required";
	}
	if (name == NULL || virtual_system_find(name, vs) != 0) {
		return "SystemSettings: no VM has settings with that InstanceID";
	}
	return NULL;
}

/* DSP1057: VirtualSystemIdentifier is the VM's Name (its key) and the type
 * is the hypervisor's; a client may send them back, never change them. */
static const char *fixed_changed(const struct cim_instance *vssd, const struct virtual_system *vs)
{
	const char *ident = vssd_string(vssd, "VirtualSystemIdentifier");
	const char *type = vssd_string(vssd, "VirtualSystemType");

	if (ident != NULL && strcmp(ident, vs->info.name) != 0) {
		return "SystemSettings: VirtualSystemIdentifier (the VM's name) cannot be changed";
	}
	if (type != NULL && strcmp(type, VSSD_SYSTEM_TYPE) != 0) {
		return "SystemSettings: VirtualSystemType cannot be changed";
	}
	return NULL;
}

/* The label the settings ask for, into label (its current one when not
 * given); NULL, or why it is refused. */
static const char *label_read(const struct cim_instance *vssd, const struct virtual_system *vs,
			      char label[VIRTUAL_SYSTEM_ELEMENT_NAME_MAX])
{
	const char *given = vssd_string(vssd, "ElementName");
	size_t len = given != NULL ? strnlen(given, VIRTUAL_SYSTEM_ELEMENT_NAME_MAX) : 0U;

	if (given == NULL) {
		snprintf(label, VIRTUAL_SYSTEM_ELEMENT_NAME_MAX, "%s", vs->element_name);
		return NULL;
	}
	if (len == 0U || len >= VIRTUAL_SYSTEM_ELEMENT_NAME_MAX) {
		return "SystemSettings: ElementName must be 1 to 63 bytes";
	}
	memcpy(label, given, len + 1U);
	return NULL;
}

static bool boot_differs(const struct hv_vm_config *a, const struct hv_vm_config *b)
{
	return strcmp(a->image, b->image) != 0 || strcmp(a->initrd, b->initrd) != 0 ||
	       strcmp(a->cmdline, b->cmdline) != 0;
}

/* Append " (words)" to the reason already in res. */
static void reason_add(struct cim_result *res, const char *words)
{
	size_t used = strnlen(res->message, sizeof(res->message));

	snprintf(res->message + used, sizeof(res->message) - used, " (%s)", words);
}

/*
 * Create VM vs again from next in place of now (what it was created from),
 * labelled label.  On failure the VM is created again from now and keeps
 * its label; should even that fail, the VM is gone and the reason says so.
 */
static enum cim_status recreate(struct cim_call *call, struct cim_result *res,
				const struct virtual_system *vs, const struct hv_vm_config *now,
				const struct hv_vm_config *next, const char *label,
				uint64_t startup)
{
	uint32_t old_id = vs->info.id, id = old_id;
	int err = hv_vm_destroy(old_id), restored;

	if (err == -EBUSY) {
		return cim_return(call, res, VSMS_INVALID_STATE, "VM %s is running: stop it first",
				  now->name);
	}
	if (err != 0) {
		return cim_return(call, res, VSMS_FAILED, "VM %s: %s", now->name,
				  hv_error_text(err));
	}
	err = hv_vm_create(next, &id);
	if (err == 0) {
		virtual_system_move(old_id, id);
		virtual_system_note_config(id, next, label);
		(void)virtual_system_set_startup_action(now->name, startup);
		virtual_system_changed();	/* the store keeps it (docs/store.md) */
		return cim_return(call, res, VSMS_COMPLETED, "%s", "");
	}
	restored = hv_vm_create(now, &id);
	if (restored != 0) {
		virtual_system_forget(old_id);
		virtual_system_changed();	/* the store forgets it */
		return cim_return(call, res, VSMS_FAILED,
				  "VM %s is lost: the new settings failed (%s), then the old ones "
				  "(%s)", now->name, hv_error_text(err), hv_error_text(restored));
	}
	virtual_system_move(old_id, id);
	(void)vsms_create_failed(call, res, err, next);
	reason_add(res, "the VM keeps its old settings");
	return CIM_OK;
}

/* The change the settings ask of vs, into *next and label: 0, or -EINVAL
 * with why the settings are refused. */
static int change_read(const struct cim_instance *vssd, const struct virtual_system *vs,
		       struct hv_vm_config *next, char label[VIRTUAL_SYSTEM_ELEMENT_NAME_MAX],
		       char why[CIM_MESSAGE_MAX])
{
	const char *problem = fixed_changed(vssd, vs);

	if (problem == NULL) {
		problem = label_read(vssd, vs, label);
	}
	if (problem != NULL) {
		snprintf(why, CIM_MESSAGE_MAX, "%s", problem);
		return -EINVAL;
	}
	virtual_system_config(vs, next);
	if (vssd_boot_read(vssd, next, why) != 0) {
		return -EINVAL;
	}
	if (next->image[0] == '\0') {
		snprintf(why, CIM_MESSAGE_MAX,
			 "VM %s was not defined through DefineSystem: KernelImage is required",
			 vs->info.name);
		return -EINVAL;
	}
	return 0;
}

enum cim_status modify_system_settings(void *pctx, struct cim_call *call, struct cim_result *res)
{
	const struct cim_value *in = &call->in[MSS_SYSTEM_SETTINGS];
	char label[VIRTUAL_SYSTEM_ELEMENT_NAME_MAX], why[CIM_MESSAGE_MAX];
	struct hv_vm_config now, next;
	struct virtual_system vs;
	const char *problem;
	uint64_t startup;

	(void)pctx;
	if (in->is_null || in->inst == NULL) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "SystemSettings is required");
	}
	problem = target_vm(in->inst, &vs);
	if (problem != NULL) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", problem);
	}
	if (change_read(in->inst, &vs, &next, label, why) != 0) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", why);
	}
	/* DSP1057 VSSD AutomaticStartupAction: as given, else as it is */
	startup = vs.startup_action;
	if (vssd_startup_action(in->inst, &startup) < 0) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s",
				  "SystemSettings: " VSSD_STARTUP_ACTION_PROBLEM);
	}
	virtual_system_config(&vs, &now);
	if (!boot_differs(&now, &next)) {
		(void)virtual_system_set_element_name(vs.info.name, label);
		(void)virtual_system_set_startup_action(vs.info.name, startup);
		virtual_system_changed();	/* the store keeps the label and startup action */
		return cim_return(call, res, VSMS_COMPLETED, "%s", "");
	}
	/* a running or paused VM's image is in use: 5 Invalid State (the method's
	 * ValueMap, CIM_VirtualSystemManagementService.mof v2.22); it changes off */
	if (vs.info.state == HV_VM_RUNNING || vs.info.state == HV_VM_PAUSED) {
		return cim_return(call, res, VSMS_INVALID_STATE,
				  "VM %s is %s (EnabledState %u): stop it before changing what it "
				  "boots", vs.info.name,
				  vs.info.state == HV_VM_RUNNING ? "running" : "paused",
				  system_state_enabled(vs.info.state));
	}
	return recreate(call, res, &vs, &now, &next, label, startup);
}

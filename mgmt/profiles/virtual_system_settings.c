/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_settings.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_AUTOMATIC_STARTUP_ACTION,
	P_ELEMENT_NAME,
	P_INSTANCE_ID,
	P_VIRTUAL_SYSTEM_IDENTIFIER,
	P_VIRTUAL_SYSTEM_TYPE,
	P_BASE_COUNT
};

static const struct cim_property base_props[P_BASE_COUNT] = {
	[P_AUTOMATIC_STARTUP_ACTION] = { .name = "AutomaticStartupAction", .type = CIM_TYPE_UINT16,
					 .write = true },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING, .write = true },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_VIRTUAL_SYSTEM_IDENTIFIER] = { .name = "VirtualSystemIdentifier",
					  .type = CIM_TYPE_STRING },
	[P_VIRTUAL_SYSTEM_TYPE] = { .name = "VirtualSystemType", .type = CIM_TYPE_STRING },
};

const struct cim_class vssd_class = {
	.name = VSSD_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = base_props,
	.prop_count = P_BASE_COUNT,
};

enum {
	V_AUTOMATIC_STARTUP_ACTION,
	V_ELEMENT_NAME,
	V_INITIAL_RAM_DISK,
	V_INSTANCE_ID,
	V_KERNEL_COMMAND_LINE,
	V_KERNEL_IMAGE,
	V_VIRTUAL_SYSTEM_IDENTIFIER,
	V_VIRTUAL_SYSTEM_TYPE,
	V_COUNT
};

static const struct cim_property vmanhv_props[V_COUNT] = {
	/* what boot does with the VM (docs/store.md): 2 None, 3 Restart if previously
	 * active, 4 Always startup (CIM_VirtualSystemSettingData 2.38) */
	[V_AUTOMATIC_STARTUP_ACTION] = { .name = "AutomaticStartupAction", .type = CIM_TYPE_UINT16,
					 .write = true },
	[V_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING, .write = true },
	/* a guest file with the Linux kernel's initrd (hv/guest_file.h); NULL: none */
	[V_INITIAL_RAM_DISK] = { .name = VSSD_INITIAL_RAM_DISK, .type = CIM_TYPE_STRING },
	[V_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	/* the Linux kernel's command line; NULL: empty */
	[V_KERNEL_COMMAND_LINE] = { .name = VSSD_KERNEL_COMMAND_LINE, .type = CIM_TYPE_STRING },
	/* a built-in guest image (hv/vm_image.h) or a guest file with a Linux
	 * bzImage; these three change through ModifySystemSettings only */
	[V_KERNEL_IMAGE] = { .name = VSSD_KERNEL_IMAGE, .type = CIM_TYPE_STRING },
	[V_VIRTUAL_SYSTEM_IDENTIFIER] = { .name = "VirtualSystemIdentifier",
					  .type = CIM_TYPE_STRING },
	[V_VIRTUAL_SYSTEM_TYPE] = { .name = "VirtualSystemType", .type = CIM_TYPE_STRING },
};

const struct cim_class vmanhv_vssd_class = {
	.name = VMANHV_VSSD_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = vmanhv_props,
	.prop_count = V_COUNT,
	.super = &vssd_class,
};

const char *vssd_vm_name(const char *instance_id)
{
	size_t plen = strlen(VSSD_INSTANCE_PREFIX);

	if (instance_id == NULL || strncmp(instance_id, VSSD_INSTANCE_PREFIX, plen) != 0 ||
	    instance_id[plen] == '\0') {
		return NULL;
	}
	return instance_id + plen;
}

void vssd_instance_id(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", VSSD_INSTANCE_PREFIX, name);
}

void vssd_ref(const char *name, struct vssd_ref_buf *out)
{
	vssd_instance_id(name, out->id, sizeof(out->id));
	out->ref = (struct cim_ref){
		.class_name = VMANHV_VSSD_CLASS,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 1,
		.keys = { { "InstanceID", out->id, NULL } },
	};
}

const char *vssd_string(const struct cim_instance *inst, const char *prop)
{
	int i = cim_class_property(inst->cls, prop);

	if (i < 0 || inst->cls->props[i].type != CIM_TYPE_STRING || inst->cls->props[i].array ||
	    inst->values[i].is_null) {
		return NULL;
	}
	return inst->values[i].s;
}

int vssd_startup_action(const struct cim_instance *inst, uint64_t *action)
{
	int i = cim_class_property(inst->cls, "AutomaticStartupAction");

	if (i < 0 || inst->cls->props[i].array || inst->values[i].is_null) {
		return 0;
	}
	*action = inst->values[i].u;
	return *action >= VIRTUAL_SYSTEM_STARTUP_NONE && *action <= VIRTUAL_SYSTEM_STARTUP_ALWAYS
	       ? 1 : -EINVAL;
}

/* One string property into dst (size bytes) when given: 0, or -EINVAL with why. */
static int boot_string(const struct cim_instance *vssd, const char *prop, char *dst,
		       size_t size, bool may_be_empty, char why[CIM_MESSAGE_MAX])
{
	const char *v = vssd_string(vssd, prop);

	if (v == NULL) {
		return 0;	/* not given: dst keeps what it had */
	}
	if (v[0] == '\0' && !may_be_empty) {
		snprintf(why, CIM_MESSAGE_MAX, "SystemSettings: %s is empty", prop);
		return -EINVAL;
	}
	if (strlen(v) >= size) {
		snprintf(why, CIM_MESSAGE_MAX, "SystemSettings: %s is longer than %zu characters",
			 prop, size - 1U);
		return -EINVAL;
	}
	memcpy(dst, v, strlen(v) + 1U);
	return 0;
}

int vssd_boot_read(const struct cim_instance *vssd, struct hv_vm_config *c,
		   char why[CIM_MESSAGE_MAX])
{
	return boot_string(vssd, VSSD_KERNEL_IMAGE, c->image, sizeof(c->image), false, why) ?:
	       boot_string(vssd, VSSD_INITIAL_RAM_DISK, c->initrd, sizeof(c->initrd), true,
			   why) ?:
	       boot_string(vssd, VSSD_KERNEL_COMMAND_LINE, c->cmdline, sizeof(c->cmdline), true,
			   why);
}

static int vssd_emit(void *ectx, const struct virtual_system *vs)
{
	const struct virtual_system_emit *e = ectx;
	char id[VSSD_INSTANCE_ID_MAX];
	struct cim_instance inst;

	vssd_instance_id(vs->info.name, id, sizeof(id));
	memset(&inst, 0, sizeof(inst));
	inst.cls = &vmanhv_vssd_class;
	inst.values[V_AUTOMATIC_STARTUP_ACTION].u = vs->startup_action;
	inst.values[V_ELEMENT_NAME].s = vs->element_name;
	inst.values[V_INSTANCE_ID].s = id;
	inst.values[V_INITIAL_RAM_DISK] = (struct cim_value){ .is_null = vs->initrd == NULL,
							      .s = vs->initrd };
	inst.values[V_KERNEL_COMMAND_LINE] = (struct cim_value){ .is_null = vs->cmdline == NULL,
								 .s = vs->cmdline };
	inst.values[V_KERNEL_IMAGE] = (struct cim_value){ .is_null = vs->image == NULL,
							  .s = vs->image };
	inst.values[V_VIRTUAL_SYSTEM_IDENTIFIER].s = vs->info.name;
	inst.values[V_VIRTUAL_SYSTEM_TYPE].s = VSSD_SYSTEM_TYPE;
	return e->fn(e->ctx, &inst);
}

static int vssd_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return virtual_system_each(from, vssd_emit, &e);
}

/* A property Put may not change must keep the value Get gave (DSP0226 7.5: Put
 * replaces the whole representation; read-only properties cannot differ). */
static enum cim_status unchanged(const struct cim_instance *inst, const char *prop,
				 const char *now, struct cim_result *res)
{
	const char *given = vssd_string(inst, prop);

	if (given != NULL && strcmp(given, now != NULL ? now : "") != 0) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"%s cannot be changed by Put (only ElementName can; "
				"ModifySystemSettings changes what the VM boots)", prop);
	}
	return CIM_OK;
}

/* DSP1057: ElementName is the VM's label, editable in any state: the
 * hypervisor never sees it, the VM keeps its Name (its key). */
static enum cim_status vssd_put(void *pctx, const struct cim_instance *inst,
				struct cim_result *res)
{
	const char *name = vssd_vm_name(vssd_string(inst, "InstanceID"));
	const char *label = vssd_string(inst, "ElementName");
	struct virtual_system vs;
	enum cim_status st;
	uint64_t startup;

	(void)pctx;
	if (name == NULL || virtual_system_find(name, &vs) != 0) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no VM has these settings");
	}
	startup = vs.startup_action;	/* kept when the representation leaves it out */
	st = unchanged(inst, "VirtualSystemIdentifier", vs.info.name, res);
	if (st == CIM_OK) {
		st = unchanged(inst, "VirtualSystemType", VSSD_SYSTEM_TYPE, res);
	}
	if (st == CIM_OK) {
		st = unchanged(inst, VSSD_KERNEL_IMAGE, vs.image, res);
	}
	if (st == CIM_OK) {
		st = unchanged(inst, VSSD_INITIAL_RAM_DISK, vs.initrd, res);
	}
	if (st == CIM_OK) {
		st = unchanged(inst, VSSD_KERNEL_COMMAND_LINE, vs.cmdline, res);
	}
	if (st != CIM_OK) {
		return st;
	}
	if (vssd_startup_action(inst, &startup) < 0) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER, VSSD_STARTUP_ACTION_PROBLEM);
	}
	if (label == NULL || virtual_system_set_element_name(name, label) != 0) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ElementName must be 1 to %u bytes",
				VIRTUAL_SYSTEM_ELEMENT_NAME_MAX - 1U);
	}
	(void)virtual_system_set_startup_action(name, startup);
	virtual_system_changed();	/* the store keeps it (docs/store.md) */
	return CIM_OK;
}

const struct cim_provider vssd_provider = {
	.cls = &vmanhv_vssd_class,
	.enumerate = vssd_enumerate,
	.put = vssd_put,
};

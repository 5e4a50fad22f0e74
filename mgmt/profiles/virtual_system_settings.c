/* SPDX-License-Identifier: MIT */
#include <errno.h>
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
	V_INSTANCE_ID,
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
	[V_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	/* a built-in guest image (hv/vm_image.h); fixed once the VM is defined */
	[V_KERNEL_IMAGE] = { .name = "KernelImage", .type = CIM_TYPE_STRING },
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

	if (given != NULL && (now == NULL || strcmp(given, now) != 0)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"%s cannot be changed (only ElementName can)", prop);
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
		st = unchanged(inst, "KernelImage", vs.image, res);
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

/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/association.h"
#include "mgmt/profiles/enabled_logical_element_capabilities.h"
#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_system.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_ELEMENT_NAME,
	P_ELEMENT_NAME_EDIT_SUPPORTED,
	P_INSTANCE_ID,
	P_MAX_ELEMENT_NAME_LEN,
	P_REQUESTED_STATES_SUPPORTED,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_ELEMENT_NAME_EDIT_SUPPORTED] = { .name = "ElementNameEditSupported",
					    .type = CIM_TYPE_BOOLEAN },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_MAX_ELEMENT_NAME_LEN] = { .name = "MaxElementNameLen", .type = CIM_TYPE_UINT16 },
	[P_REQUESTED_STATES_SUPPORTED] = { .name = "RequestedStatesSupported",
					   .type = CIM_TYPE_UINT16, .array = true },
};

const struct cim_class elec_class = {
	.name = ELEC_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

void elec_instance_id(const char *vm, char *buf, size_t size)
{
	snprintf(buf, size, "vmanhv:%s" ELEC_ID_SUFFIX, vm);
}

void elec_ref(const char *vm, struct cim_ref *ref, char *id)
{
	elec_instance_id(vm, id, ELEC_INSTANCE_ID_MAX);
	*ref = (struct cim_ref){ .class_name = ELEC_CLASS, .cim_namespace = CIM_NAMESPACE_DEFAULT,
				 .key_count = 1, .keys = { { "InstanceID", id, NULL } } };
}

static int elec_emit(void *ectx, const struct virtual_system *vs)
{
	const struct virtual_system_emit *e = ectx;
	uint64_t states[SYSTEM_STATE_REQUESTABLE_MAX];
	char id[ELEC_INSTANCE_ID_MAX];
	char name[ELEC_INSTANCE_ID_MAX + 32U];
	struct cim_instance inst;

	elec_instance_id(vs->info.name, id, sizeof(id));
	snprintf(name, sizeof(name), "state capabilities of %s", vs->info.name);
	memset(&inst, 0, sizeof(inst));
	inst.cls = &elec_class;
	inst.values[P_ELEMENT_NAME].s = name;
	inst.values[P_ELEMENT_NAME_EDIT_SUPPORTED].b = true;	/* Put on the VSSD */
	inst.values[P_INSTANCE_ID].s = id;
	inst.values[P_MAX_ELEMENT_NAME_LEN].u = VIRTUAL_SYSTEM_ELEMENT_NAME_MAX - 1U;
	inst.values[P_REQUESTED_STATES_SUPPORTED] =
		(struct cim_value){ .count = system_state_requestable(NULL, states),
				    .ua = states };
	return e->fn(e->ctx, &inst);
}

static int elec_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return virtual_system_each(from, elec_emit, &e);
}

const struct cim_provider elec_provider = {
	.cls = &elec_class,
	.enumerate = elec_enumerate,
};

/* --- CIM_ElementCapabilities: VM -> its ELEC --------------------------------------- */

struct association_ctx {
	const struct cim_class *cls;
	cim_instance_fn fn;
	void *ctx;
};

static int association_emit_vm(void *actx, const struct virtual_system *vs)
{
	const struct association_ctx *a = actx;
	char id[ELEC_INSTANCE_ID_MAX];
	struct cim_ref vm, caps;

	virtual_system_ref(vs->info.name, &vm);
	elec_ref(vs->info.name, &caps, id);
	return association_emit(a->cls, &caps, &vm, a->fn, a->ctx);
}

int elec_each_association(const struct cim_class *cls, uint32_t from, cim_instance_fn fn,
			  void *ctx)
{
	struct association_ctx a = { cls, fn, ctx };

	return virtual_system_each(from, association_emit_vm, &a);
}

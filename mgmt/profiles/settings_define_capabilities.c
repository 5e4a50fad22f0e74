/* SPDX-License-Identifier: MIT */
/*
 * DSP1043 CIM_SettingsDefineCapabilities: a pool's CIM_AllocationCapabilities
 * (GroupComponent) and each of its RASD templates (PartComponent), with
 * the template's ValueRole / ValueRange; PropertyPolicy 0 Independent
 * (each property of a minimum template is a minimum on its own).
 */
#include <string.h>

#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/rasd_instance.h"

enum { P_GROUP, P_PART, P_PROPERTY_POLICY, P_VALUE_RANGE, P_VALUE_ROLE, P_COUNT };

static const struct cim_property props[P_COUNT] = {
	[P_GROUP] = { .name = "GroupComponent", .type = CIM_TYPE_REF, .key = true,
		      .ref_class = "CIM_Capabilities" },
	[P_PART] = { .name = "PartComponent", .type = CIM_TYPE_REF, .key = true,
		     .ref_class = "CIM_ManagedElement" },
	[P_PROPERTY_POLICY] = { .name = "PropertyPolicy", .type = CIM_TYPE_UINT16 },
	[P_VALUE_RANGE] = { .name = "ValueRange", .type = CIM_TYPE_UINT16 },
	[P_VALUE_ROLE] = { .name = "ValueRole", .type = CIM_TYPE_UINT16 },
};

const struct cim_class settings_define_capabilities_class = {
	.name = "CIM_SettingsDefineCapabilities",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

static int sdc_emit(const struct allocation_template *t, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;
	struct cim_ref part;

	rasd_ref(t->instance_id, &part);
	memset(&inst, 0, sizeof(inst));
	inst.cls = &settings_define_capabilities_class;
	inst.values[P_GROUP].ref = &allocation_capabilities_refs[t->kind];
	inst.values[P_PART].ref = &part;
	inst.values[P_PROPERTY_POLICY].u = 0;	/* Independent */
	inst.values[P_VALUE_RANGE].u = t->value_range;
	inst.values[P_VALUE_ROLE].u = t->value_role;
	return fn(ctx, &inst);
}

static int sdc_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	(void)pctx;
	for (uint32_t i = from; i < ALLOCATION_TEMPLATES; i++) {
		int rc = sdc_emit(&allocation_templates[i], fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const struct cim_provider settings_define_capabilities_provider = {
	.cls = &settings_define_capabilities_class,
	.enumerate = sdc_enumerate,
};

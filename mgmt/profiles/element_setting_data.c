/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/profiles/element_setting_data.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_settings.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum { P_IS_CURRENT, P_IS_DEFAULT, P_IS_NEXT, P_MANAGED_ELEMENT, P_SETTING_DATA, P_COUNT };

static const struct cim_property props[P_COUNT] = {
	[P_IS_CURRENT] = { .name = "IsCurrent", .type = CIM_TYPE_UINT16 },
	[P_IS_DEFAULT] = { .name = "IsDefault", .type = CIM_TYPE_UINT16 },
	[P_IS_NEXT] = { .name = "IsNext", .type = CIM_TYPE_UINT16 },
	[P_MANAGED_ELEMENT] = { .name = "ManagedElement", .type = CIM_TYPE_REF, .key = true,
				.ref_class = "CIM_ManagedElement" },
	[P_SETTING_DATA] = { .name = "SettingData", .type = CIM_TYPE_REF, .key = true,
			     .ref_class = "CIM_SettingData" },
};

const struct cim_class element_setting_data_class = {
	.name = "CIM_ElementSettingData",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* CIM_ElementSettingData ValueMaps: IsCurrent 1 Is Current, IsDefault 1 Is
 * Default, IsNext 1 Is Next (not 3, Next For Single Use). */
enum { IS_CURRENT = 1, IS_DEFAULT = 1, IS_NEXT = 1 };

static int esd_emit(void *ectx, const struct virtual_system *vs)
{
	const struct virtual_system_emit *e = ectx;
	struct vssd_ref_buf vssd;
	struct cim_instance inst;
	struct cim_ref vm;

	vssd_ref(vs->info.name, &vssd);
	virtual_system_ref(vs->info.name, &vm);
	memset(&inst, 0, sizeof(inst));
	inst.cls = &element_setting_data_class;
	inst.values[P_IS_CURRENT].u = IS_CURRENT;
	inst.values[P_IS_DEFAULT].u = IS_DEFAULT;
	inst.values[P_IS_NEXT].u = IS_NEXT;
	inst.values[P_MANAGED_ELEMENT].ref = &vm;
	inst.values[P_SETTING_DATA].ref = &vssd.ref;
	return e->fn(e->ctx, &inst);
}

static int esd_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return virtual_system_each(from, esd_emit, &e);
}

const struct cim_provider element_setting_data_provider = {
	.cls = &element_setting_data_class,
	.enumerate = esd_enumerate,
};

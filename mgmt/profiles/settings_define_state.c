/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/settings_define_state.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_settings.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("ManagedElement", "CIM_ManagedElement", "SettingData", "CIM_SettingData");

const struct cim_class settings_define_state_class = {
	.name = "CIM_SettingsDefineState",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

static int sds_emit(void *ectx, const struct virtual_system *vs)
{
	const struct virtual_system_emit *e = ectx;
	struct vssd_ref_buf vssd;
	struct cim_ref vm;

	vssd_ref(vs->info.name, &vssd);
	virtual_system_ref(vs->info.name, &vm);
	return association_emit(&settings_define_state_class, &vm, &vssd.ref, e->fn, e->ctx);
}

static int sds_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return virtual_system_each(from, sds_emit, &e);
}

const struct cim_provider settings_define_state_provider = {
	.cls = &settings_define_state_class,
	.enumerate = sds_enumerate,
};

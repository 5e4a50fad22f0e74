/* SPDX-License-Identifier: MIT */
/* DSP1057 CIM_VirtualSystemSettingDataComponent: a VM's VSSD (GroupComponent)
 * aggregates its processor and memory RASDs (PartComponent). */
#include "mgmt/profiles/allocation_links.h"
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/rasd_instance.h"
#include "mgmt/profiles/virtual_system_settings.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("GroupComponent", "CIM_VirtualSystemSettingData", "PartComponent",
			  "CIM_ResourceAllocationSettingData");

const struct cim_class vssd_component_class = {
	.name = "CIM_VirtualSystemSettingDataComponent",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

static int component_emit(void *ctx, const struct virtual_system *vs,
			  const struct resource_pool_def *pool, const char *instance_id)
{
	const struct virtual_system_emit *e = ctx;
	char id[VSSD_INSTANCE_ID_MAX];
	struct cim_ref rasd, vssd = {
		.class_name = VMANHV_VSSD_CLASS,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 1,
		.keys = { { "InstanceID", id, NULL } },
	};

	(void)pool;
	vssd_instance_id(vs->info.name, id, sizeof(id));
	rasd_ref(instance_id, &rasd);
	return association_emit(&vssd_component_class, &vssd, &rasd, e->fn, e->ctx);
}

static int component_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return rasd_each(from, component_emit, &e);
}

const struct cim_provider vssd_component_provider = {
	.cls = &vssd_component_class,
	.enumerate = component_enumerate,
};

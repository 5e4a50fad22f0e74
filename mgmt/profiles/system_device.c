/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/system_device.h"
#include "mgmt/profiles/virtual_device.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("GroupComponent", "CIM_System", "PartComponent", "CIM_LogicalDevice");

const struct cim_class system_device_class = {
	.name = "CIM_SystemDevice",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

static int system_device_emit(void *ectx, const struct virtual_device *dev)
{
	const struct virtual_device_emit *e = ectx;
	struct virtual_device_ref part;
	struct cim_ref vm;

	virtual_system_ref(dev->vs->info.name, &vm);
	virtual_device_ref(dev, &part);
	return association_emit(&system_device_class, &vm, &part.ref, e->fn, e->ctx);
}

static int system_device_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_device_emit e = { fn, ctx };

	(void)pctx;
	return virtual_device_each(VIRTUAL_DEVICE_ALL, from, system_device_emit, &e);
}

const struct cim_provider system_device_provider = {
	.cls = &system_device_class,
	.enumerate = system_device_enumerate,
};

/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/settings_define_state.h"
#include "mgmt/profiles/settings_define_state_device.h"
#include "mgmt/profiles/virtual_device.h"

static int device_sds_emit(void *ectx, const struct virtual_device *dev)
{
	const struct virtual_device_emit *e = ectx;
	struct virtual_device_ref device, rasd;

	virtual_device_ref(dev, &device);
	virtual_device_rasd_ref(dev, &rasd);
	return association_emit(&settings_define_state_class, &device.ref, &rasd.ref, e->fn,
				e->ctx);
}

static int device_sds_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_device_emit e = { fn, ctx };

	(void)pctx;
	return virtual_device_each(VIRTUAL_DEVICE_ALL, from, device_sds_emit, &e);
}

const struct cim_provider device_settings_define_state_provider = {
	.cls = &settings_define_state_class,
	.enumerate = device_sds_enumerate,
};

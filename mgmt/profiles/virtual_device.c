/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_device.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
static const struct cim_property logical_device_props[] = {
	{ .name = "CreationClassName", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "DeviceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "ElementName", .type = CIM_TYPE_STRING },
	{ .name = "EnabledState", .type = CIM_TYPE_UINT16 },
	{ .name = "HealthState", .type = CIM_TYPE_UINT16 },
	{ .name = "OperationalStatus", .type = CIM_TYPE_UINT16, .array = true },
	{ .name = "RequestedState", .type = CIM_TYPE_UINT16 },
	{ .name = "SystemCreationClassName", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "SystemName", .type = CIM_TYPE_STRING, .key = true },
};

const struct cim_class logical_device_class = {
	.name = "CIM_LogicalDevice",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = logical_device_props,
	.prop_count = sizeof(logical_device_props) / sizeof(logical_device_props[0]),
};

/* The walk over every VM's devices, counting them for `from`. */
struct walk {
	unsigned int kinds;
	uint32_t from;
	uint32_t seen;
	virtual_device_fn fn;
	void *ctx;
};

static int walk_one(struct walk *w, const struct virtual_device *dev)
{
	if (w->seen++ < w->from) {
		return 0;
	}
	return w->fn(w->ctx, dev);
}

static int vm_devices(void *ctx, const struct virtual_system *vs)
{
	struct walk *w = ctx;
	struct virtual_device dev = { vs, VIRTUAL_DEVICE_PROCESSOR, 0 };
	int rc = 0;

	for (uint32_t i = 0; (w->kinds & VIRTUAL_DEVICE_PROCESSOR) != 0U && rc == 0 &&
			     i < vs->info.vcpus && i < HV_VM_VCPUS_MAX; i++) {
		dev.index = i;
		rc = walk_one(w, &dev);
	}
	if (rc == 0 && (w->kinds & VIRTUAL_DEVICE_MEMORY) != 0U) {
		dev = (struct virtual_device){ vs, VIRTUAL_DEVICE_MEMORY, 0 };
		rc = walk_one(w, &dev);
	}
	return rc;
}

int virtual_device_each(unsigned int kinds, uint32_t from, virtual_device_fn fn, void *ctx)
{
	struct walk w = { kinds, from, 0, fn, ctx };

	return virtual_system_each(0, vm_devices, &w);
}

void virtual_device_id(const struct virtual_device *dev, char *buf, size_t size)
{
	if (dev->kind == VIRTUAL_DEVICE_PROCESSOR) {
		snprintf(buf, size, "%s:cpu%u", dev->vs->info.name, (unsigned)dev->index);
	} else {
		snprintf(buf, size, "%s:memory", dev->vs->info.name);
	}
}

static const char *device_class(const struct virtual_device *dev)
{
	return dev->kind == VIRTUAL_DEVICE_PROCESSOR ? PROCESSOR_DEVICE_CLASS
						     : MEMORY_DEVICE_CLASS;
}

void virtual_device_ref(const struct virtual_device *dev, struct virtual_device_ref *out)
{
	virtual_device_id(dev, out->text, sizeof(out->text));
	out->ref = (struct cim_ref){
		.class_name = device_class(dev),
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 4,
		.keys = {
			{ "CreationClassName", device_class(dev), NULL },
			{ "DeviceID", out->text, NULL },
			{ "SystemCreationClassName", VIRTUAL_SYSTEM_CLASS, NULL },
			{ "SystemName", dev->vs->info.name, NULL },
		},
	};
}

void virtual_device_rasd_ref(const struct virtual_device *dev, struct virtual_device_ref *out)
{
	snprintf(out->text, sizeof(out->text), "vmanhv:%s:%s", dev->vs->info.name,
		 dev->kind == VIRTUAL_DEVICE_PROCESSOR ? "processor" : "memory");
	out->ref = (struct cim_ref){
		.class_name = DEVICE_RASD_CLASS,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 1,
		.keys = { { "InstanceID", out->text, NULL } },
	};
}

void virtual_device_set(struct cim_instance *inst, const char *prop, struct cim_value v)
{
	int i = cim_class_property(inst->cls, prop);

	if (i >= 0) {
		inst->values[i] = v;
	}
}

static const uint64_t status_ok[] = { 2 };	/* OperationalStatus 2 OK */

void virtual_device_instance(const struct virtual_device *dev, const struct cim_class *cls,
			     struct cim_instance *inst, struct virtual_device_text *text)
{
	memset(inst, 0, sizeof(*inst));
	inst->cls = cls;
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		inst->values[i].is_null = true;
	}
	virtual_device_id(dev, text->id, sizeof(text->id));
	if (dev->kind == VIRTUAL_DEVICE_PROCESSOR) {
		snprintf(text->label, sizeof(text->label), "%s processor %u", dev->vs->info.name,
			 (unsigned)dev->index);
	} else {
		snprintf(text->label, sizeof(text->label), "%s memory", dev->vs->info.name);
	}
	virtual_device_set(inst, "CreationClassName", (struct cim_value){ .s = cls->name });
	virtual_device_set(inst, "DeviceID", (struct cim_value){ .s = text->id });
	virtual_device_set(inst, "ElementName", (struct cim_value){ .s = text->label });
	virtual_device_set(inst, "EnabledState",
			   (struct cim_value){ .u = system_state_enabled(dev->vs->info.state) });
	virtual_device_set(inst, "HealthState", (struct cim_value){ .u = 5 });	/* OK */
	virtual_device_set(inst, "OperationalStatus",
			   (struct cim_value){ .count = 1, .ua = status_ok });
	/* RequestedState 12 Not Applicable (CIM_EnabledLogicalElement) */
	virtual_device_set(inst, "RequestedState", (struct cim_value){ .u = 12 });
	virtual_device_set(inst, "SystemCreationClassName",
			   (struct cim_value){ .s = VIRTUAL_SYSTEM_CLASS });
	virtual_device_set(inst, "SystemName", (struct cim_value){ .s = dev->vs->info.name });
}

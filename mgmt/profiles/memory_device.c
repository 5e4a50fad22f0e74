/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/memory_device.h"
#include "mgmt/profiles/virtual_device.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
static const struct cim_property extent_props[] = {
	{ .name = "BlockSize", .type = CIM_TYPE_UINT64 },
	{ .name = "ConsumableBlocks", .type = CIM_TYPE_UINT64 },
	{ .name = "CreationClassName", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "DeviceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "ElementName", .type = CIM_TYPE_STRING },
	{ .name = "EnabledState", .type = CIM_TYPE_UINT16 },
	{ .name = "HealthState", .type = CIM_TYPE_UINT16 },
	{ .name = "NumberOfBlocks", .type = CIM_TYPE_UINT64 },
	{ .name = "OperationalStatus", .type = CIM_TYPE_UINT16, .array = true },
	{ .name = "RequestedState", .type = CIM_TYPE_UINT16 },
	{ .name = "SystemCreationClassName", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "SystemName", .type = CIM_TYPE_STRING, .key = true },
	/* CIM_Memory's own: RAM loses its contents at power-off */
	{ .name = "Volatile", .type = CIM_TYPE_BOOLEAN },
};

/* CIM_Memory's superclass: a ResultClassName of CIM_StorageExtent finds it. */
static const struct cim_class storage_extent_class = {
	.name = "CIM_StorageExtent",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = extent_props,
	.prop_count = sizeof(extent_props) / sizeof(extent_props[0]) - 1U,
	.super = &logical_device_class,
};

const struct cim_class memory_device_class = {
	.name = MEMORY_DEVICE_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = extent_props,
	.prop_count = sizeof(extent_props) / sizeof(extent_props[0]),
	.super = &storage_extent_class,
};

static int memory_emit(void *ectx, const struct virtual_device *dev)
{
	const struct virtual_device_emit *e = ectx;
	uint64_t blocks = dev->vs->info.memory_bytes / MEMORY_DEVICE_BLOCK_SIZE;
	struct virtual_device_text text;
	struct cim_instance inst;

	virtual_device_instance(dev, &memory_device_class, &inst, &text);
	virtual_device_set(&inst, "BlockSize", (struct cim_value){ .u = MEMORY_DEVICE_BLOCK_SIZE });
	/* all of it is the guest's: nothing is held back for metadata */
	virtual_device_set(&inst, "ConsumableBlocks", (struct cim_value){ .u = blocks });
	virtual_device_set(&inst, "NumberOfBlocks", (struct cim_value){ .u = blocks });
	virtual_device_set(&inst, "Volatile", (struct cim_value){ .b = true });
	return e->fn(e->ctx, &inst);
}

static int memory_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_device_emit e = { fn, ctx };

	(void)pctx;
	return virtual_device_each(VIRTUAL_DEVICE_MEMORY, from, memory_emit, &e);
}

const struct cim_provider memory_device_provider = {
	.cls = &memory_device_class,
	.enumerate = memory_enumerate,
};

/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/processor_device.h"
#include "mgmt/profiles/virtual_device.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
static const struct cim_property props[] = {
	{ .name = "AddressWidth", .type = CIM_TYPE_UINT16 },
	{ .name = "CreationClassName", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "DataWidth", .type = CIM_TYPE_UINT16 },
	{ .name = "DeviceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "ElementName", .type = CIM_TYPE_STRING },
	{ .name = "EnabledState", .type = CIM_TYPE_UINT16 },
	{ .name = "HealthState", .type = CIM_TYPE_UINT16 },
	{ .name = "NumberOfEnabledCores", .type = CIM_TYPE_UINT16 },
	{ .name = "OperationalStatus", .type = CIM_TYPE_UINT16, .array = true },
	{ .name = "RequestedState", .type = CIM_TYPE_UINT16 },
	{ .name = "SystemCreationClassName", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "SystemName", .type = CIM_TYPE_STRING, .key = true },
	/* vmanhv's scheduling figures (docs/scheduler.md): not in the CIM schema */
	{ .name = "VmanhvElapsedTime", .type = CIM_TYPE_UINT64 },
	{ .name = "VmanhvHostProcessor", .type = CIM_TYPE_UINT32 },
	{ .name = "VmanhvProcessorTime", .type = CIM_TYPE_UINT64 },
};

const struct cim_class processor_device_class = {
	.name = PROCESSOR_DEVICE_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = sizeof(props) / sizeof(props[0]),
	.super = &logical_device_class,
};

/*
 * Once its VM has started: the microseconds this vCPU has run and the VM
 * has existed since its start (the hypervisor's TSC, hv_vm_info), and
 * while it runs, the host CPU it is placed on.  A client divides the two
 * times to see the share it gets (Weight, Limit).
 */
static void scheduling_figures(const struct virtual_device *dev, struct cim_instance *inst)
{
	const struct hv_vm_info *info = &dev->vs->info;

	if (info->state == HV_VM_DEFINED || dev->index >= HV_VM_VCPUS_MAX) {
		return;
	}
	virtual_device_set(inst, "VmanhvElapsedTime", (struct cim_value){ .u = info->elapsed_us });
	virtual_device_set(inst, "VmanhvProcessorTime",
			   (struct cim_value){ .u = info->vcpu_time_us[dev->index] });
	if (info->state == HV_VM_RUNNING || info->state == HV_VM_PAUSED) {
		virtual_device_set(inst, "VmanhvHostProcessor",
				   (struct cim_value){ .u = info->vcpu_cpu[dev->index] });
	}
}

static int processor_emit(void *ectx, const struct virtual_device *dev)
{
	const struct virtual_device_emit *e = ectx;
	struct virtual_device_text text;
	struct cim_instance inst;

	virtual_device_instance(dev, &processor_device_class, &inst, &text);
	/* a vCPU is one x86-64 core in long mode: 64-bit data and addresses */
	virtual_device_set(&inst, "AddressWidth", (struct cim_value){ .u = 64 });
	virtual_device_set(&inst, "DataWidth", (struct cim_value){ .u = 64 });
	virtual_device_set(&inst, "NumberOfEnabledCores", (struct cim_value){ .u = 1 });
	scheduling_figures(dev, &inst);
	return e->fn(e->ctx, &inst);
}

static int processor_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_device_emit e = { fn, ctx };

	(void)pctx;
	return virtual_device_each(VIRTUAL_DEVICE_PROCESSOR, from, processor_emit, &e);
}

const struct cim_provider processor_device_provider = {
	.cls = &processor_device_class,
	.enumerate = processor_enumerate,
};

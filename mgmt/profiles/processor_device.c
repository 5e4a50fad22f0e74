/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/host_system.h"
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

/* --- the host's own CPUs (what a RASD's HostResource names, docs/scheduler.md) --- */

static const uint64_t host_cpu_ok[] = { 2 };	/* OperationalStatus 2 OK */

static void host_set(struct cim_instance *inst, const char *prop, struct cim_value v)
{
	int i = cim_class_property(inst->cls, prop);

	if (i >= 0) {
		inst->values[i] = v;
	}
}

/* Host CPU `cpu`: CPU 0 runs the management core, the others guests (DESIGN.md 4). */
static int host_cpu_emit(uint32_t cpu, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;
	char id[16], label[48];

	memset(&inst, 0, sizeof(inst));
	inst.cls = &processor_device_class;
	for (uint32_t i = 0; i < inst.cls->prop_count; i++) {
		inst.values[i].is_null = true;
	}
	snprintf(id, sizeof(id), "cpu%u", (unsigned)cpu);
	snprintf(label, sizeof(label), "host CPU %u (%s)", (unsigned)cpu,
		 cpu == 0U ? "management" : "guests");
	host_set(&inst, "AddressWidth", (struct cim_value){ .u = 64 });
	host_set(&inst, "CreationClassName", (struct cim_value){ .s = PROCESSOR_DEVICE_CLASS });
	host_set(&inst, "DataWidth", (struct cim_value){ .u = 64 });
	host_set(&inst, "DeviceID", (struct cim_value){ .s = id });
	host_set(&inst, "ElementName", (struct cim_value){ .s = label });
	host_set(&inst, "EnabledState", (struct cim_value){ .u = 2 });	/* Enabled */
	host_set(&inst, "HealthState", (struct cim_value){ .u = 5 });	/* OK */
	host_set(&inst, "NumberOfEnabledCores", (struct cim_value){ .u = 1 });
	host_set(&inst, "OperationalStatus", (struct cim_value){ .count = 1, .ua = host_cpu_ok });
	host_set(&inst, "RequestedState", (struct cim_value){ .u = 12 });	/* Not Applicable */
	host_set(&inst, "SystemCreationClassName", (struct cim_value){ .s = "CIM_ComputerSystem" });
	host_set(&inst, "SystemName", (struct cim_value){ .s = HOST_SYSTEM_NAME });
	return fn(ctx, &inst);
}

int host_cpus_each(uint32_t from, host_cpu_emit_fn emit, cim_instance_fn fn, void *ctx)
{
	struct hv_host_resources host;

	hv_host_resources(&host);
	for (uint32_t cpu = from; cpu <= host.guest_cpus; cpu++) {
		int rc = emit(cpu, fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static int host_processor_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	(void)pctx;
	return host_cpus_each(from, host_cpu_emit, fn, ctx);
}

const struct cim_provider host_processor_provider = {
	.cls = &processor_device_class,
	.enumerate = host_processor_enumerate,
};

/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "mgmt/profiles/association.h"
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/processor_device.h"
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

/* --- the host's own CPUs (processor_device.c's host_processor_provider) --- */

/*
 * Host CPU `cpu` as a device of the host system, so that the CPUs a RASD's
 * HostResource names (docs/scheduler.md) are reached from the host by the
 * association filter, as every served instance is (DSP1042: the host is
 * where a client starts; issue 5's reachability proof, test_reachability.py).
 */
static int host_cpu_emit(uint32_t cpu, cim_instance_fn fn, void *ctx)
{
	char id[16];
	struct cim_ref part;

	snprintf(id, sizeof(id), "cpu%u", (unsigned)cpu);
	part = (struct cim_ref){
		.class_name = PROCESSOR_DEVICE_CLASS,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 4,
		.keys = {
			{ "CreationClassName", PROCESSOR_DEVICE_CLASS, NULL },
			{ "DeviceID", id, NULL },
			{ "SystemCreationClassName", HOST_SYSTEM_CLASS, NULL },
			{ "SystemName", HOST_SYSTEM_NAME, NULL },
		},
	};
	return association_emit(&system_device_class, &host_system_ref, &part, fn, ctx);
}

/* CPU 0 (management) to the last guest CPU, as host_processor_provider lists them. */
static int host_system_device_enumerate(void *pctx, uint32_t from, cim_instance_fn fn,
					void *ctx)
{
	(void)pctx;
	return host_cpus_each(from, host_cpu_emit, fn, ctx);
}

const struct cim_provider host_system_device_provider = {
	.cls = &system_device_class,
	.enumerate = host_system_device_enumerate,
};

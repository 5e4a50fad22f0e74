/* SPDX-License-Identifier: MIT */
/*
 * DSP1044 / DSP1057: each vCPU of a VM as a CIM_Processor (keys in
 * mgmt/profiles/virtual_device.h), a 64-bit x86 core whose EnabledState
 * follows its VM's; and each CPU of the host.
 */
#ifndef VMANHV_MGMT_PROFILES_PROCESSOR_DEVICE_H
#define VMANHV_MGMT_PROFILES_PROCESSOR_DEVICE_H

#include <stdint.h>

#include "mgmt/cim/cim.h"

extern const struct cim_class processor_device_class;
extern const struct cim_provider processor_device_provider;
/*
 * The host's CPUs as CIM_Processor (DeviceID "cpu<N>", SystemName the host,
 * N from 0, the management CPU, to the last guest CPU): what a processor
 * RASD's HostResource names (mgmt/profiles/rasd_host_resource.h).
 */
extern const struct cim_provider host_processor_provider;

/*
 * emit(cpu, fn, ctx) for each host CPU from the `from`-th on, in the order
 * host_processor_provider lists them (CPU 0 to the last guest CPU): 0, or
 * the first non-zero value emit returns.  The host's CPU associations walk
 * the same list with it.
 */
typedef int (*host_cpu_emit_fn)(uint32_t cpu, cim_instance_fn fn, void *ctx);
int host_cpus_each(uint32_t from, host_cpu_emit_fn emit, cim_instance_fn fn, void *ctx);

#endif

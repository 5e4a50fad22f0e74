/* SPDX-License-Identifier: MIT */
/*
 * HostResource and MappingBehavior on a processor RASD (DSP1041; CIM 2.41
 * CIM_ResourceAllocationSettingData): the host CPUs a VM's vCPUs may run
 * on (docs/scheduler.md).  A HostResource entry is the object path
 * (DSP0004 7.7.5, or a DSP0207 WBEM URI with a host part) of one of the
 * host's CIM_Processor instances, which mgmt/profiles/processor_device.c
 * serves: CreationClassName "CIM_Processor", DeviceID "cpu<N>",
 * SystemCreationClassName "CIM_ComputerSystem", SystemName the host's name.
 */
#ifndef VMANHV_MGMT_PROFILES_RASD_HOST_RESOURCE_H
#define VMANHV_MGMT_PROFILES_RASD_HOST_RESOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt/cim/cim.h"

/* CIM 2.41 RASD.MappingBehavior's ValueMap (1 is not in it). */
#define RASD_MAPPING_UNKNOWN		0U
#define RASD_MAPPING_NOT_SUPPORTED	2U
#define RASD_MAPPING_DEDICATED		3U
#define RASD_MAPPING_SOFT_AFFINITY	4U
#define RASD_MAPPING_HARD_AFFINITY	5U

/* The most host CPUs one HostResource names (what a completed RASD shows). */
#define RASD_HOST_CPUS_MAX		8U
/* One host CPU's object path as text, NUL included. */
#define RASD_HOST_CPU_PATH_MAX		160U

/*
 * The hard affinity processor RASD r (ResourceSettings[idx]) asks for, as a
 * mask of host CPUs (bit N: "cpu<N>"); *given false when it asks for none
 * (no HostResource, MappingBehavior NULL, 0 or 2).  HostResource with
 * MappingBehavior NULL or 5 Hard Affinity is honoured; 3 Dedicated, 4 Soft
 * Affinity, a MappingBehavior of 3 to 5 without HostResource, a path that
 * names no guest CPU of this host (CPU 0 runs management), or more than
 * RASD_HOST_CPUS_MAX CPUs: CIM_ERR_INVALID_PARAMETER, res naming
 * ResourceSettings[idx] and why.
 */
enum cim_status rasd_host_cpus_read(const struct cim_instance *r, uint32_t idx,
				    uint64_t *affinity, bool *given, struct cim_result *res);

/* Host CPU `cpu`'s object path into buf (RASD_HOST_CPU_PATH_MAX bytes). */
void rasd_host_cpu_path(uint32_t cpu, char *buf, size_t size);

#endif

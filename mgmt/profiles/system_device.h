/* SPDX-License-Identifier: MIT */
/* DSP1057 CIM_SystemDevice: each VM's CIM_ComputerSystem (GroupComponent)
 * and each of its devices, processors and memory (PartComponent). */
#ifndef VMANHV_MGMT_PROFILES_SYSTEM_DEVICE_H
#define VMANHV_MGMT_PROFILES_SYSTEM_DEVICE_H

#include "mgmt/cim/cim.h"

extern const struct cim_class system_device_class;
extern const struct cim_provider system_device_provider;
/* The same association from the host system to its own CPUs. */
extern const struct cim_provider host_system_device_provider;

#endif

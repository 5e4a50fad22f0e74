/* SPDX-License-Identifier: MIT */
/*
 * The host CIM_ComputerSystem (DSP1042 System Virtualization): the one
 * instance that stands for vmanhv itself, keyed by CreationClassName and
 * Name (dmtf-profiles.md section 2, "Systems are keyed by ...").
 */
#ifndef VMANHV_MGMT_PROFILES_HOST_SYSTEM_H
#define VMANHV_MGMT_PROFILES_HOST_SYSTEM_H

#include "mgmt/cim/cim.h"

#define HOST_SYSTEM_CLASS	"CIM_ComputerSystem"
#define HOST_SYSTEM_NAME	"vmanhv"

extern const struct cim_class host_system_class;
extern const struct cim_provider host_system_provider;

#endif

/* SPDX-License-Identifier: MIT */
/* DSP1034 CIM_AccountOnSystem: the host CIM_ComputerSystem (GroupComponent)
 * and each of its CIM_Account instances (PartComponent). */
#ifndef VMANHV_MGMT_PROFILES_ACCOUNT_ON_SYSTEM_H
#define VMANHV_MGMT_PROFILES_ACCOUNT_ON_SYSTEM_H

#include "mgmt/cim/cim.h"

extern const struct cim_class account_on_system_class;
extern const struct cim_provider account_on_system_provider;

#endif

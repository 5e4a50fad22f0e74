/* SPDX-License-Identifier: MIT */
/* DSP1057 CIM_SettingsDefineState: each VM's CIM_ComputerSystem
 * (ManagedElement) and the VSSD that describes its state (SettingData). */
#ifndef VMANHV_MGMT_PROFILES_SETTINGS_DEFINE_STATE_H
#define VMANHV_MGMT_PROFILES_SETTINGS_DEFINE_STATE_H

#include "mgmt/cim/cim.h"

extern const struct cim_class settings_define_state_class;
extern const struct cim_provider settings_define_state_provider;

#endif

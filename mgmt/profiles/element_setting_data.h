/* SPDX-License-Identifier: MIT */
/*
 * DSP1057 CIM_ElementSettingData: each VM (ManagedElement) and its one
 * configuration, its VSSD (SettingData).  A VM has exactly one
 * configuration, which is the default, the current and the next one:
 * IsDefault 1, IsCurrent 1, IsNext 1 (dmtf-profiles.md section 2).
 */
#ifndef VMANHV_MGMT_PROFILES_ELEMENT_SETTING_DATA_H
#define VMANHV_MGMT_PROFILES_ELEMENT_SETTING_DATA_H

#include "mgmt/cim/cim.h"

extern const struct cim_class element_setting_data_class;
extern const struct cim_provider element_setting_data_provider;

#endif

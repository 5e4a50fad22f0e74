/* SPDX-License-Identifier: MIT */
/*
 * DSP1057 / DSP1041 CIM_SettingsDefineState for devices: each of a VM's
 * devices (ManagedElement) and the RASD whose allocation it realises
 * (SettingData): every CIM_Processor of VM x with "vmanhv:x:processor",
 * its CIM_Memory with "vmanhv:x:memory".  A second provider of the class
 * that settings_define_state.c serves for VM <-> VSSD.
 */
#ifndef VMANHV_MGMT_PROFILES_SETTINGS_DEFINE_STATE_DEVICE_H
#define VMANHV_MGMT_PROFILES_SETTINGS_DEFINE_STATE_DEVICE_H

#include "mgmt/cim/cim.h"

extern const struct cim_provider device_settings_define_state_provider;

#endif

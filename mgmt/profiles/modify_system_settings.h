/* SPDX-License-Identifier: MIT */
/*
 * DSP1042 CIM_VirtualSystemManagementService.ModifySystemSettings
 * (SystemSettings, OUT Job), the CIM 2.22 signature (dmtf-profiles.md
 * section 3.1): a client sends a VM's vmanhv_VirtualSystemSettingData,
 * named by its InstanceID, with new values for ElementName, KernelImage,
 * InitialRamDisk or KernelCommandLine.  The rules and return values are in
 * docs/profiles.md ("ModifySystemSettings").
 */
#ifndef VMANHV_MGMT_PROFILES_MODIFY_SYSTEM_SETTINGS_H
#define VMANHV_MGMT_PROFILES_MODIFY_SYSTEM_SETTINGS_H

#include "mgmt/cim/cim.h"

enum { MSS_SYSTEM_SETTINGS, MSS_JOB, MSS_COUNT };

extern const struct cim_param modify_system_settings_params[MSS_COUNT];

/* The method's invoke hook (struct cim_method), for the VSMS's method table. */
enum cim_status modify_system_settings(void *pctx, struct cim_call *call, struct cim_result *res);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * DSP1042 AddResourceSettings, ModifyResourceSettings and
 * RemoveResourceSettings (CIM 2.22 signatures, dmtf-profiles.md 3.1) on a
 * VM's processor and memory allocations: the methods the
 * CIM_VirtualSystemManagementService's dispatch table lists
 * (virtual_system_management.c).  Rules in docs/allocation.md.
 */
#ifndef VMANHV_MGMT_PROFILES_RESOURCE_SETTINGS_H
#define VMANHV_MGMT_PROFILES_RESOURCE_SETTINGS_H

#include "mgmt/cim/cim.h"

#define RESOURCE_SETTINGS_ADD_PARAMS	4U
#define RESOURCE_SETTINGS_MODIFY_PARAMS	3U
#define RESOURCE_SETTINGS_REMOVE_PARAMS	2U

extern const struct cim_param add_resource_settings_params[RESOURCE_SETTINGS_ADD_PARAMS];
extern const struct cim_param modify_resource_settings_params[RESOURCE_SETTINGS_MODIFY_PARAMS];
extern const struct cim_param remove_resource_settings_params[RESOURCE_SETTINGS_REMOVE_PARAMS];

enum cim_status add_resource_settings(void *pctx, struct cim_call *call, struct cim_result *res);
enum cim_status modify_resource_settings(void *pctx, struct cim_call *call,
					 struct cim_result *res);
enum cim_status remove_resource_settings(void *pctx, struct cim_call *call,
					 struct cim_result *res);

#endif

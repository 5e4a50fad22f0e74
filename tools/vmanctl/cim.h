/* SPDX-License-Identifier: MIT */
/*
 * What vmanctl knows of the vmanhv object model (docs/profiles.md): the
 * classes' ResourceURIs, the keys of the host, its management service and
 * its VMs, and the words for EnabledState and the methods' return values.
 */
#ifndef VMANCTL_CIM_H
#define VMANCTL_CIM_H

#include "tools/vmanctl/names.h"
#include "tools/vmanctl/soap.h"
#include "tools/vmanctl/vmanctl.h"
#include "tools/vmanctl/wsman.h"

#define HOST_NAME		"vmanhv"
#define URI_COMPUTER_SYSTEM	CIM_URI_PREFIX "CIM_ComputerSystem"
#define URI_VSMS		CIM_URI_PREFIX "CIM_VirtualSystemManagementService"
#define URI_VSSD		CIM_URI_PREFIX "vmanhv_VirtualSystemSettingData"
#define URI_RASD		CIM_URI_PREFIX "CIM_ResourceAllocationSettingData"
#define URI_PROC_RASD		CIM_URI_PREFIX "CIM_ProcessorAllocationSettingData"
#define URI_RESOURCE_POOL	CIM_URI_PREFIX "CIM_ResourcePool"
#define URI_REGISTERED_PROFILE	CIM_URI_PREFIX "CIM_RegisteredProfile"
#define URI_CONSOLE_OUTPUT	CIM_URI_PREFIX "vmanhv_ConsoleOutput"

#define CIM_NAME_MAX	64

/* The selectors of the host's CIM_ComputerSystem. */
extern const struct selector cim_host_keys[2];
/* ... of CIM_VirtualSystemManagementService (its four keys). */
extern const struct selector cim_vsms_keys[4];

/* A VM's CIM_ComputerSystem keys: CreationClassName and Name (DSP1057). */
struct vm_keys {
	struct selector sel[2];
};
void cim_vm_keys(struct vm_keys *k, const char *name);

/* EnabledState (CIM_EnabledLogicalElement) as a word: "running", "off", ... */
const char *cim_enabled_state_name(const char *value);

enum cim_method_kind { CIM_METHOD_VSMS, CIM_METHOD_STATE_CHANGE };

/*
 * cim_method_outcome - what a method's ReturnValue means for the operator:
 * 0 is VMANCTL_OK; 4096 follows the job (job.h); anything else is said with
 * its meaning (DSP1042 / CIM_EnabledLogicalElement ValueMaps, dmtf-profiles.md
 * section 3) and any error text the reply carries, and is VMANCTL_FAILED.
 */
int cim_method_outcome(struct vmanctl *v, const struct invoke_result *res,
		       enum cim_method_kind kind, const char *what);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * DSP1042 CIM_VirtualSystemManagementService: the one service through which
 * VMs are defined and destroyed (CIM 2.22+ methods DefineSystem and
 * DestroySystem, dmtf-profiles.md section 3.1).  Its method table is also
 * what CIM_VirtualSystemManagementCapabilities advertises.
 */
#ifndef VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_MANAGEMENT_H
#define VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_MANAGEMENT_H

#include "hv/api.h"
#include "mgmt/cim/cim.h"

#define VSMS_CLASS	"CIM_VirtualSystemManagementService"
#define VSMS_NAME	"vmanhv-vsms"

/* ReturnValue of the VSMS methods (CIM_VirtualSystemManagementService.mof v2.22). */
enum vsms_return {
	VSMS_COMPLETED = 0,
	VSMS_NOT_SUPPORTED = 1,
	VSMS_FAILED = 2,
	VSMS_TIMEOUT = 3,
	VSMS_INVALID_PARAMETER = 4,
	VSMS_INVALID_STATE = 5,
	VSMS_INCOMPATIBLE_PARAMETERS = 6,	/* Modify* only */
	VSMS_JOB_STARTED = 4096,
};

extern const struct cim_class vsms_class;
extern const struct cim_provider vsms_provider;
/* The service's reference (HostedService's Dependent). */
extern const struct cim_ref vsms_ref;

/*
 * hv_vm_create(c)'s error err as a VSMS method's ReturnValue with its
 * reason: 4 Invalid Parameter for what the client asked (a name taken, no
 * such image or initrd, a size, kernel or command line refused), else
 * 2 Failed (no room, out of memory, a damaged guest file).  Returns CIM_OK.
 */
enum cim_status vsms_create_failed(struct cim_call *call, struct cim_result *res, int err,
				   const struct hv_vm_config *c);

#endif

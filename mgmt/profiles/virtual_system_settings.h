/* SPDX-License-Identifier: MIT */
/*
 * Each VM's settings (DSP1057): one vmanhv_VirtualSystemSettingData, a
 * subclass of CIM_VirtualSystemSettingData that also carries the guest
 * image, as libvirt-cim's VSSD carried the kernel.  InstanceID
 * "vmanhv:<VM name>" (DSP0004 OrgID:LocalID).  Put may change ElementName,
 * the VM's label, and nothing else.
 */
#ifndef VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_SETTINGS_H
#define VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_SETTINGS_H

#include <stdint.h>

#include "mgmt/cim/cim.h"

#define VSSD_CLASS		"CIM_VirtualSystemSettingData"
#define VMANHV_VSSD_CLASS	"vmanhv_VirtualSystemSettingData"
#define VSSD_INSTANCE_PREFIX	"vmanhv:"
/* VirtualSystemType (CIM_VSSD: "<OrgID>:<type>" for a non-DMTF hypervisor) */
#define VSSD_SYSTEM_TYPE	"vmanhv:VT-x"
#define VSSD_INSTANCE_ID_MAX	(sizeof(VSSD_INSTANCE_PREFIX) + 24U)

extern const struct cim_class vssd_class;		/* CIM_VirtualSystemSettingData */
extern const struct cim_class vmanhv_vssd_class;	/* vmanhv_VirtualSystemSettingData */
extern const struct cim_provider vssd_provider;

/* The VM name in an InstanceID "vmanhv:<name>", or NULL when it has another form. */
const char *vssd_vm_name(const char *instance_id);
/* "vmanhv:<name>" into buf (at least VSSD_INSTANCE_ID_MAX bytes). */
void vssd_instance_id(const char *name, char *buf, size_t size);

/*
 * The VSSD's AutomaticStartupAction (DSP1057; CIM_VirtualSystemSettingData
 * 2.38): 1 with *action set to 2 None, 3 Restart if previously active or
 * 4 Always startup; 0 when absent or NULL; -EINVAL for another value.
 */
int vssd_startup_action(const struct cim_instance *inst, uint64_t *action);
#define VSSD_STARTUP_ACTION_PROBLEM \
	"AutomaticStartupAction must be 2 (None), 3 (Restart if previously active) or 4 " \
	"(Always startup)"

/* A string property of a VSSD (either class), or NULL when absent or NULL. */
const char *vssd_string(const struct cim_instance *inst, const char *prop);

#endif

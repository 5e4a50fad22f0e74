/* SPDX-License-Identifier: MIT */
/*
 * Each VM's settings (DSP1057): one vmanhv_VirtualSystemSettingData, a
 * subclass of CIM_VirtualSystemSettingData that also carries what the VM
 * boots (the guest image or Linux kernel, its initrd and command line), as
 * libvirt-cim's VSSD carried Kernel, Ramdisk and CommandLine.  InstanceID
 * "vmanhv:<VM name>" (DSP0004 OrgID:LocalID).  Put may change ElementName,
 * the VM's label, and nothing else; ModifySystemSettings changes the rest
 * (docs/profiles.md).
 */
#ifndef VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_SETTINGS_H
#define VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_SETTINGS_H

#include <stdint.h>

#include "hv/api.h"
#include "mgmt/cim/cim.h"

#define VSSD_CLASS		"CIM_VirtualSystemSettingData"
#define VMANHV_VSSD_CLASS	"vmanhv_VirtualSystemSettingData"
#define VSSD_INSTANCE_PREFIX	"vmanhv:"
/* VirtualSystemType (CIM_VSSD: "<OrgID>:<type>" for a non-DMTF hypervisor) */
#define VSSD_SYSTEM_TYPE	"vmanhv:VT-x"
#define VSSD_INSTANCE_ID_MAX	(sizeof(VSSD_INSTANCE_PREFIX) + 24U)
/* vmanhv_VirtualSystemSettingData's own properties (docs/profiles.md) */
#define VSSD_KERNEL_IMAGE		"KernelImage"
#define VSSD_INITIAL_RAM_DISK		"InitialRamDisk"
#define VSSD_KERNEL_COMMAND_LINE	"KernelCommandLine"


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
/* The reference to VM name's VSSD, with room for its InstanceID. */
struct vssd_ref_buf {
	struct cim_ref ref;
	char id[VSSD_INSTANCE_ID_MAX];
};
/* The reference to VM `name`'s VSSD into out; name must outlive it. */
void vssd_ref(const char *name, struct vssd_ref_buf *out);

/* A string property of a VSSD (either class), or NULL when absent or NULL. */
const char *vssd_string(const struct cim_instance *inst, const char *prop);

/*
 * What a client's VSSD says the VM boots, into c: KernelImage into
 * c->image, InitialRamDisk into c->initrd, KernelCommandLine into
 * c->cmdline, each only when given (not NULL), so c keeps what the client
 * left out.  An empty InitialRamDisk or KernelCommandLine means none.
 * 0, or -EINVAL with why the settings are unusable in why (an empty
 * KernelImage, a value too long for hv/api.h).
 */
int vssd_boot_read(const struct cim_instance *vssd, struct hv_vm_config *c,
		   char why[CIM_MESSAGE_MAX]);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * CIM_ProcessorAllocationSettingData (CIM 2.34+, DSP1044): the processor
 * RASD with the processor's architecture, instruction set and the x86
 * extensions a VM's vCPUs have (mgmt/profiles/x86_extensions.h).  vmanhv
 * serves every processor RASD in this class (VMs' and the processor
 * pool's templates) and reads it wherever a RASD is taken.
 */
#ifndef VMANHV_MGMT_PROFILES_PASD_H
#define VMANHV_MGMT_PROFILES_PASD_H

#include <stdint.h>

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/x86_extensions.h"

#define PASD_CLASS	"CIM_ProcessorAllocationSettingData"

extern const struct cim_class pasd_class;

/* The arrays pasd_fill() points an instance's extension properties at. */
struct pasd_extensions {
	const char *name[X86_EXTENSIONS];
	const char *status[X86_EXTENSIONS];
};

/*
 * Set inst's (a pasd_class instance) ProcessorArchitecture, InstructionSet
 * and the index-correlated InstructionSetExtensionName / ...Status: every
 * extension this host has or its guests see, "Enabled" when guests see it,
 * "Disabled" when vmanhv hides it (hv_guest_cpu_features()).  The arrays
 * live in *ext, which must outlive inst.
 */
void pasd_fill(struct cim_instance *inst, struct pasd_extensions *ext);

/*
 * Check what processor RASD r (of any class) asks of the processor itself
 * (docs/allocation.md): ProcessorArchitecture and InstructionSet, when
 * given, must be the x86 64-bit ones; each extension named with status
 * Enabled (or no status) must be one guests see, each named Disabled one
 * vmanhv hides: every VM sees the same CPUID, so nothing else can be
 * honoured.  No extension named: all of them, as they are (RAD
 * completion).  CIM_OK, or CIM_ERR_INVALID_PARAMETER with res->message
 * "<what>: ..." naming the extension.
 */
enum cim_status pasd_read(const struct cim_instance *r, const char *what,
			  struct cim_result *res);

#endif

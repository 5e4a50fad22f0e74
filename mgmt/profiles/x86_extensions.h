/* SPDX-License-Identifier: MIT */
/*
 * The x86 instruction-set extensions DSP1044's CIM_ProcessorAllocationSettingData
 * names (CIM 2.34+ InstructionSetExtensionName), each with the CPUID bit
 * that says a processor has it.  The names are the MOF's ValueMap values
 * ("DMTF:x86:SSE42") where it has one, else "vmanhv:x86:<name>" in the
 * MOF's 'extension' ABNF (org-id "vmanhv"); docs/allocation.md lists them.
 * A pure table: no state, nothing from the network.
 */
#ifndef VMANHV_MGMT_PROFILES_X86_EXTENSIONS_H
#define VMANHV_MGMT_PROFILES_X86_EXTENSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "hv/api.h"

/* ProcessorArchitecture and InstructionSet (the MOF's ValueMaps) of every vmanhv guest. */
#define X86_PROCESSOR_ARCHITECTURE	"DMTF:x86"
#define X86_INSTRUCTION_SET		"DMTF:x86:64"

struct x86_extension {
	const char *name;		/* the InstructionSetExtensionName value */
	enum hv_cpuid_word word;	/* where CPUID reports it */
	uint32_t bit;			/* its mask in that word */
};

/* InstructionSetExtensionStatus ValueMap: what a processor allocation says of one. */
enum x86_extension_state {
	X86_EXTENSION_ABSENT,		/* neither the host nor a guest has it: not listed */
	X86_EXTENSION_ENABLED,		/* guests see it */
	X86_EXTENSION_DISABLED,		/* the host has it, vmanhv hides it from guests */
};

#define X86_EXTENSIONS	45U

extern const struct x86_extension x86_extensions[X86_EXTENSIONS];

/* The extension of that name (ASCII case ignored, DSP0004 ValueMap strings), or NULL. */
const struct x86_extension *x86_extension_named(const char *name);

/* What features f give of e. */
enum x86_extension_state x86_extension_state(const struct x86_extension *e,
					     const struct hv_cpu_features *f);

/* "Enabled" / "Disabled" / "Unknown": the InstructionSetExtensionStatus value. */
const char *x86_extension_status_text(enum x86_extension_state s);

#endif

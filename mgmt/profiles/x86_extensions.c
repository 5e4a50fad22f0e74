/* SPDX-License-Identifier: MIT */
/*
 * CPUID bits (SDM Vol. 2A CPUID, tables 3-8, 3-10, 3-11 and leaf
 * 80000001H) to InstructionSetExtensionName values (CIM 2.34
 * CIM_ProcessorAllocationSettingData).  The DMTF ValueMap's x86 values
 * come first, in its order; VT-d and EPT are left out, as no CPUID bit
 * reports them.  Then, as "vmanhv:x86:<name>", what vmanhv guests may get
 * beyond that list, named as the MOF's description names the older
 * features it leaves out of its ValueMap (POPCNT, XSAVE, RDTSCP,
 * LahfSahf, 3DNowPrefetch), or else as the SDM does.
 */
#include <strings.h>

#include "mgmt/profiles/x86_extensions.h"

#define BIT(n)	(1U << (n))

const struct x86_extension x86_extensions[X86_EXTENSIONS] = {
	{ "DMTF:x86:3DNow", HV_CPUID_E1_EDX, BIT(31) },
	{ "DMTF:x86:3DNowExt", HV_CPUID_E1_EDX, BIT(30) },
	{ "DMTF:x86:ABM", HV_CPUID_E1_ECX, BIT(5) },		/* LZCNT */
	{ "DMTF:x86:AES", HV_CPUID_1_ECX, BIT(25) },
	{ "DMTF:x86:AVX", HV_CPUID_1_ECX, BIT(28) },
	{ "DMTF:x86:AVX2", HV_CPUID_7_EBX, BIT(5) },
	{ "DMTF:x86:BMI", HV_CPUID_7_EBX, BIT(3) },		/* BMI1 */
	{ "DMTF:x86:CX16", HV_CPUID_1_ECX, BIT(13) },
	{ "DMTF:x86:F16C", HV_CPUID_1_ECX, BIT(29) },
	{ "DMTF:x86:FSGSBASE", HV_CPUID_7_EBX, BIT(0) },
	{ "DMTF:x86:LWP", HV_CPUID_E1_ECX, BIT(15) },
	{ "DMTF:x86:MMX", HV_CPUID_1_EDX, BIT(23) },
	{ "DMTF:x86:PCLMUL", HV_CPUID_1_ECX, BIT(1) },
	{ "DMTF:x86:RDRND", HV_CPUID_1_ECX, BIT(30) },
	{ "DMTF:x86:SSE2", HV_CPUID_1_EDX, BIT(26) },
	{ "DMTF:x86:SSE3", HV_CPUID_1_ECX, BIT(0) },
	{ "DMTF:x86:SSSE3", HV_CPUID_1_ECX, BIT(9) },
	{ "DMTF:x86:SSE4A", HV_CPUID_E1_ECX, BIT(6) },
	{ "DMTF:x86:SSE41", HV_CPUID_1_ECX, BIT(19) },
	{ "DMTF:x86:SSE42", HV_CPUID_1_ECX, BIT(20) },
	{ "DMTF:x86:FMA3", HV_CPUID_1_ECX, BIT(12) },
	{ "DMTF:x86:FMA4", HV_CPUID_E1_ECX, BIT(16) },
	{ "DMTF:x86:XOP", HV_CPUID_E1_ECX, BIT(11) },
	{ "DMTF:x86:TBM", HV_CPUID_E1_ECX, BIT(21) },
	{ "DMTF:x86:VT-x", HV_CPUID_1_ECX, BIT(5) },		/* VMX */
	{ "DMTF:x86:SVM", HV_CPUID_E1_ECX, BIT(2) },
	{ "vmanhv:x86:SSE", HV_CPUID_1_EDX, BIT(25) },
	{ "vmanhv:x86:POPCNT", HV_CPUID_1_ECX, BIT(23) },
	{ "vmanhv:x86:MOVBE", HV_CPUID_1_ECX, BIT(22) },
	{ "vmanhv:x86:XSAVE", HV_CPUID_1_ECX, BIT(26) },
	{ "vmanhv:x86:x2APIC", HV_CPUID_1_ECX, BIT(21) },
	{ "vmanhv:x86:TSC-Deadline", HV_CPUID_1_ECX, BIT(24) },
	{ "vmanhv:x86:BMI2", HV_CPUID_7_EBX, BIT(8) },
	{ "vmanhv:x86:ERMS", HV_CPUID_7_EBX, BIT(9) },
	{ "vmanhv:x86:SMEP", HV_CPUID_7_EBX, BIT(7) },
	{ "vmanhv:x86:SMAP", HV_CPUID_7_EBX, BIT(20) },
	{ "vmanhv:x86:RDSEED", HV_CPUID_7_EBX, BIT(18) },
	{ "vmanhv:x86:ADX", HV_CPUID_7_EBX, BIT(19) },
	{ "vmanhv:x86:CLFLUSHOPT", HV_CPUID_7_EBX, BIT(23) },
	{ "vmanhv:x86:AVX512F", HV_CPUID_7_EBX, BIT(16) },
	{ "vmanhv:x86:LahfSahf", HV_CPUID_E1_ECX, BIT(0) },
	{ "vmanhv:x86:3DNowPrefetch", HV_CPUID_E1_ECX, BIT(8) },	/* PREFETCHW */
	{ "vmanhv:x86:NX", HV_CPUID_E1_EDX, BIT(20) },
	{ "vmanhv:x86:Page1GB", HV_CPUID_E1_EDX, BIT(26) },
	{ "vmanhv:x86:RDTSCP", HV_CPUID_E1_EDX, BIT(27) },
};

const struct x86_extension *x86_extension_named(const char *name)
{
	for (uint32_t i = 0; name != NULL && i < X86_EXTENSIONS; i++) {
		if (strcasecmp(x86_extensions[i].name, name) == 0) {
			return &x86_extensions[i];
		}
	}
	return NULL;
}

/* A guest's bit decides (vmanhv emulates some the host lacks: x2APIC). */
enum x86_extension_state x86_extension_state(const struct x86_extension *e,
					     const struct hv_cpu_features *f)
{
	if ((f->guest[e->word] & e->bit) != 0U) {
		return X86_EXTENSION_ENABLED;
	}
	return (f->host[e->word] & e->bit) != 0U ? X86_EXTENSION_DISABLED : X86_EXTENSION_ABSENT;
}

const char *x86_extension_status_text(enum x86_extension_state s)
{
	return s == X86_EXTENSION_ENABLED ? "Enabled"
	       : s == X86_EXTENSION_DISABLED ? "Disabled" : "Unknown";
}

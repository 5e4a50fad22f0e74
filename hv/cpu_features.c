/* SPDX-License-Identifier: MIT */
/*
 * hv_guest_cpu_features(): the processor features this host has and those
 * its guests see (hv/api.h), read on the management CPU: the CPUs of one
 * machine are one model and report the same feature leaves, so it speaks
 * for all of them.
 */
#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vmx/vmx.h"
#include "hv/api.h"

/* Where each word of enum hv_cpuid_word comes from (SDM Vol. 2A CPUID). */
static const struct {
	uint32_t leaf;
	uint8_t reg;	/* 1 EBX, 2 ECX, 3 EDX */
} words[HV_CPUID_WORDS] = {
	[HV_CPUID_1_ECX] = { 0x1U, 2 },
	[HV_CPUID_1_EDX] = { 0x1U, 3 },
	[HV_CPUID_7_EBX] = { 0x7U, 1 },
	[HV_CPUID_E1_ECX] = { 0x80000001U, 2 },
	[HV_CPUID_E1_EDX] = { 0x80000001U, 3 },
};

static uint32_t reg_of(struct cpuid_regs r, uint8_t reg)
{
	return reg == 1U ? r.ebx : reg == 2U ? r.ecx : r.edx;
}

/* Whether the host's CPUID has `leaf` at all (SDM Vol. 2A: a leaf above the
 * maximum answers with the highest basic leaf's values, not zeros). */
static bool has_leaf(uint32_t leaf)
{
	uint32_t base = leaf & 0x80000000U;

	return cpuid(base, 0).eax >= leaf;
}

int hv_guest_cpu_features(struct hv_cpu_features *out)
{
	for (uint32_t w = 0; w < HV_CPUID_WORDS; w++) {
		bool present = has_leaf(words[w].leaf);

		out->host[w] = present ? reg_of(cpuid(words[w].leaf, 0), words[w].reg) : 0U;
		out->guest[w] = present ? reg_of(vmx_cpuid_offered(words[w].leaf), words[w].reg)
					: 0U;
	}
	return 0;
}

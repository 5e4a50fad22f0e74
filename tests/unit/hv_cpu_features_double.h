/* SPDX-License-Identifier: MIT */
/*
 * hv_guest_cpu_features() for unit tests that stand in for hv/api.h
 * themselves: a host with SSE2, SSE4.2, AES, AVX and VMX whose guests see
 * all but AVX and VMX (as arch/x86_64/vmx/vmx_cpuid.c filters them), and
 * x2APIC, which vmanhv emulates though this host lacks it.
 */
#ifndef VMANHV_TESTS_UNIT_HV_CPU_FEATURES_DOUBLE_H
#define VMANHV_TESTS_UNIT_HV_CPU_FEATURES_DOUBLE_H

#include "hv/api.h"

#define DOUBLE_SSE42	(1U << 20)	/* leaf 1 ECX */
#define DOUBLE_AES	(1U << 25)
#define DOUBLE_AVX	(1U << 28)
#define DOUBLE_VMX	(1U << 5)
#define DOUBLE_X2APIC	(1U << 21)
#define DOUBLE_SSE2	(1U << 26)	/* leaf 1 EDX */

int hv_guest_cpu_features(struct hv_cpu_features *out)
{
	*out = (struct hv_cpu_features){ 0 };
	out->host[HV_CPUID_1_ECX] = DOUBLE_SSE42 | DOUBLE_AES | DOUBLE_AVX | DOUBLE_VMX;
	out->host[HV_CPUID_1_EDX] = DOUBLE_SSE2;
	out->guest[HV_CPUID_1_ECX] = DOUBLE_SSE42 | DOUBLE_AES | DOUBLE_X2APIC;
	out->guest[HV_CPUID_1_EDX] = DOUBLE_SSE2;
	return 0;
}

#endif

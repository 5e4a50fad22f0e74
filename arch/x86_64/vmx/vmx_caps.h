/* SPDX-License-Identifier: MIT */
/*
 * What this CPU's VMX can do, read from CPUID and the VMX capability MSRs
 * (SDM Vol. 3D appendix A).  Reading never faults: the MSRs are read only
 * when CPUID.1:ECX.VMX says they exist.
 */
#ifndef VMANHV_ARCH_VMX_CAPS_H
#define VMANHV_ARCH_VMX_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmx_caps {
	bool present;			/* CPUID.1:ECX.VMX[bit 5] */
	bool vmxon_allowed;		/* IA32_FEATURE_CONTROL permits VMXON outside SMX */
	bool true_controls;		/* IA32_VMX_BASIC[55] */
	bool ept, vpid, unrestricted_guest, ept_ad, pml, preemption_timer;
	uint32_t vmcs_revision;
	uint64_t basic;
	uint64_t feature_control;
	uint64_t pinbased, procbased, procbased2, exit_ctls, entry_ctls;
	uint64_t ept_vpid_cap;
};

void vmx_caps_read(struct vmx_caps *caps);
/* Whether two CPUs offer the same features (the summary relies on it). */
bool vmx_caps_equal(const struct vmx_caps *a, const struct vmx_caps *b);
/* One line, no newline: "present: ept=yes ..." or "absent (...)". */
int vmx_caps_describe(const struct vmx_caps *caps, char *buf, size_t len);

#endif

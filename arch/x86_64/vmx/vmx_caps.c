/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vmx/vmx_caps.h"

#define CPUID1_ECX_VMX			(1U << 5)
#define FEATURE_CONTROL_LOCK		(1ULL << 0)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1ULL << 2)
#define BASIC_TRUE_CONTROLS		(1ULL << 55)
#define PIN_PREEMPTION_TIMER		(1ULL << 6)
#define PROC_ACTIVATE_SECONDARY		(1ULL << 31)
#define PROC2_EPT			(1ULL << 1)
#define PROC2_VPID			(1ULL << 5)
#define PROC2_UNRESTRICTED_GUEST	(1ULL << 7)
#define PROC2_PML			(1ULL << 17)
#define EPT_CAP_AD			(1ULL << 21)

/* Bits 63:32 of a control MSR say which controls may be 1 (SDM Vol. 3D A.3). */
static uint64_t allowed1(uint64_t msr_value)
{
	return msr_value >> 32;
}

static void read_controls(struct vmx_caps *c)
{
	c->true_controls = (c->basic & BASIC_TRUE_CONTROLS) != 0U;
	c->pinbased = rdmsr(c->true_controls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS
					     : MSR_IA32_VMX_PINBASED_CTLS);
	c->procbased = rdmsr(c->true_controls ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS
					      : MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit_ctls = rdmsr(c->true_controls ? MSR_IA32_VMX_TRUE_EXIT_CTLS
					      : MSR_IA32_VMX_EXIT_CTLS);
	c->entry_ctls = rdmsr(c->true_controls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS
					       : MSR_IA32_VMX_ENTRY_CTLS);
	if (allowed1(c->procbased) & PROC_ACTIVATE_SECONDARY) {
		c->procbased2 = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
	}
}

void vmx_caps_read(struct vmx_caps *c)
{
	uint64_t proc2;

	*c = (struct vmx_caps){ 0 };
	c->present = (cpuid(1, 0).ecx & CPUID1_ECX_VMX) != 0U;
	if (!c->present) {
		return;
	}
	c->feature_control = rdmsr(MSR_IA32_FEATURE_CONTROL);
	/* Unlocked, we may set the enable bit ourselves; locked, it must be set. */
	c->vmxon_allowed = !(c->feature_control & FEATURE_CONTROL_LOCK) ||
			   (c->feature_control & FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
	c->basic = rdmsr(MSR_IA32_VMX_BASIC);
	c->vmcs_revision = (uint32_t)(c->basic & 0x7FFFFFFFU);
	read_controls(c);
	proc2 = allowed1(c->procbased2);
	c->ept = (proc2 & PROC2_EPT) != 0U;
	c->vpid = (proc2 & PROC2_VPID) != 0U;
	c->unrestricted_guest = (proc2 & PROC2_UNRESTRICTED_GUEST) != 0U;
	c->pml = (proc2 & PROC2_PML) != 0U;
	c->preemption_timer = (allowed1(c->pinbased) & PIN_PREEMPTION_TIMER) != 0U;
	if (c->ept || c->vpid) {
		c->ept_vpid_cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
		c->ept_ad = c->ept && (c->ept_vpid_cap & EPT_CAP_AD) != 0U;
	}
}

bool vmx_caps_equal(const struct vmx_caps *a, const struct vmx_caps *b)
{
	return a->present == b->present && a->vmxon_allowed == b->vmxon_allowed &&
	       a->basic == b->basic && a->pinbased == b->pinbased &&
	       a->procbased == b->procbased && a->procbased2 == b->procbased2 &&
	       a->exit_ctls == b->exit_ctls && a->entry_ctls == b->entry_ctls &&
	       a->ept_vpid_cap == b->ept_vpid_cap;
}

static const char *yes_no(bool v)
{
	return v ? "yes" : "no";
}

int vmx_caps_describe(const struct vmx_caps *c, char *buf, size_t len)
{
	if (!c->present) {
		return snprintf(buf, len, "absent (CPUID.1:ECX.VMX=0): management-only mode");
	}
	if (!c->vmxon_allowed) {
		return snprintf(buf, len,
				"disabled by platform firmware (IA32_FEATURE_CONTROL 0x%lx locked "
				"without VMXON): management-only mode", c->feature_control);
	}
	return snprintf(buf, len,
			"present: ept=%s vpid=%s unrestricted=%s ept_ad=%s pml=%s "
			"preemption_timer=%s",
			yes_no(c->ept), yes_no(c->vpid), yes_no(c->unrestricted_guest),
			yes_no(c->ept_ad), yes_no(c->pml), yes_no(c->preemption_timer));
}

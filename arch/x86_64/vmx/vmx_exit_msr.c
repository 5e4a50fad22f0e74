/* SPDX-License-Identifier: MIT */
/*
 * RDMSR and WRMSR exits.  Every MSR outside the bitmap's allow-list
 * (vmx_bitmaps.c) lands here; the ones below are emulated, each with its
 * rule, and any other access is #GP without advancing RIP, as for an MSR
 * the CPU does not have (SDM Vol. 2B RDMSR/WRMSR; style rule 9).  The
 * x2APIC's MSRs (0x800-0x8FF, IA32_TSC_DEADLINE) go to the vCPU's APIC
 * model, which has rules of its own (hv/devices/lapic.h).
 */
#include <errno.h>

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/vm.h"

#define MSR_IA32_TSC		0x010U
#define MSR_IA32_TSC_ADJUST	0x03BU
#define MSR_IA32_APIC_BASE	0x01BU
#define MSR_IA32_PAT		0x277U
#define MSR_IA32_MISC_ENABLE	0x1A0U
#define MSR_IA32_BIOS_SIGN_ID	0x08BU	/* the microcode revision */

/* IA32_MISC_ENABLE as the guest's CPUID implies it (SDM Vol. 4 table 2-2):
 * fast strings on, no branch-trace or PEBS store, XD not disabled, CPUID
 * not limited. */
#define MISC_ENABLE_FAST_STRINGS	(1ULL << 0)
#define MISC_ENABLE_BTS_UNAVAILABLE	(1ULL << 11)
#define MISC_ENABLE_PEBS_UNAVAILABLE	(1ULL << 12)

#define FEATURE_CONTROL_LOCKED	0x1ULL	/* locked, VMX off: what the guest's CPUID implies */
#define EFER_SCE		(1ULL << 0)
#define EFER_LME		(1ULL << 8)
#define EFER_LMA		(1ULL << 10)
#define EFER_NXE		(1ULL << 11)
#define CR0_PG			(1ULL << 31)

struct msr_rule {
	uint32_t msr;
	const char *name;
	int (*read)(struct vcpu *vcpu, uint64_t *value);	/* NULL: #GP */
	int (*write)(struct vcpu *vcpu, uint64_t value);	/* NULL: #GP */
};

static int tsc_read(struct vcpu *vcpu, uint64_t *value)
{
	*value = rdtsc();	/* TSC offset 0: the guest sees the host's TSC */
	return 0;
}

/*
 * IA32_TSC_ADJUST (SDM Vol. 3B 17.17.3): offered in CPUID so that Linux,
 * seeing an invariant TSC whose adjustments it can check, keeps the TSC as
 * its clocksource without the watchdog that would fall back to the ACPI PM
 * timer (arch/x86/kernel/tsc.c, check_system_tsc_reliable(); docs/vmx.md).
 * The guest's TSC is the host's, never offset and never written (IA32_TSC
 * writes are #GP), so nothing ever adjusted it: it reads 0 and writing 0
 * changes nothing.  Another value would have to move this vCPU's TSC,
 * which vmanhv does not emulate: #GP.
 */
static int tsc_adjust_read(struct vcpu *vcpu, uint64_t *value)
{
	(void)vcpu;
	*value = 0;
	return 0;
}

static int tsc_adjust_write(struct vcpu *vcpu, uint64_t value)
{
	(void)vcpu;
	return value == 0 ? 0 : -EINVAL;
}

/* IA32_APIC_BASE: the APIC's enable and mode (hv/devices/lapic.c, SDM Vol. 3A 10.12.5). */
static int apic_base_read(struct vcpu *vcpu, uint64_t *value)
{
	*value = vlapic_base_read(&vcpu->lapic);
	return 0;
}

static int apic_base_write(struct vcpu *vcpu, uint64_t value)
{
	return vlapic_base_write(&vcpu->lapic, value);
}

/* Read-only: Linux reads it before it has an IDT (verify_cpu.S, Intel
 * family 6), so a #GP there would be a triple fault; it writes it only
 * through the *_safe accessors, which take the #GP. */
static int misc_enable_read(struct vcpu *vcpu, uint64_t *value)
{
	(void)vcpu;
	*value = MISC_ENABLE_FAST_STRINGS | MISC_ENABLE_BTS_UNAVAILABLE |
		 MISC_ENABLE_PEBS_UNAVAILABLE;
	return 0;
}

/* No microcode update was loaded (revision 0): Linux writes 0 and reads it
 * back to learn the revision (SDM Vol. 3A 9.11.7.1). */
static int bios_sign_id_read(struct vcpu *vcpu, uint64_t *value)
{
	(void)vcpu;
	*value = 0;
	return 0;
}

static int bios_sign_id_write(struct vcpu *vcpu, uint64_t value)
{
	(void)vcpu;
	return value == 0 ? 0 : -EINVAL;
}

static int feature_control_read(struct vcpu *vcpu, uint64_t *value)
{
	*value = FEATURE_CONTROL_LOCKED;
	return 0;
}

static int efer_read(struct vcpu *vcpu, uint64_t *value)
{
	*value = vmcs_read(VMCS_GUEST_IA32_EFER);
	return 0;
}

/*
 * SCE, LME and NXE are the guest's; LMA is the CPU's (written on paging
 * changes, ignored here); LME may not change while paging is on
 * (SDM Vol. 3A 9.8.5).  Other bits are reserved: #GP.
 */
static int efer_write(struct vcpu *vcpu, uint64_t value)
{
	uint64_t old = vmcs_read(VMCS_GUEST_IA32_EFER);

	if (value & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)) {
		return -EINVAL;
	}
	if (((value ^ old) & EFER_LME) && (vmcs_read(VMCS_GUEST_CR0) & CR0_PG)) {
		return -EINVAL;
	}
	vmcs_write(VMCS_GUEST_IA32_EFER, (value & ~EFER_LMA) | (old & EFER_LMA));
	return 0;
}

static int pat_read(struct vcpu *vcpu, uint64_t *value)
{
	*value = vmcs_read(VMCS_GUEST_IA32_PAT);
	return 0;
}

/* Each PAT entry must be a valid memory type: 0, 1, 4, 5, 6 or 7 (Vol. 3A 11.12.2). */
static int pat_write(struct vcpu *vcpu, uint64_t value)
{
	for (unsigned int i = 0; i < 8U; i++) {
		uint8_t type = (uint8_t)(value >> (8U * i));

		if (type == 2U || type == 3U || type > 7U) {
			return -EINVAL;
		}
	}
	vmcs_write(VMCS_GUEST_IA32_PAT, value);
	return 0;
}

static const struct msr_rule msr_rules[] = {
	{ MSR_IA32_TSC, "IA32_TSC", tsc_read, NULL },
	{ MSR_IA32_TSC_ADJUST, "IA32_TSC_ADJUST", tsc_adjust_read, tsc_adjust_write },
	{ MSR_IA32_APIC_BASE, "IA32_APIC_BASE", apic_base_read, apic_base_write },
	{ MSR_IA32_FEATURE_CONTROL, "IA32_FEATURE_CONTROL", feature_control_read, NULL },
	{ MSR_IA32_MISC_ENABLE, "IA32_MISC_ENABLE", misc_enable_read, NULL },
	{ MSR_IA32_BIOS_SIGN_ID, "IA32_BIOS_SIGN_ID", bios_sign_id_read, bios_sign_id_write },
	{ MSR_IA32_PAT, "IA32_PAT", pat_read, pat_write },
	{ MSR_IA32_EFER, "IA32_EFER", efer_read, efer_write },
};

static const struct msr_rule *rule_for(uint32_t msr)
{
	for (size_t i = 0; i < sizeof(msr_rules) / sizeof(msr_rules[0]); i++) {
		if (msr_rules[i].msr == msr) {
			return &msr_rules[i];
		}
	}
	return NULL;
}

static int refuse(struct vcpu *vcpu, const struct vmx_exit *exit, const char *insn,
		  uint32_t msr, const struct msr_rule *rule)
{
	vcpu_note_event(vcpu, "#GP injected for %s 0x%x%s%s at rip 0x%lx", insn, msr,
			rule != NULL ? " " : "", rule != NULL ? rule->name : "", exit->rip);
	vmx_inject_exception(VECTOR_GP, 0);
	return VCPU_CONTINUE;
}

static const struct msr_rule apic_rule = { 0, "x2APIC register", NULL, NULL };

/* The vCPU's x2APIC (0x800-0x8FF, IA32_TSC_DEADLINE): hv/devices/lapic.c decides. */
static int apic_read(struct vcpu *vcpu, uint32_t msr, uint64_t *value)
{
	return vlapic_msr_read(&vcpu->lapic, msr, rdtsc(), value);
}

/*
 * WRMSR to the x2APIC: the model decides (#GP for what it refuses); an ICR
 * or SELF IPI write goes out through the VM (NMI/SMI IPIs stop it: not
 * emulated), an EOI of a level-triggered vector goes back to the I/O APIC.
 */
static int apic_wrmsr(struct vcpu *vcpu, const struct vmx_exit *exit, uint32_t msr,
		      uint64_t value)
{
	struct vlapic_ipi ipi;
	int result = vlapic_msr_write(&vcpu->lapic, msr, value, rdtsc(), &ipi);

	if (result < 0) {
		return refuse(vcpu, exit, "WRMSR", msr, &apic_rule);
	}
	if (result == VLAPIC_WRITE_LEVEL_EOI) {
		vm_ioapic_eoi(vcpu->vm, ipi.vector);
	} else if (result == VLAPIC_WRITE_IPI && vcpu_send_ipi(vcpu, &ipi) != 0) {
		return vcpu_stop(vcpu, "IPI with delivery mode %u (NMI/SMI) is not emulated, "
				 "ICR 0x%lx, rip 0x%lx", (unsigned int)ipi.mode, value, exit->rip);
	}
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

int vmx_exit_rdmsr(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	uint64_t *gpr = vcpu->vmx.regs.gpr;
	uint32_t msr = (uint32_t)gpr[GREG_RCX];
	const struct msr_rule *rule = rule_for(msr);
	uint64_t value;

	if (vlapic_msr_is_apic(msr)) {
		if (apic_read(vcpu, msr, &value) != 0) {
			return refuse(vcpu, exit, "RDMSR", msr, &apic_rule);
		}
	} else if (rule == NULL || rule->read == NULL || rule->read(vcpu, &value) != 0) {
		return refuse(vcpu, exit, "RDMSR", msr, rule);
	}
	gpr[GREG_RAX] = (uint32_t)value;
	gpr[GREG_RDX] = value >> 32;
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

int vmx_exit_wrmsr(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	const uint64_t *gpr = vcpu->vmx.regs.gpr;
	uint32_t msr = (uint32_t)gpr[GREG_RCX];
	uint64_t value = (gpr[GREG_RDX] << 32) | (uint32_t)gpr[GREG_RAX];
	const struct msr_rule *rule = rule_for(msr);

	if (vlapic_msr_is_apic(msr)) {
		return apic_wrmsr(vcpu, exit, msr, value);
	}
	if (rule == NULL || rule->write == NULL || rule->write(vcpu, value) != 0) {
		return refuse(vcpu, exit, "WRMSR", msr, rule);
	}
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

/* SPDX-License-Identifier: MIT */
/*
 * Control-register exits (SDM Vol. 3C 25.1.3, qualification in 27.2.1
 * table 27-3).  Only MOV to CR0 or CR4 that would change a host-owned bit
 * (vmcs_setup.c: the bits VMX forces, and CR4 features the guest's CPUID
 * does not offer) comes here.  Setting a CR4 feature the guest was not
 * offered is #GP, as on a CPU without it (Vol. 2B MOV CR); anything else
 * the guest may ask for lands in its shadow, with the forced bits set
 * underneath.  CR0 writes that turn paging on or off while EFER.LME is set
 * switch IA-32e mode here, as the CPU would have (Vol. 3A 9.8.5).
 * MOV to and from CR8 always exit: CR8 is the guest APIC's TPR[7:4], and
 * without the exit a 64-bit guest would read and write the host's own TPR.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"

#define MSR_IA32_VMX_CR0_FIXED0		0x486U
#define MSR_IA32_VMX_CR0_FIXED1		0x487U
#define MSR_IA32_VMX_CR4_FIXED0		0x488U
#define MSR_IA32_VMX_CR4_FIXED1		0x489U
#define CR_QUAL_NUMBER(q)		((uint32_t)((q) & 0xFU))
#define CR_QUAL_TYPE(q)			((uint32_t)(((q) >> 4) & 0x3U))	/* 0: MOV to CR */
#define CR_ACCESS_MOV_TO		0U
#define CR_ACCESS_MOV_FROM		1U
#define CR_QUAL_GPR(q)			((uint32_t)(((q) >> 8) & 0xFU))
#define CR0_PE				(1ULL << 0)
#define CR0_NW				(1ULL << 29)
#define CR0_CD				(1ULL << 30)
#define CR0_PG				(1ULL << 31)
#define CR4_PAE				(1ULL << 5)
#define EFER_LME			(1ULL << 8)
#define EFER_LMA			(1ULL << 10)
#define UPPER_HALF			0xFFFFFFFF00000000ULL

static int refuse(struct vcpu *vcpu, const struct vmx_exit *exit, uint32_t cr, uint64_t value)
{
	vcpu_note_event(vcpu, "#GP injected for MOV to CR%u of 0x%lx at rip 0x%lx", cr, value,
			exit->rip);
	vmx_inject_exception(VECTOR_GP, 0);
	return VCPU_CONTINUE;
}

/* Paging on or off with EFER.LME set enters or leaves IA-32e mode (9.8.5). */
static void follow_long_mode(uint64_t old_cr0, uint64_t new_cr0)
{
	uint64_t efer = vmcs_read(VMCS_GUEST_IA32_EFER);

	if (!(efer & EFER_LME) || !((old_cr0 ^ new_cr0) & CR0_PG)) {
		return;
	}
	if (new_cr0 & CR0_PG) {
		vmcs_write(VMCS_GUEST_IA32_EFER, efer | EFER_LMA);
		vmcs_set_bits(VMCS_ENTRY_CONTROLS, ENTRY_IA32E_MODE_GUEST);
	} else {
		vmcs_write(VMCS_GUEST_IA32_EFER, efer & ~EFER_LMA);
		vmcs_clear_bits(VMCS_ENTRY_CONTROLS, ENTRY_IA32E_MODE_GUEST);
	}
}

/* The checks of MOV to CR0 (Vol. 2B): reserved bits, PG without PE, NW without CD, LME without PAE. */
static bool cr0_is_valid(uint64_t value)
{
	bool long_mode_without_pae = (value & CR0_PG) &&
				     (vmcs_read(VMCS_GUEST_IA32_EFER) & EFER_LME) &&
				     !(vmcs_read(VMCS_GUEST_CR4) & CR4_PAE);	/* not host-owned */

	return !(value & UPPER_HALF) && !((value & CR0_PG) && !(value & CR0_PE)) &&
	       !((value & CR0_NW) && !(value & CR0_CD)) && !long_mode_without_pae;
}

static int mov_to_cr0(struct vcpu *vcpu, const struct vmx_exit *exit, uint64_t value)
{
	uint64_t forced = rdmsr(MSR_IA32_VMX_CR0_FIXED0) & ~(CR0_PE | CR0_PG);
	uint64_t old = vmcs_read(VMCS_GUEST_CR0);

	if (!cr0_is_valid(value)) {
		return refuse(vcpu, exit, 0, value);
	}
	follow_long_mode(old, value);
	vmcs_write(VMCS_GUEST_CR0, (value | forced) & rdmsr(MSR_IA32_VMX_CR0_FIXED1));
	vmcs_write(VMCS_CR0_READ_SHADOW, value);
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

static int mov_to_cr4(struct vcpu *vcpu, const struct vmx_exit *exit, uint64_t value)
{
	uint64_t forced = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	uint64_t not_offered = vcpu->vmx.cr4_mask & ~forced;

	if ((value & not_offered) || (value & UPPER_HALF)) {
		return refuse(vcpu, exit, 4, value);
	}
	vmcs_write(VMCS_GUEST_CR4, (value | forced) & rdmsr(MSR_IA32_VMX_CR4_FIXED1));
	vmcs_write(VMCS_CR4_READ_SHADOW, value);
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

/*
 * CR8 = TPR[7:4] of the vCPU's APIC (SDM Vol. 3A 10.8.6.1); writing bits
 * 63:4 is #GP (Vol. 2B MOV CR).
 */
static int mov_cr8(struct vcpu *vcpu, const struct vmx_exit *exit, uint32_t type, uint32_t gpr)
{
	uint64_t *reg = &vcpu->vmx.regs.gpr[gpr];
	uint64_t value = gpr == GREG_RSP ? vmcs_read(VMCS_GUEST_RSP) : *reg;

	if (type == CR_ACCESS_MOV_FROM) {
		value = vcpu->lapic.tpr >> 4;
		if (gpr == GREG_RSP) {
			vmcs_write(VMCS_GUEST_RSP, value);
		} else {
			*reg = value;
		}
	} else if (value > 0xFU) {
		vcpu_note_event(vcpu, "#GP injected for MOV to CR8 of 0x%lx at rip 0x%lx", value,
				exit->rip);
		vmx_inject_exception(VECTOR_GP, 0);
		return VCPU_CONTINUE;
	} else {
		vcpu->lapic.tpr = (uint32_t)value << 4;
	}
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

int vmx_exit_cr_access(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	uint64_t q = exit->qualification;
	uint32_t cr = CR_QUAL_NUMBER(q), gpr = CR_QUAL_GPR(q);
	uint64_t value;

	if (cr == 8U && CR_QUAL_TYPE(q) <= CR_ACCESS_MOV_FROM) {
		return mov_cr8(vcpu, exit, CR_QUAL_TYPE(q), gpr);
	}
	if (CR_QUAL_TYPE(q) != 0U || (cr != 0U && cr != 4U)) {
		return vcpu_stop(vcpu, "control-register access not emulated (CR%u, access type %u), "
				 "rip 0x%lx", cr, CR_QUAL_TYPE(q), exit->rip);
	}
	value = gpr == GREG_RSP ? vmcs_read(VMCS_GUEST_RSP) : vcpu->vmx.regs.gpr[gpr];
	return cr == 0U ? mov_to_cr0(vcpu, exit, value) : mov_to_cr4(vcpu, exit, value);
}

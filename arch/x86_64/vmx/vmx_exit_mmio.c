/* SPDX-License-Identifier: MIT */
/*
 * EPT violations on emulated MMIO (docs/guest-platform.md).  The exit
 * gives the guest-physical address and the direction (SDM Vol. 3C
 * 27.2.1, table 27-7) but not the size, the register or the instruction's
 * length (27.2.5 defines the instruction length only for exits caused by
 * instructions), so the instruction is fetched through the guest's own
 * page tables (arch/x86_64/guest_paging.c) and decoded
 * (arch/x86_64/mmio_decode.c); the device on the VM's MMIO bus does the
 * access; RIP moves past the instruction.  Anything not understood stops
 * the VM with the address, the instruction bytes and RIP.
 */
#include "arch/x86_64/guest_paging.h"
#include "arch/x86_64/mmio_decode.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/vm.h"

#define EPT_QUAL_WRITE	(1ULL << 1)
#define EPT_QUAL_FETCH	(1ULL << 2)
#define EFER_LMA	(1ULL << 10)
#define AR_CS_L		(1U << 13)	/* 64-bit code segment (24.4.1, table 24-2) */
#define AR_CS_D		(1U << 14)

static int read_guest(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	return vm_gpa_read(ctx, gpa, dst, len);
}

/* 64-bit or 32-bit code; false for 16-bit code, which is not decoded. */
static bool code_mode(enum mmio_code_mode *mode)
{
	uint32_t cs_ar = (uint32_t)vmcs_read(VMCS_GUEST_ES_AR + 2U * SEG_CS);

	if ((vmcs_read(VMCS_GUEST_IA32_EFER) & EFER_LMA) && (cs_ar & AR_CS_L)) {
		*mode = MMIO_CODE_64;
		return true;
	}
	*mode = MMIO_CODE_32;
	return (vmcs_read(VMCS_GUEST_CR0) & 1U) && (cs_ar & AR_CS_D);
}

/* The instruction at CS:RIP, up to MMIO_INSN_MAX bytes: how many were fetched. */
static size_t fetch(struct vcpu *vcpu, enum mmio_code_mode mode, uint64_t rip, uint8_t *bytes)
{
	struct guest_paging pg = {
		.cr0 = vmcs_read(VMCS_GUEST_CR0), .cr3 = vmcs_read(VMCS_GUEST_CR3),
		.cr4 = vmcs_read(VMCS_GUEST_CR4), .efer = vmcs_read(VMCS_GUEST_IA32_EFER),
	};
	uint64_t linear = rip;

	if (mode == MMIO_CODE_32) {
		linear = (uint32_t)(vmcs_read(VMCS_GUEST_ES_BASE + 2U * SEG_CS) + rip);
	}
	return guest_fetch(&pg, read_guest, vcpu->vm, linear, bytes, MMIO_INSN_MAX);
}

/* RSP lives in the VMCS, the other registers in the saved block (vmx_regs.h). */
static uint64_t gpr_get(struct vcpu *vcpu, uint8_t reg)
{
	return reg == GREG_RSP ? vmcs_read(VMCS_GUEST_RSP) : vcpu->vmx.regs.gpr[reg];
}

static void gpr_set(struct vcpu *vcpu, uint8_t reg, uint64_t value)
{
	if (reg == GREG_RSP) {
		vmcs_write(VMCS_GUEST_RSP, value);
	} else {
		vcpu->vmx.regs.gpr[reg] = value;
	}
}

int vmx_exit_mmio(struct vcpu *vcpu, const struct vmx_exit *exit, uint64_t gpa)
{
	bool write = (exit->qualification & EPT_QUAL_WRITE) != 0U;
	uint8_t b[MMIO_INSN_MAX] = { 0 };
	enum mmio_code_mode mode;
	struct mmio_insn insn;
	uint64_t value = 0;

	if (exit->qualification & EPT_QUAL_FETCH) {
		return vcpu_stop(vcpu, "instruction fetch from device memory at GPA 0x%lx, "
				 "rip 0x%lx", gpa, exit->rip);
	}
	if (!code_mode(&mode)) {
		return vcpu_stop(vcpu, "MMIO %s at GPA 0x%lx from 16-bit code (not emulated), "
				 "rip 0x%lx", write ? "write" : "read", gpa, exit->rip);
	}
	if (mmio_decode(b, fetch(vcpu, mode, exit->rip, b), mode, &insn) != 0 ||
	    insn.is_write != write) {
		return vcpu_stop(vcpu, "MMIO %s at GPA 0x%lx by an instruction not emulated "
				 "(%02x %02x %02x %02x %02x), rip 0x%lx", write ? "write" : "read",
				 gpa, b[0], b[1], b[2], b[3], b[4], exit->rip);
	}
	if (write) {
		value = mmio_store_value(&insn, gpr_get(vcpu, insn.reg));
	}
	if (!vm_mmio_access(&vcpu->vm->mmio, gpa, insn.size, !write, &value)) {
		return vcpu_stop(vcpu, "MMIO %s of %u bytes at GPA 0x%lx runs past its device, "
				 "rip 0x%lx", write ? "write" : "read", insn.size, gpa, exit->rip);
	}
	if (!write) {
		gpr_set(vcpu, insn.reg, mmio_load_result(&insn, mode, gpr_get(vcpu, insn.reg), value));
	}
	vmx_skip_bytes(insn.length);
	return VCPU_CONTINUE;
}

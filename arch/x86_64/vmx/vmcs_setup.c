/* SPDX-License-Identifier: MIT */
/*
 * Filling a vCPU's VMCS on the CPU that will run it: controls from the
 * TRUE_* capability MSRs (SDM Vol. 3D A.3-A.5), host state from this CPU's
 * tables (Vol. 3C 24.5, checked by 26.2.2-26.2.4), guest state for a
 * real-mode or 64-bit start (24.4, checked by 26.3.1).  Runs of VMCS writes
 * with no decisions are long by nature (style rule 7).
 */
#include <errno.h>
#include <stdio.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/vm.h"

#define MSR_IA32_SYSENTER_CS		0x174U
#define MSR_IA32_SYSENTER_ESP		0x175U
#define MSR_IA32_SYSENTER_EIP		0x176U
#define MSR_IA32_PAT			0x277U
#define MSR_IA32_FS_BASE		0xC0000100U
#define MSR_IA32_VMX_MISC		0x485U
#define MSR_IA32_VMX_CR0_FIXED0		0x486U
#define MSR_IA32_VMX_CR0_FIXED1		0x487U
#define MSR_IA32_VMX_CR4_FIXED0		0x488U
#define MSR_IA32_VMX_CR4_FIXED1		0x489U
#define VMX_MISC_TIMER_RATE(m)		((uint32_t)((m) & 0x1FU))	/* A.6 */

#define CR0_PE		(1ULL << 0)
#define CR0_ET		(1ULL << 4)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define CR4_VMXE	(1ULL << 13)
#define CR4_SMXE	(1ULL << 14)
#define CR4_OSXSAVE	(1ULL << 18)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)
#define PAT_POWER_ON	0x0007040600070406ULL	/* SDM Vol. 3A 11.12.4 */
#define DR7_INIT	0x400ULL
#define RFLAGS_FIXED	0x2ULL

/* Access rights (24.4.1, table 24-2): type, S, DPL, P, AVL, L, D/B, G. */
#define AR_CODE16	0x009BU		/* execute/read, accessed, present */
#define AR_DATA16	0x0093U		/* read/write, accessed, present */
#define AR_CODE64	0xA09BU		/* + L, G */
#define AR_DATA32	0xC093U		/* + D/B, G */
#define AR_TSS_BUSY	0x008BU		/* 32/64-bit busy TSS, present */
#define SEL_GUEST_CODE	0x08U
#define SEL_GUEST_DATA	0x10U
#define CR3_TARGETS_INVALID	5U	/* more than the 4 allowed (26.2.1.1) */

struct vmx_controls {
	uint32_t pin, proc, proc2, exit, entry;
};

/*
 * One control field: what we want, forced to the allowed-0 settings and
 * limited to the allowed-1 settings of its capability MSR (A.3); the
 * `required` bits must survive.
 */
static int adjust(uint64_t cap, uint32_t want, uint32_t required, const char *name,
		  uint32_t *out, char *why, unsigned long why_len)
{
	uint32_t value = (want | (uint32_t)cap) & (uint32_t)(cap >> 32);

	if ((value & required) != required) {
		snprintf(why, why_len, "this CPU lacks %s control(s) 0x%x", name,
			 required & ~value);
		return -ENOTSUP;
	}
	*out = value;
	return 0;
}

static int choose_controls(const struct vmx_caps *caps, struct vmx_controls *c,
			   char *why, unsigned long n)
{
	const uint32_t pin = PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING;
	/* CR8 exits: CR8 is the guest APIC's TPR, not the host's (vmx_exit_cr.c). */
	const uint32_t proc = PROC_HLT_EXITING | PROC_USE_IO_BITMAPS | PROC_USE_MSR_BITMAPS |
			      PROC_ACTIVATE_SECONDARY | PROC_CR8_LOAD_EXITING |
			      PROC_CR8_STORE_EXITING;
	const uint32_t proc2 = PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST;
	const uint32_t exit = EXIT_HOST_ADDRESS_SPACE_SIZE | EXIT_SAVE_IA32_EFER |
			      EXIT_LOAD_IA32_EFER;
	const uint32_t entry = ENTRY_LOAD_IA32_EFER;

	/* Wanted but optional: the preemption timer (time slices), VPID, RDTSCP, PAT. */
	return adjust(caps->pinbased, pin | PIN_PREEMPTION_TIMER, pin, "pin-based", &c->pin,
		      why, n) ?:
	       adjust(caps->procbased, proc | PROC_MWAIT_EXITING | PROC_MONITOR_EXITING |
		      PROC_RDPMC_EXITING, proc, "processor-based", &c->proc, why, n) ?:
	       adjust(caps->procbased2, proc2 | PROC2_ENABLE_VPID | PROC2_ENABLE_RDTSCP, proc2,
		      "secondary processor-based", &c->proc2, why, n) ?:
	       adjust(caps->exit_ctls, exit | EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT, exit,
		      "VM-exit", &c->exit, why, n) ?:
	       adjust(caps->entry_ctls, entry | ENTRY_LOAD_IA32_PAT, entry, "VM-entry",
		      &c->entry, why, n);
}

static void write_controls(struct vcpu *vcpu, const struct vmx_controls *c)
{
	struct vmx_vcpu *v = &vcpu->vmx;

	vmcs_write(VMCS_PIN_CONTROLS, c->pin);
	vmcs_write(VMCS_PROC_CONTROLS, c->proc);
	vmcs_write(VMCS_PROC_CONTROLS2, c->proc2);
	vmcs_write(VMCS_EXIT_CONTROLS, c->exit);
	vmcs_write(VMCS_ENTRY_CONTROLS, c->entry);
	vmcs_write(VMCS_EXCEPTION_BITMAP, 0);	/* the guest handles its own exceptions */
	vmcs_write(VMCS_PF_ERROR_MASK, 0);
	vmcs_write(VMCS_PF_ERROR_MATCH, 0);
	vmcs_write(VMCS_CR3_TARGET_COUNT, 0);
	/* one area, stored on exit and loaded on entry (vmx.h, guest_msrs);
	 * TSC_AUX, the last, exists only where RDTSCP does */
	uint32_t msrs = c->proc2 & PROC2_ENABLE_RDTSCP ? VMX_GUEST_MSRS : VMX_GUEST_MSRS - 1U;

	vmcs_write(VMCS_EXIT_MSR_STORE_COUNT, msrs);
	vmcs_write(VMCS_EXIT_MSR_STORE_ADDR, (uintptr_t)v->guest_msrs);
	vmcs_write(VMCS_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_ENTRY_MSR_LOAD_COUNT, msrs);
	vmcs_write(VMCS_ENTRY_MSR_LOAD_ADDR, (uintptr_t)v->guest_msrs);
	vmcs_write(VMCS_ENTRY_INTR_INFO, 0);
	vmcs_write(VMCS_TSC_OFFSET, 0);
	vmcs_write(VMCS_IO_BITMAP_A, vmx_io_bitmap_a());
	vmcs_write(VMCS_IO_BITMAP_B, vmx_io_bitmap_b());
	vmcs_write(VMCS_MSR_BITMAP, vmx_msr_bitmap());
	vmcs_write(VMCS_EPT_POINTER, ept_pointer(&vcpu->vm->ept));
	if (c->proc2 & PROC2_ENABLE_VPID) {
		vmcs_write(VMCS_VPID, v->vpid);
	}
	v->preemption_timer = (c->pin & PIN_PREEMPTION_TIMER) != 0U;
	v->preemption_shift = VMX_MISC_TIMER_RATE(rdmsr(MSR_IA32_VMX_MISC));
}

static void write_host_state(void)
{
	extern const char vmx_exit_stub[];
	struct percpu *cpu = this_cpu();
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	vmcs_write(VMCS_HOST_CR0, read_cr0());
	vmcs_write(VMCS_HOST_CR3, read_cr3());
	vmcs_write(VMCS_HOST_CR4, read_cr4());
	vmcs_write(VMCS_HOST_CS_SELECTOR, SEL_CODE);
	vmcs_write(VMCS_HOST_SS_SELECTOR, SEL_DATA);
	vmcs_write(VMCS_HOST_DS_SELECTOR, SEL_DATA);
	vmcs_write(VMCS_HOST_ES_SELECTOR, SEL_DATA);
	vmcs_write(VMCS_HOST_FS_SELECTOR, 0);
	vmcs_write(VMCS_HOST_GS_SELECTOR, 0);
	vmcs_write(VMCS_HOST_TR_SELECTOR, SEL_TSS);
	vmcs_write(VMCS_HOST_FS_BASE, rdmsr(MSR_IA32_FS_BASE));
	vmcs_write(VMCS_HOST_GS_BASE, rdmsr(MSR_IA32_GS_BASE));	/* this_cpu() */
	vmcs_write(VMCS_HOST_TR_BASE, (uintptr_t)&cpu->tss);
	vmcs_write(VMCS_HOST_GDTR_BASE, (uintptr_t)cpu->gdt);
	vmcs_write(VMCS_HOST_IDTR_BASE, idtr.base);
	vmcs_write(VMCS_HOST_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS));
	vmcs_write(VMCS_HOST_SYSENTER_ESP, rdmsr(MSR_IA32_SYSENTER_ESP));
	vmcs_write(VMCS_HOST_SYSENTER_EIP, rdmsr(MSR_IA32_SYSENTER_EIP));
	vmcs_write(VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	vmcs_write(VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_write(VMCS_HOST_RIP, (uintptr_t)vmx_exit_stub);
	/* HOST_RSP is written by vmx_enter_guest() before every entry. */
}

static void write_segment(enum vmcs_segment seg, uint16_t selector, uint64_t base,
			  uint32_t limit, uint32_t access_rights)
{
	uint32_t i = 2U * (uint32_t)seg;

	vmcs_write(VMCS_GUEST_ES_SELECTOR + i, selector);
	vmcs_write(VMCS_GUEST_ES_BASE + i, base);
	vmcs_write(VMCS_GUEST_ES_LIMIT + i, limit);
	vmcs_write(VMCS_GUEST_ES_AR + i, access_rights);
}

/*
 * CR0 and CR4 the guest asks for, with the bits VMX operation forces
 * (A.7, A.8) set underneath.  With unrestricted guest, PE and PG are the
 * guest's own (26.3.1.1).  Forced bits and the features the guest's CPUID
 * does not offer are owned by the host: the guest reads them from the
 * shadows and a write that would change them exits.
 */
static void write_control_registers(struct vmx_vcpu *v, uint64_t cr0, uint64_t cr4)
{
	uint64_t cr0_forced = rdmsr(MSR_IA32_VMX_CR0_FIXED0) & ~(CR0_PE | CR0_PG);
	uint64_t cr4_forced = rdmsr(MSR_IA32_VMX_CR4_FIXED0);

	v->cr0_mask = (uint32_t)cr0_forced;
	v->cr4_mask = (uint32_t)(cr4_forced | CR4_VMXE | CR4_SMXE | CR4_OSXSAVE);
	vmcs_write(VMCS_GUEST_CR0, (cr0 | cr0_forced) & rdmsr(MSR_IA32_VMX_CR0_FIXED1));
	vmcs_write(VMCS_GUEST_CR4, (cr4 | cr4_forced) & rdmsr(MSR_IA32_VMX_CR4_FIXED1));
	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, v->cr0_mask);
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, v->cr4_mask);
	vmcs_write(VMCS_CR0_READ_SHADOW, cr0);
	vmcs_write(VMCS_CR4_READ_SHADOW, cr4);
}

/* Real mode at CS:IP with flat 64 KiB segments, as after a reset (SDM Vol. 3A 9.1.1). */
static void write_guest_real(struct vcpu *vcpu)
{
	const struct vcpu_boot *b = &vcpu->boot;

	for (enum vmcs_segment s = SEG_ES; s <= SEG_GS; s++) {
		write_segment(s, 0, 0, 0xFFFF, AR_DATA16);
	}
	write_segment(SEG_CS, b->cs_selector, (uint64_t)b->cs_selector << 4, 0xFFFF, AR_CODE16);
	write_control_registers(&vcpu->vmx, CR0_ET, 0);
	vmcs_write(VMCS_GUEST_CR3, 0);
	vmcs_write(VMCS_GUEST_IA32_EFER, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0x3FF);	/* the real-mode IVT at 0 */
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, 0xFFFF);
}

/* 64-bit mode with paging on the loader's page tables and flat GDT. */
static void write_guest_long(struct vcpu *vcpu)
{
	const struct vcpu_boot *b = &vcpu->boot;

	/* The loader's own GDT layout (Linux: __BOOT_CS 0x10, __BOOT_DS 0x18)
	 * or the flat one of hv/vm_image.c. */
	uint16_t cs = b->cs_selector != 0 ? b->cs_selector : SEL_GUEST_CODE;
	uint16_t ds = b->ds_selector != 0 ? b->ds_selector : SEL_GUEST_DATA;

	for (enum vmcs_segment s = SEG_ES; s <= SEG_GS; s++) {
		write_segment(s, ds, 0, 0xFFFFFFFFU, AR_DATA32);
	}
	write_segment(SEG_CS, cs, 0, 0xFFFFFFFFU, AR_CODE64);
	write_control_registers(&vcpu->vmx, CR0_PE | CR0_ET | CR0_PG, CR4_PAE);
	vmcs_write(VMCS_GUEST_CR3, b->cr3);
	vmcs_write(VMCS_GUEST_IA32_EFER, EFER_LME | EFER_LMA);
	vmcs_set_bits(VMCS_ENTRY_CONTROLS, ENTRY_IA32E_MODE_GUEST);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, b->gdt_limit != 0 ? b->gdt_limit : 3U * 8U - 1U);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0);
}

/* What every start shares: TR, LDTR, RIP/RSP/RFLAGS and the "as at reset" fields. */
static void write_guest_common(struct vcpu *vcpu)
{
	const struct vcpu_boot *b = &vcpu->boot;

	write_segment(SEG_LDTR, 0, 0, 0, AR_UNUSABLE);
	write_segment(SEG_TR, 0, 0, 0xFFFF, AR_TSS_BUSY);	/* must be usable (26.3.1.2) */
	vmcs_write(VMCS_GUEST_GDTR_BASE, b->mode == VCPU_MODE_LONG ? b->gdt_base : 0);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_RIP, b->rip);
	vmcs_write(VMCS_GUEST_RSP, b->rsp);
	vmcs_write(VMCS_GUEST_RFLAGS, RFLAGS_FIXED);
	vmcs_write(VMCS_GUEST_DR7, DR7_INIT);
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_IA32_PAT, PAT_POWER_ON);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, 0);	/* active */
	vmcs_write(VMCS_GUEST_PENDING_DBG, 0);
	vmcs_write(VMCS_LINK_POINTER, ~0ULL);		/* no shadow VMCS (26.3.1.5) */
	vcpu->vmx.regs.gpr[GREG_RSI] = b->rsi;
}

int vmcs_setup(struct vcpu *vcpu, char *why, unsigned long why_len)
{
	struct vmx_controls c;
	int err = choose_controls(&this_cpu()->vmx, &c, why, why_len);

	if (err != 0) {
		return err;
	}
	write_controls(vcpu, &c);
	write_host_state();
	if (vcpu->boot.mode == VCPU_MODE_LONG) {
		write_guest_long(vcpu);
	} else {
		write_guest_real(vcpu);
	}
	write_guest_common(vcpu);
	if (vcpu->boot.test_fault == VCPU_ENTRY_BAD_CONTROL) {
		vmcs_write(VMCS_CR3_TARGET_COUNT, CR3_TARGETS_INVALID);
	} else if (vcpu->boot.test_fault == VCPU_ENTRY_BAD_GUEST_STATE) {
		vmcs_write(VMCS_GUEST_RFLAGS, 0);	/* bit 1 must be 1 (26.3.1.4) */
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * The VT-x back end as the rest of the firmware sees it: VMX root operation
 * on every CPU, and per-vCPU VMX state (VMCS, guest registers, FPU area).
 * hv/ reaches VT-x only through this header; nothing here knows about VMs
 * beyond the struct vcpu it is handed.
 */
#ifndef VMANHV_ARCH_VMX_VMX_H
#define VMANHV_ARCH_VMX_VMX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/vmx/ept.h"
#include "arch/x86_64/vmx/vmx_regs.h"

struct vcpu;
struct cpuid_regs;

/* Basic exit reasons 0-69 (SDM Vol. 3C appendix C); the dispatch table's size. */
#define VMX_EXIT_REASON_COUNT	70U

/*
 * VMXON on every online CPU (the BSP itself, the APs through their command
 * mailbox), then one console line: `vmx: on, N/M CPUs in VMX root
 * operation` or why not.  Without VMX (CPUID) it does nothing and prints
 * nothing: the summary line already said management-only mode.
 */
void vmx_enable_all_cpus(void);
/* An AP's half of it (smp.c, CPU_CMD_VMX_ON). */
void vmx_cpu_on_command(void);
/* Whether CPU `index` is in VMX root operation. */
bool vmx_cpu_is_on(uint32_t index);
/* Why VMs cannot run on this machine, or NULL when they can (on some CPU). */
const char *vmx_unavailable_reason(void);
/* A CPUID feature leaf (subleaf 0) as every vCPU sees it after reset
 * (vmx_cpuid.c's allow-list over this CPU's CPUID): hv_guest_cpu_features(). */
struct cpuid_regs vmx_cpuid_offered(uint32_t leaf);
/* The name of a basic exit reason ("CPUID", "I/O instruction", ...). */
const char *vmx_exit_reason_name(uint32_t reason);

/* Per-vCPU VMX state, embedded in struct vcpu (hv/vcpu.h). */
/* An entry of a VM-entry MSR-load or VM-exit MSR-store area (SDM Vol. 3C 24.7.2). */
struct vmx_msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};

/*
 * The MSRs a 64-bit guest kernel sets for SYSCALL and SWAPGS (STAR, LSTAR,
 * CSTAR, SFMASK, KERNEL_GS_BASE), and RDTSCP's TSC_AUX (Linux keeps its CPU
 * number there).  The guest reads
 * and writes them without exits; every VM exit stores them into the vCPU's
 * area and every entry loads them back from it, so a vCPU never sees what
 * another left in the CPU.  The host uses none of them (no SYSCALL, no
 * SWAPGS, no RDTSCP), so it needs no values of its own back.
 */
#define VMX_GUEST_MSRS	6U	/* the last, TSC_AUX, only when RDTSCP is enabled */

struct vmx_vcpu {
	void *vmcs;			/* 4 KiB, revision-stamped */
	struct guest_regs regs;		/* GPRs and CR2 while the guest is out */
	bool launched;			/* VMLAUNCH done: VMRESUME from now on */
	bool loaded;			/* VMPTRLD done on the owning CPU */
	uint16_t vpid;
	uint32_t cr0_mask, cr4_mask;	/* bits the guest sees through the shadows */
	uint32_t preemption_shift;	/* timer ticks = TSC >> shift (IA32_VMX_MISC[4:0]) */
	bool preemption_timer;		/* the pin control is on */
	bool window_exiting;		/* interrupt-window exiting is on (24.6.2) */
	uint64_t slice_end;		/* TSC at which the current slice ends */
	uint64_t exits[VMX_EXIT_REASON_COUNT];	/* per basic exit reason */
	uint8_t fpu[512] __attribute__((aligned(16)));	/* FXSAVE area (SDM Vol. 1 10.5.1) */
	struct vmx_msr_entry guest_msrs[VMX_GUEST_MSRS] __attribute__((aligned(16)));
};

/* The indexes of guest_msrs, in order. */
extern const uint32_t vmx_guest_msr_index[VMX_GUEST_MSRS];

/* Allocate the VMCS (any CPU).  0 or -ENOMEM. */
int vmx_vcpu_create(struct vmx_vcpu *v, uint16_t vpid);
/*
 * On the CPU that will run it: VMCLEAR, VMPTRLD, write every VMCS field
 * (controls, host state, guest state from the vCPU's boot state, EPT),
 * flush EPT and VPID translations.  0, or -EIO with `why` filled.
 */
int vmx_vcpu_load(struct vcpu *vcpu, char *why, unsigned long why_len);
/*
 * Enter the guest once and handle the exit.  Returns what the run loop
 * does next (enum vcpu_exit_action, hv/vcpu.h).
 */
int vmx_vcpu_run_once(struct vcpu *vcpu, uint64_t slice_tsc);
/* On the owning CPU once the vCPU will never run again: VMCLEAR. */
void vmx_vcpu_unload(struct vmx_vcpu *v);
/* Free the VMCS (after unload; harmless when never created). */
void vmx_vcpu_destroy(struct vmx_vcpu *v);
/* "N (I/O instruction 40, CPUID 1, HLT 1)": exit counts per basic reason, in words. */
void vmx_exit_summary(const uint64_t counts[VMX_EXIT_REASON_COUNT], char *buf, size_t len);

#endif

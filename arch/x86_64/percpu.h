/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU state.  Each CPU finds its own struct percpu through GS.base
 * (IA32_GS_BASE), set once when the CPU comes up; no CPU writes another's
 * except through the fields documented as cross-CPU below.
 */
#ifndef VMANHV_ARCH_PERCPU_H
#define VMANHV_ARCH_PERCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/vmx/vmx_caps.h"

#define MAX_CPUS		64U
#define CPU_STACK_SIZE		(32U * 1024U)
#define CPU_IST_STACK_SIZE	(16U * 1024U)
#define GDT_ENTRIES		5U	/* null, code, data, TSS (two slots) */

#define SEL_CODE		0x08U
#define SEL_DATA		0x10U
#define SEL_TSS			0x18U

/* 64-bit TSS (SDM Vol. 3A 8.7). */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

enum cpu_command {
	CPU_CMD_NONE = 0,
	CPU_CMD_FAULT_TEST,	/* take a deliberate page fault (fault=pagefault) */
	CPU_CMD_VMX_ON,		/* enter VMX root operation (arch/x86_64/vmx/vmx_on.c) */
	CPU_CMD_RUN_VCPUS,	/* run the vCPUs queued on this CPU (hv/vcpu.c) */
};

struct percpu {
	struct percpu *self;		/* at offset 0: read through %gs:0 */
	uint32_t index;			/* 0 = bootstrap processor */
	uint32_t apic_id;
	uint64_t gdt[GDT_ENTRIES];
	struct tss64 tss;
	uint8_t *stack;			/* CPU_STACK_SIZE bytes */
	uint8_t *ist_stack;		/* CPU_IST_STACK_SIZE bytes, exceptions */
	struct vmx_caps vmx;
	/* Cross-CPU: written by the owner, read by others. */
	volatile bool online;
	volatile bool stopped;
	/* Cross-CPU: written by the BSP, read and cleared by the owner. */
	volatile enum cpu_command command;
};

extern struct percpu cpus[MAX_CPUS];

static inline struct percpu *this_cpu(void)
{
	struct percpu *cpu;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(cpu));
	return cpu;
}

/* Before GS is set (very early boot) this reports CPU 0. */
uint32_t cpu_current_index(void);

void percpu_init(struct percpu *cpu, uint32_t index, uint32_t apic_id);
void cpu_load_tables(struct percpu *cpu);
void cpu_enable_fpu(void);

#endif

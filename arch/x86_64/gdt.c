/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU GDT and TSS.  Long mode ignores segment bases and limits for CS,
 * DS and SS; the GDT exists to hold the code segment and the TSS, whose IST1
 * gives every CPU a known-good stack for exceptions (SDM Vol. 3A 6.14.5).
 */
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/percpu.h"

struct percpu cpus[MAX_CPUS];

static bool gs_ready;

uint32_t cpu_current_index(void)
{
	return gs_ready ? this_cpu()->index : 0U;
}

static void tss_descriptor(uint64_t *slot, const struct tss64 *tss)
{
	uint64_t base = (uint64_t)(uintptr_t)tss;
	uint64_t limit = sizeof(*tss) - 1U;

	/* Type 9 = available 64-bit TSS, present (SDM Vol. 3A 8.2.3). */
	slot[0] = (limit & 0xFFFFULL) | ((base & 0xFFFFFFULL) << 16) | (0x89ULL << 40) |
		  (((limit >> 16) & 0xFULL) << 48) | (((base >> 24) & 0xFFULL) << 56);
	slot[1] = base >> 32;
}

void percpu_init(struct percpu *cpu, uint32_t index, uint32_t apic_id)
{
	memset(cpu, 0, sizeof(*cpu));
	cpu->self = cpu;
	cpu->index = index;
	cpu->apic_id = apic_id;
}

void cpu_load_tables(struct percpu *cpu)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr;

	cpu->gdt[0] = 0;
	cpu->gdt[1] = 0x00AF9A000000FFFFULL;	/* 64-bit code, DPL 0 */
	cpu->gdt[2] = 0x00CF92000000FFFFULL;	/* data, DPL 0 */
	cpu->tss.ist[IST_EXCEPTION - 1] = (uint64_t)(uintptr_t)(cpu->ist_stack + CPU_IST_STACK_SIZE);
	cpu->tss.iomap_base = sizeof(cpu->tss);	/* no I/O permission bitmap */
	tss_descriptor(&cpu->gdt[3], &cpu->tss);

	gdtr.limit = sizeof(cpu->gdt) - 1U;
	gdtr.base = (uint64_t)(uintptr_t)cpu->gdt;
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(gdtr), "i"(SEL_CODE), "r"(SEL_DATA), "r"(SEL_TSS)
			 : "rax", "memory");
	wrmsr(MSR_IA32_GS_BASE, (uint64_t)(uintptr_t)cpu);
	gs_ready = true;
	idt_load();
}

/*
 * The third-party libraries are built without -mgeneral-regs-only, so SSE
 * must work on every CPU: CR0.EM=0, CR0.MP=1, CR4.OSFXSR and OSXMMEXCPT
 * (SDM Vol. 3A 13.1.3).
 */
void cpu_enable_fpu(void)
{
	uint64_t cr0 = read_cr0();

	cr0 &= ~(CR0_EM | CR0_TS);
	cr0 |= CR0_MP | CR0_NE;
	write_cr0(cr0);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
}

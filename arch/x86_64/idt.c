/* SPDX-License-Identifier: MIT */
/*
 * The interrupt descriptor table, shared by all CPUs.  Exceptions (0-31)
 * run on the CPU's IST1 stack so that even a stack overflow can be reported;
 * interrupts run on the current stack.
 */
#include <stddef.h>

#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"

#define IDT_VECTORS		256U
#define GATE_INTERRUPT		0x8EU	/* present, DPL 0, 64-bit interrupt gate */
#define EXCEPTION_VECTORS	32U

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

extern const uint64_t isr_stub_table[IDT_VECTORS];

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static irq_handler_fn irq_handlers[IDT_VECTORS];

void idt_init(void)
{
	for (uint32_t v = 0; v < IDT_VECTORS; v++) {
		uint64_t addr = isr_stub_table[v];

		idt[v].offset_low = (uint16_t)addr;
		idt[v].selector = SEL_CODE;
		idt[v].ist = v < EXCEPTION_VECTORS ? IST_EXCEPTION : 0U;
		idt[v].type_attr = GATE_INTERRUPT;
		idt[v].offset_mid = (uint16_t)(addr >> 16);
		idt[v].offset_high = (uint32_t)(addr >> 32);
		idt[v].reserved = 0;
	}
}

void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1U, (uint64_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void idt_set_handler(uint8_t vector, irq_handler_fn handler)
{
	irq_handlers[vector] = handler;
}

void trap_dispatch(struct trap_frame *frame)
{
	irq_handler_fn handler;

	if (frame->vector < EXCEPTION_VECTORS) {
		exception_report(frame);
	}
	handler = irq_handlers[frame->vector & 0xFFU];
	if (handler != NULL) {
		handler(frame);
	}
	/* The spurious vector must not be acknowledged (SDM Vol. 3A 11.9). */
	if (frame->vector != VECTOR_SPURIOUS) {
		lapic_eoi();
	}
}

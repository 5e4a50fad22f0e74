/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_ARCH_IDT_H
#define VMANHV_ARCH_IDT_H

#include <stdint.h>

#define IST_EXCEPTION		1U	/* TSS IST slot for CPU exceptions */

/* Interrupt vectors the firmware owns (0-31 are exceptions). */
#define VECTOR_LAPIC_TIMER	0x40U
#define VECTOR_WAKEUP		0xF0U	/* IPI: look at percpu.command */
#define VECTOR_SPURIOUS		0xFFU

/* What the common interrupt stub saves; the order matches isr.S. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

typedef void (*irq_handler_fn)(struct trap_frame *frame);

void idt_init(void);
void idt_load(void);
void idt_set_handler(uint8_t vector, irq_handler_fn handler);
void trap_dispatch(struct trap_frame *frame);
void exception_report(const struct trap_frame *frame) __attribute__((noreturn));
/* Read EXCEPTION_TEST_ADDRESS, which is never mapped (fault=pagefault). */
void exception_provoke_page_fault(void);

#define EXCEPTION_TEST_ADDRESS	0x00007FDEAD000000ULL

#endif

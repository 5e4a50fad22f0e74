/* SPDX-License-Identifier: MIT */
/*
 * Application-processor start-up code.  smp.c copies it to TRAMPOLINE_ADDR
 * (below 1 MiB, page aligned) and points the SIPI there, so an AP starts
 * here in real mode with CS = TRAMPOLINE_ADDR >> 4, IP = 0 (SDM Vol. 3A
 * 8.4.4).  It goes to protected mode, then long mode on the boot page
 * tables, and jumps to ap_entry with its stack and struct percpu pointer,
 * which smp.c wrote into the data block at the end.
 */
#include "arch/x86_64/smp_layout.h"

#define REL(x)		((x) - ap_trampoline)
#define ABS(x)		(TRAMPOLINE_ADDR + REL(x))

	.section .ap_trampoline, "a"
	.code16
	.globl ap_trampoline
ap_trampoline:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	REL(tramp_gdt_ptr)
	movl	%cr0, %eax
	orl	$1, %eax			/* CR0.PE */
	movl	%eax, %cr0
	ljmpl	$0x08, $ABS(tramp_pm32)

	.code32
tramp_pm32:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$(1 << 5), %eax			/* CR4.PAE */
	movl	%eax, %cr4
	movl	ABS(tramp_cr3), %eax
	movl	%eax, %cr3
	movl	$0xC0000080, %ecx		/* IA32_EFER.LME */
	rdmsr
	orl	$(1 << 8), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(1 << 31), %eax		/* CR0.PG */
	movl	%eax, %cr0
	ljmpl	$0x18, $ABS(tramp_lm64)

	.code64
tramp_lm64:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movq	ABS(tramp_stack), %rsp
	movq	ABS(tramp_cpu), %rdi
	xorq	%rbp, %rbp
	movq	ABS(tramp_entry), %rax
	jmp	*%rax

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00CF9A000000FFFF		/* 0x08: 32-bit code */
	.quad	0x00CF92000000FFFF		/* 0x10: data */
	.quad	0x00AF9A000000FFFF		/* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdt_ptr:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	ABS(tramp_gdt)

	/* Filled in by smp.c for each AP; offsets checked there. */
	.balign 8
	.globl ap_trampoline_data
ap_trampoline_data:
tramp_cr3:	.quad 0
tramp_stack:	.quad 0
tramp_cpu:	.quad 0
tramp_entry:	.quad 0

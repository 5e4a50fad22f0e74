/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception entry stubs, one per vector.  Each pushes a dummy
 * error code where the CPU pushes none (SDM Vol. 3A 6.13, table 6-1), then
 * its vector, and joins isr_common, which saves the general registers into
 * a struct trap_frame (arch/x86_64/idt.h) and calls trap_dispatch().
 */
	.text
	.code64

.macro ISR_STUB vec
	.balign 16
isr_stub_\vec:
	.if (\vec == 8) || (\vec == 10) || (\vec == 11) || (\vec == 12) || (\vec == 13) || (\vec == 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	isr_common
.endm

.altmacro
.macro ISR_STUB_N n
	ISR_STUB %n
.endm
.macro ISR_ADDR n
	.quad	isr_stub_\n
.endm
.macro ISR_ADDR_N n
	ISR_ADDR %n
.endm

	.set i, 0
	.rept 256
	ISR_STUB_N i
	.set i, i + 1
	.endr

isr_common:
	cld
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	call	trap_dispatch
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.globl isr_stub_table
isr_stub_table:
	.set i, 0
	.rept 256
	ISR_ADDR_N i
	.set i, i + 1
	.endr

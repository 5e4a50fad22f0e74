/* SPDX-License-Identifier: MIT */
/*
 * triple: loads an empty interrupt vector table (limit 0) and executes UD2.
 * Delivering #UD overruns the IDT limit (#GP), so does #GP (#DF), so does
 * #DF: a triple fault (SDM Vol. 3A 6.15, interrupt 8), which stops the VM.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
	lidtl	empty_idt
	ud2
	jmp	halt

	.balign 8
empty_idt:
	.word	0
	.long	0

notice:	.asciz "triple: empty IDT, then UD2\r\n"

	GUEST_LIBRARY

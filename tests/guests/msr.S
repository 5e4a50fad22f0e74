/* SPDX-License-Identifier: MIT */
/*
 * msr: writes IA32_FEATURE_CONTROL (0x3a), which the guest sees locked:
 * #GP, whose handler prints "gp" and halts.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$13, %ax		/* #GP */
	movw	$gp_handler, %bx
	call	set_vector
	movw	$notice, %si
	call	puts
	movl	$0x3a, %ecx
	movl	$0x5, %eax		/* lock + VMXON outside SMX */
	xorl	%edx, %edx
	wrmsr
	movw	$returned, %si
	call	puts
	jmp	halt

gp_handler:
	movw	$gp, %si
	call	puts
	jmp	halt

notice:		.asciz "msr: writing IA32_FEATURE_CONTROL\r\n"
returned:	.asciz "wrmsr returned\r\n"
gp:		.asciz "gp\r\n"

	GUEST_LIBRARY

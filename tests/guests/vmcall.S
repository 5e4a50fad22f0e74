/* SPDX-License-Identifier: MIT */
/*
 * vmcall: executes VMCALL.  vmanhv offers no hypercalls, so the guest gets
 * #UD, as on a CPU without VMX; its #UD handler prints "ud" and halts.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$6, %ax			/* #UD */
	movw	$ud_handler, %bx
	call	set_vector
	movw	$notice, %si
	call	puts
	vmcall
	movw	$returned, %si
	call	puts
	jmp	halt

ud_handler:
	movw	$ud, %si
	call	puts
	jmp	halt

notice:		.asciz "vmcall: calling the hypervisor\r\n"
returned:	.asciz "vmcall returned\r\n"
ud:		.asciz "ud\r\n"

	GUEST_LIBRARY

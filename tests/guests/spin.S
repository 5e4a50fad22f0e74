/* SPDX-License-Identifier: MIT */
/*
 * spin: loops forever with interrupts off and never exits on its own.
 * Only the VMX preemption timer takes its CPU back, so a guest queued on
 * the same CPU still runs; `exit` stops it by request after its wait.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
1:	jmp	1b

notice:	.asciz "spin: looping forever\r\n"

	GUEST_LIBRARY

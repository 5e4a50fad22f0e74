/* SPDX-License-Identifier: MIT */
/*
 * hello: greets on COM1, asks CPUID leaf 0x40000000 who the hypervisor
 * is and prints the answer, then halts.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$greeting, %si
	call	puts
	movl	$0x40000000, %eax
	cpuid
	movl	%ebx, signature
	movl	%ecx, signature + 4
	movl	%edx, signature + 8
	movw	$hv_is, %si
	call	puts
	movw	$signature, %si
	call	puts
	movw	$newline, %si
	call	puts
	jmp	halt

greeting:	.asciz "hello from guest\r\n"
hv_is:		.asciz "hypervisor: "
newline:	.asciz "\r\n"
signature:	.fill 13, 1, 0

	GUEST_LIBRARY

/* SPDX-License-Identifier: MIT */
/*
 * io: reads the PCI configuration ports 0xcf8 and 0xcfc.  The VM has no
 * PCI: the hypervisor stops it at the first access, naming the port.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
	movw	$0xcf8, %dx
	inl	%dx, %eax
	movw	$0xcfc, %dx
	inl	%dx, %eax
	movw	$returned, %si
	call	puts
	jmp	halt

notice:		.asciz "io: reading ports 0xcf8 and 0xcfc\r\n"
returned:	.asciz "io returned\r\n"

	GUEST_LIBRARY

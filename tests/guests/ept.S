/* SPDX-License-Identifier: MIT */
/*
 * ept: switches to 32-bit protected mode (flat segments) and writes to
 * 0x10000000, far outside its 2 MiB of RAM: the hypervisor must stop it
 * with an EPT violation naming that address.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
	lgdtl	gdt_descriptor
	movl	%cr0, %eax
	orb	$1, %al			/* CR0.PE */
	movl	%eax, %cr0
	ljmpl	$0x08, $protected

	.code32
protected:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	$0xdeadbeef, 0x10000000
	cli				/* not reached */
1:	hlt
	jmp	1b

	.balign 8
gdt:
	.quad	0
	.quad	0x00CF9A000000FFFF	/* 0x08: 32-bit code, flat */
	.quad	0x00CF92000000FFFF	/* 0x10: data, flat */
gdt_descriptor:
	.word	3 * 8 - 1
	.long	gdt

	.code16
notice:	.asciz "ept: writing to 0x10000000, outside my RAM\r\n"

	GUEST_LIBRARY

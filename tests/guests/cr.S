/* SPDX-License-Identifier: MIT */
/*
 * cr: sets CR0.NE (a bit VMX forces, so the write exits and the hypervisor
 * keeps it in the guest's shadow) and reads it back, then sets CR4.OSXSAVE,
 * which its CPUID does not offer: #GP, whose handler prints "gp" and halts.
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
	movl	%cr0, %eax
	testl	$0x20, %eax		/* NE reads 0 at start: the shadow */
	jnz	fail
	orl	$0x20, %eax
	movl	%eax, %cr0
	movl	%cr0, %eax
	testl	$0x20, %eax
	jz	fail
	movw	$ne_set, %si
	call	puts
	movl	%cr4, %eax
	orl	$0x40000, %eax		/* OSXSAVE */
	movl	%eax, %cr4
	movw	$returned, %si
	call	puts
	jmp	halt

fail:
	movw	$wrong, %si
	call	puts
	jmp	halt

gp_handler:
	movw	$gp, %si
	call	puts
	jmp	halt

ne_set:		.asciz "cr: CR0.NE set and read back\r\n"
returned:	.asciz "cr: CR4.OSXSAVE set?!\r\n"
wrong:		.asciz "cr: CR0.NE wrong\r\n"
gp:		.asciz "gp\r\n"

	GUEST_LIBRARY

/* SPDX-License-Identifier: MIT */
/*
 * apic (hostile): writes its x2APIC ICR with a reserved delivery mode
 * (011b): #GP (SDM Vol. 3A 10.12.1.2), whose handler prints "gp" and steps
 * over the WRMSR; then sends INIT to itself, the BSP: vmanhv does not
 * emulate a reset, so the VM stops naming the INIT.
 */
	.include "lib16.inc"
	.include "apic16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$13, %ax		/* #GP */
	movw	$gp_handler, %bx
	call	set_vector
	APIC_ENABLE
	movw	$reserved, %si
	call	puts
	APIC_WRITE MSR_APIC_ICR, 0x4340, 0	/* delivery mode 3: reserved */
	movw	$init_self, %si
	call	puts
	APIC_WRITE MSR_APIC_ICR, 0x4500, 0	/* INIT, assert, to x2APIC id 0: me */
	movw	$returned, %si
	call	puts
	jmp	halt

/* Print "gp" and return past the 2-byte WRMSR (real mode: IP, CS, FLAGS on the stack). */
gp_handler:
	pushw	%bp
	movw	%sp, %bp
	addw	$2, 2(%bp)
	popw	%bp
	pushw	%si
	movw	$gp, %si
	call	puts
	popw	%si
	iret

reserved:	.asciz "apic: ICR with a reserved delivery mode\r\n"
init_self:	.asciz "apic: INIT to myself\r\n"
returned:	.asciz "apic: INIT returned\r\n"
gp:		.asciz "gp\r\n"

	GUEST_LIBRARY
	APIC_LIBRARY

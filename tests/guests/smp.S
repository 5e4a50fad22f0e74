/* SPDX-License-Identifier: MIT */
/*
 * smp (run with 2 vCPUs, `guest=smp:2`): the BSP starts the AP with
 * INIT-SIPI-SIPI (SDM Vol. 3A 8.4.4.1) at 0x2000 (SIPI vector 2); the AP
 * says who it is and sends IPI 0x40 to the BSP; then the BSP sends IPI
 * 0x41 to the AP ROUNDS times, each answered by an IPI 0x40 back.  The
 * BSP prints both counts and halts.  One IVT serves both (shared RAM).
 */
	.include "lib16.inc"
	.include "apic16.inc"

#define ROUNDS		10
#define VECTOR_BSP	0x40
#define VECTOR_AP	0x41
#define AP_STACK	0x0e00

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$VECTOR_BSP, %ax
	movw	$bsp_ipi, %bx
	call	set_vector
	movw	$VECTOR_AP, %ax
	movw	$ap_ipi, %bx
	call	set_vector
	movw	$0xff, %ax
	movw	$spurious, %bx
	call	set_vector
	movw	$starting, %si
	call	puts
	APIC_ENABLE
	APIC_WRITE MSR_APIC_ICR, 0x4500, 1	/* INIT, assert, to x2APIC id 1 */
	APIC_WRITE MSR_APIC_ICR, 0x4602, 1	/* SIPI, vector 2: 0200:0000 */
	APIC_WRITE MSR_APIC_ICR, 0x4602, 1	/* the second SIPI (8.4.4.1) */
	sti
	movl	$1, %ebx		/* the AP's "I am up" */
	call	wait_for_bsp_ipis
ping:
	APIC_WRITE MSR_APIC_ICR, (0x4000 | VECTOR_AP), 1
	movl	rounds, %ebx
	addl	$2, %ebx
	call	wait_for_bsp_ipis
	incl	rounds
	cmpl	$ROUNDS, rounds
	jb	ping
	cli
	movw	$ap_took, %si
	call	puts
	movl	ap_count, %eax
	call	print_dec
	movw	$from_bsp, %si
	call	puts
	movw	$bsp_took, %si
	call	puts
	movl	bsp_count, %eax
	call	print_dec
	movw	$from_ap, %si
	call	puts
	jmp	halt

/* Halt until bsp_count >= EBX; the check and HLT are one STI shadow apart. */
wait_for_bsp_ipis:
1:	cli
	cmpl	%ebx, bsp_count
	jae	2f
	sti
	hlt
	jmp	1b
2:	sti
	ret

bsp_ipi:
	pushal
	incl	bsp_count
	APIC_EOI
	popal
	iret

/* On the AP: count, answer the BSP. */
ap_ipi:
	pushal
	incl	ap_count
	APIC_WRITE MSR_APIC_ICR, (0x4000 | VECTOR_BSP), 0
	APIC_EOI
	popal
	iret

starting:	.asciz "smp: BSP sends INIT-SIPI-SIPI to x2APIC id 1\r\n"
ap_up:		.asciz "smp: AP up, x2APIC id "
newline:	.asciz "\r\n"
ap_took:	.asciz "smp: AP took "
from_bsp:	.asciz " IPIs from the BSP\r\n"
bsp_took:	.asciz "smp: BSP took "
from_ap:	.asciz " IPIs from the AP\r\n"
	.balign 4
bsp_count:	.long 0
ap_count:	.long 0
rounds:		.long 0

	GUEST_LIBRARY
	APIC_LIBRARY

/* The AP starts here, at 0200:0000 = physical 0x2000 (the image is loaded at 0x1000). */
	.org 0x1000
ap_entry:
	ljmp	$0, $ap_main
ap_main:
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$AP_STACK, %sp
	APIC_ENABLE
	movw	$ap_up, %si
	call	puts
	movl	$MSR_APIC_ID, %ecx
	rdmsr
	call	print_dec
	movw	$newline, %si
	call	puts
	APIC_WRITE MSR_APIC_ICR, (0x4000 | VECTOR_BSP), 0
	sti
1:	hlt
	jmp	1b

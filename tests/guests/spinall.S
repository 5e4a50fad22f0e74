/* SPDX-License-Identifier: MIT */
/*
 * spinall: every vCPU loops forever with interrupts off.  The BSP wakes
 * the others with INIT-SIPI-SIPI to all but itself (ICR shorthand 11b,
 * SDM Vol. 3A 10.6.1, 8.4.4.1) at 0x2000 (SIPI vector 2), then spins too.
 * Only the VMX preemption timer takes a CPU back from it: the scheduler's
 * proof (tests/integration/test_scheduler.py) measures how much CPU each
 * busy vCPU gets under its VM's Weight and Limit.
 */
	.include "lib16.inc"
	.include "apic16.inc"

#define AP_STACK	0x0e00

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
	APIC_ENABLE
	APIC_WRITE MSR_APIC_ICR, 0xc4500	/* INIT, assert, all excluding self */
	APIC_WRITE MSR_APIC_ICR, 0xc4602	/* SIPI, vector 2: 0200:0000 */
	APIC_WRITE MSR_APIC_ICR, 0xc4602	/* the second SIPI (8.4.4.1) */
	cli
1:	jmp	1b

notice:	.asciz "spinall: every vCPU loops forever\r\n"

	GUEST_LIBRARY
	APIC_LIBRARY

/* The APs start here, at 0200:0000 = physical 0x2000 (the image is loaded at 0x1000). */
	.org 0x1000
ap_entry:
	cli
2:	jmp	2b

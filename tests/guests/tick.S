/* SPDX-License-Identifier: MIT */
/*
 * tick (lifecycle tests, docs/vmx.md): prints `tick: start`, then
 * `tick N` every PERIOD_MS of TSC time (rate from CPUID 0x40000010),
 * N = 1, 2, ... forever.  It also sends INIT-SIPI-SIPI to x2APIC id 1:
 * with `guest=tick:2` the AP says `tock: AP up` and prints `tock N` at the
 * same rate; with one vCPU nobody is addressed and the IPIs go nowhere.
 * The counters show a pause (a gap, then N + 1) from a reset (start and
 * 1 again).  Both vCPUs write COM1 under a lock, so lines stay whole.
 */
	.include "lib16.inc"
	.include "apic16.inc"

#define PERIOD_MS	200
#define AP_STACK	0x0e00

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$started, %si
	call	locked_puts
	call	tsc_period
	APIC_ENABLE
	APIC_WRITE MSR_APIC_ICR, 0x4500, 1	/* INIT, assert, to x2APIC id 1 */
	APIC_WRITE MSR_APIC_ICR, 0x4602, 1	/* SIPI, vector 2: 0200:0000 */
	APIC_WRITE MSR_APIC_ICR, 0x4602, 1	/* the second SIPI (SDM Vol. 3A 8.4.4.1) */
	movw	$bsp_next, %bx
	movw	$bsp_count, %di
	movw	$tick, %si
	jmp	marker_loop

/* period = TSC ticks in PERIOD_MS (EAX of CPUID 0x40000010 is the TSC in kHz). */
tsc_period:
	movl	$0x40000010, %eax
	cpuid
	movl	$PERIOD_MS, %ebx
	mull	%ebx
	movl	%eax, period
	movl	%edx, period + 4
	ret

/*
 * Forever: wait for the deadline at BX (8 bytes, first set to now), count
 * at DI, print the marker at SI with the count.  Busy-waits on RDTSC: the
 * vCPU uses its slices, as a guest computing would.
 */
marker_loop:
	rdtsc
	movl	%eax, (%bx)
	movl	%edx, 4(%bx)
1:	call	wait_deadline
	incl	(%di)
	call	take_lock
	pushw	%si
	call	puts
	popw	%si
	movl	(%di), %eax
	call	print_dec
	pushw	%si
	movw	$newline, %si
	call	puts
	popw	%si
	movw	$0, uart_lock
	jmp	1b

/* Until TSC >= the deadline at BX, then move it on by one period. */
wait_deadline:
1:	rdtsc
	subl	(%bx), %eax
	sbbl	4(%bx), %edx
	jb	1b
	movl	period, %eax
	addl	%eax, (%bx)
	movl	period + 4, %eax
	adcl	%eax, 4(%bx)
	ret

take_lock:
1:	lock btsw $0, uart_lock
	jc	1b
	ret

locked_puts:
	call	take_lock
	call	puts
	movw	$0, uart_lock
	ret

started:	.asciz "tick: start\r\n"
ap_up:		.asciz "tock: AP up\r\n"
tick:		.asciz "tick "
tock:		.asciz "tock "
newline:	.asciz "\r\n"
	.balign 8
period:		.quad 0
bsp_next:	.quad 0
ap_next:	.quad 0
bsp_count:	.long 0
ap_count:	.long 0
uart_lock:	.word 0

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
	movw	$ap_up, %si
	call	locked_puts
	movw	$ap_next, %bx
	movw	$ap_count, %di
	movw	$tock, %si
	jmp	marker_loop

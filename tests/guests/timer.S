/* SPDX-License-Identifier: MIT */
/*
 * timer: its x2APIC timer in periodic mode at 100 Hz (the rate of the
 * timer's input clock from CPUID 0x40000010 EBX), counts the interrupts
 * while halting, and every 200 ms of TSC time (rate from EAX) prints
 * `timer: N ticks in 200 ms`; after 5 periods it stops the timer, arms
 * a TSC-deadline interrupt 50 ms ahead (LVT mode 10b, IA32_TSC_DEADLINE),
 * halts until it arrives and prints how late it came, then halts.
 */
	.include "lib16.inc"
	.include "apic16.inc"

#define VECTOR_TIMER	0x30
#define VECTOR_DEADLINE	0x32	/* its own vector: a late periodic tick cannot pass for it */
#define RATE_HZ		100
#define PERIOD_MS	200
#define PERIODS		5
#define DEADLINE_MS	50

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$VECTOR_TIMER, %ax
	movw	$tick, %bx
	call	set_vector
	movw	$VECTOR_DEADLINE, %ax
	movw	$deadline_tick, %bx
	call	set_vector
	movw	$0xff, %ax
	movw	$spurious, %bx
	call	set_vector
	movl	$0x40000010, %eax	/* EAX: TSC kHz, EBX: APIC timer kHz */
	cpuid
	movl	%eax, tsc_khz
	movl	%ebx, bus_khz
	movw	$starting, %si
	call	puts
	APIC_ENABLE
	APIC_WRITE MSR_APIC_TIMER_DIV, 0xb	/* divide by 1 */
	APIC_WRITE MSR_APIC_LVT_TIMER, (0x20000 | VECTOR_TIMER)	/* periodic */
	movl	bus_khz, %eax		/* kHz * 1000 / RATE_HZ counts per interrupt */
	movl	$(1000 / RATE_HZ), %ebx
	mull	%ebx
	movl	$MSR_APIC_TIMER_INIT, %ecx
	xorl	%edx, %edx
	wrmsr
	movl	tsc_khz, %eax		/* TSC ticks per period */
	movl	$PERIOD_MS, %ebx
	mull	%ebx
	movl	%eax, period
	movl	%edx, period + 4
	rdtsc
	call	next_period
	sti
wait:
	hlt
	rdtsc				/* a period over when TSC >= next */
	subl	next, %eax
	sbbl	next + 4, %edx
	jb	wait
	cli
	call	report
	incw	periods
	cmpw	$PERIODS, periods
	je	done
	movl	next, %eax
	movl	next + 4, %edx
	call	next_period
	sti
	jmp	wait
done:
	APIC_WRITE MSR_APIC_TIMER_INIT, 0
	APIC_WRITE MSR_APIC_LVT_TIMER, (0x40000 | VECTOR_DEADLINE)	/* TSC-deadline mode */
	movl	tsc_khz, %eax		/* deadline = now + DEADLINE_MS */
	movl	$DEADLINE_MS, %ebx
	mull	%ebx
	movl	%eax, period
	movl	%edx, period + 4
	rdtsc
	call	next_period
	movl	next, %eax
	movl	next + 4, %edx
	movl	$0x6e0, %ecx		/* IA32_TSC_DEADLINE */
	wrmsr
	sti
1:	hlt
	cmpb	$0, deadline_hit
	je	1b
	cli
	rdtsc				/* (TSC - deadline) in microseconds */
	subl	next, %eax
	sbbl	next + 4, %edx
	jb	early
	movl	$1000, %ebx
	mull	%ebx
	divl	tsc_khz
	movl	%eax, %ebx
	movw	$deadline, %si
	call	puts
	movl	%ebx, %eax
	call	print_dec
	movw	$late, %si
	call	puts
	jmp	finish
early:
	movw	$too_early, %si
	call	puts
finish:
	movw	$finished, %si
	call	puts
	jmp	halt

/* next = EDX:EAX + period. */
next_period:
	addl	period, %eax
	adcl	period + 4, %edx
	movl	%eax, next
	movl	%edx, next + 4
	ret

/* `timer: N ticks in 200 ms`, N counted since the last report. */
report:
	movw	$prefix, %si
	call	puts
	movl	ticks, %eax
	movl	%eax, %ebx
	subl	last, %eax
	movl	%ebx, last
	call	print_dec
	movw	$suffix, %si
	call	puts
	ret

deadline_tick:
	pushal
	movb	$1, deadline_hit
	APIC_EOI
	popal
	iret

tick:
	pushal
	incl	ticks
	APIC_EOI
	popal
	iret

starting:	.asciz "timer: x2APIC timer at 100 Hz, periodic\r\n"
prefix:		.asciz "timer: "
suffix:		.asciz " ticks in 200 ms\r\n"
finished:	.asciz "timer: done\r\n"
deadline:	.asciz "timer: TSC deadline interrupt "
late:		.asciz " us after the deadline\r\n"
too_early:	.asciz "timer: TSC deadline interrupt before the deadline\r\n"
	.balign 4
tsc_khz:	.long 0
bus_khz:	.long 0
ticks:		.long 0
last:		.long 0
period:		.quad 0
next:		.quad 0
periods:	.word 0
deadline_hit:	.byte 0

	GUEST_LIBRARY
	APIC_LIBRARY

/* SPDX-License-Identifier: MIT */
/*
 * timer: its x2APIC timer in periodic mode at 100 Hz (the rate of the
 * timer's input clock from CPUID 0x40000010 EBX), counts the interrupts
 * while halting, and every 200 ms of TSC time (rate from EAX) prints
 * `timer: N ticks in 200 ms`; after 5 periods it stops the timer and halts.
 */
	.include "lib16.inc"
	.include "apic16.inc"

#define VECTOR_TIMER	0x30
#define RATE_HZ		100
#define PERIOD_MS	200
#define PERIODS		5

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$VECTOR_TIMER, %ax
	movw	$tick, %bx
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
	.balign 4
tsc_khz:	.long 0
bus_khz:	.long 0
ticks:		.long 0
last:		.long 0
period:		.quad 0
next:		.quad 0
periods:	.word 0

	GUEST_LIBRARY
	APIC_LIBRARY

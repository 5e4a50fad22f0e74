/* SPDX-License-Identifier: MIT */
/*
 * One-shot timers on the BSP's LAPIC timer.  A sorted list of deadlines;
 * the LAPIC counts down to the earliest one.  Timers are armed and fired
 * on the BSP only, with interrupts off while the list changes.
 */
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "hv/clock.h"

static struct timer *pending;

static void timer_program(void)
{
	uint64_t now, ticks;

	if (pending == NULL) {
		lapic_timer_stop();
		return;
	}
	now = clock_now_us();
	ticks = pending->deadline_us > now ? (pending->deadline_us - now) * clock_lapic_khz() / 1000U : 1U;
	/* A far deadline is reached in steps of the counter's range. */
	if (ticks > UINT32_MAX) {
		ticks = UINT32_MAX;
	}
	lapic_timer_oneshot(ticks == 0U ? 1U : (uint32_t)ticks, VECTOR_LAPIC_TIMER);
}

static void timer_interrupt(struct trap_frame *frame)
{
	uint64_t now = clock_now_us();

	(void)frame;
	while (pending != NULL && pending->deadline_us <= now) {
		struct timer *t = pending;

		pending = t->next;
		t->armed = false;
		t->fn(t);
	}
	timer_program();
}

void timer_init(void)
{
	idt_set_handler(VECTOR_LAPIC_TIMER, timer_interrupt);
}

static void unlink_timer(struct timer *timer)
{
	for (struct timer **p = &pending; *p != NULL; p = &(*p)->next) {
		if (*p == timer) {
			*p = timer->next;
			break;
		}
	}
	timer->armed = false;
}

void timer_arm(struct timer *timer, uint64_t delay_us, timer_fn fn)
{
	uint64_t flags = irq_save();
	struct timer **p = &pending;

	if (timer->armed) {
		unlink_timer(timer);
	}
	timer->deadline_us = clock_now_us() + delay_us;
	timer->fn = fn;
	while (*p != NULL && (*p)->deadline_us <= timer->deadline_us) {
		p = &(*p)->next;
	}
	timer->next = *p;
	*p = timer;
	timer->armed = true;
	timer_program();
	irq_restore(flags);
}

void timer_cancel(struct timer *timer)
{
	uint64_t flags = irq_save();

	if (timer->armed) {
		unlink_timer(timer);
		timer_program();
	}
	irq_restore(flags);
}

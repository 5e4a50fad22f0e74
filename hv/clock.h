/* SPDX-License-Identifier: MIT */
/*
 * The monotonic clock: the TSC, which starts at zero at reset and, on every
 * CPU we support, runs at a constant rate (invariant TSC, CPUID 80000007H
 * EDX bit 8).  Microseconds since reset, and one-shot timers on the BSP.
 */
#ifndef VMANHV_HV_CLOCK_H
#define VMANHV_HV_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

void clock_init(uint64_t tsc_khz, uint64_t lapic_khz);
uint64_t clock_tsc_khz(void);
/* LAPIC timer ticks per millisecond after its divide-by-16. */
uint64_t clock_lapic_khz(void);
uint64_t clock_tsc_to_us(uint64_t ticks);
/* Microseconds since reset. */
uint64_t clock_now_us(void);
void clock_delay_us(uint64_t us);
/* Microseconds since 1970 (UTC) once SNTP has set it, since reset before. */
uint64_t clock_wall_us(void);
/* SNTP's hook (mgmt/net/lwipopts.h). */
void vmanhv_wallclock_set(uint32_t unix_seconds, uint32_t microseconds);

struct timer;
typedef void (*timer_fn)(struct timer *timer);

struct timer {
	uint64_t deadline_us;
	timer_fn fn;
	struct timer *next;
	bool armed;
};

/* Install the LAPIC timer interrupt on this CPU (the BSP owns all timers). */
void timer_init(void);
/* Call fn(timer) from the timer interrupt once delay_us has passed. */
void timer_arm(struct timer *timer, uint64_t delay_us, timer_fn fn);
void timer_cancel(struct timer *timer);

#endif

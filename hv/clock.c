/* SPDX-License-Identifier: MIT */
#include "arch/x86_64/cpu.h"
#include "hv/clock.h"

static uint64_t tsc_khz;
static uint64_t lapic_khz;

void clock_init(uint64_t tsc_khz_measured, uint64_t lapic_khz_measured)
{
	tsc_khz = tsc_khz_measured;
	lapic_khz = lapic_khz_measured;
}

uint64_t clock_tsc_khz(void)
{
	return tsc_khz;
}

uint64_t clock_lapic_khz(void)
{
	return lapic_khz;
}

uint64_t clock_tsc_to_us(uint64_t ticks)
{
	if (tsc_khz == 0U) {
		return 0;
	}
	/* Split to avoid overflowing ticks * 1000 after ~200 days at 1 GHz. */
	return ticks / tsc_khz * 1000U + ticks % tsc_khz * 1000U / tsc_khz;
}

uint64_t clock_now_us(void)
{
	return clock_tsc_to_us(rdtsc());
}

void clock_delay_us(uint64_t us)
{
	uint64_t end = rdtsc() + us * tsc_khz / 1000U;

	while (rdtsc() < end) {
		cpu_relax();
	}
}

/*
 * Wall-clock time is the monotonic clock plus an offset that SNTP sets
 * (lwipopts.h: SNTP_SET_SYSTEM_TIME_US); until then it reads as time since
 * reset, i.e. 1970-01-01 plus uptime.
 */
static volatile uint64_t wall_offset_us;

void vmanhv_wallclock_set(uint32_t unix_seconds, uint32_t microseconds)
{
	uint64_t wall = (uint64_t)unix_seconds * 1000000U + microseconds;

	wall_offset_us = wall - clock_now_us();
}

uint64_t clock_wall_us(void)
{
	return clock_now_us() + wall_offset_us;
}

/* lwIP's clock (NO_SYS=1): milliseconds, wrapping at 2^32. */
uint32_t sys_now(void);
uint32_t sys_now(void)
{
	return (uint32_t)(clock_now_us() / 1000U);
}

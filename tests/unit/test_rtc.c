/* sources: hv/devices/rtc.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/rtc.c, the CMOS RTC, through its two ports as a guest uses
 * them (MC146818A register map), on a host clock the test sets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hv/devices/rtc.h"

static struct rtc rtc;
static uint64_t host_seconds;

static uint64_t host_clock(void *ctx)
{
	(void)ctx;
	return host_seconds;
}

static uint8_t rd(uint8_t reg)
{
	uint32_t index = reg, v = 0xDEAD;

	rtc_io(&rtc, 0, 1, false, &index);
	rtc_io(&rtc, 1, 1, true, &v);
	return (uint8_t)v;
}

static void wr(uint8_t reg, uint8_t byte)
{
	uint32_t index = reg, v = byte;

	rtc_io(&rtc, 0, 1, false, &index);
	rtc_io(&rtc, 1, 1, false, &v);
}

static int fresh(void **state)
{
	(void)state;
	/* 2026-11-26 02:06:46 UTC, a Thursday. */
	host_seconds = 1795658806ULL;
	rtc_init(&rtc, host_clock, NULL);
	return 0;
}

static void calendar_round_trips(void **state)
{
	int64_t y;
	unsigned int m, d;

	(void)state;
	assert_int_equal(rtc_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rtc_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(rtc_days_from_civil(2026, 11, 26), 20783);
	for (int64_t days = -800000; days < 800000; days += 997) {
		rtc_civil_from_days(days, &y, &m, &d);
		assert_int_equal(rtc_days_from_civil(y, m, d), days);
	}
	rtc_civil_from_days(rtc_days_from_civil(2024, 2, 29), &y, &m, &d);	/* leap day */
	assert_true(y == 2024 && m == 2 && d == 29);
}

static void bcd_24_hour_by_default(void **state)
{
	(void)state;
	assert_int_equal(rd(0x0B), 0x02);
	assert_int_equal(rd(0x00), 0x46);
	assert_int_equal(rd(0x02), 0x06);
	assert_int_equal(rd(0x04), 0x02);
	assert_int_equal(rd(0x06), 5);				/* Thursday: 1 = Sunday */
	assert_int_equal(rd(0x07), 0x26);
	assert_int_equal(rd(0x08), 0x11);
	assert_int_equal(rd(0x09), 0x26);
	assert_int_equal(rd(0x32), 0x20);
	host_seconds += 14;					/* the host's clock moves it */
	assert_int_equal(rd(0x00), 0x00);
	assert_int_equal(rd(0x02), 0x07);
}

static void binary_and_12_hour_forms(void **state)
{
	(void)state;
	host_seconds += 13 * 3600;				/* 15:06:46 */
	wr(0x0B, 0x04);						/* binary, 12-hour */
	assert_int_equal(rd(0x00), 46);
	assert_int_equal(rd(0x04), 0x80 | 3);			/* 3 PM */
	assert_int_equal(rd(0x09), 26);
	assert_int_equal(rd(0x32), 20);
	wr(0x0B, 0x00);						/* BCD, 12-hour */
	host_seconds -= 15 * 3600;				/* 00:06:46: 12 AM */
	assert_int_equal(rd(0x04), 0x12);
	host_seconds += 12 * 3600;				/* 12 PM */
	assert_int_equal(rd(0x04), 0x80 | 0x12);
}

static void guest_sets_the_time(void **state)
{
	(void)state;
	wr(0x09, 0x99);						/* year 2099 */
	assert_int_equal(rd(0x09), 0x99);
	assert_int_equal(rd(0x32), 0x20);
	assert_int_equal(rd(0x08), 0x11);			/* the rest stays */
	wr(0x04, 0x23);
	assert_int_equal(rd(0x04), 0x23);
	host_seconds += 3600;					/* and it keeps running */
	assert_int_equal(rd(0x04), 0x00);
	assert_int_equal(rd(0x07), 0x27);
	/* The host's time is untouched: a fresh RTC reads 2026. */
	rtc_init(&rtc, host_clock, NULL);
	assert_int_equal(rd(0x09), 0x26);
}

static void status_registers_and_ram(void **state)
{
	uint32_t v = 0;

	(void)state;
	assert_int_equal(rd(0x0A), 0x26);			/* never update-in-progress */
	wr(0x0A, 0xA6);
	assert_int_equal(rd(0x0A), 0x26);			/* UIP is read-only */
	assert_int_equal(rd(0x0C), 0);
	assert_int_equal(rd(0x0D), 0x80);			/* valid RAM and time */
	wr(0x0D, 0);
	assert_int_equal(rd(0x0D), 0x80);
	wr(0x10, 0x5A);
	wr(0x7F, 0xA5);
	assert_int_equal(rd(0x10), 0x5A);
	assert_int_equal(rd(0x7F), 0xA5);
	/* Bit 7 of the index is the NMI mask, not part of the index. */
	wr(0x80 | 0x10, 0x11);
	assert_int_equal(rd(0x10), 0x11);
	rtc_io(&rtc, 0, 1, true, &v);
	assert_int_equal(v, 0xFF);				/* the index port is write-only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calendar_round_trips),
		cmocka_unit_test_setup(bcd_24_hour_by_default, fresh),
		cmocka_unit_test_setup(binary_and_12_hour_forms, fresh),
		cmocka_unit_test_setup(guest_sets_the_time, fresh),
		cmocka_unit_test_setup(status_registers_and_ram, fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

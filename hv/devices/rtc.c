/* SPDX-License-Identifier: MIT */
/*
 * The CMOS RTC (hv/devices/rtc.h).  Register map and formats: MC146818A
 * data sheet, "Address map" and "Register B" (DM = binary, 24/12 hours);
 * the century byte at 0x32 is the one ACPI's FADT CENTURY field names.
 * Dates use the proleptic Gregorian calendar (days_from_civil and back,
 * the well-known era/day-of-era arithmetic).
 */
#include <stddef.h>
#include <string.h>

#include "hv/devices/rtc.h"

#define REG_SECONDS	0x00U
#define REG_MINUTES	0x02U
#define REG_HOURS	0x04U
#define REG_WEEKDAY	0x06U
#define REG_MONTH_DAY	0x07U
#define REG_MONTH	0x08U
#define REG_YEAR	0x09U
#define REG_A		0x0AU
#define REG_B		0x0BU
#define REG_C		0x0CU
#define REG_D		0x0DU
#define REG_CENTURY	0x32U
#define INDEX_MASK	0x7FU	/* bit 7 of port 0x70 is the NMI mask, not the index */
#define A_UIP		0x80U
#define B_DM_BINARY	0x04U
#define B_24_HOUR	0x02U
#define D_VRT		0x80U	/* RAM and time valid */
#define HOUR_PM		0x80U
#define SECONDS_PER_DAY	86400

struct rtc_time {
	int64_t year;
	unsigned int month, day, hour, minute, second, weekday;	/* weekday 1 = Sunday */
};

int64_t rtc_days_from_civil(int64_t year, unsigned int month, unsigned int day)
{
	int64_t y = year - (month <= 2U ? 1 : 0);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * ((int64_t)month + (month > 2U ? -3 : 9)) + 2) / 5 + (int64_t)day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void rtc_civil_from_days(int64_t days, int64_t *year, unsigned int *month, unsigned int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*day = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2U ? 1 : 0);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

static struct rtc_time time_from_seconds(int64_t t)
{
	int64_t days = floor_div(t, SECONDS_PER_DAY), secs = t - days * SECONDS_PER_DAY;
	struct rtc_time tm;

	rtc_civil_from_days(days, &tm.year, &tm.month, &tm.day);
	tm.hour = (unsigned int)(secs / 3600);
	tm.minute = (unsigned int)(secs / 60 % 60);
	tm.second = (unsigned int)(secs % 60);
	tm.weekday = (unsigned int)(((days % 7) + 11) % 7) + 1U;	/* 1970-01-01: Thursday */
	return tm;
}

static int64_t seconds_from_time(const struct rtc_time *tm)
{
	return rtc_days_from_civil(tm->year, tm->month, tm->day) * SECONDS_PER_DAY +
	       (int64_t)tm->hour * 3600 + (int64_t)tm->minute * 60 + tm->second;
}

static int64_t guest_now(const struct rtc *rtc)
{
	return (int64_t)rtc->clock(rtc->ctx) + rtc->offset;
}

void rtc_init(struct rtc *rtc, rtc_clock_fn clock, void *ctx)
{
	memset(rtc, 0, sizeof(*rtc));
	rtc->clock = clock;
	rtc->ctx = ctx;
	rtc->cmos[REG_A] = 0x26U;	/* 32.768 kHz time base, 1.024 kHz rate */
	rtc->cmos[REG_B] = B_24_HOUR;
	rtc->cmos[REG_D] = D_VRT;
}

static bool is_binary(const struct rtc *rtc)
{
	return (rtc->cmos[REG_B] & B_DM_BINARY) != 0U;
}

static uint8_t encode(const struct rtc *rtc, unsigned int v)
{
	return is_binary(rtc) ? (uint8_t)v : (uint8_t)(((v / 10U) << 4) | (v % 10U));
}

static unsigned int decode(const struct rtc *rtc, uint8_t v)
{
	return is_binary(rtc) ? v : (v >> 4) * 10U + (v & 0xFU);
}

/* 12-hour form: 12 AM is 12, 1 PM is 0x80 | 1 (data sheet table 3). */
static uint8_t encode_hour(const struct rtc *rtc, unsigned int hour)
{
	unsigned int h12;

	if (rtc->cmos[REG_B] & B_24_HOUR) {
		return encode(rtc, hour);
	}
	h12 = hour % 12U == 0U ? 12U : hour % 12U;
	return (uint8_t)(encode(rtc, h12) | (hour >= 12U ? HOUR_PM : 0U));
}

static unsigned int decode_hour(const struct rtc *rtc, uint8_t v)
{
	unsigned int h;

	if (rtc->cmos[REG_B] & B_24_HOUR) {
		return decode(rtc, v);
	}
	h = decode(rtc, v & (uint8_t)~HOUR_PM) % 12U;
	return h + ((v & HOUR_PM) ? 12U : 0U);
}

static uint8_t read_time(const struct rtc *rtc, uint8_t reg)
{
	struct rtc_time tm = time_from_seconds(guest_now(rtc));

	switch (reg) {
	case REG_SECONDS:
		return encode(rtc, tm.second);
	case REG_MINUTES:
		return encode(rtc, tm.minute);
	case REG_HOURS:
		return encode_hour(rtc, tm.hour);
	case REG_WEEKDAY:
		return encode(rtc, tm.weekday);
	case REG_MONTH_DAY:
		return encode(rtc, tm.day);
	case REG_MONTH:
		return encode(rtc, tm.month);
	case REG_YEAR:
		return encode(rtc, (unsigned int)(tm.year % 100));
	default:	/* REG_CENTURY */
		return encode(rtc, (unsigned int)(tm.year / 100));
	}
}

/* The guest sets one field: the offset to the host's clock moves so that it reads back. */
static void write_time(struct rtc *rtc, uint8_t reg, uint8_t v)
{
	struct rtc_time tm = time_from_seconds(guest_now(rtc));
	unsigned int value = reg == REG_HOURS ? decode_hour(rtc, v) : decode(rtc, v);

	switch (reg) {
	case REG_SECONDS:
		tm.second = value % 60U;
		break;
	case REG_MINUTES:
		tm.minute = value % 60U;
		break;
	case REG_HOURS:
		tm.hour = value % 24U;
		break;
	case REG_MONTH_DAY:
		tm.day = value == 0U ? 1U : value;
		break;
	case REG_MONTH:
		tm.month = value == 0U || value > 12U ? 1U : value;
		break;
	case REG_YEAR:
		tm.year = tm.year / 100 * 100 + value % 100U;
		break;
	case REG_CENTURY:
		tm.year = (int64_t)value * 100 + tm.year % 100;
		break;
	default:	/* REG_WEEKDAY: derived from the date */
		return;
	}
	rtc->offset = seconds_from_time(&tm) - (int64_t)rtc->clock(rtc->ctx);
}

static bool is_time_register(uint8_t reg)
{
	return reg == REG_SECONDS || reg == REG_MINUTES || reg == REG_HOURS ||
	       (reg >= REG_WEEKDAY && reg <= REG_YEAR) || reg == REG_CENTURY;
}

static uint8_t cmos_read(const struct rtc *rtc, uint8_t reg)
{
	if (is_time_register(reg)) {
		return read_time(rtc, reg);
	}
	if (reg == REG_A) {
		return rtc->cmos[REG_A] & (uint8_t)~A_UIP;	/* never mid-update: time is computed */
	}
	if (reg == REG_C) {
		return 0;	/* no interrupt flags: no alarm or periodic interrupt is emulated */
	}
	return rtc->cmos[reg];
}

static void cmos_write(struct rtc *rtc, uint8_t reg, uint8_t v)
{
	if (is_time_register(reg)) {
		write_time(rtc, reg, v);
	} else if (reg == REG_A) {
		rtc->cmos[REG_A] = v & (uint8_t)~A_UIP;
	} else if (reg != REG_C && reg != REG_D) {	/* C and D are read-only */
		rtc->cmos[reg] = v;
	}
}

void rtc_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value)
{
	struct rtc *rtc = device;

	if (offset == 0U) {
		if (is_read) {
			*value = 0xFFU;		/* the index port is write-only */
		} else {
			rtc->index = (uint8_t)(*value & INDEX_MASK);
		}
		return;
	}
	if (is_read) {
		*value = cmos_read(rtc, rtc->index);
	} else {
		cmos_write(rtc, rtc->index, (uint8_t)*value);
	}
}

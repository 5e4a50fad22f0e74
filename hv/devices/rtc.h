/* SPDX-License-Identifier: MIT */
/*
 * The CMOS real-time clock as a guest sees it (Motorola MC146818A data
 * sheet; the PC's index port 0x70, data port 0x71): time and date
 * registers 0x00-0x09 and the century at 0x32 (the byte ACPI's FADT names),
 * status A-D, and the rest of the 128 bytes as battery-backed RAM.  The
 * time is the host's clock (a callback giving Unix seconds) plus an offset
 * the guest sets by writing the time registers; binary or BCD and 12- or
 * 24-hour form as status B says.  No alarm or periodic interrupts: status
 * C reads 0 and the interrupt-enable bits of status B are kept but never
 * fire.  Portable: no firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_RTC_H
#define VMANHV_HV_DEVICES_RTC_H

#include <stdbool.h>
#include <stdint.h>

#define RTC_PORT_BASE	0x70U
#define RTC_PORTS	2U
#define RTC_CMOS_BYTES	128U

/* Seconds since 1970-01-01 00:00 UTC, from the host's clock. */
typedef uint64_t (*rtc_clock_fn)(void *ctx);

struct rtc {
	uint8_t index;			/* last value written to port 0x70, NMI bit cut */
	uint8_t cmos[RTC_CMOS_BYTES];	/* status registers and RAM; time lives below */
	int64_t offset;			/* guest time - host time, seconds */
	rtc_clock_fn clock;
	void *ctx;
};

/* Power-on state: 24-hour BCD (status B 0x02), divider 0x26, valid RAM (status D 0x80). */
void rtc_init(struct rtc *rtc, rtc_clock_fn clock, void *ctx);
/* A vm_io_fn (hv/vm_io.h) for ports 0x70-0x71: `device` is the struct rtc. */
void rtc_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value);

/* Calendar helpers, exported for the unit test: days since 1970-01-01 and back. */
int64_t rtc_days_from_civil(int64_t year, unsigned int month, unsigned int day);
void rtc_civil_from_days(int64_t days, int64_t *year, unsigned int *month, unsigned int *day);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Calibration against the 8254 PIT, whose 1.193182 MHz input is the one
 * clock every PC-compatible platform (and both emulators) agree on.
 * Channel 2 is gated by port 0x61 bit 0 and its OUT shows in port 0x61
 * bit 5, so it can be polled without interrupts (8254 data sheet, mode 0).
 */
#include <errno.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/pit.h"

#define PIT_HZ			1193182ULL
#define PIT_CH2_DATA		0x42U
#define PIT_COMMAND		0x43U
#define PORT_B			0x61U
#define PORT_B_GATE2		0x01U
#define PORT_B_SPEAKER		0x02U
#define PORT_B_OUT2		0x20U
#define PIT_CH2_MODE0_LOHI	0xB0U
#define CALIBRATE_MS		10U
#define CALIBRATE_RUNS		5U
#define CALIBRATE_SPIN_MAX	100000000U

#define PIC1_DATA		0x21U
#define PIC2_DATA		0xA1U

void pic_disable(void)
{
	outb(PIC1_DATA, 0xFF);
	outb(PIC2_DATA, 0xFF);
}

/* One 10 ms window of channel 2, measured with the TSC and the LAPIC timer. */
static int calibrate_once(struct clock_rates *out)
{
	uint16_t count = (uint16_t)(PIT_HZ * CALIBRATE_MS / 1000U);
	uint8_t portb = inb(PORT_B);
	uint64_t tsc0, tsc1;
	uint32_t lapic_left;
	uint32_t spins = 0;

	/* Gate low while programming, speaker off. */
	outb(PORT_B, (uint8_t)(portb & ~(PORT_B_GATE2 | PORT_B_SPEAKER)));
	outb(PIT_COMMAND, PIT_CH2_MODE0_LOHI);
	outb(PIT_CH2_DATA, (uint8_t)count);
	outb(PIT_CH2_DATA, (uint8_t)(count >> 8));

	lapic_timer_oneshot(UINT32_MAX, VECTOR_LAPIC_TIMER);
	tsc0 = rdtsc();
	outb(PORT_B, (uint8_t)((portb & ~PORT_B_SPEAKER) | PORT_B_GATE2));
	while (!(inb(PORT_B) & PORT_B_OUT2) && spins < CALIBRATE_SPIN_MAX) {
		spins++;
	}
	tsc1 = rdtsc();
	lapic_left = lapic_timer_current();
	lapic_timer_stop();
	outb(PORT_B, portb);
	if (spins >= CALIBRATE_SPIN_MAX) {
		return -EIO;
	}
	out->tsc_khz = (tsc1 - tsc0) / CALIBRATE_MS;
	out->lapic_khz = (UINT32_MAX - lapic_left) / CALIBRATE_MS;
	return out->tsc_khz != 0U && out->lapic_khz != 0U ? 0 : -EIO;
}

/*
 * The slowest of CALIBRATE_RUNS windows: an emulator (QEMU TCG on a busy
 * host) may stall the CPU in the middle of one, which then looks longer in
 * TSC ticks than 10 ms; a stall never makes a window look shorter, so the
 * smallest count is the truest (a single window once gave a 2.1 GHz TSC as
 * 4.9 GHz, and every time-out ran late by as much).
 */
int pit_calibrate(struct clock_rates *out)
{
	struct clock_rates best = { 0 }, r;

	for (unsigned i = 0; i < CALIBRATE_RUNS; i++) {
		int err = calibrate_once(&r);

		if (err != 0) {
			return err;
		}
		if (best.tsc_khz == 0U || r.tsc_khz < best.tsc_khz) {
			best = r;
		}
	}
	*out = best;
	return 0;
}

/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_ARCH_PIT_H
#define VMANHV_ARCH_PIT_H

#include <stdint.h>

struct clock_rates {
	uint64_t tsc_khz;
	uint64_t lapic_khz;	/* LAPIC timer ticks after its divide-by-16 */
};

/* Measure the TSC and LAPIC timer against PIT channel 2 (the slowest of a
 * few 10 ms windows); 0 or -EIO. */
int pit_calibrate(struct clock_rates *out);
/* Mask both 8259 PICs: the firmware uses the LAPIC only. */
void pic_disable(void);

#endif

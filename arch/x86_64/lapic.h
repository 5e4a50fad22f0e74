/* SPDX-License-Identifier: MIT */
/*
 * The local APIC of the running CPU, in xAPIC (MMIO) or x2APIC (MSR) mode,
 * whichever the platform firmware left it in (SDM Vol. 3A chapter 11).
 */
#ifndef VMANHV_ARCH_LAPIC_H
#define VMANHV_ARCH_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

void lapic_init(void);
uint32_t lapic_id(void);
bool lapic_x2apic_mode(void);
void lapic_eoi(void);
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, uint8_t vector_page);
void lapic_send_fixed(uint32_t apic_id, uint8_t vector);
/* One-shot timer: `count` ticks of the divided bus clock, then `vector`. */
void lapic_timer_oneshot(uint32_t count, uint8_t vector);
void lapic_timer_stop(void);
uint32_t lapic_timer_current(void);

#endif

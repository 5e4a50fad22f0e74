/* SPDX-License-Identifier: MIT */
/*
 * An I/O APIC with 24 pins at guest physical 0xFEC00000 (Intel 82093AA
 * datasheet: IOREGSEL at offset 0x00, IOWIN at 0x10, 32-bit accesses only;
 * registers ID 0x00, version 0x01, arbitration 0x02, the redirection table
 * at 0x10 + 2 * pin).  A pin's redirection entry turns its assertion into a
 * message to the local APICs (struct vlapic_ipi) through the `deliver`
 * callback: edge-triggered pins on a rising edge; level-triggered pins
 * while asserted and not waiting for an EOI (remote IRR), which the VM
 * passes on from the local APIC (ioapic_eoi).  Destinations are 8-bit
 * physical or logical APIC ids (entry bits 63:56).  Portable: no firmware
 * headers.
 */
#ifndef VMANHV_HV_DEVICES_IOAPIC_H
#define VMANHV_HV_DEVICES_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/devices/lapic.h"

#define IOAPIC_BASE_GPA		0xFEC00000ULL
#define IOAPIC_MMIO_SIZE	0x1000U
#define IOAPIC_PINS		24U

typedef void (*ioapic_deliver_fn)(void *ctx, const struct vlapic_ipi *message);

struct ioapic {
	uint32_t id;			/* bits 27:24 of register 0 */
	uint32_t index;			/* IOREGSEL */
	uint64_t redirection[IOAPIC_PINS];
	uint32_t asserted;		/* pin levels, one bit per pin */
	ioapic_deliver_fn deliver;
	void *ctx;
	uint64_t messages;		/* counter (style rule 19) */
};

/* Reset state: every pin masked, edge, fixed, vector 0. */
void ioapic_init(struct ioapic *ioapic, ioapic_deliver_fn deliver, void *ctx);
/*
 * A guest access at `offset` into the 4 KiB window: 0, or -EINVAL for an
 * access that is not 4 bytes at IOREGSEL or IOWIN (the datasheet allows
 * only those; reads elsewhere would be undefined).
 */
int ioapic_mmio(struct ioapic *ioapic, uint64_t offset, uint8_t size, bool is_write,
		uint32_t *value);
/* A device drives pin `pin` to `level` (true: asserted). */
void ioapic_set_pin(struct ioapic *ioapic, uint32_t pin, bool level);
/* A local APIC ended a level-triggered `vector`: clear remote IRR, deliver again if still high. */
void ioapic_eoi(struct ioapic *ioapic, uint8_t vector);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The I/O APIC (hv/devices/ioapic.h).  Redirection-entry layout: 82093AA
 * datasheet section 3.2.4 (vector 7:0, delivery mode 10:8, destination
 * mode 11, delivery status 12, polarity 13, remote IRR 14, trigger mode 15,
 * mask 16, destination 63:56).
 */
#include <errno.h>
#include <string.h>

#include "hv/devices/ioapic.h"

#define OFFSET_REGSEL		0x00U
#define OFFSET_WINDOW		0x10U
#define REG_ID			0x00U
#define REG_VERSION		0x01U
#define REG_ARBITRATION		0x02U
#define REG_REDIRECTION		0x10U
/* Version 0x20, maximum redirection entry 23 in bits 23:16. */
#define IOAPIC_VERSION		(0x20U | ((IOAPIC_PINS - 1U) << 16))
#define ID_MASK			(0xFU << 24)

#define RTE_VECTOR		0xFFULL
#define RTE_MODE_SHIFT		8U
#define RTE_LOGICAL		(1ULL << 11)
#define RTE_DELIVERY_STATUS	(1ULL << 12)
#define RTE_REMOTE_IRR		(1ULL << 14)
#define RTE_LEVEL		(1ULL << 15)
#define RTE_MASKED		(1ULL << 16)
#define RTE_DEST_SHIFT		56U
/* Writable: all but delivery status and remote IRR, and the reserved bits 55:17. */
#define RTE_WRITABLE		(0xFF00000000000000ULL | 0x1AFFFULL)

void ioapic_init(struct ioapic *ioapic, ioapic_deliver_fn deliver, void *ctx)
{
	memset(ioapic, 0, sizeof(*ioapic));
	for (uint32_t pin = 0; pin < IOAPIC_PINS; pin++) {
		ioapic->redirection[pin] = RTE_MASKED;
	}
	ioapic->deliver = deliver;
	ioapic->ctx = ctx;
}

/* Send pin's message to the local APICs; a level pin then waits for its EOI. */
static void send(struct ioapic *ioapic, uint32_t pin)
{
	uint64_t rte = ioapic->redirection[pin];
	struct vlapic_ipi message = {
		.mode = (enum vlapic_delivery)((rte >> RTE_MODE_SHIFT) & 7U),
		.shorthand = VLAPIC_DEST_FIELD,
		.vector = (uint8_t)(rte & RTE_VECTOR),
		.logical = (rte & RTE_LOGICAL) != 0U,
		.level_assert = true,
		.trigger_level = (rte & RTE_LEVEL) != 0U,
		.destination = (uint32_t)(rte >> RTE_DEST_SHIFT),
	};

	if (rte & RTE_LEVEL) {
		ioapic->redirection[pin] |= RTE_REMOTE_IRR;
	}
	ioapic->messages++;
	ioapic->deliver(ioapic->ctx, &message);
}

static bool may_send(const struct ioapic *ioapic, uint32_t pin)
{
	uint64_t rte = ioapic->redirection[pin];

	return !(rte & RTE_MASKED) && !(rte & RTE_REMOTE_IRR) &&
	       (ioapic->asserted & (1U << pin)) != 0U;
}

void ioapic_set_pin(struct ioapic *ioapic, uint32_t pin, bool level)
{
	bool was;

	if (pin >= IOAPIC_PINS) {
		return;
	}
	was = (ioapic->asserted >> pin) & 1U;
	ioapic->asserted = level ? ioapic->asserted | (1U << pin)
				 : ioapic->asserted & ~(1U << pin);
	if (!may_send(ioapic, pin)) {
		return;
	}
	/* Edge: the rising edge only.  Level: every time it is high and not in service. */
	if ((ioapic->redirection[pin] & RTE_LEVEL) || !was) {
		send(ioapic, pin);
	}
}

void ioapic_eoi(struct ioapic *ioapic, uint8_t vector)
{
	for (uint32_t pin = 0; pin < IOAPIC_PINS; pin++) {
		uint64_t rte = ioapic->redirection[pin];

		if ((rte & RTE_LEVEL) && (rte & RTE_REMOTE_IRR) && (rte & RTE_VECTOR) == vector) {
			ioapic->redirection[pin] &= ~RTE_REMOTE_IRR;
			if (may_send(ioapic, pin)) {
				send(ioapic, pin);
			}
		}
	}
}

static uint32_t read_register(const struct ioapic *ioapic)
{
	uint32_t reg = ioapic->index;

	if (reg == REG_ID || reg == REG_ARBITRATION) {
		return ioapic->id;
	}
	if (reg == REG_VERSION) {
		return IOAPIC_VERSION;
	}
	if (reg >= REG_REDIRECTION && reg < REG_REDIRECTION + 2U * IOAPIC_PINS) {
		uint64_t rte = ioapic->redirection[(reg - REG_REDIRECTION) / 2U];

		return (reg & 1U) ? (uint32_t)(rte >> 32) : (uint32_t)rte;
	}
	return 0;	/* unimplemented registers read 0 */
}

static void write_register(struct ioapic *ioapic, uint32_t value)
{
	uint32_t reg = ioapic->index, pin;
	uint64_t rte;

	if (reg == REG_ID) {
		ioapic->id = value & ID_MASK;
		return;
	}
	if (reg < REG_REDIRECTION || reg >= REG_REDIRECTION + 2U * IOAPIC_PINS) {
		return;		/* version and arbitration are read-only */
	}
	pin = (reg - REG_REDIRECTION) / 2U;
	rte = ioapic->redirection[pin];
	rte = (reg & 1U) ? (rte & 0xFFFFFFFFULL) | ((uint64_t)value << 32)
			 : (rte & ~0xFFFFFFFFULL) | value;
	ioapic->redirection[pin] = (rte & RTE_WRITABLE) |
				   (ioapic->redirection[pin] & (RTE_REMOTE_IRR | RTE_DELIVERY_STATUS));
	/* Unmasking a level pin that is high delivers it now. */
	if ((ioapic->redirection[pin] & RTE_LEVEL) && may_send(ioapic, pin)) {
		send(ioapic, pin);
	}
}

int ioapic_mmio(struct ioapic *ioapic, uint64_t offset, uint8_t size, bool is_write,
		uint32_t *value)
{
	if (size != 4U || (offset != OFFSET_REGSEL && offset != OFFSET_WINDOW)) {
		return -EINVAL;
	}
	if (offset == OFFSET_REGSEL) {
		if (is_write) {
			ioapic->index = *value & 0xFFU;
		} else {
			*value = ioapic->index;
		}
		return 0;
	}
	if (is_write) {
		write_register(ioapic, *value);
	} else {
		*value = read_register(ioapic);
	}
	return 0;
}

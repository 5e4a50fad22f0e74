/* SPDX-License-Identifier: MIT */
/* The firmware's side of struct ata_io: real port I/O and the hypervisor clock. */
#include "arch/x86_64/cpu.h"
#include "drivers/ata.h"
#include "hv/clock.h"

static uint8_t port_inb(void *ctx, uint16_t port)
{
	(void)ctx;
	return inb(port);
}

static void port_outb(void *ctx, uint16_t port, uint8_t value)
{
	(void)ctx;
	outb(port, value);
}

static uint16_t port_inw(void *ctx, uint16_t port)
{
	uint16_t v;

	(void)ctx;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void port_outw(void *ctx, uint16_t port, uint16_t value)
{
	(void)ctx;
	outw(port, value);
}

static uint64_t clock_us(void *ctx)
{
	(void)ctx;
	return clock_now_us();
}

static const struct ata_io ports = { port_inb, port_outb, port_inw, port_outw, clock_us, NULL };

const struct ata_io *ata_io_ports(void)
{
	return &ports;
}

/* SPDX-License-Identifier: MIT */
/*
 * The COM1 UART model.  Register offsets and bits follow the PC16550D data
 * sheet (table "Register Summary"); what Linux's 8250 driver probes (the
 * scratch register, loopback through MCR bit 4, IIR's FIFO bits) answers
 * as on real hardware.
 */
#include <stddef.h>

#include "hv/devices/uart8250.h"

#define REG_DATA	0U	/* RBR (read), THR (write); DLL with DLAB */
#define REG_IER		1U	/* DLM with DLAB */
#define REG_IIR_FCR	2U	/* IIR (read), FCR (write) */
#define REG_LCR		3U
#define REG_MCR		4U
#define REG_LSR		5U
#define REG_MSR		6U
#define REG_SCR		7U

#define LCR_DLAB	0x80U
#define MCR_LOOPBACK	0x10U
#define IIR_NO_INTERRUPT 0x01U
#define IIR_FIFOS_ON	0xC0U
#define FCR_ENABLE	0x01U
#define LSR_THRE	0x20U	/* transmit holding register empty */
#define LSR_TEMT	0x40U	/* transmitter empty */
#define MSR_IDLE	0xB0U	/* DCD, DSR, CTS: a terminal is attached */
#define IER_MASK	0x0FU
#define IER_ETBEI	0x02U	/* enable the THR-empty interrupt */
#define IIR_THRE	0x02U	/* the THR-empty interrupt is the source */
#define MCR_OUT2	0x08U	/* on PCs: connects the interrupt to the PIC/IOAPIC */

void uart8250_init(struct uart8250 *uart, uart8250_tx_fn tx, void *ctx)
{
	*uart = (struct uart8250){ .tx = tx, .ctx = ctx, .dll = 12 };	/* 9600 baud */
}

void uart8250_set_irq(struct uart8250 *uart, uart8250_irq_fn irq, void *ctx)
{
	uart->irq = irq;
	uart->irq_ctx = ctx;
}

static bool thre_interrupt(const struct uart8250 *u)
{
	return (u->ier & IER_ETBEI) && u->thre_pending;
}

/* Tell the line's owner when the gated output changes. */
static void update_irq(struct uart8250 *u)
{
	bool asserted = thre_interrupt(u) && (u->mcr & MCR_OUT2) && !(u->mcr & MCR_LOOPBACK);

	if (u->irq != NULL && asserted != u->irq_asserted) {
		u->irq_asserted = asserted;
		u->irq(u->irq_ctx, asserted);
	}
}

/* In loopback, MSR's top nibble mirrors MCR: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
static uint8_t modem_status(const struct uart8250 *u)
{
	if (!(u->mcr & MCR_LOOPBACK)) {
		return MSR_IDLE;
	}
	return (uint8_t)(((u->mcr & 0x01U) << 5) | ((u->mcr & 0x02U) << 3) |
			 ((u->mcr & 0x04U) << 4) | ((u->mcr & 0x08U) << 4));
}

static uint8_t uart_read(struct uart8250 *u, uint16_t reg)
{
	bool dlab = (u->lcr & LCR_DLAB) != 0U;

	switch (reg) {
	case REG_DATA:
		return dlab ? u->dll : 0U;	/* nothing is ever received */
	case REG_IER:
		return dlab ? u->dlm : u->ier;
	case REG_IIR_FCR: {
		uint8_t fifos = (u->fcr & FCR_ENABLE) ? IIR_FIFOS_ON : 0U;

		if (thre_interrupt(u)) {
			u->thre_pending = false;	/* reading IIR acknowledges it */
			return (uint8_t)(IIR_THRE | fifos);
		}
		return (uint8_t)(IIR_NO_INTERRUPT | fifos);
	}
	case REG_LCR:
		return u->lcr;
	case REG_MCR:
		return u->mcr;
	case REG_LSR:
		return LSR_THRE | LSR_TEMT;
	case REG_MSR:
		return modem_status(u);
	default:
		return u->scr;
	}
}

static void transmit(struct uart8250 *u, uint8_t byte)
{
	if (u->mcr & MCR_LOOPBACK) {
		return;		/* looped back to a receiver we do not model: dropped */
	}
	u->tx_bytes++;
	u->tx(u->ctx, byte);
}

static void uart_write(struct uart8250 *u, uint16_t reg, uint8_t v)
{
	bool dlab = (u->lcr & LCR_DLAB) != 0U;

	switch (reg) {
	case REG_DATA:
		if (dlab) {
			u->dll = v;
		} else {
			transmit(u, v);
			u->thre_pending = true;	/* sent at once: THR is empty again */
		}
		break;
	case REG_IER:
		if (dlab) {
			u->dlm = v;
		} else {
			if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI)) {
				u->thre_pending = true;	/* enabled with THR empty */
			}
			u->ier = v & IER_MASK;
		}
		break;
	case REG_IIR_FCR:
		u->fcr = v;
		break;
	case REG_LCR:
		u->lcr = v;
		break;
	case REG_MCR:
		u->mcr = v & 0x1FU;
		break;
	case REG_SCR:
		u->scr = v;
		break;
	default:
		break;		/* LSR and MSR are read-only */
	}
}

/* A wider access touches consecutive registers, as on the ISA bus. */
void uart8250_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value)
{
	struct uart8250 *u = device;
	uint32_t result = 0;

	for (uint8_t i = 0; i < size; i++) {
		uint16_t reg = (uint16_t)((offset + i) & 7U);

		if (is_read) {
			result |= (uint32_t)uart_read(u, reg) << (8U * i);
		} else {
			uart_write(u, reg, (uint8_t)(*value >> (8U * i)));
		}
	}
	if (is_read) {
		*value = result;
	}
	update_irq(u);
}

/* SPDX-License-Identifier: MIT */
/*
 * An 8250/16550A UART as a guest sees it at COM1 (eight registers, the
 * divisor latch behind LCR.DLAB; National Semiconductor PC16550D data
 * sheet, "Register Description").  Transmit only for now: every byte the
 * guest writes to THR goes to the sink at once, so the transmitter is
 * always empty (LSR.THRE and TEMT set); the receiver never has data and no
 * interrupt is ever pending.  Portable: no firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_UART8250_H
#define VMANHV_HV_DEVICES_UART8250_H

#include <stdbool.h>
#include <stdint.h>

#define UART8250_COM1_BASE	0x3F8U
#define UART8250_PORTS		8U

typedef void (*uart8250_tx_fn)(void *ctx, uint8_t byte);

/* The UART's interrupt output, level: asserted or not (ISA IRQ 4 for COM1). */
#define UART8250_COM1_IRQ	4U	/* ISA IRQ 4 */

typedef void (*uart8250_irq_fn)(void *ctx, bool asserted);

struct uart8250 {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thre_pending;		/* the "THR empty" interrupt is pending */
	bool irq_asserted;		/* what irq was last told */
	uart8250_tx_fn tx;
	void *ctx;
	uart8250_irq_fn irq;		/* NULL: no interrupt line */
	void *irq_ctx;
	uint64_t tx_bytes;		/* counter (style rule 19) */
};

void uart8250_init(struct uart8250 *uart, uart8250_tx_fn tx, void *ctx);
/*
 * Connect the interrupt output.  The only source is "transmitter holding
 * register empty" (nothing is ever received): pending when THR empties,
 * which is at once after every write, and when the guest enables it with
 * THR empty; cleared by reading IIR while it is the source or by writing
 * THR (PC16550D, "Interrupt Identification Register").  The line is gated
 * by MCR OUT2, as on PCs, and silent in loopback.  Linux's 8250 driver
 * writes the bytes of a tty (init's output) from this interrupt.
 */
void uart8250_set_irq(struct uart8250 *uart, uart8250_irq_fn irq, void *ctx);
/* A vm_io_fn (hv/vm_io.h): `device` is the struct uart8250. */
void uart8250_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value);

#endif

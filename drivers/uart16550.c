/* SPDX-License-Identifier: MIT */
/*
 * Polled 16550 UART, transmit only: the firmware's own console.
 * Register layout from the PC16550D data sheet (National Semiconductor).
 */
#include "drivers/uart16550.h"
#include "arch/x86_64/cpu.h"

#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5

#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0B
#define LSR_THRE	0x20
#define LSR_TEMT	0x40	/* holding and shift registers both empty */

#define UART_CLOCK_HZ	115200U
/* Bound the wait for a stuck or absent UART so the console never hangs a CPU. */
#define UART_TX_SPINS	100000U

void uart16550_init(uint16_t base, uint32_t baud)
{
	uint16_t divisor = (uint16_t)(UART_CLOCK_HZ / baud);

	outb(base + UART_IER, 0x00);
	outb(base + UART_LCR, LCR_DLAB);
	outb(base + UART_DLL, (uint8_t)divisor);
	outb(base + UART_DLM, (uint8_t)(divisor >> 8));
	outb(base + UART_LCR, LCR_8N1);
	outb(base + UART_FCR, FCR_ENABLE_CLEAR);
	outb(base + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void uart16550_putc(uint16_t base, char c)
{
	for (uint32_t spins = 0; spins < UART_TX_SPINS; spins++) {
		if (inb(base + UART_LSR) & LSR_THRE) {
			break;
		}
		cpu_relax();
	}
	outb(base + UART_THR, (uint8_t)c);
}

void uart16550_write(uint16_t base, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			uart16550_putc(base, '\r');
		}
		uart16550_putc(base, buf[i]);
	}
}

void uart16550_flush(uint16_t base)
{
	for (uint32_t spins = 0; spins < UART_TX_SPINS; spins++) {
		if (inb(base + UART_LSR) & LSR_TEMT) {
			return;
		}
		cpu_relax();
	}
}

/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_DRIVERS_UART16550_H
#define VMANHV_DRIVERS_UART16550_H

#include <stddef.h>
#include <stdint.h>

#define UART_COM1_BASE	0x3F8U

void uart16550_init(uint16_t base, uint32_t baud);
void uart16550_write(uint16_t base, const char *buf, size_t len);
/* Wait (bounded) until the last byte has left the shift register. */
void uart16550_flush(uint16_t base);

#endif

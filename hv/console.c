/* SPDX-License-Identifier: MIT */
/*
 * The firmware console: COM1 and port 0xE9 together.  All CPUs print
 * through one lock that the holding CPU may take again, so an exception
 * taken while printing can still report itself.
 */
#include <stdarg.h>
#include <stdio.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "drivers/debugcon.h"
#include "drivers/uart16550.h"
#include "hv/log.h"
#include "hv/spinlock.h"

#define CONSOLE_BAUD		115200U
#define CONSOLE_LINE_MAX	512U

static struct rlock console_lock = RLOCK_INIT;

void console_init(void)
{
	uart16550_init(UART_COM1_BASE, CONSOLE_BAUD);
}

void console_write(const char *buf, size_t len)
{
	uint64_t flags = irq_save();

	rlock_acquire(&console_lock, cpu_current_index());
	uart16550_write(UART_COM1_BASE, buf, len);
	debugcon_write(buf, len);
	rlock_release(&console_lock);
	irq_restore(flags);
}

void console_flush(void)
{
	uart16550_flush(UART_COM1_BASE);
}

void hv_log(const char *fmt, ...)
{
	char line[CONSOLE_LINE_MAX];
	va_list ap;
	int len;
	uint64_t flags = irq_save();

	/* vsnprintf shares newlib's reentrancy data: format under the lock too. */
	rlock_acquire(&console_lock, cpu_current_index());
	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (len > 0) {
		console_write(line, (size_t)len < sizeof(line) ? (size_t)len : sizeof(line) - 1U);
	}
	rlock_release(&console_lock);
	irq_restore(flags);
}

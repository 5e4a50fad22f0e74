/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_HV_LOG_H
#define VMANHV_HV_LOG_H

#include <stddef.h>

void console_init(void);
/* Raw bytes to every console (COM1 and port 0xE9), under the console lock. */
void console_write(const char *buf, size_t len);
/* Wait until everything written has left the UART (before a power-off). */
void console_flush(void);
/* printf-style; one call is one uninterrupted piece of output across CPUs. */
void hv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

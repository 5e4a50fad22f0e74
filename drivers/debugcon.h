/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_DRIVERS_DEBUGCON_H
#define VMANHV_DRIVERS_DEBUGCON_H

#include <stddef.h>

void debugcon_write(const char *buf, size_t len);

#endif

/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_ARCH_RAND_H
#define VMANHV_ARCH_RAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool rand_hw_available(void);
/*
 * Fill buf with bytes from RDSEED, falling back to RDRAND (SDM Vol. 1 7.3.17).
 * Returns the bytes written: fewer than len when the CPU has neither or
 * they keep failing.
 */
size_t rand_hw_fill(uint8_t *buf, size_t len);

#endif

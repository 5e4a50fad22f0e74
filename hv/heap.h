/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_HV_HEAP_H
#define VMANHV_HV_HEAP_H

#include <stdint.h>

/*
 * Reserve `bytes` of contiguous pages for newlib's malloc, which grows into
 * them through _sbrk().  0 or -ENOMEM.
 */
int heap_init(uint64_t bytes);
uint64_t heap_size(void);

#endif

/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_ARCH_PAGING_H
#define VMANHV_ARCH_PAGING_H

#include <stdint.h>

/*
 * Build the host's identity map of [0, max(4 GiB, ram_end)) with 2 MiB
 * pages, the 3-4 GiB hole uncached for MMIO, and switch to it.  Nothing
 * else is mapped: a stray pointer faults.  0 or -ENOMEM.
 */
int paging_init(uint64_t ram_end);
uint64_t paging_kernel_cr3(void);

#endif

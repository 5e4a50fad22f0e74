/* SPDX-License-Identifier: MIT */
/* The 82540EM's descriptor rings: private to drivers/e1000*.c. */
#ifndef VMANHV_DRIVERS_E1000_RING_H
#define VMANHV_DRIVERS_E1000_RING_H

#include "drivers/e1000.h"

/* Rings and buffers from the page allocator.  0 or -ENOMEM (nothing kept). */
int e1000_rings_alloc(struct e1000 *nic);
/* Program the rings into a reset device and enable receive / transmit (SDM 14.4, 14.5). */
void e1000_rx_start(struct e1000 *nic);
void e1000_tx_start(struct e1000 *nic);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The management network: one lwIP interface on the first supported NIC,
 * addressed by DHCP or from the command line (`ip=`, `gw=`), served by the
 * management loop on the BSP (hv/mgmt_loop.c).  docs/network.md.
 */
#ifndef VMANHV_MGMT_NET_H
#define VMANHV_MGMT_NET_H

#include <stdbool.h>

/*
 * Find and start the NIC, add the lwIP interface, start DHCP or set the
 * static address.  Expects lwip_init() to have run (mgmt/libs_check.c, boot
 * step 5).  Prints `net: ...` lines (docs/console.md).  0, -ENODEV when no
 * supported NIC exists, or the driver's error: the management network is
 * then off and net_poll() does nothing.
 */
int net_init(const char *cmdline);

/* Drain the NIC and run lwIP's timers.  True when frames arrived (poll again soon). */
bool net_poll(void);

/* True once the interface has an address (and the `net: ... up` line is out). */
bool net_address_known(void);

#endif

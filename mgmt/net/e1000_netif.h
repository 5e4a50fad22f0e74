/* SPDX-License-Identifier: MIT */
/*
 * The lwIP network interface over a polled e1000 (drivers/e1000.h).  lwIP
 * runs NO_SYS on the BSP's management loop, which is also the only caller
 * of e1000_netif_poll(): the driver and the stack never meet in an
 * interrupt handler.
 */
#ifndef VMANHV_MGMT_NET_E1000_NETIF_H
#define VMANHV_MGMT_NET_E1000_NETIF_H

#include <lwip/err.h>
#include <lwip/netif.h>

/* netif_add()'s init function; netif->state is the probed struct e1000. */
err_t e1000_netif_init(struct netif *netif);

/*
 * Hand up to a budget of received frames to netif->input, then follow the
 * link state (netif_set_link_up/down).  Returns the frames taken off the ring.
 */
unsigned int e1000_netif_poll(struct netif *netif);

#endif

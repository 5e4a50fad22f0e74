/* SPDX-License-Identifier: MIT */
/*
 * The lwIP network interface over a polled virtio-net (drivers/virtio_net.h),
 * the twin of mgmt/net/e1000_netif.h: lwIP runs NO_SYS on the BSP's
 * management loop, the only caller of virtio_netif_poll().
 */
#ifndef VMANHV_MGMT_NET_VIRTIO_NETIF_H
#define VMANHV_MGMT_NET_VIRTIO_NETIF_H

#include <lwip/err.h>
#include <lwip/netif.h>

/* netif_add()'s init function; netif->state is the probed struct virtio_net. */
err_t virtio_netif_init(struct netif *netif);

/*
 * Hand up to a budget of received frames to netif->input, give their
 * buffers back to the device, then follow the link state.  Returns the
 * frames taken off the ring.
 */
unsigned int virtio_netif_poll(struct netif *netif);

#endif

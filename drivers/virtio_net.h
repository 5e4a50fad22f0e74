/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (virtio 1.2 section 5.1) on the modern PCI transport
 * (drivers/virtio_pci.h): what QEMU's `-device virtio-net-pci` and KVM
 * clouds give.  One receive and one transmit queue, no offloads, polled
 * from the management loop like the e1000 (docs/network.md).
 *
 * Frames are copied in and out of buffers the driver owns (one descriptor
 * each, the 12-byte virtio_net_hdr in front of the frame), so the device
 * never sees other memory, and every length it reports is checked against
 * the buffer it wrote into.
 */
#ifndef VMANHV_DRIVERS_VIRTIO_NET_H
#define VMANHV_DRIVERS_VIRTIO_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/pci.h"
#include "drivers/virtio_pci.h"

#define VIRTIO_NET_RX_SIZE	64U	/* at most; smaller if the device's queue is */
#define VIRTIO_NET_TX_SIZE	32U
#define VIRTIO_NET_BUFFER_SIZE	2048U
/* struct virtio_net_hdr with num_buffers: always 12 bytes with VERSION_1 (5.1.6). */
#define VIRTIO_NET_HDR_SIZE	12U
/* Ethernet header, 1500 bytes of payload, one VLAN tag; no FCS on virtio. */
#define VIRTIO_NET_FRAME_MAX	1518U
#define VIRTIO_NET_FRAME_MIN	14U

/* Feature bits of the network device (5.1.3). */
#define VIRTIO_NET_F_MAC	(1ULL << 5)
#define VIRTIO_NET_F_STATUS	(1ULL << 16)

struct virtio_net_stats {
	uint64_t rx_frames, rx_bytes;
	uint64_t rx_length_errors;	/* a length outside [HDR + FRAME_MIN, HDR + FRAME_MAX] */
	uint64_t rx_ring_errors;	/* used elements the ring refused (bad id or length) */
	uint64_t tx_frames, tx_bytes;
	uint64_t tx_ring_full;
};

struct virtio_net {
	struct virtio_pci vp;
	uint8_t mac[6];
	bool mac_from_device;		/* VIRTIO_NET_F_MAC; else a random local address */

	struct virtio_queue rx, tx;
	uint8_t *rx_buffers, *tx_buffers;
	int32_t rx_current;		/* the buffer virtio_net_rx_peek() handed out, or -1 */
	uint32_t rx_current_len;	/* and the length of its frame */
	bool rx_refilled;		/* buffers given back since the last notification */
	uint16_t tx_free[VIRTIO_NET_TX_SIZE];	/* a stack of idle transmit buffers */
	uint16_t tx_free_count;

	struct virtio_net_stats stats;
};

/* True for a virtio network function (modern 1AF4:1041 or transitional 1AF4:1000). */
bool virtio_net_supports(const struct pci_device *pdev, const char **model);

/*
 * Bring the device up (3.1.1): capabilities, reset, features (VERSION_1
 * required; MAC and STATUS when offered), the receive queue filled and the
 * transmit queue empty, DRIVER_OK.  0, or an error with nic->vp.error
 * saying why: the errors of virtio_pci_open(), virtio_pci_negotiate() and
 * virtio_pci_queue_setup(), -EADDRNOTAVAIL (the device's MAC is multicast
 * or zero), -ENOMEM.  On failure the device is left FAILED or reset.
 */
int virtio_net_probe(struct virtio_net *nic, const struct pci_device *pdev);

/* The device's link status (5.1.4) when it reports one, else up; down if it needs a reset. */
bool virtio_net_link_up(struct virtio_net *nic);

/*
 * The next good received frame (after the header), or NULL when the device
 * has completed none.  Valid until virtio_net_rx_done(), and returned again
 * by another call before it; bad completions are counted and their buffers
 * handed back on the way.
 */
const uint8_t *virtio_net_rx_peek(struct virtio_net *nic, size_t *len);
/* Give the buffer of the frame from virtio_net_rx_peek() back to the device. */
void virtio_net_rx_done(struct virtio_net *nic);
/* Notify the device of the receive buffers given back since the last call. */
void virtio_net_rx_flush(struct virtio_net *nic);

/* A free transmit buffer for a frame of up to VIRTIO_NET_FRAME_MAX bytes, or NULL. */
uint8_t *virtio_net_tx_buffer(struct virtio_net *nic);
/*
 * Send `len` bytes written into the buffer virtio_net_tx_buffer() returned.
 * 0, -EINVAL for a length outside [FRAME_MIN, FRAME_MAX], -ENOBUFS when no
 * buffer was free.
 */
int virtio_net_tx_send(struct virtio_net *nic, size_t len);

#endif

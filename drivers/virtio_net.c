/* SPDX-License-Identifier: MIT */
/*
 * virtio-net bring-up and frames (virtio 1.2 section 5.1): queue 0 receives,
 * queue 1 transmits (5.1.2); no control queue, no multiqueue, no offloads,
 * no mergeable receive buffers.  Each receive buffer is one device-writable
 * descriptor of 2 KiB holding the 12-byte header and the frame (with
 * VERSION_1 they need not be apart, 5.1.6); 1526 bytes is the least a
 * buffer must hold without MRG_RXBUF or the GUEST_TSO/UFO features
 * (5.1.6.3.1).
 */
#include <errno.h>
#include <string.h>

#include "arch/x86_64/rand.h"
#include "drivers/virtio_net.h"
#include "hv/mm.h"

/* struct virtio_net_config (5.1.4). */
#define VIRTIO_NET_CFG_MAC	0U
#define VIRTIO_NET_CFG_STATUS	6U
#define VIRTIO_NET_S_LINK_UP	1U

#define QUEUE_RX		0U	/* receiveq1 */
#define QUEUE_TX		1U	/* transmitq1 */

#define BUFFER_PAGES(n)		((n) * (uint64_t)VIRTIO_NET_BUFFER_SIZE / PAGE_SIZE)
#define QUEUE_PAGES(n)		((virtqueue_mem_size(n) + PAGE_SIZE - 1U) / PAGE_SIZE)

_Static_assert(VIRTIO_NET_HDR_SIZE + VIRTIO_NET_FRAME_MAX <= VIRTIO_NET_BUFFER_SIZE,
	       "a buffer holds the header and the largest frame");

static uint64_t phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;		/* identity mapped (hv/mm.h) */
}

bool virtio_net_supports(const struct pci_device *pdev, const char **model)
{
	if (virtio_pci_device_type(pdev) != VIRTIO_ID_NET) {
		return false;
	}
	*model = pdev->device_id >= VIRTIO_PCI_MODERN_BASE ? "virtio 1.x" : "transitional";
	return true;
}

static uint8_t *rx_buffer(const struct virtio_net *nic, uint32_t index)
{
	return nic->rx_buffers + (size_t)index * VIRTIO_NET_BUFFER_SIZE;
}

static uint8_t *tx_buffer(const struct virtio_net *nic, uint32_t index)
{
	return nic->tx_buffers + (size_t)index * VIRTIO_NET_BUFFER_SIZE;
}

/* Unicast (I/G bit clear, IEEE 802-2014 8.2) and not all zeros. */
static bool mac_valid(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1U) && memcmp(mac, zero, sizeof(zero)) != 0;
}

/*
 * The device's address (VIRTIO_NET_F_MAC), else a random locally
 * administered one (5.1.5: the driver SHOULD use a random address then).
 */
static int read_mac(struct virtio_net *nic)
{
	if (nic->vp.features & VIRTIO_NET_F_MAC) {
		nic->mac_from_device = true;
		if (virtio_pci_config_bytes(&nic->vp, VIRTIO_NET_CFG_MAC, nic->mac, 6) != 0 ||
		    !mac_valid(nic->mac)) {
			nic->vp.error = "the device's MAC address is unreadable, multicast or zero";
			return -EADDRNOTAVAIL;
		}
		return 0;
	}
	if (rand_hw_fill(nic->mac, sizeof(nic->mac)) != sizeof(nic->mac)) {
		nic->vp.error = "no MAC address offered and no RDRAND/RDSEED to make one";
		return -EADDRNOTAVAIL;
	}
	nic->mac[0] = (uint8_t)((nic->mac[0] & 0xFCU) | 0x02U);	/* local, unicast */
	return 0;
}

struct ring_memory {
	void *rx_queue, *tx_queue;
	uint8_t *rx_buffers, *tx_buffers;
};

static void memory_free(struct ring_memory *m)
{
	if (m->rx_queue != NULL) {
		page_free(m->rx_queue, QUEUE_PAGES(VIRTIO_NET_RX_SIZE));
	}
	if (m->tx_queue != NULL) {
		page_free(m->tx_queue, QUEUE_PAGES(VIRTIO_NET_TX_SIZE));
	}
	if (m->rx_buffers != NULL) {
		page_free(m->rx_buffers, BUFFER_PAGES(VIRTIO_NET_RX_SIZE));
	}
	if (m->tx_buffers != NULL) {
		page_free(m->tx_buffers, BUFFER_PAGES(VIRTIO_NET_TX_SIZE));
	}
}

/* Rings and buffers: zeroed, contiguous, identity-mapped pages (page_alloc). */
static int memory_alloc(struct ring_memory *m)
{
	*m = (struct ring_memory){
		.rx_queue = page_alloc(QUEUE_PAGES(VIRTIO_NET_RX_SIZE), 1),
		.tx_queue = page_alloc(QUEUE_PAGES(VIRTIO_NET_TX_SIZE), 1),
		.rx_buffers = page_alloc(BUFFER_PAGES(VIRTIO_NET_RX_SIZE), 1),
		.tx_buffers = page_alloc(BUFFER_PAGES(VIRTIO_NET_TX_SIZE), 1),
	};
	if (m->rx_queue == NULL || m->tx_queue == NULL || m->rx_buffers == NULL ||
	    m->tx_buffers == NULL) {
		memory_free(m);
		return -ENOMEM;
	}
	return 0;
}

/* Hand receive buffer `index` to the device. */
static int rx_give(struct virtio_net *nic, uint32_t index)
{
	struct virtqueue_buf b = {
		.addr = phys(rx_buffer(nic, index)),
		.len = VIRTIO_NET_BUFFER_SIZE,
		.device_writes = true,
	};
	int err = virtqueue_add(&nic->rx.vq, &b, 1, index);

	nic->rx_refilled |= err == 0;
	return err;
}

static int queues_start(struct virtio_net *nic, struct ring_memory *m)
{
	int err = virtio_pci_queue_setup(&nic->vp, QUEUE_RX, &nic->rx, m->rx_queue,
					 VIRTIO_NET_RX_SIZE);

	if (err == 0) {
		err = virtio_pci_queue_setup(&nic->vp, QUEUE_TX, &nic->tx, m->tx_queue,
					     VIRTIO_NET_TX_SIZE);
	}
	if (err != 0) {
		return err;
	}
	nic->rx_buffers = m->rx_buffers;
	nic->tx_buffers = m->tx_buffers;
	nic->rx_current = -1;
	/* The queue may be smaller than VIRTIO_NET_*_SIZE; only that many buffers are used. */
	for (uint32_t i = 0; i < nic->rx.vq.size; i++) {
		(void)rx_give(nic, i);		/* cannot fail: the queue is empty */
	}
	nic->tx_free_count = nic->tx.vq.size;
	for (uint16_t i = 0; i < nic->tx_free_count; i++) {
		nic->tx_free[i] = i;
	}
	return 0;
}

int virtio_net_probe(struct virtio_net *nic, const struct pci_device *pdev)
{
	const char *model;
	struct ring_memory m;
	int err;

	memset(nic, 0, sizeof(*nic));
	if (!virtio_net_supports(pdev, &model)) {
		return -ENODEV;
	}
	err = virtio_pci_open(&nic->vp, pdev);
	if (err != 0) {
		return err;
	}
	/* An identity map and no IOMMU: physical addresses are what the platform uses. */
	err = virtio_pci_negotiate(&nic->vp, VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS |
					     VIRTIO_F_ACCESS_PLATFORM);
	if (err != 0) {
		return err;
	}
	err = read_mac(nic);
	if (err != 0) {
		goto err_fail;
	}
	err = memory_alloc(&m);
	if (err != 0) {
		nic->vp.error = "out of memory for the rings";
		goto err_fail;
	}
	err = queues_start(nic, &m);
	if (err != 0) {
		goto err_free;
	}
	/* 3.1.1 step 8; only then may the device be notified (3.1.1). */
	virtio_pci_driver_ok(&nic->vp);
	virtio_net_rx_flush(nic);
	return 0;

err_free:
	/* Without DRIVER_OK the device uses no queue (2.1.2): the rings can go. */
	virtio_pci_fail(&nic->vp);
	memory_free(&m);
	return err;
err_fail:
	virtio_pci_fail(&nic->vp);
	return err;
}

bool virtio_net_link_up(struct virtio_net *nic)
{
	uint16_t status;

	if (nic->rx.vq.broken || nic->tx.vq.broken ||
	    (virtio_pci_status(&nic->vp) & VIRTIO_STATUS_NEEDS_RESET)) {
		return false;
	}
	if (!(nic->vp.features & VIRTIO_NET_F_STATUS)) {
		return true;	/* 5.1.4.2: without STATUS the link is assumed active */
	}
	return virtio_pci_config_read16(&nic->vp, VIRTIO_NET_CFG_STATUS, &status) == 0 &&
	       (status & VIRTIO_NET_S_LINK_UP);
}

/* A completion the ring accepted: a frame if its length is one. */
static bool rx_length_good(struct virtio_net *nic, uint32_t len)
{
	if (len < VIRTIO_NET_HDR_SIZE + VIRTIO_NET_FRAME_MIN ||
	    len > VIRTIO_NET_HDR_SIZE + VIRTIO_NET_FRAME_MAX) {
		nic->stats.rx_length_errors++;
		return false;
	}
	return true;
}

const uint8_t *virtio_net_rx_peek(struct virtio_net *nic, size_t *len)
{
	if (nic->rx_current >= 0) {
		*len = nic->rx_current_len;
		return rx_buffer(nic, (uint32_t)nic->rx_current) + VIRTIO_NET_HDR_SIZE;
	}
	/* At most one pass over the ring: every bad completion is handed back. */
	for (uint32_t seen = 0; seen < nic->rx.vq.size; seen++) {
		struct virtqueue_done done;
		int err = virtqueue_get_used(&nic->rx.vq, &done);

		if (err == -EAGAIN || err == -EIO) {
			return NULL;
		}
		if (err == -EPROTO) {
			nic->stats.rx_ring_errors++;
			continue;
		}
		if (err == -EMSGSIZE) {
			nic->stats.rx_ring_errors++;
		} else if (rx_length_good(nic, done.len)) {
			nic->rx_current = (int32_t)done.cookie;
			nic->rx_current_len = done.len - VIRTIO_NET_HDR_SIZE;
			*len = nic->rx_current_len;
			nic->stats.rx_frames++;
			nic->stats.rx_bytes += *len;
			/* The header is not looked at: no offload was negotiated (5.1.6.4). */
			return rx_buffer(nic, done.cookie) + VIRTIO_NET_HDR_SIZE;
		}
		(void)rx_give(nic, done.cookie);
	}
	return NULL;
}

void virtio_net_rx_done(struct virtio_net *nic)
{
	if (nic->rx_current >= 0) {
		(void)rx_give(nic, (uint32_t)nic->rx_current);
		nic->rx_current = -1;
	}
}

void virtio_net_rx_flush(struct virtio_net *nic)
{
	if (nic->rx_refilled) {
		nic->rx_refilled = false;
		virtio_pci_notify(&nic->rx);
	}
}

/* Take back the buffers the device has sent; a bad length still frees the chain. */
static void tx_reclaim(struct virtio_net *nic)
{
	for (uint32_t seen = 0; seen < nic->tx.vq.size; seen++) {
		struct virtqueue_done done;
		int err = virtqueue_get_used(&nic->tx.vq, &done);

		if (err == -EAGAIN || err == -EIO) {
			return;
		}
		/* Sent chains are device-readable only: a used length is meaningless there. */
		if ((err == 0 || err == -EMSGSIZE) && nic->tx_free_count < nic->tx.vq.size) {
			nic->tx_free[nic->tx_free_count++] = (uint16_t)done.cookie;
		}
	}
}

uint8_t *virtio_net_tx_buffer(struct virtio_net *nic)
{
	tx_reclaim(nic);
	if (nic->tx_free_count == 0U) {
		nic->stats.tx_ring_full++;
		return NULL;
	}
	return tx_buffer(nic, nic->tx_free[nic->tx_free_count - 1U]) + VIRTIO_NET_HDR_SIZE;
}

int virtio_net_tx_send(struct virtio_net *nic, size_t len)
{
	uint16_t index;
	uint8_t *buf;
	struct virtqueue_buf b;

	if (len < VIRTIO_NET_FRAME_MIN || len > VIRTIO_NET_FRAME_MAX) {
		return -EINVAL;
	}
	if (nic->tx_free_count == 0U) {
		return -ENOBUFS;
	}
	index = nic->tx_free[nic->tx_free_count - 1U];
	buf = tx_buffer(nic, index);
	/* No checksum or segmentation offload: flags 0, gso_type NONE (5.1.6.2). */
	memset(buf, 0, VIRTIO_NET_HDR_SIZE);
	b = (struct virtqueue_buf){ .addr = phys(buf),
				    .len = (uint32_t)(VIRTIO_NET_HDR_SIZE + len) };
	if (virtqueue_add(&nic->tx.vq, &b, 1, index) != 0) {
		return -ENOBUFS;
	}
	nic->tx_free_count--;
	nic->stats.tx_frames++;
	nic->stats.tx_bytes += len;
	virtio_pci_notify(&nic->tx);
	return 0;
}

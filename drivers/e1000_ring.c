/* SPDX-License-Identifier: MIT */
/*
 * Receive and transmit rings of the 82540EM (8254x SDM 3.2.6, 3.4).
 *
 * The device owns receive descriptors RDH..RDT-1 and transmit descriptors
 * TDH..TDT-1; one slot always stays with the driver so a full ring is never
 * mistaken for an empty one.  Each descriptor has a fixed buffer that the
 * driver computes from the descriptor's index: the address the device
 * writes back is never read, and the length it reports is believed only
 * within that buffer.
 *
 * Ordering: descriptors live in ordinary write-back RAM, which the device
 * reads and writes coherently; the registers are uncached MMIO.  x86 keeps
 * stores in program order and loads in program order (SDM Vol. 3A 8.2.2),
 * so a compiler barrier is all that must sit between filling a descriptor
 * and writing the tail, and between reading DD and reading the length.
 */
#include <errno.h>
#include <string.h>

#include "drivers/e1000_regs.h"
#include "drivers/e1000_ring.h"
#include "hv/mm.h"

#define RING_PAGES(n)		(((n) * 16ULL + PAGE_SIZE - 1U) / PAGE_SIZE)
#define BUFFER_PAGES(n)		((n) * (uint64_t)E1000_BUFFER_SIZE / PAGE_SIZE)

static inline void barrier(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static uint64_t phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;		/* identity mapped (hv/mm.h) */
}

int e1000_rings_alloc(struct e1000 *nic)
{
	nic->rx_ring = page_alloc(RING_PAGES(E1000_RX_RING_SIZE), 1);
	if (nic->rx_ring == NULL) {
		goto err;
	}
	nic->rx_buffers = page_alloc(BUFFER_PAGES(E1000_RX_RING_SIZE), 1);
	if (nic->rx_buffers == NULL) {
		goto err_free_rx_ring;
	}
	nic->tx_ring = page_alloc(RING_PAGES(E1000_TX_RING_SIZE), 1);
	if (nic->tx_ring == NULL) {
		goto err_free_rx_buffers;
	}
	nic->tx_buffers = page_alloc(BUFFER_PAGES(E1000_TX_RING_SIZE), 1);
	if (nic->tx_buffers == NULL) {
		goto err_free_tx_ring;
	}
	return 0;

err_free_tx_ring:
	page_free(nic->tx_ring, RING_PAGES(E1000_TX_RING_SIZE));
err_free_rx_buffers:
	page_free(nic->rx_buffers, BUFFER_PAGES(E1000_RX_RING_SIZE));
err_free_rx_ring:
	page_free(nic->rx_ring, RING_PAGES(E1000_RX_RING_SIZE));
err:
	nic->rx_ring = NULL;
	nic->rx_buffers = NULL;
	nic->tx_ring = NULL;
	nic->tx_buffers = NULL;
	return -ENOMEM;
}

static uint8_t *rx_buffer(const struct e1000 *nic, uint32_t index)
{
	return nic->rx_buffers + (size_t)index * E1000_BUFFER_SIZE;
}

static uint8_t *tx_buffer(const struct e1000 *nic, uint32_t index)
{
	return nic->tx_buffers + (size_t)index * E1000_BUFFER_SIZE;
}

/* SDM 14.4: ring base and length, head 0, tail one short of the head. */
void e1000_rx_start(struct e1000 *nic)
{
	uint64_t ring = phys(nic->rx_ring);

	for (uint32_t i = 0; i < E1000_RX_RING_SIZE; i++) {
		nic->rx_ring[i] = (struct e1000_rx_desc){ .buffer = phys(rx_buffer(nic, i)) };
	}
	nic->rx_next = 0;
	nic->rx_discarding = false;
	e1000_write(nic, E1000_RDBAL, (uint32_t)ring);
	e1000_write(nic, E1000_RDBAH, (uint32_t)(ring >> 32));
	e1000_write(nic, E1000_RDLEN, E1000_RX_RING_SIZE * (uint32_t)sizeof(struct e1000_rx_desc));
	e1000_write(nic, E1000_RDH, 0);
	e1000_write(nic, E1000_RDT, E1000_RX_RING_SIZE - 1U);
	/* Broadcasts (ARP, DHCP offers) and our own address; 2 KiB buffers; no CRC. */
	e1000_write(nic, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 |
				     E1000_RCTL_SECRC);
}

/* SDM 14.5: ring base and length, head = tail = 0, pad short frames. */
void e1000_tx_start(struct e1000 *nic)
{
	uint64_t ring = phys(nic->tx_ring);

	memset(nic->tx_ring, 0, E1000_TX_RING_SIZE * sizeof(struct e1000_tx_desc));
	nic->tx_tail = 0;
	nic->tx_clean = 0;
	nic->tx_in_flight = 0;
	e1000_write(nic, E1000_TDBAL, (uint32_t)ring);
	e1000_write(nic, E1000_TDBAH, (uint32_t)(ring >> 32));
	e1000_write(nic, E1000_TDLEN, E1000_TX_RING_SIZE * (uint32_t)sizeof(struct e1000_tx_desc));
	e1000_write(nic, E1000_TDH, 0);
	e1000_write(nic, E1000_TDT, 0);
	e1000_write(nic, E1000_TIPG, E1000_TIPG_COPPER);
	e1000_write(nic, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT(0x0F) |
				     E1000_TCTL_COLD(0x40));
}

/*
 * Judge a completed descriptor (a copy: the device cannot change it after
 * the checks).  A frame longer than one buffer (impossible with RCTL.LPE
 * clear, so a confused or hostile device) is dropped whole: this
 * descriptor and every one up to the next EOP.
 */
static bool rx_descriptor_good(struct e1000 *nic, const struct e1000_rx_desc *d)
{
	bool was_discarding = nic->rx_discarding;

	nic->rx_discarding = !(d->status & E1000_RXD_STAT_EOP);
	if (was_discarding || nic->rx_discarding) {
		nic->stats.rx_fragments += was_discarding ? 0U : 1U;
		return false;
	}
	if (d->errors & E1000_RXD_ERR_FRAME) {
		nic->stats.rx_errors++;
		return false;
	}
	if (d->length < E1000_FRAME_MIN || d->length > E1000_FRAME_MAX) {
		nic->stats.rx_length_errors++;
		return false;
	}
	return true;
}

const uint8_t *e1000_rx_peek(struct e1000 *nic, size_t *len)
{
	/* At most one pass over the ring: every bad descriptor is handed back. */
	for (uint32_t seen = 0; seen < E1000_RX_RING_SIZE; seen++) {
		volatile const struct e1000_rx_desc *d = &nic->rx_ring[nic->rx_next];
		struct e1000_rx_desc done;

		if (!(d->status & E1000_RXD_STAT_DD)) {
			return NULL;
		}
		barrier();
		done = (struct e1000_rx_desc){ .length = d->length, .status = d->status,
					       .errors = d->errors };
		if (rx_descriptor_good(nic, &done)) {
			*len = done.length;
			nic->stats.rx_frames++;
			nic->stats.rx_bytes += done.length;
			return rx_buffer(nic, nic->rx_next);
		}
		e1000_rx_done(nic);
	}
	return NULL;
}

void e1000_rx_done(struct e1000 *nic)
{
	struct e1000_rx_desc *d = &nic->rx_ring[nic->rx_next];
	uint32_t done = nic->rx_next;

	*d = (struct e1000_rx_desc){ .buffer = phys(rx_buffer(nic, done)) };
	nic->rx_next = (done + 1U) % E1000_RX_RING_SIZE;
	barrier();
	/* The slot just emptied becomes the one the driver keeps. */
	e1000_write(nic, E1000_RDT, done);
}

/* Take back the descriptors the device has sent (DD set, SDM 3.3.3). */
static void tx_reclaim(struct e1000 *nic)
{
	while (nic->tx_in_flight > 0U) {
		const struct e1000_tx_desc *d = &nic->tx_ring[nic->tx_clean];

		if (!(*(volatile const uint8_t *)&d->status & E1000_TXD_STAT_DD)) {
			break;
		}
		nic->tx_clean = (nic->tx_clean + 1U) % E1000_TX_RING_SIZE;
		nic->tx_in_flight--;
	}
}

uint8_t *e1000_tx_buffer(struct e1000 *nic)
{
	tx_reclaim(nic);
	if (nic->tx_in_flight >= E1000_TX_RING_SIZE - 1U) {
		nic->stats.tx_ring_full++;
		return NULL;
	}
	return tx_buffer(nic, nic->tx_tail);
}

int e1000_tx_send(struct e1000 *nic, size_t len)
{
	struct e1000_tx_desc *d = &nic->tx_ring[nic->tx_tail];

	if (len < E1000_FRAME_MIN || len > E1000_FRAME_MAX) {
		return -EINVAL;
	}
	if (nic->tx_in_flight >= E1000_TX_RING_SIZE - 1U) {
		return -ENOBUFS;
	}
	*d = (struct e1000_tx_desc){
		.buffer = phys(tx_buffer(nic, nic->tx_tail)),
		.length = (uint16_t)len,
		.cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS,
	};
	nic->tx_tail = (nic->tx_tail + 1U) % E1000_TX_RING_SIZE;
	nic->tx_in_flight++;
	nic->stats.tx_frames++;
	nic->stats.tx_bytes += len;
	barrier();
	e1000_write(nic, E1000_TDT, nic->tx_tail);
	return 0;
}

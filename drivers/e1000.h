/* SPDX-License-Identifier: MIT */
/*
 * Intel 82540EM (and the register-compatible 82545EM) Gigabit Ethernet:
 * what QEMU's `-device e1000` and Bochs's e1000 plugin emulate.
 *
 * Polled, never interrupt driven: the management loop on the BSP drains
 * the receive ring and reclaims sent descriptors (docs/network.md says
 * why).  Frames are copied in and out of buffers the driver owns, so the
 * device never sees memory outside them, and every length it reports is
 * checked against the buffer it wrote into.
 */
#ifndef VMANHV_DRIVERS_E1000_H
#define VMANHV_DRIVERS_E1000_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/pci.h"

#define E1000_RX_RING_SIZE	64U
#define E1000_TX_RING_SIZE	32U
#define E1000_BUFFER_SIZE	2048U	/* one per descriptor: RCTL.BSIZE 2048 */
/* The largest frame sent or accepted: 1500 bytes of payload, the Ethernet
 * header and one VLAN tag, without the CRC (stripped by RCTL.SECRC). */
#define E1000_FRAME_MAX		1518U
#define E1000_FRAME_MIN		14U	/* an Ethernet header */

struct e1000_rx_desc;
struct e1000_tx_desc;

struct e1000_stats {
	uint64_t rx_frames, rx_bytes;
	uint64_t rx_errors;		/* the device flagged a frame error */
	uint64_t rx_length_errors;	/* a length outside [FRAME_MIN, FRAME_MAX] */
	uint64_t rx_fragments;		/* frames spread over several descriptors */
	uint64_t tx_frames, tx_bytes;
	uint64_t tx_ring_full;
};

struct e1000 {
	const struct pci_device *pci;
	volatile uint8_t *regs;		/* BAR 0, identity mapped */
	const char *model;
	uint8_t mac[6];

	struct e1000_rx_desc *rx_ring;
	uint8_t *rx_buffers;
	uint32_t rx_next;		/* the next descriptor the device completes */
	bool rx_discarding;		/* dropping the rest of a multi-descriptor frame */

	struct e1000_tx_desc *tx_ring;
	uint8_t *tx_buffers;
	uint32_t tx_tail;		/* the next descriptor to fill (TDT) */
	uint32_t tx_clean;		/* the oldest descriptor still owned by the device */
	uint32_t tx_in_flight;

	struct e1000_stats stats;
};

/* True for the PCI ids this driver handles; *model names the chip. */
bool e1000_supports(const struct pci_device *pdev, const char **model);

/*
 * Take over the function: memory decoding and bus mastering on, INTx off,
 * device reset, MAC address from the EEPROM, rings allocated and both
 * directions enabled.  0, -ENODEV (BAR 0 unusable), -ERANGE (BAR 0 outside
 * the identity map), -EIO (the reset never completed), -EADDRNOTAVAIL (no
 * valid MAC address), -ENOMEM.
 */
int e1000_probe(struct e1000 *nic, const struct pci_device *pdev);

/* STATUS.LU, and the speed in Mb/s (10, 100, 1000) when the link is up. */
bool e1000_link_up(const struct e1000 *nic);
uint32_t e1000_link_speed(const struct e1000 *nic);

/*
 * The next good received frame, or NULL when the device has completed
 * none.  The frame stays valid until e1000_rx_done(); descriptors holding
 * errors or impossible lengths are counted and handed back on the way.
 */
const uint8_t *e1000_rx_peek(struct e1000 *nic, size_t *len);
/* Give the descriptor of the frame from e1000_rx_peek() back to the device. */
void e1000_rx_done(struct e1000 *nic);

/* A free transmit buffer of E1000_BUFFER_SIZE bytes, or NULL when the ring is full. */
uint8_t *e1000_tx_buffer(struct e1000 *nic);
/*
 * Send `len` bytes from the buffer e1000_tx_buffer() returned.  0, or
 * -EINVAL for a length outside [E1000_FRAME_MIN, E1000_FRAME_MAX],
 * -ENOBUFS when no buffer was free.
 */
int e1000_tx_send(struct e1000 *nic, size_t len);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * 82540EM registers and descriptors, as the driver's two files use them.
 * Section numbers are those of Intel's "PCI/PCI-X Family of Gigabit
 * Ethernet Controllers Software Developer's Manual" (8254x SDM, rev. 4.0):
 * chapter 13 for registers, 3.2.3 and 3.3.3 for descriptors.
 */
#ifndef VMANHV_DRIVERS_E1000_REGS_H
#define VMANHV_DRIVERS_E1000_REGS_H

#include <stdint.h>

#include "drivers/e1000.h"

/* Register offsets in BAR 0 (SDM table 13-2). */
#define E1000_CTRL		0x00000U
#define E1000_STATUS		0x00008U
#define E1000_EERD		0x00014U
#define E1000_FCAL		0x00028U
#define E1000_FCAH		0x0002CU
#define E1000_FCT		0x00030U
#define E1000_ICR		0x000C0U
#define E1000_IMC		0x000D8U
#define E1000_RCTL		0x00100U
#define E1000_FCTTV		0x00170U
#define E1000_TCTL		0x00400U
#define E1000_TIPG		0x00410U
#define E1000_RDBAL		0x02800U
#define E1000_RDBAH		0x02804U
#define E1000_RDLEN		0x02808U
#define E1000_RDH		0x02810U
#define E1000_RDT		0x02818U
#define E1000_TDBAL		0x03800U
#define E1000_TDBAH		0x03804U
#define E1000_TDLEN		0x03808U
#define E1000_TDH		0x03810U
#define E1000_TDT		0x03818U
#define E1000_MTA		0x05200U	/* 128 registers */
#define E1000_MTA_COUNT		128U
#define E1000_RAL0		0x05400U
#define E1000_RAH0		0x05404U

/* BAR 0 spans 128 KiB on the 8254x (SDM 4.1). */
#define E1000_MMIO_SIZE		0x20000U

/* CTRL, device control (SDM 13.4). */
#define E1000_CTRL_LRST		(1U << 3)
#define E1000_CTRL_ASDE		(1U << 5)
#define E1000_CTRL_SLU		(1U << 6)
#define E1000_CTRL_ILOS		(1U << 7)
#define E1000_CTRL_RST		(1U << 26)
#define E1000_CTRL_VME		(1U << 30)
#define E1000_CTRL_PHY_RST	(1U << 31)

/* STATUS, device status (SDM 13.4). */
#define E1000_STATUS_FD		(1U << 0)
#define E1000_STATUS_LU		(1U << 1)
#define E1000_STATUS_SPEED_SHIFT 6U
#define E1000_STATUS_SPEED_MASK	(3U << E1000_STATUS_SPEED_SHIFT)

/* EERD, EEPROM read, on the 82540/82545 (SDM 13.4; the 82541/82547 move DONE and ADDR). */
#define E1000_EERD_START	(1U << 0)
#define E1000_EERD_DONE		(1U << 4)
#define E1000_EERD_ADDR_SHIFT	8U
#define E1000_EERD_DATA_SHIFT	16U

/* RCTL, receive control (SDM 13.4). BSIZE 00 with BSEX 0 means 2048-byte buffers. */
#define E1000_RCTL_EN		(1U << 1)
#define E1000_RCTL_BAM		(1U << 15)
#define E1000_RCTL_BSIZE_2048	(0U << 16)
#define E1000_RCTL_SECRC	(1U << 26)

/* TCTL, transmit control: collision threshold 0Fh, full-duplex distance 40h (SDM 14.5). */
#define E1000_TCTL_EN		(1U << 1)
#define E1000_TCTL_PSP		(1U << 3)
#define E1000_TCTL_CT(x)	((uint32_t)(x) << 4)
#define E1000_TCTL_COLD(x)	((uint32_t)(x) << 12)

/* TIPG for the copper 82540EM (SDM 14.5): IPGT 10, IPGR1 8, IPGR2 6. */
#define E1000_TIPG_COPPER	(10U | (8U << 10) | (6U << 20))

#define E1000_RAH_AV		(1U << 31)	/* address valid */
#define E1000_INTERRUPTS_ALL	0xFFFFFFFFU

/* Legacy receive descriptor (SDM 3.2.3). */
struct e1000_rx_desc {
	uint64_t buffer;
	uint16_t length;
	uint16_t checksum;
	uint8_t status;
	uint8_t errors;
	uint16_t special;
} __attribute__((packed));

#define E1000_RXD_STAT_DD	(1U << 0)	/* descriptor done */
#define E1000_RXD_STAT_EOP	(1U << 1)	/* last descriptor of the frame */
/* Frame errors (SDM 3.2.3): CRC, symbol, sequence, carrier extension, RX data. */
#define E1000_RXD_ERR_FRAME	((1U << 0) | (1U << 1) | (1U << 2) | (1U << 4) | (1U << 7))

/* Legacy transmit descriptor (SDM 3.3.3). */
struct e1000_tx_desc {
	uint64_t buffer;
	uint16_t length;
	uint8_t cso;
	uint8_t cmd;
	uint8_t status;
	uint8_t css;
	uint16_t special;
} __attribute__((packed));

#define E1000_TXD_CMD_EOP	(1U << 0)
#define E1000_TXD_CMD_IFCS	(1U << 1)	/* the MAC appends the CRC */
#define E1000_TXD_CMD_RS	(1U << 3)	/* report status: set DD when sent */
#define E1000_TXD_STAT_DD	(1U << 0)

_Static_assert(sizeof(struct e1000_rx_desc) == 16, "SDM 3.2.3: 16-byte descriptors");
_Static_assert(sizeof(struct e1000_tx_desc) == 16, "SDM 3.3.3: 16-byte descriptors");
/* RDLEN and TDLEN must be multiples of 128 bytes (SDM 14.4, 14.5). */
_Static_assert(E1000_RX_RING_SIZE * 16U % 128U == 0U, "RDLEN alignment");
_Static_assert(E1000_TX_RING_SIZE * 16U % 128U == 0U, "TDLEN alignment");

static inline uint32_t e1000_read(const struct e1000 *nic, uint32_t reg)
{
	return *(volatile const uint32_t *)(nic->regs + reg);
}

static inline void e1000_write(const struct e1000 *nic, uint32_t reg, uint32_t value)
{
	*(volatile uint32_t *)(nic->regs + reg) = value;
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * 82540EM bring-up: claim the PCI function, reset, read the MAC address,
 * configure the MAC (8254x SDM 14.3) and start the rings (drivers/
 * e1000_ring.c).  No interrupt is ever enabled: IMC masks every cause and
 * the PCI command register disables INTx.
 */
#include <errno.h>
#include <string.h>

#include "drivers/e1000.h"
#include "drivers/e1000_regs.h"
#include "drivers/e1000_ring.h"
#include "hv/clock.h"

#define IDENTITY_MAP_MIN_END	(4ULL << 30)	/* always mapped (hv/mm.h, paging.h) */
#define RESET_POLL_US		10U
#define RESET_TIMEOUT_US	100000U
/* Let the EEPROM auto-load finish after RST clears, as Intel's drivers do. */
#define RESET_SETTLE_US		5000U
#define EERD_POLL_US		5U
#define EERD_TIMEOUT_US		10000U
#define EEPROM_WORD_MAC		0x00U	/* words 00h-02h (SDM chapter 5, EEPROM map) */

struct e1000_model {
	uint16_t device_id;
	const char *name;
};

/* Both lay out EERD the 82540 way (SDM 13.4); the 82541/82547 do not. */
static const struct e1000_model models[] = {
	{ 0x100EU, "82540EM" },		/* QEMU -device e1000, Bochs e1000 */
	{ 0x100FU, "82545EM" },		/* QEMU -device e1000-82545em, VMware */
};

#define PCI_VENDOR_INTEL	0x8086U

bool e1000_supports(const struct pci_device *pdev, const char **model)
{
	if (pdev->vendor_id != PCI_VENDOR_INTEL) {
		return false;
	}
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		if (models[i].device_id == pdev->device_id) {
			*model = models[i].name;
			return true;
		}
	}
	return false;
}

/* BAR 0: the registers, memory mapped (SDM 4.1), inside the identity map. */
static int map_registers(struct e1000 *nic, const struct pci_device *pdev)
{
	struct pci_bar bar;

	if (pci_bar_decode(pdev, 0, &bar) != 0 || bar.kind == PCI_BAR_IO || bar.base == 0U ||
	    bar.size < E1000_MMIO_SIZE) {
		return -ENODEV;
	}
	if (bar.base + E1000_MMIO_SIZE > IDENTITY_MAP_MIN_END) {
		return -ERANGE;
	}
	nic->regs = (volatile uint8_t *)(uintptr_t)bar.base;
	return 0;
}

/* Mask every interrupt cause and clear what is pending (ICR clears on read). */
static void interrupts_off(struct e1000 *nic)
{
	e1000_write(nic, E1000_IMC, E1000_INTERRUPTS_ALL);
	(void)e1000_read(nic, E1000_ICR);
}

/* Global reset (CTRL.RST, SDM 13.4): stop both directions first so no DMA is under way. */
static int reset(struct e1000 *nic)
{
	interrupts_off(nic);
	e1000_write(nic, E1000_RCTL, 0);
	e1000_write(nic, E1000_TCTL, E1000_TCTL_PSP);
	(void)e1000_read(nic, E1000_STATUS);	/* flush the posted writes */
	clock_delay_us(RESET_SETTLE_US);
	e1000_write(nic, E1000_CTRL, e1000_read(nic, E1000_CTRL) | E1000_CTRL_RST);
	for (uint32_t waited = 0; e1000_read(nic, E1000_CTRL) & E1000_CTRL_RST;
	     waited += RESET_POLL_US) {
		if (waited >= RESET_TIMEOUT_US) {
			return -EIO;
		}
		clock_delay_us(RESET_POLL_US);
	}
	clock_delay_us(RESET_SETTLE_US);
	interrupts_off(nic);
	return 0;
}

/* One EEPROM word through EERD (SDM 13.4); -ETIMEDOUT if DONE never comes. */
static int eeprom_read(struct e1000 *nic, uint8_t word, uint16_t *out)
{
	e1000_write(nic, E1000_EERD, E1000_EERD_START | (uint32_t)word << E1000_EERD_ADDR_SHIFT);
	for (uint32_t waited = 0; waited < EERD_TIMEOUT_US; waited += EERD_POLL_US) {
		uint32_t eerd = e1000_read(nic, E1000_EERD);

		if (eerd & E1000_EERD_DONE) {
			*out = (uint16_t)(eerd >> E1000_EERD_DATA_SHIFT);
			return 0;
		}
		clock_delay_us(EERD_POLL_US);
	}
	return -ETIMEDOUT;
}

static int mac_from_eeprom(struct e1000 *nic, uint8_t mac[6])
{
	for (uint8_t i = 0; i < 3U; i++) {
		uint16_t w;
		int err = eeprom_read(nic, (uint8_t)(EEPROM_WORD_MAC + i), &w);

		if (err != 0) {
			return err;
		}
		mac[2U * i] = (uint8_t)w;
		mac[2U * i + 1U] = (uint8_t)(w >> 8);
	}
	return 0;
}

/* What the device loaded into receive address 0 at reset, if marked valid. */
static int mac_from_ral(struct e1000 *nic, uint8_t mac[6])
{
	uint32_t ral = e1000_read(nic, E1000_RAL0), rah = e1000_read(nic, E1000_RAH0);

	if (!(rah & E1000_RAH_AV)) {
		return -ENOENT;
	}
	for (uint32_t i = 0; i < 4U; i++) {
		mac[i] = (uint8_t)(ral >> (8U * i));
	}
	mac[4] = (uint8_t)rah;
	mac[5] = (uint8_t)(rah >> 8);
	return 0;
}

/* Unicast (I/G bit clear, IEEE 802-2014 8.2) and not all zeros. */
static bool mac_valid(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1U) && memcmp(mac, zero, sizeof(zero)) != 0;
}

/* The EEPROM is the source (SDM chapter 5); RAL0/RAH0 when it cannot be read. */
static int read_mac(struct e1000 *nic)
{
	uint8_t mac[6];

	if ((mac_from_eeprom(nic, mac) != 0 || !mac_valid(mac)) &&
	    (mac_from_ral(nic, mac) != 0 || !mac_valid(mac))) {
		return -EADDRNOTAVAIL;
	}
	memcpy(nic->mac, mac, sizeof(mac));
	return 0;
}

/*
 * SDM 14.3 general configuration and the address filter of 14.4: link set
 * up with speed auto-detected, no flow control, our address in receive
 * address 0, the multicast table empty.
 */
static void configure_mac(struct e1000 *nic)
{
	uint32_t ctrl = e1000_read(nic, E1000_CTRL);
	const uint8_t *m = nic->mac;

	ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_ILOS | E1000_CTRL_VME | E1000_CTRL_PHY_RST);
	e1000_write(nic, E1000_CTRL, ctrl | E1000_CTRL_SLU | E1000_CTRL_ASDE);
	e1000_write(nic, E1000_FCAL, 0);
	e1000_write(nic, E1000_FCAH, 0);
	e1000_write(nic, E1000_FCT, 0);
	e1000_write(nic, E1000_FCTTV, 0);
	e1000_write(nic, E1000_RAL0, (uint32_t)m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 |
				     (uint32_t)m[3] << 24);
	e1000_write(nic, E1000_RAH0, (uint32_t)m[4] | (uint32_t)m[5] << 8 | E1000_RAH_AV);
	for (uint32_t i = 0; i < E1000_MTA_COUNT; i++) {
		e1000_write(nic, E1000_MTA + 4U * i, 0);
	}
}

int e1000_probe(struct e1000 *nic, const struct pci_device *pdev)
{
	int err;

	memset(nic, 0, sizeof(*nic));
	if (!e1000_supports(pdev, &nic->model)) {
		return -ENODEV;
	}
	nic->pci = pdev;
	err = map_registers(nic, pdev);
	if (err != 0) {
		return err;
	}
	/* Polled: INTx stays off (PCI 3.0 6.2.2); the device must master the bus for DMA. */
	pci_command_set(pdev, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	err = reset(nic);
	if (err != 0) {
		return err;
	}
	err = read_mac(nic);
	if (err != 0) {
		return err;
	}
	err = e1000_rings_alloc(nic);
	if (err != 0) {
		return err;
	}
	configure_mac(nic);
	e1000_rx_start(nic);
	e1000_tx_start(nic);
	return 0;
}

bool e1000_link_up(const struct e1000 *nic)
{
	return (e1000_read(nic, E1000_STATUS) & E1000_STATUS_LU) != 0U;
}

uint32_t e1000_link_speed(const struct e1000 *nic)
{
	uint32_t speed = (e1000_read(nic, E1000_STATUS) & E1000_STATUS_SPEED_MASK) >>
			 E1000_STATUS_SPEED_SHIFT;

	return speed == 0U ? 10U : speed == 1U ? 100U : 1000U;
}

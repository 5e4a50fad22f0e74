/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "drivers/pci_config.h"

/* Configuration mechanism #1 (PCI 3.0 3.2.2.3.2). */
#define PCI_CONFIG_ADDRESS	0xCF8U
#define PCI_CONFIG_DATA		0xCFCU
#define PCI_CONFIG_ENABLE	(1U << 31)

/* MCFG (PCI Firmware 3.0 4.1.2, table 4-3): 8 reserved bytes after the header. */
struct mcfg_allocation {
	uint64_t base;
	uint16_t segment;
	uint8_t bus_start;
	uint8_t bus_end;
	uint32_t reserved;
} __attribute__((packed));

#define MCFG_ALLOCATIONS_OFFSET	(sizeof(struct acpi_sdt_header) + 8U)

/* The method in use: set once at boot by pci_config_select(). */
static struct pci_ecam ecam;
static bool use_ecam;

int pci_mcfg_parse(const struct acpi_sdt_header *mcfg, struct pci_ecam *out)
{
	const uint8_t *table = (const uint8_t *)mcfg;

	if (mcfg->length < MCFG_ALLOCATIONS_OFFSET) {
		return -EINVAL;
	}
	for (uint32_t off = MCFG_ALLOCATIONS_OFFSET;
	     off + sizeof(struct mcfg_allocation) <= mcfg->length;
	     off += sizeof(struct mcfg_allocation)) {
		const struct mcfg_allocation *a = (const void *)(table + off);

		/* Ports reach segment 0 only; other segments wait for a user. */
		if (a->segment != 0U) {
			continue;
		}
		if (a->bus_end < a->bus_start || a->base == 0U) {
			return -EINVAL;
		}
		out->base = a->base;
		out->bus_start = a->bus_start;
		out->bus_end = a->bus_end;
		return 0;
	}
	return -ENOENT;
}

void pci_config_select(const struct pci_ecam *method)
{
	use_ecam = method != NULL;
	if (use_ecam) {
		ecam = *method;
	}
}

bool pci_config_uses_ecam(void)
{
	return use_ecam;
}

uint8_t pci_config_bus_first(void)
{
	return use_ecam ? ecam.bus_start : 0U;
}

uint8_t pci_config_bus_last(void)
{
	return use_ecam ? ecam.bus_end : 255U;
}

/* ECAM: 4 KiB per function, bus in bits 27:20 (PCIe 3.0 7.2.2, table 7-1). */
static volatile void *ecam_address(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	uint64_t addr = ecam.base + ((uint64_t)bus << 20) + ((uint64_t)dev << 15) +
			((uint64_t)fn << 12) + offset;

	return (volatile void *)(uintptr_t)addr;
}

static void port_select(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	outl(PCI_CONFIG_ADDRESS, PCI_CONFIG_ENABLE | (uint32_t)bus << 16 |
				       (uint32_t)dev << 11 | (uint32_t)fn << 8 | (offset & 0xFCU));
}

uint32_t pci_config_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	if (use_ecam) {
		return *(volatile uint32_t *)ecam_address(bus, dev, fn, offset);
	}
	port_select(bus, dev, fn, offset);
	return inl(PCI_CONFIG_DATA);
}

uint16_t pci_config_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	return (uint16_t)(pci_config_read32(bus, dev, fn, offset & 0xFCU) >> ((offset & 2U) * 8U));
}

uint8_t pci_config_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	return (uint8_t)(pci_config_read32(bus, dev, fn, offset & 0xFCU) >> ((offset & 3U) * 8U));
}

void pci_config_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint32_t value)
{
	if (use_ecam) {
		*(volatile uint32_t *)ecam_address(bus, dev, fn, offset) = value;
		return;
	}
	port_select(bus, dev, fn, offset);
	outl(PCI_CONFIG_DATA, value);
}

/*
 * A true 16-bit write, not read-modify-write of the dword: the status
 * register next to the command register has write-1-to-clear bits
 * (PCI 3.0 6.2.3) that writing back what was read would clear.
 */
void pci_config_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint16_t value)
{
	if (use_ecam) {
		*(volatile uint16_t *)ecam_address(bus, dev, fn, offset) = value;
		return;
	}
	port_select(bus, dev, fn, offset);
	outw((uint16_t)(PCI_CONFIG_DATA + (offset & 2U)), value);
}

/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration space access for segment 0: the enhanced mechanism
 * (ECAM, PCIe 3.0 7.2.2) at the address the ACPI MCFG table gives (PCI
 * Firmware 3.0 4.1.2), or configuration mechanism #1 through ports 0xCF8/
 * 0xCFC (PCI 3.0 3.2.2.3.2) on machines without one.  Only the BSP touches
 * config space (at boot and from the management loop), so the two-step
 * port sequence needs no lock.
 */
#ifndef VMANHV_DRIVERS_PCI_CONFIG_H
#define VMANHV_DRIVERS_PCI_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/acpi.h"

struct pci_ecam {
	uint64_t base;			/* the address of bus 0, even if bus_start > 0 */
	uint8_t bus_start, bus_end;
};

/*
 * The MCFG allocation for segment 0.  0, -ENOENT when the table lists none,
 * -EINVAL for a truncated table or an empty bus range.
 */
int pci_mcfg_parse(const struct acpi_sdt_header *mcfg, struct pci_ecam *out);

/* Use ECAM through *ecam from now on; NULL selects ports 0xCF8/0xCFC. */
void pci_config_select(const struct pci_ecam *ecam);
bool pci_config_uses_ecam(void);
/* The buses the selected method reaches. */
uint8_t pci_config_bus_first(void);
uint8_t pci_config_bus_last(void);

/* `offset` must be aligned to the access size and below 256 (the header). */
uint32_t pci_config_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset);
uint16_t pci_config_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset);
uint8_t pci_config_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset);
void pci_config_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint32_t value);
void pci_config_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint16_t value);

#endif

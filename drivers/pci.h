/* SPDX-License-Identifier: MIT */
/*
 * The host's PCI devices: found once at boot by scanning every bus of
 * segment 0, kept in a table drivers walk to find what they handle.
 * Config space is reached through ECAM when ACPI has an MCFG table, through
 * ports 0xCF8/0xCFC otherwise (drivers/pci_config.c).  Docs: docs/network.md.
 */
#ifndef VMANHV_DRIVERS_PCI_H
#define VMANHV_DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/acpi.h"

#define PCI_MAX_DEVICES		64U
#define PCI_BAR_COUNT		6U	/* a type 0 header has six (PCI 3.0 6.2.5.1) */

/* Config-space offsets of the header every function has (PCI 3.0 6.1). */
#define PCI_VENDOR_ID		0x00U
#define PCI_DEVICE_ID		0x02U
#define PCI_COMMAND		0x04U
#define PCI_STATUS		0x06U
#define PCI_CLASS_REVISION	0x08U
#define PCI_HEADER_TYPE		0x0EU
#define PCI_BAR0		0x10U
#define PCI_SUBSYSTEM_ID	0x2EU	/* type 0 header */
#define PCI_CAPABILITY_LIST	0x34U	/* type 0 and 1 headers (PCI 3.0 6.7) */

/* Status register bits (PCI 3.0 6.2.3). */
#define PCI_STATUS_CAP_LIST	(1U << 4)

/* Capability ids (PCI Code and ID Assignment 1.11, chapter 2). */
#define PCI_CAP_ID_VENDOR	0x09U
/* Capabilities are dwords after the 64-byte header: a list longer than this loops. */
#define PCI_CAP_LIST_MAX	((256U - 0x40U) / 4U)

/* Command register bits (PCI 3.0 6.2.2). */
#define PCI_COMMAND_IO		(1U << 0)
#define PCI_COMMAND_MEMORY	(1U << 1)
#define PCI_COMMAND_MASTER	(1U << 2)
#define PCI_COMMAND_INTX_DISABLE (1U << 10)

struct pci_device {
	uint8_t bus, dev, fn;
	uint16_t vendor_id, device_id;
	uint8_t class_code, subclass, prog_if;
	uint8_t header_type;		/* bits 6:0; bit 7 (multi-function) cleared */
};

enum pci_bar_kind {
	PCI_BAR_UNUSED,
	PCI_BAR_IO,
	PCI_BAR_MEM32,
	PCI_BAR_MEM64,			/* takes this BAR and the next */
};

struct pci_bar {
	enum pci_bar_kind kind;
	bool prefetchable;
	uint64_t base;
	uint64_t size;
};

/*
 * Choose the config access method (ECAM from the MCFG of `rsdp`, which may
 * be NULL, else ports), scan every bus and print one line per function
 * (`pci: bb:dd.f vvvv:dddd class cc.ss`, docs/console.md).
 * Returns the number of functions found.
 */
uint32_t pci_init(const struct acpi_rsdp *rsdp);

/* The function found after `after` (NULL: the first), or NULL after the last. */
const struct pci_device *pci_next(const struct pci_device *after);

/*
 * Decode BAR `index` by the sizing protocol of PCI 3.0 6.2.5.1 (decoding is
 * off while it runs).  0, -EINVAL for an index outside the header or the
 * upper half of a 64-bit BAR, -ENOENT for an unimplemented BAR.
 */
int pci_bar_decode(const struct pci_device *pdev, uint32_t index, struct pci_bar *out);

/* Set bits in the command register: memory space, bus mastering, ... */
void pci_command_set(const struct pci_device *pdev, uint16_t bits);

/* Config space of the function: `offset` aligned to the size and below 256. */
uint32_t pci_read32(const struct pci_device *pdev, uint16_t offset);
uint16_t pci_read16(const struct pci_device *pdev, uint16_t offset);
uint8_t pci_read8(const struct pci_device *pdev, uint16_t offset);

/*
 * The config-space offset of the next capability with id `cap_id` after the
 * one at `after` (0: from the start of the list, PCI 3.0 6.7), or 0 when
 * there is none.  A pointer into the header ends the walk, and so does a
 * loop after PCI_CAP_LIST_MAX steps; a caller walking the whole list from
 * call to call bounds its own walk the same way.
 */
uint8_t pci_capability_find(const struct pci_device *pdev, uint8_t cap_id, uint8_t after);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * A PCI host bridge with nothing behind it (PCI Local Bus 3.0 3.2.2.3.2,
 * configuration mechanism #1): the address register at 0xCF8 and the data
 * window at 0xCFC-0xCFF.  A VM has no PCI devices (its virtio devices are
 * virtio-mmio, described in its DSDT: docs/guest-platform.md), but an
 * unmodified Linux reads PCI configuration space before it has parsed its
 * command line (trim_snb_memory() looks for an Intel GPU at 00:02.0, so even
 * `pci=off` does not prevent it).  So the VM gets its own, empty bus: every
 * configuration read returns all ones ("no device"), writes are dropped,
 * and no access ever reaches the host's PCI.  Portable: no firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_PCI_HOST_H
#define VMANHV_HV_DEVICES_PCI_HOST_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_HOST_ADDRESS_PORT	0xCF8U
#define PCI_HOST_DATA_PORT	0xCFCU
#define PCI_HOST_PORTS		4U	/* each of the two registers is 4 ports wide */

struct pci_host {
	uint32_t address;	/* CONFIG_ADDRESS as last written */
	uint64_t reads, writes;	/* configuration accesses (style rule 19) */
};

void pci_host_init(struct pci_host *host);
/* vm_io_fn (hv/vm_io.h) for 0xCF8-0xCFB and for 0xCFC-0xCFF: `device` is the struct pci_host. */
void pci_host_address_io(void *device, uint16_t offset, uint8_t size, bool is_read,
			 uint32_t *value);
void pci_host_data_io(void *device, uint16_t offset, uint8_t size, bool is_read,
		      uint32_t *value);

#endif

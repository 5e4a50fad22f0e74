/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "hv/devices/pci_host.h"

void pci_host_init(struct pci_host *host)
{
	memset(host, 0, sizeof(*host));
}

/*
 * CONFIG_ADDRESS is a 32-bit register: only whole-register accesses reach
 * it.  Byte accesses to 0xCF8-0xCFB are other registers on real chipsets
 * (0xCF9 is the reset control of Intel's PCH): a VM has none of them, so
 * its writes there are dropped and its reads see 0.
 */
void pci_host_address_io(void *device, uint16_t offset, uint8_t size, bool is_read,
			 uint32_t *value)
{
	struct pci_host *host = device;
	bool whole = offset == 0 && size == 4;

	if (is_read) {
		*value = whole ? host->address : 0U;
	} else if (whole) {
		host->address = *value;
	}
}

/* No function exists at any bus/device/function: reads are all ones. */
void pci_host_data_io(void *device, uint16_t offset, uint8_t size, bool is_read,
		      uint32_t *value)
{
	struct pci_host *host = device;

	(void)offset;
	if (is_read) {
		host->reads++;
		*value = size >= 4 ? 0xFFFFFFFFU : (1U << (8U * size)) - 1U;
	} else {
		host->writes++;
	}
}

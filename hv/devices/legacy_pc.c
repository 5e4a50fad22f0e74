/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "hv/devices/legacy_pc.h"

const struct legacy_pc_range legacy_pc_ranges[] = {
	{ 0x20U, 2U, "8259 PIC, master" },
	{ 0x2EU, 2U, "Super I/O configuration index/data" },
	{ 0x40U, 4U, "8254 PIT" },
	{ 0x4EU, 2U, "Super I/O configuration index/data, second address" },
	{ 0x61U, 1U, "port B (PIT gate, speaker, NMI status)" },
	{ 0x80U, 1U, "POST code, the I/O delay port" },
	{ 0x81U, 15U, "8237 DMA page registers" },
	{ 0xA0U, 2U, "8259 PIC, slave" },
	{ 0x4D0U, 2U, "8259 edge/level control (ELCR)" },
};

const unsigned legacy_pc_range_count = sizeof(legacy_pc_ranges) / sizeof(legacy_pc_ranges[0]);

void legacy_pc_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value)
{
	uint64_t *accesses = device;

	(void)offset;
	(void)size;
	if (accesses != NULL) {
		(*accesses)++;
	}
	if (is_read) {
		*value = 0;
	}
}

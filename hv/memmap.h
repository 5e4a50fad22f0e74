/* SPDX-License-Identifier: MIT */
/*
 * The physical memory map, as the firmware's loaders report it (E820 types,
 * ACPI 6.4 section 15) and after it has been made sane: sorted, without
 * overlaps, usable ranges page-aligned.
 */
#ifndef VMANHV_HV_MEMMAP_H
#define VMANHV_HV_MEMMAP_H

#include <stdint.h>

#define MEMMAP_MAX	128U

enum mem_type {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIM = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
};

struct mem_region {
	uint64_t base;
	uint64_t length;
	uint32_t type;		/* enum mem_type; unknown types count as reserved */
};

struct memmap {
	uint32_t count;
	struct mem_region region[MEMMAP_MAX];
};

/* Returns 0, or -ENOSPC when the map is full (the region is then dropped). */
int memmap_add(struct memmap *map, uint64_t base, uint64_t length, uint32_t type);
/*
 * Sort, resolve overlaps (anything not usable wins over usable, the higher
 * type wins between two non-usable ones), merge neighbours of one type and
 * shrink usable regions to whole 4 KiB pages.
 */
void memmap_sanitize(struct memmap *map);
uint64_t memmap_usable_bytes(const struct memmap *map);
/* One past the highest usable byte. */
uint64_t memmap_usable_end(const struct memmap *map);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Host physical memory: the page-frame allocator set up from the sanitized
 * memory map, with the firmware image, boot modules and low memory kept out.
 * Physical memory is identity mapped, so a frame's address is its pointer.
 */
#ifndef VMANHV_HV_MM_H
#define VMANHV_HV_MM_H

#include <stddef.h>
#include <stdint.h>

#include "boot/boot_info.h"
#include "hv/memmap.h"

#define PAGE_SIZE	4096ULL

struct mm_stats {
	uint64_t usable_bytes;		/* RAM the memory map calls usable */
	uint32_t usable_regions;
	uint64_t total_pages;		/* frames handed to the allocator */
	uint64_t free_pages;
};

/* Sanitizes info->memmap into *map and builds the allocator. 0 or -errno. */
int mm_init(const struct boot_info *info, struct memmap *map);
/* `count` contiguous zeroed pages, aligned to `align` pages; NULL when out of memory. */
void *page_alloc(uint64_t count, uint64_t align);
void page_free(void *pages, uint64_t count);
struct mm_stats mm_stats(void);

#endif

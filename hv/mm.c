/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "hv/log.h"
#include "hv/mm.h"
#include "hv/pfa.h"
#include "hv/spinlock.h"

/* Below 1 MiB live the BIOS data, the loader's hand-off and the AP trampoline. */
#define LOW_MEMORY_END	0x100000ULL

extern char __image_start[], __image_end[];

static struct pfa host_pfa;
static struct spinlock pfa_lock;
static struct mm_stats stats;

struct span {
	uint64_t base, end;
};

static bool overlaps(uint64_t base, uint64_t end, const struct span *s)
{
	return base < s->end && s->base < end;
}

/* Frames that must never be handed out, besides non-usable memory. */
static uint32_t busy_spans(const struct boot_info *info, struct span *out, uint32_t max)
{
	uint32_t n = 0;

	out[n++] = (struct span){ 0, LOW_MEMORY_END };
	out[n++] = (struct span){ (uintptr_t)__image_start, (uintptr_t)__image_end };
	for (uint32_t i = 0; i < info->module_count && n < max; i++) {
		out[n++] = (struct span){ info->module[i].start, info->module[i].end };
	}
	return n;
}

/* First page-aligned place of `size` bytes in usable RAM clear of every busy span. */
static uint64_t find_room(const struct memmap *map, const struct span *busy, uint32_t nbusy,
			  uint64_t size)
{
	for (uint32_t r = 0; r < map->count; r++) {
		const struct mem_region *reg = &map->region[r];
		uint64_t base = reg->base;
		bool moved = true;

		if (reg->type != MEM_USABLE) {
			continue;
		}
		while (moved && base + size <= reg->base + reg->length) {
			moved = false;
			for (uint32_t b = 0; b < nbusy; b++) {
				if (overlaps(base, base + size, &busy[b])) {
					base = (busy[b].end + PAGE_SIZE - 1U) & ~(PAGE_SIZE - 1U);
					moved = true;
				}
			}
		}
		if (!moved && base + size <= reg->base + reg->length) {
			return base;
		}
	}
	return 0;
}

int mm_init(const struct boot_info *info, struct memmap *map)
{
	struct span busy[2 + BOOT_MODULES_MAX];
	uint32_t nbusy = busy_spans(info, busy, 2 + BOOT_MODULES_MAX);
	uint64_t pages, bitmap_bytes, bitmap_at;

	*map = info->memmap;
	memmap_sanitize(map);
	pages = memmap_usable_end(map) / PAGE_SIZE;
	if (pages == 0U) {
		return -ENOMEM;
	}
	bitmap_bytes = (pfa_bitmap_words(pages) * sizeof(uint64_t) + PAGE_SIZE - 1U) & ~(PAGE_SIZE - 1U);
	bitmap_at = find_room(map, busy, nbusy, bitmap_bytes);
	if (bitmap_at == 0U) {
		return -ENOMEM;
	}
	pfa_init(&host_pfa, (uint64_t *)(uintptr_t)bitmap_at, pages);
	for (uint32_t r = 0; r < map->count; r++) {
		if (map->region[r].type == MEM_USABLE) {
			pfa_release_range(&host_pfa, map->region[r].base, map->region[r].length);
			stats.usable_regions++;
		}
	}
	for (uint32_t b = 0; b < nbusy; b++) {
		pfa_reserve_range(&host_pfa, busy[b].base, busy[b].end - busy[b].base);
	}
	pfa_reserve_range(&host_pfa, bitmap_at, bitmap_bytes);
	stats.usable_bytes = memmap_usable_bytes(map);
	stats.total_pages = host_pfa.free_pages;
	return 0;
}

void *page_alloc(uint64_t count, uint64_t align)
{
	uint64_t phys;

	spin_lock(&pfa_lock);
	phys = pfa_alloc(&host_pfa, count, align);
	spin_unlock(&pfa_lock);
	if (phys == PFA_NO_PAGE) {
		return NULL;
	}
	memset((void *)(uintptr_t)phys, 0, count * PAGE_SIZE);
	return (void *)(uintptr_t)phys;
}

void page_free(void *pages, uint64_t count)
{
	uint64_t double_freed;

	spin_lock(&pfa_lock);
	double_freed = pfa_free(&host_pfa, (uintptr_t)pages, count);
	spin_unlock(&pfa_lock);
	if (double_freed != 0U) {
		hv_log("mm: %lu page(s) at %p freed twice\n", double_freed, pages);
	}
}

struct mm_stats mm_stats(void)
{
	struct mm_stats s = stats;

	s.free_pages = host_pfa.free_pages;
	return s;
}

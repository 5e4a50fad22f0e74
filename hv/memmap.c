/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "hv/memmap.h"

#define PAGE_SIZE_4K	4096ULL
#define BOUNDARY_MAX	(2U * MEMMAP_MAX)

int memmap_add(struct memmap *map, uint64_t base, uint64_t length, uint32_t type)
{
	if (length == 0U) {
		return 0;
	}
	if (map->count >= MEMMAP_MAX) {
		return -ENOSPC;
	}
	/* Clamp a range that would wrap past the top of the address space. */
	if (base + length < base) {
		length = UINT64_MAX - base;
	}
	map->region[map->count++] = (struct mem_region){ base, length, type };
	return 0;
}

/* Usable is the weakest claim; among the others the higher type wins. */
static uint32_t type_rank(uint32_t type)
{
	if (type == MEM_USABLE) {
		return 0;
	}
	if (type < MEM_RESERVED || type > MEM_BAD) {
		return MEM_RESERVED;
	}
	return type;
}

static void sort_u64(uint64_t *v, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		uint64_t key = v[i];
		uint32_t j = i;

		while (j > 0 && v[j - 1] > key) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = key;
	}
}

/* The type that owns [start, end), or 0 when no region covers it. */
static uint32_t type_at(const struct memmap *map, uint64_t start, uint64_t end)
{
	uint32_t best = 0;
	bool covered = false;

	for (uint32_t i = 0; i < map->count; i++) {
		const struct mem_region *r = &map->region[i];

		if (r->base <= start && end <= r->base + r->length) {
			uint32_t t = type_rank(r->type);

			if (!covered || t > type_rank(best)) {
				best = t == 0 ? MEM_USABLE : t;
			}
			covered = true;
		}
	}
	return covered ? best : 0U;
}

static void append_merged(struct memmap *out, uint64_t start, uint64_t end, uint32_t type)
{
	struct mem_region *last = out->count ? &out->region[out->count - 1] : NULL;

	if (last != NULL && last->type == type && last->base + last->length == start) {
		last->length = end - last->base;
		return;
	}
	(void)memmap_add(out, start, end - start, type);
}

static void align_usable(struct memmap *map)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < map->count; i++) {
		struct mem_region r = map->region[i];

		if (r.type == MEM_USABLE) {
			/* In frames, so a region in the last page cannot wrap to 0. */
			uint64_t first = r.base / PAGE_SIZE_4K + (r.base % PAGE_SIZE_4K != 0U);
			uint64_t end = (r.base + r.length) / PAGE_SIZE_4K;

			if (end <= first) {
				continue;
			}
			r.base = first * PAGE_SIZE_4K;
			r.length = (end - first) * PAGE_SIZE_4K;
		}
		map->region[kept++] = r;
	}
	map->count = kept;
}

void memmap_sanitize(struct memmap *map)
{
	uint64_t edge[BOUNDARY_MAX];
	uint32_t edges = 0;
	struct memmap out = { 0 };

	for (uint32_t i = 0; i < map->count; i++) {
		edge[edges++] = map->region[i].base;
		edge[edges++] = map->region[i].base + map->region[i].length;
	}
	sort_u64(edge, edges);
	for (uint32_t i = 0; i + 1 < edges; i++) {
		uint32_t type;

		if (edge[i] == edge[i + 1]) {
			continue;
		}
		type = type_at(map, edge[i], edge[i + 1]);
		if (type != 0U) {
			append_merged(&out, edge[i], edge[i + 1], type);
		}
	}
	align_usable(&out);
	*map = out;
}

uint64_t memmap_usable_bytes(const struct memmap *map)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < map->count; i++) {
		if (map->region[i].type == MEM_USABLE) {
			total += map->region[i].length;
		}
	}
	return total;
}

uint64_t memmap_usable_end(const struct memmap *map)
{
	uint64_t end = 0;

	for (uint32_t i = 0; i < map->count; i++) {
		const struct mem_region *r = &map->region[i];

		if (r->type == MEM_USABLE && r->base + r->length > end) {
			end = r->base + r->length;
		}
	}
	return end;
}

/* SPDX-License-Identifier: MIT */
/*
 * EPT paging structures (SDM Vol. 3C 28.2.2).  Non-leaf entries grant
 * R/W/X so that the leaf alone decides; leaves carry memory type WB (6) in
 * bits 5:3 (28.2.6.1).  Physical memory is identity mapped in the host, so
 * a table's physical address is its pointer.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86_64/vmx/ept.h"
#include "hv/mm.h"

#define EPT_MEMTYPE_WB		(6ULL << 3)	/* leaf memory type, 28.2.6.1 */
#define EPT_LARGE_PAGE		(1ULL << 7)	/* PDE maps 2 MiB (table 28-4) */
#define EPT_ADDR_MASK		0x000FFFFFFFFFF000ULL
#define EPTP_MEMTYPE_WB		6ULL		/* EPTP bits 2:0, 24.6.11 */
#define EPTP_WALK_4		(3ULL << 3)	/* walk length - 1, bits 5:3 */
#define EPT_LEVELS		4U
#define EPT_ENTRIES		512U
#define SIZE_4K			0x1000ULL
#define SIZE_2M			0x200000ULL

static unsigned int level_index(uint64_t gpa, unsigned int level)
{
	return (unsigned int)(gpa >> (12U + 9U * level)) & (EPT_ENTRIES - 1U);
}

#define EPT_GPA_LIMIT	(1ULL << 48)
#define EPT_HPA_LIMIT	(1ULL << 52)

static uint64_t *table_at(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & EPT_ADDR_MASK);
}

/*
 * The table below `entry`, allocated when missing.  -EINVAL when a 2 MiB
 * page already maps that range (the caller asked to map over it), -ENOMEM
 * when out of memory.
 */
static int next_table(struct ept *ept, uint64_t *entry, uint64_t **table)
{
	if (*entry & EPT_RWX) {
		if (*entry & EPT_LARGE_PAGE) {
			return -EINVAL;
		}
		*table = table_at(*entry);
		return 0;
	}
	*table = page_alloc(1, 1);
	if (*table == NULL) {
		return -ENOMEM;
	}
	ept->table_pages++;
	*entry = (uintptr_t)*table | EPT_RWX;
	return 0;
}

/*
 * Set one leaf: at level 1 (PDE, 2 MiB) or level 0 (PTE, 4 KiB).  A range
 * is mapped once: a leaf over an existing mapping or page table is refused,
 * so nothing is silently replaced or orphaned.
 */
static int map_leaf(struct ept *ept, uint64_t gpa, uint64_t hpa, uint64_t perms,
		    unsigned int leaf_level)
{
	uint64_t *table = ept->pml4;
	uint64_t *leaf;

	for (unsigned int level = EPT_LEVELS - 1U; level > leaf_level; level--) {
		int err = next_table(ept, &table[level_index(gpa, level)], &table);

		if (err != 0) {
			return err;
		}
	}
	leaf = &table[level_index(gpa, leaf_level)];
	if (*leaf & EPT_RWX) {
		return -EINVAL;
	}
	*leaf = hpa | perms | EPT_MEMTYPE_WB | (leaf_level == 1U ? EPT_LARGE_PAGE : 0U);
	return 0;
}

int ept_init(struct ept *ept)
{
	*ept = (struct ept){ 0 };
	ept->pml4 = page_alloc(1, 1);
	if (ept->pml4 == NULL) {
		return -ENOMEM;
	}
	ept->table_pages = 1;
	return 0;
}

int ept_map_range(struct ept *ept, uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t perms)
{
	if (((gpa | hpa | size) & (SIZE_4K - 1U)) != 0U || (perms & ~EPT_RWX) != 0U ||
	    (perms & (EPT_READ | EPT_WRITE)) == EPT_WRITE) {
		/* Write without read is a misconfiguration (28.2.3.1). */
		return -EINVAL;
	}
	/* 4 levels translate 48 bits of GPA; entries hold at most 52 bits of HPA. */
	if (size > EPT_GPA_LIMIT || gpa > EPT_GPA_LIMIT - size ||
	    size > EPT_HPA_LIMIT || hpa > EPT_HPA_LIMIT - size) {
		return -EINVAL;
	}
	while (size > 0U) {
		bool large = ((gpa | hpa) & (SIZE_2M - 1U)) == 0U && size >= SIZE_2M;
		uint64_t step = large ? SIZE_2M : SIZE_4K;
		int err = map_leaf(ept, gpa, hpa, perms, large ? 1U : 0U);

		if (err != 0) {
			return err;
		}
		if (large) {
			ept->pages_2m++;
		} else {
			ept->pages_4k++;
		}
		gpa += step;
		hpa += step;
		size -= step;
	}
	return 0;
}

uint64_t ept_pointer(const struct ept *ept)
{
	return (uintptr_t)ept->pml4 | EPTP_WALK_4 | EPTP_MEMTYPE_WB;
}

static void free_level(uint64_t *table, unsigned int level)
{
	for (unsigned int i = 0; level > 0U && i < EPT_ENTRIES; i++) {
		if ((table[i] & EPT_RWX) && !(table[i] & EPT_LARGE_PAGE)) {
			free_level(table_at(table[i]), level - 1U);
		}
	}
	page_free(table, 1);
}

void ept_destroy(struct ept *ept)
{
	if (ept->pml4 != NULL) {
		free_level(ept->pml4, EPT_LEVELS - 1U);
	}
	*ept = (struct ept){ 0 };
}

/* SPDX-License-Identifier: MIT */
/*
 * Extended page tables (SDM Vol. 3C 28.2): a 4-level map from guest
 * physical to host physical addresses, one per VM.  Table pages come from
 * the page allocator and are freed with the map.
 */
#ifndef VMANHV_ARCH_VMX_EPT_H
#define VMANHV_ARCH_VMX_EPT_H

#include <stdint.h>

#define EPT_READ	(1ULL << 0)
#define EPT_WRITE	(1ULL << 1)
#define EPT_EXEC	(1ULL << 2)
#define EPT_RWX		(EPT_READ | EPT_WRITE | EPT_EXEC)

struct ept {
	uint64_t *pml4;		/* NULL until ept_init() */
	uint64_t table_pages;	/* paging-structure pages in use, the PML4 included */
	uint64_t pages_2m, pages_4k;	/* leaves mapped */
};

/* An empty map: every guest access faults (EPT violation).  0 or -ENOMEM. */
int ept_init(struct ept *ept);
/*
 * Map [gpa, gpa + size) to [hpa, hpa + size), write-back, with `perms`
 * (EPT_READ/WRITE/EXEC).  2 MiB pages wherever both addresses are 2 MiB
 * aligned and 2 MiB remain, 4 KiB pages elsewhere.  Addresses and size must
 * be 4 KiB aligned.  0, -EINVAL or -ENOMEM (what was mapped stays mapped).
 */
int ept_map_range(struct ept *ept, uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t perms);
/* The EPT pointer for the VMCS (24.6.11): WB, 4-level walk. */
uint64_t ept_pointer(const struct ept *ept);
/* Free every table page (the leaves' memory belongs to the caller). */
void ept_destroy(struct ept *ept);

#endif

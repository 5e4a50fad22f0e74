/* SPDX-License-Identifier: MIT */
/*
 * The page-frame allocator: one bit per 4 KiB frame of physical memory,
 * set when the frame is in use.  It never touches the frames themselves,
 * so it runs the same in the firmware and in a hosted unit test.  Not
 * thread-safe: hv/mm.c serialises callers.
 */
#ifndef VMANHV_HV_PFA_H
#define VMANHV_HV_PFA_H

#include <stdint.h>

#define PFA_PAGE_SIZE	4096ULL
#define PFA_NO_PAGE	UINT64_MAX

struct pfa {
	uint64_t *bitmap;	/* (pages + 63) / 64 words, owned by the caller */
	uint64_t pages;		/* frames covered, from physical address 0 */
	uint64_t free_pages;
	uint64_t search_hint;	/* frame where the next search starts */
};

/* Words of bitmap needed to cover `pages` frames. */
static inline uint64_t pfa_bitmap_words(uint64_t pages)
{
	return (pages + 63U) / 64U;
}

/* Every frame starts in use; pfa_release_range() hands usable RAM over. */
void pfa_init(struct pfa *pfa, uint64_t *bitmap, uint64_t pages);
/* Mark the whole frames inside [base, base + length) free. */
void pfa_release_range(struct pfa *pfa, uint64_t base, uint64_t length);
/* Mark every frame touching [base, base + length) in use. */
void pfa_reserve_range(struct pfa *pfa, uint64_t base, uint64_t length);
/*
 * Allocate `count` contiguous frames whose first frame is a multiple of
 * `align` frames (a power of two; 0 or 1 for none).  Returns the physical
 * address, or PFA_NO_PAGE.
 */
uint64_t pfa_alloc(struct pfa *pfa, uint64_t count, uint64_t align);
/* Free frames from pfa_alloc(); freeing a free frame is ignored and counted. */
uint64_t pfa_free(struct pfa *pfa, uint64_t phys, uint64_t count);

#endif

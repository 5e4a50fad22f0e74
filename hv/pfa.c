/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <string.h>

#include "hv/pfa.h"

static bool frame_used(const struct pfa *pfa, uint64_t frame)
{
	return (pfa->bitmap[frame / 64U] >> (frame % 64U)) & 1U;
}

static void frame_set(struct pfa *pfa, uint64_t frame, bool used)
{
	uint64_t bit = 1ULL << (frame % 64U);

	if (used == frame_used(pfa, frame)) {
		return;
	}
	if (used) {
		pfa->bitmap[frame / 64U] |= bit;
		pfa->free_pages--;
	} else {
		pfa->bitmap[frame / 64U] &= ~bit;
		pfa->free_pages++;
	}
}

void pfa_init(struct pfa *pfa, uint64_t *bitmap, uint64_t pages)
{
	pfa->bitmap = bitmap;
	pfa->pages = pages;
	pfa->free_pages = 0;
	pfa->search_hint = 0;
	memset(bitmap, 0xFF, pfa_bitmap_words(pages) * sizeof(uint64_t));
}

/* A range running past the top of the address space ends there instead. */
static uint64_t clamp_length(uint64_t base, uint64_t length)
{
	return length > UINT64_MAX - base ? UINT64_MAX - base : length;
}

void pfa_release_range(struct pfa *pfa, uint64_t base, uint64_t length)
{
	/* Whole frames only, counted in frames so nothing wraps. */
	uint64_t first = base / PFA_PAGE_SIZE + (base % PFA_PAGE_SIZE != 0U);
	uint64_t end = (base + clamp_length(base, length)) / PFA_PAGE_SIZE;

	if (end > pfa->pages) {
		end = pfa->pages;
	}
	for (uint64_t f = first; f < end; f++) {
		frame_set(pfa, f, false);
	}
}

void pfa_reserve_range(struct pfa *pfa, uint64_t base, uint64_t length)
{
	uint64_t first = base / PFA_PAGE_SIZE;
	uint64_t end;

	length = clamp_length(base, length);
	if (length == 0U) {
		return;
	}
	end = (base + length - 1U) / PFA_PAGE_SIZE + 1U;	/* every touched frame */
	if (end > pfa->pages) {
		end = pfa->pages;
	}
	for (uint64_t f = first; f < end; f++) {
		frame_set(pfa, f, true);
	}
}

/* Length of the free run starting at frame, capped at want. */
static uint64_t free_run(const struct pfa *pfa, uint64_t frame, uint64_t want)
{
	uint64_t n = 0;

	while (n < want && frame + n < pfa->pages && !frame_used(pfa, frame + n)) {
		n++;
	}
	return n;
}

static uint64_t search(struct pfa *pfa, uint64_t from, uint64_t to, uint64_t count,
		       uint64_t align)
{
	uint64_t f = (from + align - 1U) & ~(align - 1U);

	while (f + count <= to) {
		uint64_t run = free_run(pfa, f, count);

		if (run == count) {
			return f;
		}
		/* Skip past the used frame that ended the run. */
		f = (f + run + 1U + align - 1U) & ~(align - 1U);
	}
	return PFA_NO_PAGE;
}

uint64_t pfa_alloc(struct pfa *pfa, uint64_t count, uint64_t align)
{
	uint64_t frame;

	if (align == 0U) {
		align = 1;
	}
	if (count == 0U || count > pfa->free_pages || (align & (align - 1U)) != 0U) {
		return PFA_NO_PAGE;
	}
	frame = search(pfa, pfa->search_hint, pfa->pages, count, align);
	if (frame == PFA_NO_PAGE) {
		frame = search(pfa, 0, pfa->pages, count, align);
	}
	if (frame == PFA_NO_PAGE) {
		return PFA_NO_PAGE;
	}
	for (uint64_t i = 0; i < count; i++) {
		frame_set(pfa, frame + i, true);
	}
	pfa->search_hint = frame + count;
	return frame * PFA_PAGE_SIZE;
}

uint64_t pfa_free(struct pfa *pfa, uint64_t phys, uint64_t count)
{
	uint64_t first = phys / PFA_PAGE_SIZE;
	uint64_t already_free = 0;

	for (uint64_t f = first; f < first + count && f < pfa->pages; f++) {
		if (!frame_used(pfa, f)) {
			already_free++;
		}
		frame_set(pfa, f, false);
	}
	if (first < pfa->search_hint) {
		pfa->search_hint = first;
	}
	return already_free;
}

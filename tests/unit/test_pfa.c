/* sources: hv/pfa.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/pfa.c: the page-frame bitmap allocator.  After every operation the
 * free_pages counter must equal a recount of the bitmap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hv/pfa.h"

#define PG		PFA_PAGE_SIZE
#define PAGES		200U	/* not a multiple of 64: a partial last word */

static uint64_t bitmap[(PAGES + 63) / 64 + 1];	/* + a guard word */
static struct pfa pfa;

#define GUARD		0x5a5a5a5a5a5a5a5aULL

static bool used(uint64_t frame)
{
	return (pfa.bitmap[frame / 64] >> (frame % 64)) & 1U;
}

static uint64_t recount_free(void)
{
	uint64_t n = 0;

	for (uint64_t f = 0; f < pfa.pages; f++) {
		n += !used(f);
	}
	return n;
}

static void assert_consistent(void)
{
	assert_int_equal(pfa.free_pages, recount_free());
	assert_int_equal(bitmap[pfa_bitmap_words(PAGES)], GUARD);
}

/* Every frame in use, as pfa_init() leaves it. */
static int init_used(void **state)
{
	memset(bitmap, 0, sizeof(bitmap));
	bitmap[pfa_bitmap_words(PAGES)] = GUARD;
	pfa_init(&pfa, bitmap, PAGES);
	return 0;
}

/* Every frame free. */
static int init_free(void **state)
{
	init_used(state);
	pfa_release_range(&pfa, 0, PAGES * PG);
	return 0;
}

static void bitmap_words_round_up(void **state)
{
	assert_int_equal(pfa_bitmap_words(0), 0);
	assert_int_equal(pfa_bitmap_words(1), 1);
	assert_int_equal(pfa_bitmap_words(64), 1);
	assert_int_equal(pfa_bitmap_words(65), 2);
	assert_int_equal(pfa_bitmap_words(PAGES), 4);
}

static void init_marks_every_frame_used(void **state)
{
	assert_int_equal(pfa.pages, PAGES);
	assert_int_equal(pfa.free_pages, 0);
	assert_int_equal(pfa.search_hint, 0);
	for (uint64_t f = 0; f < PAGES; f++) {
		assert_true(used(f));
	}
	assert_consistent();
}

static void alloc_after_init_fails(void **state)
{
	assert_int_equal(pfa_alloc(&pfa, 1, 0), PFA_NO_PAGE);
	assert_consistent();
}

static void release_frees_only_whole_frames_inside(void **state)
{
	pfa_release_range(&pfa, 0x1800, 0x3000);	/* [0x1800, 0x4800) */
	assert_int_equal(pfa.free_pages, 2);
	assert_true(used(1));
	assert_false(used(2));
	assert_false(used(3));
	assert_true(used(4));
	assert_consistent();
}

static void release_within_one_frame_frees_nothing(void **state)
{
	pfa_release_range(&pfa, 0x5010, 0xfe0);
	assert_int_equal(pfa.free_pages, 0);
	assert_consistent();
}

static void release_is_clamped_to_pages(void **state)
{
	pfa_release_range(&pfa, (PAGES - 2) * PG, 100 * PG);
	assert_int_equal(pfa.free_pages, 2);
	assert_consistent();
}

static void release_twice_counts_once(void **state)
{
	pfa_release_range(&pfa, 0, 10 * PG);
	pfa_release_range(&pfa, 5 * PG, 10 * PG);
	assert_int_equal(pfa.free_pages, 15);
	assert_consistent();
}

static void reserve_marks_every_touched_frame(void **state)
{
	pfa_reserve_range(&pfa, 0x1800, 0x1000);	/* [0x1800, 0x2800) */
	assert_int_equal(pfa.free_pages, PAGES - 2);
	assert_false(used(0));
	assert_true(used(1));
	assert_true(used(2));
	assert_false(used(3));
	assert_consistent();
}

static void reserve_one_byte_takes_a_frame(void **state)
{
	pfa_reserve_range(&pfa, 7 * PG + 4095, 1);
	assert_int_equal(pfa.free_pages, PAGES - 1);
	assert_true(used(7));
	assert_false(used(8));
	assert_consistent();
}

static void reserve_zero_length_does_nothing(void **state)
{
	pfa_reserve_range(&pfa, 0x3000, 0);
	assert_int_equal(pfa.free_pages, PAGES);
	assert_consistent();
}

static void reserve_beyond_pages_is_ignored(void **state)
{
	pfa_reserve_range(&pfa, (PAGES + 5) * PG, 10 * PG);
	pfa_reserve_range(&pfa, (PAGES - 1) * PG, 10 * PG);
	assert_int_equal(pfa.free_pages, PAGES - 1);
	assert_consistent();
}

/*
 * Regression: pfa_reserve_range() once computed base + length + PFA_PAGE_SIZE - 1,
 * which wrapped
 * for a range that reaches the top of the address space (as memmap_add()
 * clamps a wrapping region: length = UINT64_MAX - base); end becomes 0 and
 * nothing is reserved.
 */
static void reserve_to_top_of_address_space(void **state)
{
	pfa_reserve_range(&pfa, 100 * PG, UINT64_MAX - 100 * PG);
	assert_int_equal(pfa.free_pages, 100);
	assert_true(used(100));
	assert_true(used(PAGES - 1));
	assert_consistent();
}

/*
 * Regression: pfa_release_range() once rounded the start up with
 * base + PFA_PAGE_SIZE - 1, which wrapped for a base in the last page of the address space: first becomes 0
 * and every frame is released although the range holds no whole frame.
 */
static void release_in_last_page_frees_nothing(void **state)
{
	pfa_release_range(&pfa, UINT64_MAX - 0x7ff, 0x7ff);
	assert_int_equal(pfa.free_pages, 0);
	assert_consistent();
}

static void alloc_single_returns_lowest_free(void **state)
{
	pfa_reserve_range(&pfa, 0, 3 * PG);
	assert_int_equal(pfa_alloc(&pfa, 1, 0), 3 * PG);
	assert_true(used(3));
	assert_int_equal(pfa_alloc(&pfa, 1, 1), 4 * PG);
	assert_int_equal(pfa.free_pages, PAGES - 5);
	assert_consistent();
}

static void alloc_contiguous_skips_short_runs(void **state)
{
	pfa_reserve_range(&pfa, 2 * PG, PG);	/* free: 0-1, 3-5, 7.. */
	pfa_reserve_range(&pfa, 6 * PG, PG);
	assert_int_equal(pfa_alloc(&pfa, 4, 0), 7 * PG);
	for (uint64_t f = 7; f < 11; f++) {
		assert_true(used(f));
	}
	assert_false(used(11));
	assert_int_equal(pfa_alloc(&pfa, 3, 0), 11 * PG);
	assert_consistent();
}

static void alloc_contiguous_uses_exact_fit(void **state)
{
	pfa_reserve_range(&pfa, 2 * PG, PG);
	pfa_reserve_range(&pfa, 6 * PG, PG);
	assert_int_equal(pfa_alloc(&pfa, 3, 0), 3 * PG);
	assert_consistent();
}

static void alloc_aligned(void **state)
{
	pfa_reserve_range(&pfa, 0, PG);
	assert_int_equal(pfa_alloc(&pfa, 1, 8), 8 * PG);
	assert_int_equal(pfa_alloc(&pfa, 2, 16), 16 * PG);
	assert_int_equal(pfa_alloc(&pfa, 1, 0), 18 * PG);	/* after the hint */
	assert_consistent();
}

static void alloc_aligned_skips_unaligned_run(void **state)
{
	pfa_reserve_range(&pfa, 0, 70 * PG);
	pfa_reserve_range(&pfa, 80 * PG, 20 * PG);	/* free: 70-79, 100.. */
	assert_int_equal(pfa_alloc(&pfa, 4, 32), 128 * PG);
	assert_int_equal(pfa_alloc(&pfa, 8, 8), 136 * PG);
	assert_int_equal(pfa_alloc(&pfa, 8, 4), 144 * PG);
	assert_consistent();
}

static void alloc_rejects_bad_arguments(void **state)
{
	assert_int_equal(pfa_alloc(&pfa, 0, 0), PFA_NO_PAGE);
	assert_int_equal(pfa_alloc(&pfa, 1, 3), PFA_NO_PAGE);
	assert_int_equal(pfa_alloc(&pfa, PAGES + 1, 0), PFA_NO_PAGE);
	assert_int_equal(pfa.free_pages, PAGES);
	assert_consistent();
}

static void alloc_until_exhausted(void **state)
{
	for (uint64_t i = 0; i < PAGES; i++) {
		assert_int_equal(pfa_alloc(&pfa, 1, 0), i * PG);
	}
	assert_int_equal(pfa.free_pages, 0);
	assert_int_equal(pfa_alloc(&pfa, 1, 0), PFA_NO_PAGE);
	assert_consistent();
}

static void alloc_whole_memory_at_once(void **state)
{
	assert_int_equal(pfa_alloc(&pfa, PAGES, 0), 0);
	assert_int_equal(pfa.free_pages, 0);
	assert_int_equal(pfa_alloc(&pfa, 1, 0), PFA_NO_PAGE);
	assert_consistent();
}

static void fragmented_memory_fails_contiguous(void **state)
{
	for (uint64_t f = 0; f < PAGES; f += 2) {
		pfa_reserve_range(&pfa, f * PG, PG);
	}
	assert_int_equal(pfa.free_pages, PAGES / 2);
	assert_int_equal(pfa_alloc(&pfa, 2, 0), PFA_NO_PAGE);
	assert_int_equal(pfa.free_pages, PAGES / 2);
	assert_int_equal(pfa_alloc(&pfa, 1, 0), 1 * PG);
	assert_consistent();
}

static void free_then_realloc_same_frames(void **state)
{
	uint64_t a = pfa_alloc(&pfa, 4, 0);
	uint64_t b = pfa_alloc(&pfa, 4, 0);

	assert_int_equal(b, a + 4 * PG);
	assert_int_equal(pfa_free(&pfa, a, 4), 0);
	assert_int_equal(pfa.free_pages, PAGES - 4);
	assert_int_equal(pfa_alloc(&pfa, 4, 0), a);
	assert_int_equal(pfa.free_pages, PAGES - 8);
	assert_consistent();
}

static void double_free_is_counted_and_harmless(void **state)
{
	uint64_t a = pfa_alloc(&pfa, 2, 0);

	assert_int_equal(pfa_free(&pfa, a, 2), 0);
	assert_int_equal(pfa.free_pages, PAGES);
	assert_int_equal(pfa_free(&pfa, a, 2), 2);
	assert_int_equal(pfa.free_pages, PAGES);
	assert_consistent();
}

static void partly_double_free_counts_free_frames(void **state)
{
	uint64_t a = pfa_alloc(&pfa, 3, 0);

	assert_int_equal(pfa_free(&pfa, a + PG, 1), 0);
	assert_int_equal(pfa_free(&pfa, a, 3), 1);
	assert_int_equal(pfa.free_pages, PAGES);
	assert_consistent();
}

static void free_beyond_pages_is_ignored(void **state)
{
	pfa_reserve_range(&pfa, (PAGES - 1) * PG, PG);
	assert_int_equal(pfa_free(&pfa, (PAGES - 1) * PG, 5), 0);
	assert_int_equal(pfa.free_pages, PAGES);
	assert_consistent();
}

/* The search starts at the hint and wraps to frame 0 when the end is full. */
static void search_wraps_around_past_hint(void **state)
{
	for (uint64_t i = 0; i < PAGES - 2; i++) {
		assert_int_equal(pfa_alloc(&pfa, 1, 0), i * PG);
	}
	assert_int_equal(pfa.search_hint, PAGES - 2);
	/* Free low frames without moving the hint (pfa_free would lower it). */
	pfa_release_range(&pfa, 0, 4 * PG);
	assert_int_equal(pfa.search_hint, PAGES - 2);
	assert_int_equal(pfa_alloc(&pfa, 3, 0), 0);	/* 2 left at the end: too few */
	assert_int_equal(pfa_alloc(&pfa, 2, 0), (PAGES - 2) * PG);
	assert_int_equal(pfa_alloc(&pfa, 1, 0), 3 * PG);
	assert_int_equal(pfa.free_pages, 0);
	assert_consistent();
}

static void search_prefers_frames_after_hint(void **state)
{
	assert_int_equal(pfa_alloc(&pfa, 10, 0), 0);
	pfa_release_range(&pfa, 0, 5 * PG);		/* hint stays at 10 */
	assert_int_equal(pfa_alloc(&pfa, 1, 0), 10 * PG);
	assert_consistent();
}

static void free_lowers_hint(void **state)
{
	assert_int_equal(pfa_alloc(&pfa, 10, 0), 0);
	assert_int_equal(pfa_free(&pfa, 3 * PG, 1), 0);
	assert_int_equal(pfa.search_hint, 3);
	assert_int_equal(pfa_alloc(&pfa, 1, 0), 3 * PG);
	assert_consistent();
}

static void mixed_sequence_keeps_count_consistent(void **state)
{
	uint64_t held[32];
	uint32_t n = 0;

	for (uint32_t i = 0; i < 32; i++) {
		held[n] = pfa_alloc(&pfa, 1 + i % 5, i % 3 == 0 ? 4 : 0);
		assert_int_not_equal(held[n], PFA_NO_PAGE);
		n++;
		if (i % 4 == 3) {
			pfa_free(&pfa, held[i - 2], 1 + (i - 2) % 5);
		}
		pfa_reserve_range(&pfa, (i * 7 % PAGES) * PG + 123, 5000);
		assert_consistent();
	}
}

#define U(f) cmocka_unit_test_setup(f, init_used)
#define F(f) cmocka_unit_test_setup(f, init_free)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bitmap_words_round_up),
		U(init_marks_every_frame_used),
		U(alloc_after_init_fails),
		U(release_frees_only_whole_frames_inside),
		U(release_within_one_frame_frees_nothing),
		U(release_is_clamped_to_pages),
		U(release_twice_counts_once),
		F(reserve_marks_every_touched_frame),
		F(reserve_one_byte_takes_a_frame),
		F(reserve_zero_length_does_nothing),
		F(reserve_beyond_pages_is_ignored),
		F(reserve_to_top_of_address_space),
		U(release_in_last_page_frees_nothing),
		F(alloc_single_returns_lowest_free),
		F(alloc_contiguous_skips_short_runs),
		F(alloc_contiguous_uses_exact_fit),
		F(alloc_aligned),
		F(alloc_aligned_skips_unaligned_run),
		F(alloc_rejects_bad_arguments),
		F(alloc_until_exhausted),
		F(alloc_whole_memory_at_once),
		F(fragmented_memory_fails_contiguous),
		F(free_then_realloc_same_frames),
		F(double_free_is_counted_and_harmless),
		F(partly_double_free_counts_free_frames),
		F(free_beyond_pages_is_ignored),
		F(search_wraps_around_past_hint),
		F(search_prefers_frames_after_hint),
		F(free_lowers_hint),
		F(mixed_sequence_keeps_count_consistent),
	};

	return cmocka_run_group_tests_name("pfa", tests, NULL, NULL);
}

/* sources: hv/memmap.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/memmap.c: adding loader-reported ranges and sanitizing them (sorted, no
 * overlaps, usable ranges shrunk to whole 4 KiB pages).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hv/memmap.h"

static struct memmap map;

static int reset_map(void **state)
{
	memset(&map, 0, sizeof(map));
	return 0;
}

static void add(uint64_t base, uint64_t length, uint32_t type)
{
	assert_int_equal(memmap_add(&map, base, length, type), 0);
}

static void expect_region(uint32_t i, uint64_t base, uint64_t end, uint32_t type)
{
	assert_true(i < map.count);
	assert_int_equal(map.region[i].base, base);
	assert_int_equal(map.region[i].base + map.region[i].length, end);
	assert_int_equal(map.region[i].type, type);
}

/* After sanitizing: sorted, disjoint, usable ranges page-aligned. */
static void assert_sane(void)
{
	for (uint32_t i = 0; i < map.count; i++) {
		const struct mem_region *r = &map.region[i];

		assert_true(r->length > 0);
		if (r->type == MEM_USABLE) {
			assert_int_equal(r->base % 4096, 0);
			assert_int_equal(r->length % 4096, 0);
		}
		if (i > 0) {
			const struct mem_region *p = &map.region[i - 1];

			assert_true(p->base + p->length <= r->base);
		}
	}
}

static void add_qemu_e820(void)
{
	add(0x0, 0x9fc00, MEM_USABLE);
	add(0x9fc00, 0x400, MEM_RESERVED);
	add(0xf0000, 0x10000, MEM_RESERVED);
	add(0x100000, 0x1fee0000, MEM_USABLE);
	add(0x1ffe0000, 0x20000, MEM_RESERVED);
	add(0xfffc0000, 0x40000, MEM_RESERVED);
}

static void add_appends_in_order(void **state)
{
	add(0x2000, 0x1000, MEM_RESERVED);
	add(0x1000, 0x1000, MEM_USABLE);
	assert_int_equal(map.count, 2);
	assert_int_equal(map.region[0].base, 0x2000);
	assert_int_equal(map.region[0].length, 0x1000);
	assert_int_equal(map.region[0].type, MEM_RESERVED);
	assert_int_equal(map.region[1].base, 0x1000);
}

static void add_zero_length_is_ignored(void **state)
{
	add(0x1000, 0, MEM_USABLE);
	assert_int_equal(map.count, 0);
}

static void add_to_full_map_returns_enospc(void **state)
{
	for (uint32_t i = 0; i < MEMMAP_MAX; i++) {
		add((uint64_t)i * 0x2000, 0x1000, MEM_USABLE);
	}
	assert_int_equal(memmap_add(&map, 0x10000000, 0x1000, MEM_USABLE), -ENOSPC);
	assert_int_equal(map.count, MEMMAP_MAX);
	assert_int_equal(map.region[MEMMAP_MAX - 1].base, (uint64_t)(MEMMAP_MAX - 1) * 0x2000);
}

static void add_range_wrapping_at_2_64_is_clamped(void **state)
{
	uint64_t base = 0xffffffff00000000ULL;

	add(base, 0x200000000ULL, MEM_RESERVED);
	assert_int_equal(map.count, 1);
	assert_int_equal(map.region[0].base, base);
	assert_int_equal(map.region[0].length, UINT64_MAX - base);
}

static void sanitize_qemu_bios_map(void **state)
{
	add_qemu_e820();
	memmap_sanitize(&map);
	assert_int_equal(map.count, 6);
	expect_region(0, 0x0, 0x9f000, MEM_USABLE);	/* 0x9fc00 cut to a page */
	expect_region(1, 0x9fc00, 0xa0000, MEM_RESERVED);
	expect_region(2, 0xf0000, 0x100000, MEM_RESERVED);
	expect_region(3, 0x100000, 0x1ffe0000, MEM_USABLE);
	expect_region(4, 0x1ffe0000, 0x20000000, MEM_RESERVED);
	expect_region(5, 0xfffc0000, 0x100000000ULL, MEM_RESERVED);
	assert_sane();
}

static void qemu_map_usable_bytes_and_end(void **state)
{
	add_qemu_e820();
	memmap_sanitize(&map);
	assert_int_equal(memmap_usable_bytes(&map), 0x9f000 + 0x1fee0000);
	assert_int_equal(memmap_usable_end(&map), 0x1ffe0000);
}

static void sanitize_sorts_unsorted_input(void **state)
{
	add(0x300000, 0x100000, MEM_USABLE);
	add(0x0, 0x1000, MEM_RESERVED);
	add(0x100000, 0x1000, MEM_ACPI_NVS);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 3);
	expect_region(0, 0x0, 0x1000, MEM_RESERVED);
	expect_region(1, 0x100000, 0x101000, MEM_ACPI_NVS);
	expect_region(2, 0x300000, 0x400000, MEM_USABLE);
}

static void reserved_hole_splits_usable(void **state)
{
	add(0x0, 0x200000, MEM_USABLE);
	add(0x100000, 0x1000, MEM_RESERVED);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 3);
	expect_region(0, 0x0, 0x100000, MEM_USABLE);
	expect_region(1, 0x100000, 0x101000, MEM_RESERVED);
	expect_region(2, 0x101000, 0x200000, MEM_USABLE);
}

/* The order of the two claims must not matter (usable first: above). */
static void reserved_added_first_still_beats_usable(void **state)
{
	add(0x1000, 0x3000, MEM_RESERVED);
	add(0x0, 0x10000, MEM_USABLE);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 3);
	expect_region(0, 0x0, 0x1000, MEM_USABLE);
	expect_region(1, 0x1000, 0x4000, MEM_RESERVED);
	expect_region(2, 0x4000, 0x10000, MEM_USABLE);
}

static void higher_type_beats_lower_non_usable(void **state)
{
	add(0x1000, 0x2000, MEM_RESERVED);	/* 0x1000-0x3000 */
	add(0x2000, 0x2000, MEM_ACPI_NVS);	/* 0x2000-0x4000 */
	add(0x3800, 0x1000, MEM_BAD);		/* 0x3800-0x4800 */
	memmap_sanitize(&map);
	assert_int_equal(map.count, 3);
	expect_region(0, 0x1000, 0x2000, MEM_RESERVED);
	expect_region(1, 0x2000, 0x3800, MEM_ACPI_NVS);
	expect_region(2, 0x3800, 0x4800, MEM_BAD);
}

static void unknown_type_counts_as_reserved(void **state)
{
	add(0x0, 0x4000, MEM_USABLE);
	add(0x1000, 0x1000, 20);		/* e.g. a vendor type */
	memmap_sanitize(&map);
	assert_int_equal(map.count, 3);
	expect_region(1, 0x1000, 0x2000, MEM_RESERVED);
	assert_int_equal(memmap_usable_bytes(&map), 0x3000);
}

static void unknown_type_loses_to_acpi_reclaim(void **state)
{
	add(0x1000, 0x2000, 0);			/* type 0: invalid, reserved */
	add(0x1000, 0x2000, MEM_ACPI_RECLAIM);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 1);
	expect_region(0, 0x1000, 0x3000, MEM_ACPI_RECLAIM);
}

static void adjacent_same_type_merge(void **state)
{
	add(0x1000, 0x1000, MEM_USABLE);
	add(0x2000, 0x1000, MEM_USABLE);
	add(0x3000, 0x1000, MEM_RESERVED);
	add(0x4000, 0x1000, MEM_RESERVED);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 2);
	expect_region(0, 0x1000, 0x3000, MEM_USABLE);
	expect_region(1, 0x3000, 0x5000, MEM_RESERVED);
}

static void adjacent_different_types_do_not_merge(void **state)
{
	add(0x1000, 0x1000, MEM_ACPI_RECLAIM);
	add(0x2000, 0x1000, MEM_ACPI_NVS);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 2);
}

static void duplicates_collapse(void **state)
{
	add(0x100000, 0x100000, MEM_USABLE);
	add(0x100000, 0x100000, MEM_USABLE);
	add(0x100000, 0x100000, MEM_USABLE);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 1);
	expect_region(0, 0x100000, 0x200000, MEM_USABLE);
	assert_int_equal(memmap_usable_bytes(&map), 0x100000);
}

static void usable_edges_shrink_to_pages(void **state)
{
	add(0x1234, 0x5678 - 0x1234, MEM_USABLE);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 1);
	expect_region(0, 0x2000, 0x5000, MEM_USABLE);
}

static void reserved_edges_are_not_aligned(void **state)
{
	add(0x1234, 0x100, MEM_RESERVED);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 1);
	expect_region(0, 0x1234, 0x1334, MEM_RESERVED);
}

static void usable_without_whole_page_is_dropped(void **state)
{
	add(0x1100, 0xe00, MEM_USABLE);		/* inside one page */
	add(0x2800, 0x1000, MEM_USABLE);	/* straddles two, holds neither */
	add(0x10000, 0x1000, MEM_RESERVED);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 1);
	expect_region(0, 0x10000, 0x11000, MEM_RESERVED);
	assert_int_equal(memmap_usable_bytes(&map), 0);
	assert_int_equal(memmap_usable_end(&map), 0);
}

static void usable_cut_by_reserved_is_realigned(void **state)
{
	add(0x0, 0x10000, MEM_USABLE);
	add(0x3800, 0x100, MEM_RESERVED);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 3);
	expect_region(0, 0x0, 0x3000, MEM_USABLE);
	expect_region(1, 0x3800, 0x3900, MEM_RESERVED);
	expect_region(2, 0x4000, 0x10000, MEM_USABLE);
	assert_sane();
}

static void sanitize_empty_map(void **state)
{
	memmap_sanitize(&map);
	assert_int_equal(map.count, 0);
	assert_int_equal(memmap_usable_bytes(&map), 0);
	assert_int_equal(memmap_usable_end(&map), 0);
}

static void wrapping_usable_range_ends_at_last_whole_page(void **state)
{
	add(0xffffffff00000000ULL, 0x200000000ULL, MEM_USABLE);
	memmap_sanitize(&map);
	assert_int_equal(map.count, 1);
	expect_region(0, 0xffffffff00000000ULL, 0xfffffffffffff000ULL, MEM_USABLE);
	assert_int_equal(memmap_usable_end(&map), 0xfffffffffffff000ULL);
}

/*
 * Regression: align_usable() once rounded the start up with
 * r.base + PAGE_SIZE_4K - 1, which wrapped for a usable region whose base is in
 * the last page of the address space: [0xfffffffffffff800, 2^64) becomes
 * usable [0, 0xfffffffffffff000), i.e. all memory, overlapping everything.
 * It holds no whole page, so it must be dropped.
 */
static void usable_in_last_page_is_dropped(void **state)
{
	add(0x100000, 0x1000, MEM_RESERVED);
	add(0xfffffffffffff800ULL, 0x800, MEM_USABLE);	/* wraps; clamped */
	memmap_sanitize(&map);
	assert_int_equal(memmap_usable_bytes(&map), 0);
	assert_int_equal(map.count, 1);
	expect_region(0, 0x100000, 0x101000, MEM_RESERVED);
}

static void sanitize_full_map(void **state)
{
	/* MEMMAP_MAX disjoint, unsorted ranges: all must survive. */
	for (uint32_t i = 0; i < MEMMAP_MAX; i++) {
		uint32_t slot = MEMMAP_MAX - 1 - i;

		add((uint64_t)slot * 0x3000, 0x1000, slot % 2 ? MEM_RESERVED : MEM_USABLE);
	}
	memmap_sanitize(&map);
	assert_int_equal(map.count, MEMMAP_MAX);
	expect_region(0, 0x0, 0x1000, MEM_USABLE);
	expect_region(MEMMAP_MAX - 1, (uint64_t)(MEMMAP_MAX - 1) * 0x3000,
		      (uint64_t)(MEMMAP_MAX - 1) * 0x3000 + 0x1000, MEM_RESERVED);
	assert_int_equal(memmap_usable_bytes(&map), (uint64_t)MEMMAP_MAX / 2 * 0x1000);
	assert_sane();
}

static void sanitize_is_idempotent(void **state)
{
	struct memmap once;

	add_qemu_e820();
	add(0x50000, 0x100, MEM_ACPI_NVS);
	memmap_sanitize(&map);
	once = map;
	memmap_sanitize(&map);
	assert_int_equal(map.count, once.count);
	assert_memory_equal(map.region, once.region, once.count * sizeof(once.region[0]));
}

#define T(f) cmocka_unit_test_setup(f, reset_map)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(add_appends_in_order),
		T(add_zero_length_is_ignored),
		T(add_to_full_map_returns_enospc),
		T(add_range_wrapping_at_2_64_is_clamped),
		T(sanitize_qemu_bios_map),
		T(qemu_map_usable_bytes_and_end),
		T(sanitize_sorts_unsorted_input),
		T(reserved_hole_splits_usable),
		T(reserved_added_first_still_beats_usable),
		T(higher_type_beats_lower_non_usable),
		T(unknown_type_counts_as_reserved),
		T(unknown_type_loses_to_acpi_reclaim),
		T(adjacent_same_type_merge),
		T(adjacent_different_types_do_not_merge),
		T(duplicates_collapse),
		T(usable_edges_shrink_to_pages),
		T(reserved_edges_are_not_aligned),
		T(usable_without_whole_page_is_dropped),
		T(usable_cut_by_reserved_is_realigned),
		T(sanitize_empty_map),
		T(wrapping_usable_range_ends_at_last_whole_page),
		T(usable_in_last_page_is_dropped),
		T(sanitize_full_map),
		T(sanitize_is_idempotent),
	};

	return cmocka_run_group_tests_name("memmap", tests, NULL, NULL);
}

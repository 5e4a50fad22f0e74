/* sources: arch/x86_64/vmx/ept.c */
/* SPDX-License-Identifier: MIT */
/*
 * arch/x86_64/vmx/ept.c: the EPT builder (SDM Vol. 3C 28.2 in the edition
 * docs/vmx.md follows; 29.3 in later ones).  Tables are walked by hand from
 * the PML4 to check every entry's bits; page_alloc/page_free are doubles
 * that count live pages, so every test can check that ept_destroy() gives
 * back exactly what was taken.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/vmx/ept.h"
#include "hv/mm.h"

#define SZ_4K		0x1000ULL
#define SZ_2M		0x200000ULL
#define SZ_1G		0x40000000ULL
#define SZ_512G		0x8000000000ULL
#define ADDR_MASK	0x000FFFFFFFFFF000ULL
#define LARGE		(1ULL << 7)
#define WB		(6ULL << 3)	/* memory type, bits 5:3 of a leaf */
#define HPA		0x40000000ULL	/* 1 GiB: 2 MiB aligned */

/* --- page allocator double -------------------------------------------------------- */

#define MAX_LIVE	4096U

static struct {
	void *p;
	uint64_t count;
} live[MAX_LIVE];
static unsigned int live_pages;
static unsigned int allocs, frees, bad_frees;
static int allocs_left = -1;	/* < 0: no limit */

void *page_alloc(uint64_t count, uint64_t align)
{
	void *p;

	if (allocs_left == 0) {
		return NULL;
	}
	if (allocs_left > 0) {
		allocs_left--;
	}
	/* C11 wants the size a multiple of the alignment (ASan checks it). */
	p = aligned_alloc(align * PAGE_SIZE,
			  (count + align - 1U) / align * align * PAGE_SIZE);
	assert_non_null(p);
	memset(p, 0x00, count * PAGE_SIZE);	/* the contract: zeroed pages */
	for (unsigned int i = 0; i < MAX_LIVE; i++) {
		if (live[i].p == NULL) {
			live[i].p = p;
			live[i].count = count;
			live_pages += (unsigned int)count;
			allocs++;
			return p;
		}
	}
	fail_msg("page_alloc double: too many live allocations");
	return NULL;
}

void page_free(void *pages, uint64_t count)
{
	for (unsigned int i = 0; i < MAX_LIVE; i++) {
		if (live[i].p == pages && pages != NULL) {
			if (live[i].count != count) {
				bad_frees++;
			}
			live_pages -= (unsigned int)live[i].count;
			live[i].p = NULL;
			free(pages);
			frees++;
			return;
		}
	}
	bad_frees++;	/* not ours, or freed twice */
}

static struct ept ept;

static int setup(void **state)
{
	allocs = frees = bad_frees = live_pages = 0;
	allocs_left = -1;
	assert_int_equal(ept_init(&ept), 0);
	return 0;
}

/* Whatever a test leaked is freed here so that LeakSanitizer stays quiet. */
static int teardown(void **state)
{
	ept_destroy(&ept);
	for (unsigned int i = 0; i < MAX_LIVE; i++) {
		free(live[i].p);
		live[i].p = NULL;
	}
	return 0;
}

/* --- helpers ---------------------------------------------------------------------- */

static uint64_t *table_of(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & ADDR_MASK);
}

static unsigned int idx(uint64_t gpa, unsigned int level)
{
	return (unsigned int)(gpa >> (12U + 9U * level)) & 511U;
}

/* The leaf entry that maps `gpa` and its level (1: 2 MiB, 0: 4 KiB); NULL if none. */
static uint64_t *leaf_of(uint64_t gpa, unsigned int *level)
{
	uint64_t *table = ept.pml4;

	for (unsigned int l = 3; ; l--) {
		uint64_t *e = &table[idx(gpa, l)];

		if ((*e & EPT_RWX) == 0U) {
			return NULL;
		}
		if (l == 0U || (l == 1U && (*e & LARGE))) {
			*level = l;
			return e;
		}
		table = table_of(*e);
	}
}

/* Where the EPT sends `gpa`, or ~0 when it faults. */
static uint64_t translate(uint64_t gpa)
{
	unsigned int level;
	uint64_t *e = leaf_of(gpa, &level);
	uint64_t page = level == 1U ? SZ_2M : SZ_4K;

	if (e == NULL) {
		return ~0ULL;
	}
	return (*e & ADDR_MASK & ~(page - 1U)) | (gpa & (page - 1U));
}

static uint64_t count_tables(const uint64_t *table, unsigned int level)
{
	uint64_t n = 1;

	for (unsigned int i = 0; level > 0U && i < 512U; i++) {
		if ((table[i] & EPT_RWX) && !(level == 1U && (table[i] & LARGE))) {
			n += count_tables(table_of(table[i]), level - 1U);
		}
	}
	return n;
}

static void assert_destroy_frees_all(void)
{
	ept_destroy(&ept);
	assert_null(ept.pml4);
	assert_int_equal(live_pages, 0);
	assert_int_equal(frees, allocs);
	assert_int_equal(bad_frees, 0);
}

/* --- tests ------------------------------------------------------------------------ */

static void init_allocates_one_empty_pml4(void **state)
{
	assert_non_null(ept.pml4);
	assert_int_equal((uintptr_t)ept.pml4 & (SZ_4K - 1U), 0);
	assert_int_equal(ept.table_pages, 1);
	assert_int_equal(live_pages, 1);
	for (unsigned int i = 0; i < 512U; i++) {
		assert_int_equal(ept.pml4[i], 0);
	}
	assert_int_equal(ept.pages_2m + ept.pages_4k, 0);
}

static void init_out_of_memory_fails(void **state)
{
	struct ept other;

	allocs_left = 0;
	assert_int_equal(ept_init(&other), -ENOMEM);
	assert_null(other.pml4);
	assert_int_equal(other.table_pages, 0);
}

/* EPTP (24.6.11): memory type WB (6) in bits 2:0, walk length 4 - 1 in bits 5:3. */
static void pointer_is_pml4_with_wb_and_4_level_walk(void **state)
{
	uint64_t eptp = ept_pointer(&ept);

	assert_int_equal(eptp & ADDR_MASK, (uintptr_t)ept.pml4);
	assert_int_equal(eptp & 0x7U, 6);
	assert_int_equal((eptp >> 3) & 0x7U, 3);
	assert_int_equal(eptp & 0xFC0U, 0);	/* no A/D flags, reserved bits 11:7 */
}

static void aligned_range_uses_2m_pages(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, 2 * SZ_2M, EPT_RWX), 0);
	assert_int_equal(ept.pages_2m, 2);
	assert_int_equal(ept.pages_4k, 0);
	assert_int_equal(ept.table_pages, 3);	/* PML4, PDPT, PD */
	assert_int_equal(live_pages, 3);

	uint64_t *pd = table_of(table_of(ept.pml4[0])[0]);

	assert_int_equal(pd[0], HPA | LARGE | WB | EPT_RWX);
	assert_int_equal(pd[1], (HPA + SZ_2M) | LARGE | WB | EPT_RWX);
	assert_int_equal(pd[2], 0);
	assert_int_equal(translate(0x123456), HPA + 0x123456);
	assert_int_equal(translate(SZ_2M + 0x1FFFFF), HPA + SZ_2M + 0x1FFFFF);
	assert_int_equal(translate(2 * SZ_2M), ~0ULL);
}

static void small_range_uses_4k_pages(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, 2 * SZ_4K, EPT_RWX), 0);
	assert_int_equal(ept.pages_2m, 0);
	assert_int_equal(ept.pages_4k, 2);
	assert_int_equal(ept.table_pages, 4);	/* PML4, PDPT, PD, PT */

	uint64_t *pd = table_of(table_of(ept.pml4[0])[0]);
	uint64_t *pt = table_of(pd[0]);

	assert_int_equal(pt[0], HPA | WB | EPT_RWX);
	assert_int_equal(pt[1], (HPA + SZ_4K) | WB | EPT_RWX);
	assert_int_equal(pt[2], 0);
	assert_int_equal(translate(SZ_4K + 0xABC), HPA + SZ_4K + 0xABC);
	assert_int_equal(translate(2 * SZ_4K), ~0ULL);
}

/* gpa 2 MiB aligned but hpa not: 2 MiB pages are impossible, 512 4 KiB ones instead. */
static void misaligned_hpa_forces_4k_pages(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA + SZ_4K, SZ_2M, EPT_RWX), 0);
	assert_int_equal(ept.pages_2m, 0);
	assert_int_equal(ept.pages_4k, 512);
	assert_int_equal(ept.table_pages, 4);
	assert_int_equal(translate(0), HPA + SZ_4K);
	assert_int_equal(translate(SZ_2M - 1U), HPA + SZ_4K + SZ_2M - 1U);
}

static void misaligned_gpa_forces_4k_pages(void **state)
{
	assert_int_equal(ept_map_range(&ept, SZ_4K, HPA, SZ_2M, EPT_RWX), 0);
	assert_int_equal(ept.pages_2m, 0);
	assert_int_equal(ept.pages_4k, 512);
	assert_int_equal(ept.table_pages, 5);	/* two PTs: the range crosses a PDE */
	assert_int_equal(translate(SZ_2M + 0x10), HPA + SZ_2M - SZ_4K + 0x10);
}

/* 4 KiB head up to the 2 MiB boundary, one 2 MiB page, 4 KiB tail. */
static void head_and_tail_4k_around_2m(void **state)
{
	uint64_t gpa = SZ_2M - SZ_4K;

	assert_int_equal(ept_map_range(&ept, gpa, HPA + gpa, SZ_2M + 2 * SZ_4K, EPT_RWX), 0);
	assert_int_equal(ept.pages_4k, 2);
	assert_int_equal(ept.pages_2m, 1);

	unsigned int level;

	assert_non_null(leaf_of(gpa, &level));
	assert_int_equal(level, 0);
	assert_non_null(leaf_of(SZ_2M, &level));
	assert_int_equal(level, 1);
	assert_non_null(leaf_of(2 * SZ_2M, &level));
	assert_int_equal(level, 0);
	assert_null(leaf_of(2 * SZ_2M + SZ_4K, &level));
	assert_null(leaf_of(gpa - SZ_4K, &level));
	for (uint64_t a = gpa; a < 2 * SZ_2M + SZ_4K; a += 0x3F000) {
		assert_int_equal(translate(a), HPA + a);
	}
}

/* A range over a 1 GiB and a 512 GiB boundary needs a second PD and a second PDPT. */
static void range_across_1g_and_512g_boundaries(void **state)
{
	assert_int_equal(ept_map_range(&ept, SZ_1G - SZ_2M, HPA, 2 * SZ_2M, EPT_RWX), 0);
	assert_int_equal(ept.table_pages, 4);	/* PML4, PDPT, 2 PDs */
	assert_int_equal(ept_map_range(&ept, SZ_512G - SZ_2M, 2 * HPA, 2 * SZ_2M, EPT_RWX), 0);
	assert_int_equal(ept.table_pages, 7);	/* + PD (PDPTE 511), PDPT, PD */
	assert_int_equal(ept.pages_2m, 4);
	assert_int_equal(count_tables(ept.pml4, 3), ept.table_pages);
	assert_int_equal(live_pages, ept.table_pages);
	assert_int_equal(translate(SZ_1G - 1U), HPA + SZ_2M - 1U);
	assert_int_equal(translate(SZ_1G), HPA + SZ_2M);
	assert_int_equal(translate(SZ_512G + 5), 2 * HPA + SZ_2M + 5);
}

/* Non-leaf entries: table address | RWX and nothing else (bits 7:3 reserved or ignored). */
static void non_leaf_entries_are_rwx_only(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_4K, EPT_READ), 0);

	uint64_t pml4e = ept.pml4[0];
	uint64_t pdpte = table_of(pml4e)[0];
	uint64_t pde = table_of(pdpte)[0];

	assert_int_equal(pml4e & ~ADDR_MASK, EPT_RWX);
	assert_int_equal(pdpte & ~ADDR_MASK, EPT_RWX);
	assert_int_equal(pde & ~ADDR_MASK, EPT_RWX);
}

static void leaf_permissions_are_as_asked(void **state)
{
	static const uint64_t perms[] = { EPT_READ, EPT_READ | EPT_EXEC, EPT_READ | EPT_WRITE,
					  EPT_RWX };
	unsigned int level;

	for (unsigned int i = 0; i < 4U; i++) {
		uint64_t gpa = i * SZ_2M;

		assert_int_equal(ept_map_range(&ept, gpa, HPA + gpa, SZ_2M, perms[i]), 0);
		assert_int_equal(*leaf_of(gpa, &level), (HPA + gpa) | LARGE | WB | perms[i]);
		assert_int_equal(ept_map_range(&ept, SZ_1G + gpa, HPA, SZ_4K, perms[i]), 0);
		assert_int_equal(*leaf_of(SZ_1G + gpa, &level), HPA | WB | perms[i]);
	}
}

/* Write without read is an EPT misconfiguration (28.2.3.1). */
static void write_without_read_rejected(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M, EPT_WRITE), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M, EPT_WRITE | EPT_EXEC), -EINVAL);
	assert_int_equal(ept.table_pages, 1);
	assert_int_equal(ept.pml4[0], 0);
}

static void unknown_permission_bits_rejected(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M, EPT_RWX | (1ULL << 3)), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M, EPT_RWX | LARGE), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M, EPT_RWX | (1ULL << 63)), -EINVAL);
	assert_int_equal(ept.pml4[0], 0);
}

static void unaligned_request_rejected(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0x800, HPA, SZ_4K, EPT_RWX), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, HPA + 0x800, SZ_4K, EPT_RWX), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_4K + 1U, EPT_RWX), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, HPA, 0x800, EPT_RWX), -EINVAL);
	assert_int_equal(ept.table_pages, 1);
	assert_int_equal(live_pages, 1);
	assert_int_equal(ept.pml4[0], 0);
}

static void zero_size_maps_nothing(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, 0, EPT_RWX), 0);
	assert_int_equal(ept.table_pages, 1);
	assert_int_equal(ept.pages_2m + ept.pages_4k, 0);
	assert_int_equal(ept.pml4[0], 0);
}

/*
 * A 4-level EPT translates 48-bit guest-physical addresses: a GPA at 256 TiB
 * has no entry.  It must be refused, not folded onto GPA 0.
 */
static void gpa_beyond_48_bits_rejected(void **state)
{
	int rc = ept_map_range(&ept, 1ULL << 48, HPA, SZ_2M, EPT_RWX);

	assert_int_equal(translate(0), ~0ULL);	/* GPA 0 must stay unmapped */
	assert_int_equal(rc, -EINVAL);
}

static void gpa_range_ending_beyond_48_bits_rejected(void **state)
{
	int rc = ept_map_range(&ept, (1ULL << 48) - SZ_4K, HPA, 2 * SZ_4K, EPT_RWX);

	assert_int_equal(translate(0), ~0ULL);
	assert_int_equal(rc, -EINVAL);
}

/* gpa + size wraps past 2^64. */
static void gpa_range_wrapping_rejected(void **state)
{
	int rc = ept_map_range(&ept, 0ULL - SZ_4K, HPA, 2 * SZ_4K, EPT_RWX);

	assert_int_equal(translate(0), ~0ULL);
	assert_int_equal(rc, -EINVAL);
}

/* Bits 63:52 of a leaf are not address bits (bit 63: suppress #VE). */
static void hpa_beyond_52_bits_rejected(void **state)
{
	int rc = ept_map_range(&ept, 0, 1ULL << 63, SZ_2M, EPT_RWX);
	unsigned int level;
	uint64_t *leaf = leaf_of(0, &level);

	assert_true(leaf == NULL || (*leaf & ~ADDR_MASK & ~0xFFFULL) == 0U);
	assert_int_equal(rc, -EINVAL);
}

/* Mapping a GPA that is already mapped silently changes where it goes. */
static void remapping_a_mapped_4k_page_rejected(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_4K, EPT_RWX), 0);
	int rc = ept_map_range(&ept, 0, 2 * HPA, SZ_4K, EPT_READ);

	assert_int_equal(translate(0), HPA);
	assert_int_equal(rc, -EINVAL);
}

/*
 * A 2 MiB leaf over a PDE that points to a page table of 4 KiB leaves: the
 * page table must not be lost (counted in table_pages but no longer
 * reachable, so ept_destroy() cannot free it).
 */
static void mapping_2m_over_4k_table_leaks_nothing(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_4K, EPT_RWX), 0);
	assert_int_equal(ept.table_pages, 4);
	int rc = ept_map_range(&ept, 0, 2 * HPA, SZ_2M, EPT_RWX);

	assert_int_equal(count_tables(ept.pml4, 3), ept.table_pages);
	assert_int_equal(rc, -EINVAL);
	assert_destroy_frees_all();
}

/* A 4 KiB page inside a 2 MiB leaf: refused as a bad request, leaf intact. */
static void mapping_4k_inside_2m_leaf_rejected(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M, EPT_RWX), 0);
	int rc = ept_map_range(&ept, SZ_4K, 2 * HPA, SZ_4K, EPT_RWX);

	assert_int_equal(translate(SZ_4K), HPA + SZ_4K);
	assert_int_equal(ept.table_pages, 3);
	assert_int_equal(rc, -EINVAL);	/* not -ENOMEM: nothing ran out */
}

/* Out of memory half-way: -ENOMEM, what was mapped stays, destroy frees it all. */
static void out_of_memory_partway_keeps_mapped_part(void **state)
{
	allocs_left = 3;	/* PDPT, PD, PT for [0, 2M); none for the PT of 2M */
	assert_int_equal(ept_map_range(&ept, SZ_2M - SZ_4K, HPA, 2 * SZ_4K, EPT_RWX), -ENOMEM);
	assert_int_equal(ept.pages_4k, 1);
	assert_int_equal(translate(SZ_2M - SZ_4K), HPA);
	assert_int_equal(translate(SZ_2M), ~0ULL);
	assert_int_equal(ept.table_pages, 4);
	assert_int_equal(live_pages, 4);
	assert_destroy_frees_all();
}

static void destroy_frees_every_table_page(void **state)
{
	/* Scattered 4 KiB and 2 MiB leaves in several PDPTs, PDs and PTs. */
	for (uint64_t i = 0; i < 6U; i++) {
		uint64_t gpa = i * (SZ_512G + SZ_1G + SZ_2M + SZ_4K);

		assert_int_equal(ept_map_range(&ept, gpa, HPA, SZ_4K, EPT_RWX), 0);
		assert_int_equal(ept_map_range(&ept, (gpa + SZ_1G) & ~(SZ_2M - 1U), HPA,
					       3 * SZ_2M, EPT_READ), 0);
	}
	assert_int_equal(count_tables(ept.pml4, 3), ept.table_pages);
	assert_int_equal(live_pages, ept.table_pages);
	assert_true(ept.table_pages > 20U);
	assert_destroy_frees_all();
	assert_int_equal(ept.table_pages, 0);
	assert_int_equal(ept.pages_2m + ept.pages_4k, 0);
}

static void destroy_twice_is_harmless(void **state)
{
	struct ept never = { 0 };

	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M, EPT_RWX), 0);
	assert_destroy_frees_all();
	ept_destroy(&ept);
	ept_destroy(&never);
	assert_int_equal(bad_frees, 0);
	assert_int_equal(frees, allocs);
}

/* What vm_create asks for: RAM at GPA 0, 2 MiB aligned host memory, 2 MiB + 64 KiB. */
static void guest_ram_like_vm_create(void **state)
{
	assert_int_equal(ept_map_range(&ept, 0, HPA, SZ_2M + 16 * SZ_4K, EPT_RWX), 0);
	assert_int_equal(ept.pages_2m, 1);
	assert_int_equal(ept.pages_4k, 16);
	for (uint64_t a = 0; a < SZ_2M + 16 * SZ_4K; a += SZ_4K) {
		assert_int_equal(translate(a + 8), HPA + a + 8);
	}
	assert_int_equal(translate(SZ_2M + 16 * SZ_4K), ~0ULL);
	assert_destroy_frees_all();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(init_allocates_one_empty_pml4),
		T(init_out_of_memory_fails),
		T(pointer_is_pml4_with_wb_and_4_level_walk),
		T(aligned_range_uses_2m_pages),
		T(small_range_uses_4k_pages),
		T(misaligned_hpa_forces_4k_pages),
		T(misaligned_gpa_forces_4k_pages),
		T(head_and_tail_4k_around_2m),
		T(range_across_1g_and_512g_boundaries),
		T(non_leaf_entries_are_rwx_only),
		T(leaf_permissions_are_as_asked),
		T(write_without_read_rejected),
		T(unknown_permission_bits_rejected),
		T(unaligned_request_rejected),
		T(zero_size_maps_nothing),
		T(gpa_beyond_48_bits_rejected),
		T(gpa_range_ending_beyond_48_bits_rejected),
		T(gpa_range_wrapping_rejected),
		T(hpa_beyond_52_bits_rejected),
		T(remapping_a_mapped_4k_page_rejected),
		T(mapping_2m_over_4k_table_leaks_nothing),
		T(mapping_4k_inside_2m_leaf_rejected),
		T(out_of_memory_partway_keeps_mapped_part),
		T(destroy_frees_every_table_page),
		T(destroy_twice_is_harmless),
		T(guest_ram_like_vm_create),
	};

	return cmocka_run_group_tests_name("ept", tests, NULL, NULL);
}

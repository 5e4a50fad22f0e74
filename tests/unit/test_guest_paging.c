/* sources: arch/x86_64/guest_paging.c */
/* SPDX-License-Identifier: MIT */
/*
 * arch/x86_64/guest_paging.c on page tables built in a fake guest RAM
 * (SDM Vol. 3A 4.5): 4 KiB, 2 MiB and 1 GiB pages, no paging, entries not
 * present, tables outside RAM, modes not walked, and fetches that cross a
 * page boundary or run into an unmapped page.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/guest_paging.h"

#define RAM	(1U << 20)
#define PML4	0x1000U
#define PDPT	0x2000U
#define PD	0x3000U
#define PT	0x4000U
#define P	1ULL
#define RW	2ULL
#define PS	0x80ULL

static uint8_t ram[RAM];

static int ram_read(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	(void)ctx;
	if (gpa >= RAM || len > RAM - gpa) {
		return -EFAULT;
	}
	memcpy(dst, ram + gpa, len);
	return 0;
}

static void put(uint64_t gpa, uint64_t v)
{
	memcpy(ram + gpa, &v, 8);
}

static const struct guest_paging long_mode = {
	.cr0 = 0x80000011, .cr3 = PML4, .cr4 = 0x20, .efer = 0x500,
};

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	put(PML4, PDPT | P | RW);
	put(PDPT, PD | P | RW);				/* 0 - 1 GiB */
	put(PDPT + 3 * 8, 0xC0000000ULL | P | RW | PS);	/* 3 - 4 GiB: one 1 GiB page */
	put(PD, PT | P | RW);				/* 0 - 2 MiB: 4 KiB pages */
	put(PD + 8, 0x200000ULL | P | RW | PS);		/* 2 - 4 MiB: a 2 MiB page */
	put(PT + 5 * 8, 0x7000ULL | P | RW);		/* 0x5000 -> 0x7000 */
	put(PT + 6 * 8, 0x9000ULL | P | RW);		/* 0x6000 -> 0x9000 */
	return 0;
}

static uint64_t walk(uint64_t linear)
{
	uint64_t gpa = 0;

	assert_int_equal(guest_linear_to_phys(&long_mode, ram_read, NULL, linear, &gpa), 0);
	return gpa;
}

static void page_sizes(void **state)
{
	(void)state;
	assert_int_equal(walk(0x5123), 0x7123);
	assert_int_equal(walk(0x2ABCDE), 0x2ABCDE);
	assert_int_equal(walk(0xD0000010), 0xD0000010);
}

static void not_present_and_outside_ram(void **state)
{
	uint64_t gpa;

	(void)state;
	assert_int_equal(guest_linear_to_phys(&long_mode, ram_read, NULL, 0x7000, &gpa), -EFAULT);
	assert_int_equal(guest_linear_to_phys(&long_mode, ram_read, NULL, 1ULL << 39, &gpa),
			 -EFAULT);
	put(PD + 2 * 8, 0x80000000ULL | P | RW);	/* a page table beyond RAM */
	assert_int_equal(guest_linear_to_phys(&long_mode, ram_read, NULL, 0x400000, &gpa),
			 -EFAULT);
	assert_int_equal(guest_linear_to_phys(&long_mode, ram_read, NULL, 0x0000800000000000ULL,
					      &gpa), -EINVAL);
}

static void modes(void **state)
{
	struct guest_paging flat = { .cr0 = 0x11 }, pae32 = long_mode, la57 = long_mode;
	uint64_t gpa;

	(void)state;
	assert_int_equal(guest_linear_to_phys(&flat, ram_read, NULL, 0x12345, &gpa), 0);
	assert_int_equal(gpa, 0x12345);
	pae32.efer = 0;
	assert_int_equal(guest_linear_to_phys(&pae32, ram_read, NULL, 0, &gpa), -ENOTSUP);
	la57.cr4 |= 1U << 12;
	assert_int_equal(guest_linear_to_phys(&la57, ram_read, NULL, 0, &gpa), -ENOTSUP);
}

static void fetch_across_pages(void **state)
{
	uint8_t buf[8];

	(void)state;
	ram[0x7FFE] = 0xAA;
	ram[0x7FFF] = 0xBB;
	ram[0x9000] = 0xCC;
	ram[0x9001] = 0xDD;
	/* 0x5FFE..0x6001 spans two pages mapped to 0x7000 and 0x9000. */
	assert_int_equal(guest_fetch(&long_mode, ram_read, NULL, 0x5FFE, buf, 4), 4);
	assert_int_equal(buf[0], 0xAA);
	assert_int_equal(buf[1], 0xBB);
	assert_int_equal(buf[2], 0xCC);
	assert_int_equal(buf[3], 0xDD);
	/* 0x6FFD: three bytes, then page 7 is not mapped. */
	assert_int_equal(guest_fetch(&long_mode, ram_read, NULL, 0x6FFD, buf, 8), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(page_sizes, setup),
		cmocka_unit_test_setup(not_present_and_outside_ram, setup),
		cmocka_unit_test_setup(modes, setup),
		cmocka_unit_test_setup(fetch_across_pages, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: boot/boot_info.c hv/memmap.c */
/* SPDX-License-Identifier: MIT */
/*
 * boot/boot_info.c: multiboot2 information structures and vmanhv's BIOS
 * loader hand-off, built synthetically.  Every loader structure is copied
 * into a malloc'd block of its exact size, so ASan reports any read past it.
 * Multiboot1 is not tested here: its structure holds 32-bit physical
 * addresses that the parser dereferences.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boot/bios_boot_info.h"
#include "boot/boot_info.h"
#include "boot/multiboot.h"

/* --- a multiboot2 information structure, tag by tag ----------------------- */

static uint8_t mb[4096];
static uint32_t mb_len;
static struct boot_info info;

static int mb_begin(void **state)
{
	memset(mb, 0, sizeof(mb));
	memset(&info, 0, sizeof(info));
	mb_len = 8;		/* total_size, reserved */
	return 0;
}

/* Appends a tag of 8 + len bytes, then pads to the next 8-byte boundary. */
static void mb_tag(uint32_t type, const void *payload, uint32_t len)
{
	struct mb2_tag t = { type, 8 + len };

	memcpy(mb + mb_len, &t, sizeof(t));
	if (len != 0) {
		memcpy(mb + mb_len + 8, payload, len);
	}
	mb_len = (mb_len + 8 + len + 7) & ~7U;
}

static void mb_cmdline(const char *s)
{
	mb_tag(MB2_TAG_CMDLINE, s, strlen(s) + 1);
}

static const struct mb2_mmap_entry three_entries[3] = {
	{ 0x0, 0x9fc00, MEM_USABLE, 0 },
	{ 0x100000, 0x1fee0000, MEM_USABLE, 0 },
	{ 0xfffc0000, 0x40000, MEM_RESERVED, 0 },
};

static void mb_mmap(const struct mb2_mmap_entry *e, uint32_t n, uint32_t entry_size)
{
	uint8_t payload[8 + 16 * 64] = { 0 };
	uint32_t hdr[2] = { entry_size, 0 };

	memcpy(payload, hdr, sizeof(hdr));
	for (uint32_t i = 0; i < n; i++) {
		memcpy(payload + 8 + i * entry_size, &e[i], sizeof(e[i]));
	}
	mb_tag(MB2_TAG_MMAP, payload, 8 + n * entry_size);
}

static void mb_module(uint32_t start, uint32_t end, const char *name)
{
	uint8_t payload[128];
	uint32_t range[2] = { start, end };

	memcpy(payload, range, sizeof(range));
	memcpy(payload + 8, name, strlen(name) + 1);
	mb_tag(MB2_TAG_MODULE, payload, 8 + strlen(name) + 1);
}

static struct {
	uint8_t b[36];
} rsdp_v1, rsdp_v2;

static int make_rsdps(void **state)
{
	memcpy(rsdp_v1.b, "RSD PTR \x11OLDOEM\x00", 16);
	memset(rsdp_v1.b + 16, 0x11, 4);
	memcpy(rsdp_v2.b, "RSD PTR \x22NEWOEM\x02", 16);
	memset(rsdp_v2.b + 16, 0x22, 20);
	return 0;
}

static void mb_acpi_old(void)
{
	mb_tag(MB2_TAG_ACPI_OLD, rsdp_v1.b, 20);
}

static void mb_acpi_new(void)
{
	mb_tag(MB2_TAG_ACPI_NEW, rsdp_v2.b, 36);
}

/* Adds the end tag, sets total_size and parses an exact-size copy. */
static int mb_parse(void)
{
	uint8_t *copy;
	int rc;

	mb_tag(MB2_TAG_END, NULL, 0);
	memcpy(mb, &mb_len, 4);
	copy = malloc(mb_len);
	assert_non_null(copy);
	memcpy(copy, mb, mb_len);
	rc = boot_info_parse(MB2_BOOT_MAGIC, copy, &info);
	free(copy);
	return rc;
}

static void mb2_full_structure(void **state)
{
	mb_cmdline("exit fault=pagefault");
	mb_mmap(three_entries, 3, 24);
	mb_module(0x200000, 0x280000, "initrd");
	mb_acpi_old();
	mb_acpi_new();
	assert_int_equal(mb_parse(), 0);
	assert_int_equal(info.source, BOOT_SOURCE_MULTIBOOT2);
	assert_string_equal(info.cmdline, "exit fault=pagefault");
	assert_int_equal(info.memmap.count, 3);
	assert_int_equal(info.module_count, 1);
	assert_true(info.has_rsdp);
	assert_memory_equal(info.rsdp, rsdp_v2.b, 36);
}

static void mb2_mmap_entries(void **state)
{
	mb_mmap(three_entries, 3, 24);
	assert_int_equal(mb_parse(), 0);
	assert_int_equal(info.memmap.count, 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(info.memmap.region[i].base, three_entries[i].base);
		assert_int_equal(info.memmap.region[i].length, three_entries[i].length);
		assert_int_equal(info.memmap.region[i].type, three_entries[i].type);
	}
}

/* A later spec revision may grow the entries; entry_size is the stride. */
static void mb2_mmap_honours_larger_entry_size(void **state)
{
	mb_mmap(three_entries, 3, 32);
	assert_int_equal(mb_parse(), 0);
	assert_int_equal(info.memmap.count, 3);
	assert_int_equal(info.memmap.region[2].base, 0xfffc0000);
	assert_int_equal(info.memmap.region[2].type, MEM_RESERVED);
}

static void mb2_mmap_with_short_entry_size_is_ignored(void **state)
{
	mb_mmap(three_entries, 3, 16);
	assert_int_equal(mb_parse(), 0);
	assert_int_equal(info.memmap.count, 0);
}

static void mb2_module(void **state)
{
	mb_module(0x200000, 0x280000, "initrd root=1");
	assert_int_equal(mb_parse(), 0);
	assert_int_equal(info.module_count, 1);
	assert_int_equal(info.module[0].start, 0x200000);
	assert_int_equal(info.module[0].end, 0x280000);
	assert_string_equal(info.module[0].name, "initrd root=1");
}

static void mb2_cmdline_is_truncated(void **state)
{
	char longline[BOOT_CMDLINE_MAX + 100];

	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	mb_cmdline(longline);
	assert_int_equal(mb_parse(), 0);
	assert_int_equal(strlen(info.cmdline), BOOT_CMDLINE_MAX - 1);
}

static void mb2_acpi_old_only(void **state)
{
	static const uint8_t zero[16];

	mb_acpi_old();
	assert_int_equal(mb_parse(), 0);
	assert_true(info.has_rsdp);
	assert_memory_equal(info.rsdp, rsdp_v1.b, 20);
	assert_memory_equal(info.rsdp + 20, zero, 16);
}

static void mb2_acpi_new_wins_when_after_old(void **state)
{
	mb_acpi_old();
	mb_acpi_new();
	assert_int_equal(mb_parse(), 0);
	assert_memory_equal(info.rsdp, rsdp_v2.b, 36);
}

static void mb2_acpi_new_wins_when_before_old(void **state)
{
	mb_acpi_new();
	mb_acpi_old();
	assert_int_equal(mb_parse(), 0);
	assert_memory_equal(info.rsdp, rsdp_v2.b, 36);
}

static void mb2_without_acpi_has_no_rsdp(void **state)
{
	mb_cmdline("exit");
	assert_int_equal(mb_parse(), 0);
	assert_false(info.has_rsdp);
}

static void mb2_unknown_tag_is_skipped(void **state)
{
	uint32_t meminfo[2] = { 639, 523136 };

	mb_tag(4, meminfo, sizeof(meminfo));	/* basic memory information */
	mb_tag(21, "\x01\x02\x03", 3);		/* odd size: padded */
	mb_cmdline("exit");
	assert_int_equal(mb_parse(), 0);
	assert_string_equal(info.cmdline, "exit");
}

static void mb2_stops_at_end_tag(void **state)
{
	mb_tag(MB2_TAG_END, NULL, 0);
	mb_cmdline("after-end");
	assert_int_equal(mb_parse(), 0);
	assert_string_equal(info.cmdline, "");
}

static void mb2_parse_clears_previous_info(void **state)
{
	memset(&info, 0xaa, sizeof(info));
	assert_int_equal(mb_parse(), 0);
	assert_string_equal(info.cmdline, "");
	assert_int_equal(info.memmap.count, 0);
	assert_int_equal(info.module_count, 0);
	assert_false(info.has_rsdp);
}

/* A tag whose size runs past total_size ends parsing; nothing past is read. */
static void mb2_truncated_tag_stops_parsing(void **state)
{
	uint8_t *copy;
	uint32_t cut;

	mb_cmdline("exit");
	cut = mb_len + 16;		/* total ends inside the mmap tag */
	mb_mmap(three_entries, 3, 24);
	memcpy(mb, &cut, 4);
	copy = malloc(cut);
	assert_non_null(copy);
	memcpy(copy, mb, cut);
	assert_int_equal(boot_info_parse(MB2_BOOT_MAGIC, copy, &info), 0);
	free(copy);
	assert_string_equal(info.cmdline, "exit");
	assert_int_equal(info.memmap.count, 0);
}

static void mb2_total_shorter_than_a_tag(void **state)
{
	uint8_t *copy = malloc(12);
	uint32_t total = 12;

	assert_non_null(copy);
	memset(copy, 0xff, 12);
	memcpy(copy, &total, 4);
	assert_int_equal(boot_info_parse(MB2_BOOT_MAGIC, copy, &info), 0);
	free(copy);
	assert_int_equal(info.source, BOOT_SOURCE_MULTIBOOT2);
	assert_int_equal(info.memmap.count, 0);
}

/*
 * Regression: the tag walk once checked `off + tag->size > total` in 32 bits,
 * so a tag size near 2^32 wrapped the sum and passed.  Here total_size is 16 (the
 * header and one tag header) and the cmdline tag claims 0xfffffff8 bytes:
 * the parser copies "abc" from past total_size (expected: stop, cmdline
 * empty).  With an mmap tag it walks entries gigabytes past the structure,
 * and a tag at offset 16 with that size sends off back to 8: an endless loop.
 */
static void mb2_tag_size_wrapping_32_bits_stops_parsing(void **state)
{
	uint8_t *copy = calloc(1, 32);	/* room past total_size, so no ASan trap */
	uint32_t hdr[4] = { 16, 0, MB2_TAG_CMDLINE, 0xfffffff8U };

	assert_non_null(copy);
	memcpy(copy, hdr, sizeof(hdr));
	memcpy(copy + 16, "abc", 4);
	assert_int_equal(boot_info_parse(MB2_BOOT_MAGIC, copy, &info), 0);
	free(copy);
	assert_string_equal(info.cmdline, "");
}

/* --- vmanhv's BIOS loader --------------------------------------------------- */

static struct bios_boot_info *bios_new(uint32_t e820_count)
{
	struct bios_boot_info *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->magic = BIOS_BOOT_INFO_MAGIC;
	b->version = BIOS_BOOT_INFO_VERSION;
	b->e820_count = e820_count;
	for (uint32_t i = 0; i < BIOS_E820_MAX; i++) {
		b->e820[i] = (struct bios_e820_entry){ 0x100000ULL * (i + 1), 0x1000,
						       MEM_USABLE + i % 2, 1 };
	}
	return b;
}

static void bios_three_entries_and_cmdline(void **state)
{
	struct bios_boot_info *b = bios_new(3);

	strcpy(b->cmdline, "exit loglevel=3");
	b->e820[2].type = MEM_ACPI_NVS;
	assert_int_equal(boot_info_parse(BIOS_BOOT_MAGIC, b, &info), 0);
	assert_int_equal(info.source, BOOT_SOURCE_BIOS_LOADER);
	assert_string_equal(info.cmdline, "exit loglevel=3");
	assert_int_equal(info.memmap.count, 3);
	assert_int_equal(info.memmap.region[0].base, 0x100000);
	assert_int_equal(info.memmap.region[0].length, 0x1000);
	assert_int_equal(info.memmap.region[0].type, MEM_USABLE);
	assert_int_equal(info.memmap.region[2].base, 0x300000);
	assert_int_equal(info.memmap.region[2].type, MEM_ACPI_NVS);
	assert_false(info.has_rsdp);
	assert_int_equal(info.module_count, 0);
	free(b);
}

/* ASan would report a read of e820[BIOS_E820_MAX] past the exact-size block. */
static void bios_e820_count_is_clamped(void **state)
{
	struct bios_boot_info *b = bios_new(BIOS_E820_MAX + 1000);

	assert_int_equal(boot_info_parse(BIOS_BOOT_MAGIC, b, &info), 0);
	assert_int_equal(info.memmap.count, BIOS_E820_MAX);
	assert_int_equal(info.memmap.region[BIOS_E820_MAX - 1].base,
			 0x100000ULL * BIOS_E820_MAX);
	free(b);
}

static void bios_cmdline_without_nul_is_bounded(void **state)
{
	struct bios_boot_info *b = bios_new(1);

	memset(b->cmdline, 'c', sizeof(b->cmdline));
	assert_int_equal(boot_info_parse(BIOS_BOOT_MAGIC, b, &info), 0);
	assert_int_equal(strlen(info.cmdline), BIOS_CMDLINE_MAX);
	free(b);
}

static void bios_wrong_structure_magic(void **state)
{
	struct bios_boot_info *b = bios_new(3);

	b->magic ^= 1;
	assert_int_equal(boot_info_parse(BIOS_BOOT_MAGIC, b, &info), -EINVAL);
	free(b);
}

static void bios_wrong_version(void **state)
{
	struct bios_boot_info *b = bios_new(3);

	b->version = BIOS_BOOT_INFO_VERSION + 1;
	assert_int_equal(boot_info_parse(BIOS_BOOT_MAGIC, b, &info), -EINVAL);
	free(b);
}

static void wrong_boot_magic_is_einval(void **state)
{
	struct bios_boot_info *b = bios_new(3);

	assert_int_equal(boot_info_parse(0x12345678, b, &info), -EINVAL);
	assert_int_equal(info.source, BOOT_SOURCE_UNKNOWN);
	assert_int_equal(info.memmap.count, 0);
	free(b);
}

static void source_names(void **state)
{
	assert_string_equal(boot_source_name(BOOT_SOURCE_MULTIBOOT2), "multiboot2");
	assert_string_equal(boot_source_name(BOOT_SOURCE_MULTIBOOT1), "multiboot1");
	assert_string_equal(boot_source_name(BOOT_SOURCE_BIOS_LOADER), "bios-loader");
	assert_string_equal(boot_source_name(BOOT_SOURCE_UNKNOWN), "unknown");
}

static int setup(void **state)
{
	make_rsdps(state);
	return mb_begin(state);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(mb2_full_structure),
		T(mb2_mmap_entries),
		T(mb2_mmap_honours_larger_entry_size),
		T(mb2_mmap_with_short_entry_size_is_ignored),
		T(mb2_module),
		T(mb2_cmdline_is_truncated),
		T(mb2_acpi_old_only),
		T(mb2_acpi_new_wins_when_after_old),
		T(mb2_acpi_new_wins_when_before_old),
		T(mb2_without_acpi_has_no_rsdp),
		T(mb2_unknown_tag_is_skipped),
		T(mb2_stops_at_end_tag),
		T(mb2_parse_clears_previous_info),
		T(mb2_truncated_tag_stops_parsing),
		T(mb2_total_shorter_than_a_tag),
		T(mb2_tag_size_wrapping_32_bits_stops_parsing),
		T(bios_three_entries_and_cmdline),
		T(bios_e820_count_is_clamped),
		T(bios_cmdline_without_nul_is_bounded),
		T(bios_wrong_structure_magic),
		T(bios_wrong_version),
		T(wrong_boot_magic_is_einval),
		T(source_names),
	};

	return cmocka_run_group_tests_name("boot_info", tests, NULL, NULL);
}

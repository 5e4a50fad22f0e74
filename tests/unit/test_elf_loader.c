/* sources: hv/loader/elf.c */
/* SPDX-License-Identifier: MIT */
/*
 * The ELF guest loader (hv/loader/elf.c) on ELF32 and ELF64 files built
 * here field by field, loaded into a buffer standing for guest RAM: good
 * files load where their program headers say, and every malformed or
 * hostile one is refused with the errno and a reason before a byte is
 * written.  Each file is handed over in an allocation of exactly its size,
 * so that ASan catches any read past its end.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hv/loader/elf.h"

#define RAM_BYTES	(2ULL << 20)
#define RESERVED_START	0x8000U
#define RESERVED_END	0xC000U
#define FILE_MAX	8192U
#define PT_LOAD		1U
#define PT_INTERP	3U
#define PT_NOTE		4U
#define PF_X		1U
#define PF_W		2U
#define PF_R		4U

struct seg {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

/* What build() writes; the defaults make a good file (good_spec()). */
struct spec {
	bool is_64;
	uint8_t class, data, ident_version;
	uint16_t type, machine, ehsize, phentsize, phnum;
	uint32_t version;
	uint64_t entry, phoff;
	uint32_t seg_count;
	struct seg seg[20];
	size_t size;		/* bytes of the file */
};

static void put(uint8_t *p, uint64_t off, uint64_t v, uint32_t bytes)
{
	for (uint32_t i = 0; i < bytes; i++) {
		p[off + i] = (uint8_t)(v >> (8 * i));
	}
}

static void build_phdr(const struct spec *s, const struct seg *g, uint8_t *p)
{
	uint32_t w = s->is_64 ? 8 : 4;

	put(p, 0, g->type, 4);
	if (s->is_64) {
		put(p, 4, g->flags, 4);
		put(p, 8, g->offset, 8);
		put(p, 16, g->vaddr, 8);
		put(p, 24, g->paddr, 8);
		put(p, 32, g->filesz, 8);
		put(p, 40, g->memsz, 8);
		put(p, 48, 0x1000, 8);
	} else {
		put(p, 4, g->offset, w);
		put(p, 8, g->vaddr, w);
		put(p, 12, g->paddr, w);
		put(p, 16, g->filesz, w);
		put(p, 20, g->memsz, w);
		put(p, 24, g->flags, 4);
		put(p, 28, 0x1000, 4);
	}
}

/* The file into a fresh allocation of exactly s->size bytes. */
static uint8_t *build(const struct spec *s)
{
	uint8_t file[FILE_MAX] = { 0 };
	uint32_t w = s->is_64 ? 8 : 4, phsize = s->is_64 ? 56 : 32;
	uint8_t *out;

	memcpy(file, "\177ELF", 4);
	file[4] = s->class;
	file[5] = s->data;
	file[6] = s->ident_version;
	put(file, 16, s->type, 2);
	put(file, 18, s->machine, 2);
	put(file, 20, s->version, 4);
	put(file, 24, s->entry, w);
	put(file, 24 + w, s->phoff, w);
	put(file, s->is_64 ? 52 : 40, s->ehsize, 2);
	put(file, s->is_64 ? 54 : 42, s->phentsize, 2);
	put(file, s->is_64 ? 56 : 44, s->phnum, 2);
	for (uint32_t i = 0; i < s->seg_count && s->phoff <= FILE_MAX - (i + 1) * phsize; i++) {
		build_phdr(s, &s->seg[i], file + s->phoff + i * phsize);
	}
	/* segment data: the byte at file offset k is (k & 0x7f) | 0x80, never 0 */
	for (uint32_t k = 0x400; k < FILE_MAX; k++) {
		file[k] = (uint8_t)((k & 0x7fU) | 0x80U);
	}
	out = malloc(s->size ? s->size : 1);
	assert_non_null(out);
	memcpy(out, file, s->size);
	return out;
}

/* Text (0x200 bytes at 0x1000, executable) and data+bss (0x100 + 0x300 at 0x3000). */
static struct spec good_spec(bool is_64)
{
	struct spec s = {
		.is_64 = is_64, .class = is_64 ? 2 : 1, .data = 1, .ident_version = 1,
		.type = 2, .machine = is_64 ? 62 : 3, .version = 1,
		.ehsize = is_64 ? 64 : 52, .phentsize = is_64 ? 56 : 32, .phnum = 3,
		.entry = 0x1010, .phoff = is_64 ? 64 : 52, .seg_count = 3, .size = 0x800,
	};

	s.seg[0] = (struct seg){ PT_LOAD, PF_R | PF_X, 0x400, 0x1000, 0x1000, 0x200, 0x200 };
	s.seg[1] = (struct seg){ PT_NOTE, PF_R, 0x600, 0, 0, 0x10, 0x10 };
	s.seg[2] = (struct seg){ PT_LOAD, PF_R | PF_W, 0x700, 0x3000, 0x3000, 0x100, 0x400 };
	return s;
}

static const struct elf_limits limits = { RAM_BYTES, RESERVED_START, RESERVED_END };

struct guest {
	uint8_t *ram;
	int writes;
	int fail_at;	/* the write that fails with -EIO, or 0 */
};

static int guest_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct guest *g = ctx;

	if (++g->writes == g->fail_at) {
		return -EIO;
	}
	assert_true(gpa <= RAM_BYTES && len <= RAM_BYTES - gpa);
	memcpy(g->ram + gpa, src, len);
	return 0;
}

/* Parse s; expect err and, on failure, a reason. */
static void expect_parse(const struct spec *s, int err)
{
	uint8_t *file = build(s);
	struct elf_image_info info;
	const char *why = "unset";

	assert_int_equal(elf_image_parse(file, s->size, &limits, &info, &why), err);
	if (err == 0) {
		assert_null(why);
	} else {
		assert_non_null(why);
		assert_true(strlen(why) > 10);
		assert_int_equal(info.segment_count, 0);
	}
	free(file);
}

static void check_loaded(const struct spec *s)
{
	uint8_t *file = build(s), *ram = malloc(RAM_BYTES);
	struct guest g = { .ram = ram };
	struct elf_image_info info;

	assert_non_null(ram);
	memset(ram, 0xAA, RAM_BYTES);
	assert_int_equal(elf_image_parse(file, s->size, &limits, &info, NULL), 0);
	assert_int_equal(info.is_64, s->is_64);
	assert_int_equal(info.entry_gpa, 0x1010);
	assert_int_equal(info.segment_count, 2);
	assert_int_equal(elf_load(file, &info, guest_write, &g), 0);
	assert_memory_equal(ram + 0x1000, file + 0x400, 0x200);
	assert_memory_equal(ram + 0x3000, file + 0x700, 0x100);
	for (uint32_t i = 0x3100; i < 0x3400; i++) {
		assert_int_equal(ram[i], 0);	/* .bss zeroed */
	}
	assert_int_equal(ram[0xFFF], 0xAA);	/* nothing else touched */
	assert_int_equal(ram[0x1200], 0xAA);
	assert_int_equal(ram[0x3400], 0xAA);
	assert_int_equal(ram[0x600], 0xAA);	/* PT_NOTE is not loaded */
	free(ram);
	free(file);
}

static void test_good_elf64_loads(void **state)
{
	struct spec s = good_spec(true);

	(void)state;
	check_loaded(&s);
}

static void test_good_elf32_loads(void **state)
{
	struct spec s = good_spec(false);

	(void)state;
	check_loaded(&s);
}

/* The entry is virtual: through the segment that holds it, a physical address. */
static void test_entry_through_its_segment(void **state)
{
	struct spec s = good_spec(true);
	uint8_t *file;
	struct elf_image_info info;

	(void)state;
	s.seg[0].vaddr = 0xffffffff80001000ULL;
	s.entry = 0xffffffff80001020ULL;
	file = build(&s);
	assert_int_equal(elf_image_parse(file, s.size, &limits, &info, NULL), 0);
	assert_int_equal(info.entry_gpa, 0x1020);
	free(file);
}

static void test_not_an_x86_executable(void **state)
{
	struct spec s;

	(void)state;
	s = good_spec(true), s.class = 3, expect_parse(&s, -ENOEXEC);
	s = good_spec(true), s.data = 2, expect_parse(&s, -ENOEXEC);		/* big-endian */
	s = good_spec(true), s.ident_version = 0, expect_parse(&s, -ENOEXEC);
	s = good_spec(true), s.type = 3, expect_parse(&s, -ENOEXEC);		/* ET_DYN */
	s = good_spec(true), s.type = 1, expect_parse(&s, -ENOEXEC);		/* ET_REL */
	s = good_spec(true), s.machine = 3, expect_parse(&s, -ENOEXEC);	/* 64 + EM_386 */
	s = good_spec(false), s.machine = 62, expect_parse(&s, -ENOEXEC);	/* 32 + x86-64 */
	s = good_spec(true), s.machine = 183, expect_parse(&s, -ENOEXEC);	/* AArch64 */
	s = good_spec(true), s.seg[1].type = PT_INTERP, expect_parse(&s, -ENOEXEC);
}

static void test_no_magic(void **state)
{
	static const uint8_t bzimage[8] = { 0xeb, 0x3c, 'H', 'd', 'r', 'S', 0, 0 };
	struct elf_image_info info;
	const char *why = NULL;

	(void)state;
	assert_false(elf_is_elf(bzimage, sizeof(bzimage)));
	assert_false(elf_is_elf((const uint8_t *)"\177EL", 3));
	assert_int_equal(elf_image_parse(bzimage, sizeof(bzimage), &limits, &info, &why),
			 -ENOEXEC);
	assert_non_null(why);
	assert_int_equal(elf_image_parse(bzimage, 0, &limits, &info, &why), -ENOEXEC);
}

static void test_bad_headers(void **state)
{
	struct spec s;

	(void)state;
	s = good_spec(true), s.version = 2, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.ehsize = 52, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.phentsize = 32, expect_parse(&s, -EINVAL);
	s = good_spec(false), s.phentsize = 56, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.phnum = 0, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.phnum = 0xffff, expect_parse(&s, -EINVAL);	/* PN_XNUM */
	s = good_spec(true), s.phnum = 65, expect_parse(&s, -EINVAL);
}

static void test_program_headers_out_of_file(void **state)
{
	struct spec s;

	(void)state;
	s = good_spec(true), s.phoff = 0x800, expect_parse(&s, -EINVAL);	/* at the end */
	s = good_spec(true), s.phoff = 0x7f0, expect_parse(&s, -EINVAL);	/* across it */
	s = good_spec(true), s.phoff = UINT64_MAX - 8, expect_parse(&s, -EINVAL);
	s = good_spec(false), s.phoff = UINT32_MAX, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.phnum = 40, expect_parse(&s, -EINVAL);	/* 40 * 56 > file */
}

static void test_segment_data_out_of_file(void **state)
{
	struct spec s;

	(void)state;
	s = good_spec(true), s.seg[0].filesz = 0x500, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.seg[0].offset = 0x801, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.seg[0].offset = UINT64_MAX - 0x100, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.seg[2].filesz = 0x500, expect_parse(&s, -EINVAL);  /* > memsz */
}

static void test_segment_outside_ram(void **state)
{
	struct spec s;

	(void)state;
	s = good_spec(true), s.seg[2].paddr = RAM_BYTES, expect_parse(&s, -EFBIG);
	s = good_spec(true), s.seg[2].paddr = RAM_BYTES - 0x100, expect_parse(&s, -EFBIG);
	s = good_spec(true), s.seg[2].memsz = RAM_BYTES, expect_parse(&s, -EFBIG);
	s = good_spec(true), s.seg[2].paddr = UINT64_MAX - 0x10, expect_parse(&s, -EFBIG);
	s = good_spec(true), s.seg[2].memsz = UINT64_MAX, expect_parse(&s, -EFBIG);
	s = good_spec(false), s.seg[2].paddr = 0xFFFFFF00U, expect_parse(&s, -EFBIG);
	/* the loader's GDT and page tables: one byte in is too many */
	s = good_spec(true), s.seg[2].paddr = RESERVED_START - 0x3ff, expect_parse(&s, -EFBIG);
	s = good_spec(true), s.seg[2].paddr = RESERVED_END - 1, expect_parse(&s, -EFBIG);
	s = good_spec(true), s.seg[2].paddr = RESERVED_END, expect_parse(&s, 0);
	s = good_spec(true), s.seg[2].paddr = RESERVED_START - 0x400, expect_parse(&s, 0);
	/* the last byte of RAM is fine */
	s = good_spec(true), s.seg[2].paddr = RAM_BYTES - 0x400, expect_parse(&s, 0);
}

static void test_overlapping_segments(void **state)
{
	struct spec s;

	(void)state;
	s = good_spec(true), s.seg[2].paddr = 0x11ff, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.seg[2].paddr = 0x0e01, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.seg[2].paddr = 0x0c00, expect_parse(&s, 0);	/* touching */
	s = good_spec(true), s.seg[2].paddr = 0x1200, expect_parse(&s, 0);
}

static void test_entry_outside_code(void **state)
{
	struct spec s;

	(void)state;
	s = good_spec(true), s.entry = 0x1200, expect_parse(&s, -EINVAL);	/* just past */
	s = good_spec(true), s.entry = 0x3000, expect_parse(&s, -EINVAL);	/* not PF_X */
	s = good_spec(true), s.entry = 0, expect_parse(&s, -EINVAL);
	s = good_spec(true), s.seg[0].flags = PF_R, expect_parse(&s, -EINVAL);
}

static void test_segment_counts(void **state)
{
	struct spec s = good_spec(true);

	(void)state;
	s.seg[0].type = PT_NOTE, s.seg[2].type = PT_NOTE;
	expect_parse(&s, -EINVAL);		/* nothing to load */
	s = good_spec(true);
	s.seg[0].memsz = 0, s.seg[0].filesz = 0, s.entry = 0x3000;
	expect_parse(&s, -EINVAL);		/* empty segments load nothing */
	/* 17 loadable segments of 0x10 bytes each, side by side from 0x1000 */
	s = good_spec(true);
	s.phnum = 17, s.seg_count = 17, s.size = 0x1000, s.entry = 0x1000;
	for (uint32_t i = 0; i < 17; i++) {
		s.seg[i] = (struct seg){ PT_LOAD, PF_R | PF_X, 0x400, 0x1000 + i * 0x10,
					 0x1000 + i * 0x10, 0x10, 0x10 };
	}
	expect_parse(&s, -EINVAL);
	s.phnum = 16, s.seg_count = 16;
	expect_parse(&s, 0);
}

/* Every prefix of a good file: never accepted, never read past its end. */
static void test_truncated(void **state)
{
	(void)state;
	for (int c = 0; c < 2; c++) {
		struct spec s = good_spec(c == 1);

		for (size_t n = 0; n < s.size; n++) {
			struct spec t = s;
			uint8_t *file;
			struct elf_image_info info;

			t.size = n;
			file = build(&t);
			assert_int_not_equal(elf_image_parse(file, n, &limits, &info, NULL), 0);
			free(file);
		}
	}
}

static void test_write_error_stops_the_load(void **state)
{
	struct spec s = good_spec(true);
	uint8_t *file = build(&s), *ram = calloc(1, RAM_BYTES);
	struct guest g = { .ram = ram, .fail_at = 2 };
	struct elf_image_info info;

	(void)state;
	assert_int_equal(elf_image_parse(file, s.size, &limits, &info, NULL), 0);
	assert_int_equal(elf_load(file, &info, guest_write, &g), -EIO);
	assert_int_equal(g.writes, 2);
	free(ram);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_elf64_loads),
		cmocka_unit_test(test_good_elf32_loads),
		cmocka_unit_test(test_entry_through_its_segment),
		cmocka_unit_test(test_not_an_x86_executable),
		cmocka_unit_test(test_no_magic),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_program_headers_out_of_file),
		cmocka_unit_test(test_segment_data_out_of_file),
		cmocka_unit_test(test_segment_outside_ram),
		cmocka_unit_test(test_overlapping_segments),
		cmocka_unit_test(test_entry_outside_code),
		cmocka_unit_test(test_segment_counts),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_write_error_stops_the_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

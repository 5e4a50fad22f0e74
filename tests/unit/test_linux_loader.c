/* sources: hv/loader/linux.c */
/* SPDX-License-Identifier: MIT */
/*
 * The Linux 64-bit boot protocol loader (hv/loader/linux.c) on a synthetic
 * bzImage whose setup header carries the fields boot.rst names, loaded into
 * a buffer standing for guest RAM.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hv/loader/linux.h"

#define RAM_BYTES	(64ULL << 20)
#define SETUP_SECTS	4U
#define KERNEL_BYTES	(256U << 10)
#define IMAGE_BYTES	((SETUP_SECTS + 1U) * 512U + KERNEL_BYTES)
#define PREF_ADDRESS	0x1000000ULL
#define INIT_SIZE	(8U << 20)

struct guest {
	uint8_t *ram;
	uint64_t size;
	int writes;
	int fail_at;	/* the write that fails with -EIO, or 0 */
};

static int guest_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct guest *g = ctx;

	if (++g->writes == g->fail_at) {
		return -EIO;
	}
	if (gpa > g->size || len > g->size - gpa) {
		return -EFAULT;
	}
	memcpy(g->ram + gpa, src, len);
	return 0;
}

static void put16(uint8_t *p, uint32_t off, uint32_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t off, uint32_t v)
{
	put16(p, off, v);
	put16(p, off + 2, v >> 16);
}

static uint32_t get32(const uint8_t *p, uint64_t off)
{
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 | (uint32_t)p[off + 2] << 16 |
	       (uint32_t)p[off + 3] << 24;
}

static uint64_t get64(const uint8_t *p, uint64_t off)
{
	return get32(p, off) | (uint64_t)get32(p, off + 4) << 32;
}

/* A bzImage of protocol 2.15 as Debian's 6.1 kernels carry (values of
 * their header, smaller sizes). */
static uint8_t *make_image(void)
{
	uint8_t *img = calloc(1, IMAGE_BYTES);

	assert_non_null(img);
	img[0x1f1] = SETUP_SECTS;
	put16(img, 0x1fe, 0xAA55);
	img[0x200] = 0xeb;		/* jmp short */
	img[0x201] = 0x6a;		/* header ends at 0x26c */
	put32(img, 0x202, 0x53726448);
	put16(img, 0x206, 0x020f);
	img[0x211] = 0x01;		/* LOADED_HIGH */
	put32(img, 0x22c, 0x7fffffff);	/* initrd_addr_max */
	put32(img, 0x230, 0x200000);	/* kernel_alignment */
	img[0x234] = 1;			/* relocatable */
	put16(img, 0x236, 0x7f);	/* XLF_KERNEL_64 and friends */
	put32(img, 0x238, 2047);	/* cmdline_size */
	put32(img, 0x258, (uint32_t)PREF_ADDRESS);
	put32(img, 0x260, INIT_SIZE);
	for (uint32_t i = 0; i < KERNEL_BYTES; i++) {
		img[(SETUP_SECTS + 1U) * 512U + i] = (uint8_t)(i * 7U + 1U);
	}
	return img;
}

static struct guest *new_guest(uint64_t size)
{
	struct guest *g = calloc(1, sizeof(*g));

	assert_non_null(g);
	g->ram = calloc(1, size);
	assert_non_null(g->ram);
	g->size = size;
	return g;
}

static void free_guest(struct guest *g)
{
	free(g->ram);
	free(g);
}

static void test_parse(void **state)
{
	uint8_t *img = make_image();
	struct linux_image_info info;

	(void)state;
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), 0);
	assert_int_equal(info.protocol, 0x020f);
	assert_int_equal(info.setup_bytes, 5 * 512);
	assert_int_equal(info.kernel_bytes, KERNEL_BYTES);
	assert_int_equal(info.load_gpa, PREF_ADDRESS);
	assert_int_equal(info.init_size, INIT_SIZE);
	assert_int_equal(info.cmdline_size, 2047);

	/* setup_sects 0 means 4 (boot.rst) */
	img[0x1f1] = 0;
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), 0);
	assert_int_equal(info.setup_bytes, 5 * 512);

	/* a relocatable kernel is put on its alignment */
	put32(img, 0x258, 0x1000123);
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), 0);
	assert_int_equal(info.load_gpa, 0x1200000);
	/* one that is not stays exactly where it asks */
	img[0x234] = 0;
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), 0);
	assert_int_equal(info.load_gpa, 0x1000123);
	free(img);
}

static void test_parse_refuses(void **state)
{
	uint8_t *img = make_image();
	struct linux_image_info info;

	(void)state;
	assert_int_equal(linux_image_parse(img, 0x200, &info), -ENOEXEC);
	put16(img, 0x1fe, 0x55AA);
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), -ENOEXEC);
	put16(img, 0x1fe, 0xAA55);
	img[0x202] = 'h';
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), -ENOEXEC);
	img[0x202] = 'H';
	put16(img, 0x206, 0x020b);	/* before the 64-bit entry existed */
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), -ENOTSUP);
	put16(img, 0x206, 0x020f);
	put16(img, 0x236, 0x7e);	/* no XLF_KERNEL_64 */
	assert_int_equal(linux_image_parse(img, IMAGE_BYTES, &info), -ENOTSUP);
	put16(img, 0x236, 0x7f);
	img[0x1f1] = 200;		/* setup larger than the file */
	assert_int_equal(linux_image_parse(img, 200 * 512, &info), -EINVAL);
	free(img);
}

static void test_load_layout(void **state)
{
	uint8_t *img = make_image();
	uint8_t initrd[10000];
	struct guest *g = new_guest(RAM_BYTES);
	struct linux_boot_state st;
	struct linux_boot_config cfg = {
		.kernel = img, .kernel_size = IMAGE_BYTES, .initrd = initrd,
		.initrd_size = sizeof(initrd), .cmdline = "console=ttyS0 quiet",
		.ram_bytes = RAM_BYTES, .acpi_rsdp_gpa = 0xE0000,
	};
	const uint8_t *zp = g->ram + LINUX_ZERO_PAGE_GPA;

	(void)state;
	memset(initrd, 0x5a, sizeof(initrd));
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), 0);
	assert_int_equal(st.entry, PREF_ADDRESS + 0x200);
	assert_int_equal(st.zero_page, LINUX_ZERO_PAGE_GPA);
	assert_int_equal(st.cr3, LINUX_PML4_GPA);
	assert_int_equal(st.gdt_base, LINUX_GDT_GPA);
	assert_int_equal(st.gdt_limit, 31);
	/* the protected-mode kernel, byte for byte, at its load address */
	assert_memory_equal(g->ram + PREF_ADDRESS, img + 5 * 512, KERNEL_BYTES);
	/* the initrd on the highest page boundary that holds it */
	assert_int_equal(st.initrd_gpa, (RAM_BYTES - sizeof(initrd)) & ~0xfffULL);
	assert_memory_equal(g->ram + st.initrd_gpa, initrd, sizeof(initrd));
	assert_string_equal((const char *)g->ram + LINUX_CMDLINE_GPA, "console=ttyS0 quiet");
	/* the zero page: the image's header, then the loader's fields */
	assert_memory_equal(zp + 0x1f1, img + 0x1f1, 0x210 - 0x1f1);
	assert_int_equal(zp[0x210], 0xff);			/* type_of_loader */
	assert_int_equal(get32(zp, 0x228), LINUX_CMDLINE_GPA);	/* cmd_line_ptr */
	assert_int_equal(get32(zp, 0x218), st.initrd_gpa);	/* ramdisk_image */
	assert_int_equal(get32(zp, 0x21c), sizeof(initrd));	/* ramdisk_size */
	assert_int_equal(get64(zp, 0x70), 0xE0000);		/* acpi_rsdp_addr */
	assert_int_equal(zp[0x26c], 0);		/* nothing copied past the header's end */
	/* e820: low RAM, the hole below 1 MiB, the rest */
	assert_int_equal(zp[0x1e8], 3);
	assert_int_equal(get64(zp, 0x2d0), 0);
	assert_int_equal(get64(zp, 0x2d8), LINUX_LOW_RAM_END);
	assert_int_equal(get32(zp, 0x2e0), 1);
	assert_int_equal(get64(zp, 0x2e4), LINUX_LOW_RAM_END);
	assert_int_equal(get64(zp, 0x2ec), 0x100000 - LINUX_LOW_RAM_END);
	assert_int_equal(get32(zp, 0x2f4), 2);
	assert_int_equal(get64(zp, 0x2f8), 0x100000);
	assert_int_equal(get64(zp, 0x300), RAM_BYTES - 0x100000);
	assert_int_equal(get32(zp, 0x308), 1);
	/* GDT: __BOOT_CS a 64-bit code segment, __BOOT_DS data */
	assert_int_equal(get64(g->ram, LINUX_GDT_GPA + 0x10), 0x00AF9A000000FFFFULL);
	assert_int_equal(get64(g->ram, LINUX_GDT_GPA + 0x18), 0x00CF92000000FFFFULL);
	/* page tables: PML4[0] -> PDPT[0] -> PD, PD[i] maps 2 MiB at i << 21 */
	assert_int_equal(get64(g->ram, LINUX_PML4_GPA), (LINUX_PML4_GPA + 0x1000) | 3);
	assert_int_equal(get64(g->ram, LINUX_PML4_GPA + 0x1000), (LINUX_PML4_GPA + 0x2000) | 3);
	assert_int_equal(get64(g->ram, LINUX_PML4_GPA + 0x2000 + 8 * 8), (8ULL << 21) | 0x83);
	assert_int_equal(get64(g->ram, LINUX_PML4_GPA + 0x2000 + 511 * 8), (511ULL << 21) | 0x83);
	free_guest(g);
	free(img);
}

static void test_initrd_below_addr_max(void **state)
{
	uint8_t *img = make_image();
	uint8_t initrd[4096];
	struct guest *g = new_guest(RAM_BYTES);
	struct linux_boot_state st;
	struct linux_boot_config cfg = { .kernel = img, .kernel_size = IMAGE_BYTES,
					 .initrd = initrd, .initrd_size = sizeof(initrd),
					 .ram_bytes = RAM_BYTES };

	(void)state;
	memset(initrd, 1, sizeof(initrd));
	put32(img, 0x22c, 0x2000000 - 1);	/* initrd_addr_max: 32 MiB */
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), 0);
	assert_int_equal(st.initrd_gpa, 0x2000000 - 4096);
	/* without an initrd: none in the zero page, and an empty command line */
	cfg.initrd = NULL;
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), 0);
	assert_int_equal(st.initrd_gpa, 0);
	assert_int_equal(get32(g->ram + LINUX_ZERO_PAGE_GPA, 0x21c), 0);
	assert_int_equal(g->ram[LINUX_CMDLINE_GPA], 0);
	free_guest(g);
	free(img);
}

static void test_load_refuses(void **state)
{
	uint8_t *img = make_image();
	char cmdline[2100];
	struct guest *g = new_guest(RAM_BYTES);
	struct linux_boot_state st;
	struct linux_boot_config cfg = { .kernel = img, .kernel_size = IMAGE_BYTES,
					 .ram_bytes = RAM_BYTES };

	(void)state;
	memset(cmdline, 'a', sizeof(cmdline));
	cmdline[2047] = '\0';			/* 2047: what the kernel takes */
	cfg.cmdline = cmdline;
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), 0);
	cmdline[2047] = 'a';
	cmdline[2048] = '\0';			/* one more */
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), -E2BIG);
	put32(img, 0x238, 255);			/* a kernel that takes less */
	cmdline[256] = '\0';
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), -E2BIG);
	cfg.cmdline = NULL;

	/* RAM smaller than load address + init_size */
	cfg.ram_bytes = PREF_ADDRESS + INIT_SIZE - 4096;
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), -EFBIG);
	/* an initrd that does not fit above the kernel */
	cfg.ram_bytes = RAM_BYTES;
	cfg.initrd = g->ram;
	cfg.initrd_size = RAM_BYTES - PREF_ADDRESS - INIT_SIZE + 1;
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), -EFBIG);
	cfg.initrd = NULL;
	/* more RAM than the identity map covers, or none above 1 MiB */
	cfg.ram_bytes = (1ULL << 30) + 4096;
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), -EINVAL);
	cfg.ram_bytes = 0x100000;
	assert_int_equal(linux_load(&cfg, guest_write, g, &st), -EINVAL);
	/* a failing write stops the load with its error */
	cfg.ram_bytes = RAM_BYTES;
	for (int at = 1; at <= 6; at++) {
		g->writes = 0;
		g->fail_at = at;
		assert_int_equal(linux_load(&cfg, guest_write, g, &st), -EIO);
	}
	free_guest(g);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_load_layout),
		cmocka_unit_test(test_initrd_below_addr_max),
		cmocka_unit_test(test_load_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

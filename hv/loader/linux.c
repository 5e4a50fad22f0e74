/* SPDX-License-Identifier: MIT */
/*
 * The Linux 64-bit boot protocol (Documentation/arch/x86/boot.rst).  Field
 * offsets are those of struct boot_params and its struct setup_header
 * (arch/x86/include/uapi/asm/bootparam.h), which the zero page is.
 */
#include <errno.h>
#include <string.h>

#include "hv/loader/linux.h"

/* struct setup_header, at 0x1f1 in both the image and the zero page */
#define HDR_SETUP_SECTS		0x1f1U	/* u8; 0 means 4 */
#define HDR_BOOT_FLAG		0x1feU	/* u16 0xAA55 */
#define HDR_JUMP_LEN		0x201U	/* u8: the header ends at 0x202 + this */
#define HDR_MAGIC		0x202U	/* u32 "HdrS" */
#define HDR_VERSION		0x206U	/* u16 */
#define HDR_TYPE_OF_LOADER	0x210U	/* u8 */
#define HDR_RAMDISK_IMAGE	0x218U	/* u32 */
#define HDR_RAMDISK_SIZE	0x21cU	/* u32 */
#define HDR_CMD_LINE_PTR	0x228U	/* u32 */
#define HDR_INITRD_ADDR_MAX	0x22cU	/* u32 */
#define HDR_KERNEL_ALIGNMENT	0x230U	/* u32 */
#define HDR_RELOCATABLE		0x234U	/* u8 */
#define HDR_XLOADFLAGS		0x236U	/* u16 */
#define HDR_CMDLINE_SIZE	0x238U	/* u32 (2.06+) */
#define HDR_PREF_ADDRESS	0x258U	/* u64 (2.10+) */
#define HDR_INIT_SIZE		0x260U	/* u32 (2.10+) */
#define HDR_END_MAX		0x290U	/* no header field reaches beyond this */

/* struct boot_params, outside the setup header */
#define BP_ACPI_RSDP_ADDR	0x070U	/* u64 (2.14+) */
#define BP_E820_ENTRIES		0x1e8U	/* u8 */
#define BP_E820_TABLE		0x2d0U	/* struct boot_e820_entry[128]: u64 addr, u64 size, u32 type */
#define BP_SIZE			0x1000U

#define BOOT_FLAG		0xAA55U
#define HDRS_MAGIC		0x53726448U	/* "HdrS" */
#define PROTOCOL_MIN		0x020cU		/* 2.12: xloadflags, the 64-bit entry */
#define XLF_KERNEL_64		0x1U
#define LOADER_UNDEFINED	0xffU		/* type_of_loader: "no assigned id" */
#define ENTRY_64_OFFSET		0x200U		/* startup_64, from the load address */
#define E820_RAM		1U
#define E820_RESERVED		2U
#define HIGH_RAM_START		0x100000U
#define PAGE_BYTES		0x1000U
#define PTE_PRESENT_WRITE	0x3ULL		/* SDM Vol. 3A 4.5 */
#define PDE_LARGE		0x80ULL		/* 2 MiB page */

static uint32_t get_u8(const uint8_t *p, uint32_t off)
{
	return p[off];
}

static uint32_t get_u16(const uint8_t *p, uint32_t off)
{
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8;
}

static uint32_t get_u32(const uint8_t *p, uint32_t off)
{
	return get_u16(p, off) | get_u16(p, off + 2) << 16;
}

static uint64_t get_u64(const uint8_t *p, uint32_t off)
{
	return (uint64_t)get_u32(p, off) | (uint64_t)get_u32(p, off + 4) << 32;
}

static void put_u32(uint8_t *p, uint32_t off, uint32_t v)
{
	for (uint32_t i = 0; i < 4; i++) {
		p[off + i] = (uint8_t)(v >> (8 * i));
	}
}

static void put_u64(uint8_t *p, uint32_t off, uint64_t v)
{
	put_u32(p, off, (uint32_t)v);
	put_u32(p, off + 4, (uint32_t)(v >> 32));
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Where the protected-mode kernel goes: a relocatable kernel anywhere on
 * its alignment (we keep its preference), any other exactly there. */
static uint64_t load_address(const uint8_t *image)
{
	uint64_t pref = get_u64(image, HDR_PREF_ADDRESS);
	uint32_t align = get_u32(image, HDR_KERNEL_ALIGNMENT);

	if (pref < HIGH_RAM_START) {
		pref = HIGH_RAM_START;
	}
	if (get_u8(image, HDR_RELOCATABLE) != 0 && align != 0 && (align & (align - 1)) == 0) {
		pref = align_up(pref, align);
	}
	return pref;
}

int linux_image_parse(const uint8_t *image, size_t size, struct linux_image_info *out)
{
	uint32_t sects;

	if (size < HDR_END_MAX || get_u16(image, HDR_BOOT_FLAG) != BOOT_FLAG ||
	    get_u32(image, HDR_MAGIC) != HDRS_MAGIC) {
		return -ENOEXEC;
	}
	out->protocol = (uint16_t)get_u16(image, HDR_VERSION);
	if (out->protocol < PROTOCOL_MIN || (get_u16(image, HDR_XLOADFLAGS) & XLF_KERNEL_64) == 0) {
		return -ENOTSUP;
	}
	sects = get_u8(image, HDR_SETUP_SECTS);
	out->setup_bytes = ((sects == 0 ? 4U : sects) + 1U) * 512U;
	if (out->setup_bytes >= size) {
		return -EINVAL;
	}
	out->kernel_bytes = size - out->setup_bytes;
	out->load_gpa = load_address(image);
	out->init_size = get_u32(image, HDR_INIT_SIZE);
	out->initrd_addr_max = get_u32(image, HDR_INITRD_ADDR_MAX);
	out->cmdline_size = get_u32(image, HDR_CMDLINE_SIZE);
	if (out->init_size < out->kernel_bytes) {
		out->init_size = (uint32_t)out->kernel_bytes;	/* boot.rst: at least the image */
	}
	return 0;
}

/* The highest page-aligned place for the initrd: below the end of RAM and
 * initrd_addr_max, above the kernel's init_size.  0 when it does not fit. */
static uint64_t initrd_address(const struct linux_image_info *info, uint64_t ram, size_t size)
{
	uint64_t top = ram, bottom = info->load_gpa + info->init_size;

	if ((uint64_t)info->initrd_addr_max + 1 < top) {
		top = (uint64_t)info->initrd_addr_max + 1;
	}
	if (size > top || ((top - size) & ~(uint64_t)(PAGE_BYTES - 1)) < bottom) {
		return 0;
	}
	return (top - size) & ~(uint64_t)(PAGE_BYTES - 1);
}

static void e820_entry(uint8_t *zp, uint32_t *n, uint64_t addr, uint64_t size, uint32_t type)
{
	uint32_t off = BP_E820_TABLE + *n * 20U;

	put_u64(zp, off, addr);
	put_u64(zp, off + 8, size);
	put_u32(zp, off + 16, type);
	(*n)++;
}

/* The zero page: the image's setup header, then what the loader fills in
 * (boot.rst, "Details of Header Fields": type_of_loader, cmd_line_ptr,
 * ramdisk_*), the RSDP and the e820 map. */
static void build_zero_page(uint8_t *zp, const struct linux_boot_config *cfg,
			    const struct linux_image_info *info, uint64_t initrd_gpa)
{
	uint32_t hdr_end = HDR_MAGIC + get_u8(cfg->kernel, HDR_JUMP_LEN);
	uint32_t n = 0;

	if (hdr_end > HDR_END_MAX) {
		hdr_end = HDR_END_MAX;
	}
	memset(zp, 0, BP_SIZE);
	memcpy(zp + HDR_SETUP_SECTS, cfg->kernel + HDR_SETUP_SECTS, hdr_end - HDR_SETUP_SECTS);
	zp[HDR_TYPE_OF_LOADER] = LOADER_UNDEFINED;
	put_u32(zp, HDR_CMD_LINE_PTR, LINUX_CMDLINE_GPA);
	put_u32(zp, HDR_RAMDISK_IMAGE, (uint32_t)initrd_gpa);
	put_u32(zp, HDR_RAMDISK_SIZE, initrd_gpa != 0 ? (uint32_t)cfg->initrd_size : 0U);
	if (info->protocol >= 0x020e) {
		put_u64(zp, BP_ACPI_RSDP_ADDR, cfg->acpi_rsdp_gpa);
	}
	e820_entry(zp, &n, 0, LINUX_LOW_RAM_END, E820_RAM);
	e820_entry(zp, &n, LINUX_LOW_RAM_END, HIGH_RAM_START - LINUX_LOW_RAM_END, E820_RESERVED);
	e820_entry(zp, &n, HIGH_RAM_START, cfg->ram_bytes - HIGH_RAM_START, E820_RAM);
	zp[BP_E820_ENTRIES] = (uint8_t)n;
}

/* null, null, __BOOT_CS (64-bit code), __BOOT_DS: boot.rst's selectors. */
static const uint64_t boot_gdt[4] = { 0, 0, 0x00AF9A000000FFFFULL, 0x00CF92000000FFFFULL };

/* PML4 -> PDPT -> PD identity-mapping the first 1 GiB with 2 MiB pages. */
static int write_page_tables(linux_write_fn write, void *ctx)
{
	const uint64_t pdpt = LINUX_PML4_GPA + PAGE_BYTES, pd = pdpt + PAGE_BYTES;
	uint64_t table[512];
	int err;

	memset(table, 0, sizeof(table));
	table[0] = pdpt | PTE_PRESENT_WRITE;
	err = write(ctx, LINUX_PML4_GPA, table, sizeof(table));
	table[0] = pd | PTE_PRESENT_WRITE;
	err = err ?: write(ctx, pdpt, table, sizeof(table));
	for (uint64_t i = 0; i < 512; i++) {
		table[i] = (i << 21) | PDE_LARGE | PTE_PRESENT_WRITE;
	}
	return err ?: write(ctx, pd, table, sizeof(table));
}

static int check_fit(const struct linux_boot_config *cfg, const struct linux_image_info *info,
		     size_t cmdline_len, uint64_t *initrd_gpa)
{
	uint64_t cmdline_max = info->cmdline_size < LINUX_CMDLINE_MAX - 1 ? info->cmdline_size
									  : LINUX_CMDLINE_MAX - 1;

	if (cfg->ram_bytes > LINUX_IDENTITY_MAP_END || cfg->ram_bytes <= HIGH_RAM_START) {
		return -EINVAL;
	}
	if (cmdline_len > cmdline_max) {
		return -E2BIG;
	}
	if (info->load_gpa + info->init_size > cfg->ram_bytes) {
		return -EFBIG;
	}
	*initrd_gpa = 0;
	if (cfg->initrd != NULL && cfg->initrd_size > 0) {
		*initrd_gpa = initrd_address(info, cfg->ram_bytes, cfg->initrd_size);
		if (*initrd_gpa == 0) {
			return -EFBIG;
		}
	}
	return 0;
}

int linux_load(const struct linux_boot_config *cfg, linux_write_fn write, void *ctx,
	       struct linux_boot_state *state)
{
	/* Management CPU only (hv/api.h): one zero page at a time is enough. */
	static uint8_t zero_page[BP_SIZE];
	const char *cmdline = cfg->cmdline != NULL ? cfg->cmdline : "";
	size_t cmdline_len = strlen(cmdline);
	struct linux_image_info info;
	uint64_t initrd_gpa;
	int err = linux_image_parse(cfg->kernel, cfg->kernel_size, &info);

	err = err ?: check_fit(cfg, &info, cmdline_len, &initrd_gpa);
	if (err != 0) {
		return err;
	}
	build_zero_page(zero_page, cfg, &info, initrd_gpa);
	err = write(ctx, info.load_gpa, cfg->kernel + info.setup_bytes, info.kernel_bytes);
	err = err ?: (initrd_gpa != 0 ? write(ctx, initrd_gpa, cfg->initrd, cfg->initrd_size) : 0);
	err = err ?: write(ctx, LINUX_CMDLINE_GPA, cmdline, cmdline_len + 1);
	err = err ?: write(ctx, LINUX_ZERO_PAGE_GPA, zero_page, sizeof(zero_page));
	err = err ?: write(ctx, LINUX_GDT_GPA, boot_gdt, sizeof(boot_gdt));
	err = err ?: write_page_tables(write, ctx);
	if (err != 0) {
		return err;
	}
	*state = (struct linux_boot_state){
		.entry = info.load_gpa + ENTRY_64_OFFSET,
		.zero_page = LINUX_ZERO_PAGE_GPA,
		.cr3 = LINUX_PML4_GPA,
		.gdt_base = LINUX_GDT_GPA,
		.gdt_limit = sizeof(boot_gdt) - 1,
		.initrd_gpa = initrd_gpa,
	};
	return 0;
}

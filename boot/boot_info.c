/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "boot/bios_boot_info.h"
#include "boot/boot_info.h"
#include "boot/multiboot.h"

/* Firmware addresses are identity mapped; loaders give 32- or 64-bit ones. */
static const void *phys_ptr(uint64_t addr)
{
	return (const void *)(uintptr_t)addr;
}

static void copy_string(char *dst, size_t cap, const char *src, size_t max_src)
{
	size_t n = strnlen(src, max_src);

	if (n >= cap) {
		n = cap - 1U;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void mb2_add_module(struct boot_info *info, const struct mb2_tag *tag)
{
	const struct mb2_module_tag *mod = (const void *)tag;
	struct boot_module *m;

	if (info->module_count >= BOOT_MODULES_MAX || tag->size < sizeof(*mod)) {
		return;
	}
	m = &info->module[info->module_count++];
	m->start = mod->mod_start;
	m->end = mod->mod_end;
	copy_string(m->name, sizeof(m->name), (const char *)(mod + 1), tag->size - sizeof(*mod));
}

static void mb2_add_mmap(struct boot_info *info, const struct mb2_tag *tag)
{
	const struct mb2_mmap_tag *mmap = (const void *)tag;
	const uint8_t *p = (const uint8_t *)(mmap + 1);
	const uint8_t *end = (const uint8_t *)tag + tag->size;

	if (tag->size < sizeof(*mmap) || mmap->entry_size < sizeof(struct mb2_mmap_entry)) {
		return;
	}
	for (; p + mmap->entry_size <= end; p += mmap->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		(void)memmap_add(&info->memmap, e->base, e->length, e->type);
	}
}

static void mb2_take_rsdp(struct boot_info *info, const struct mb2_tag *tag)
{
	size_t len = tag->size - sizeof(*tag);

	/* ACPI 2.0+ (tag 15) is preferred over 1.0 (tag 14) when both are given. */
	if (info->has_rsdp && tag->type == MB2_TAG_ACPI_OLD) {
		return;
	}
	if (len > sizeof(info->rsdp)) {
		len = sizeof(info->rsdp);
	}
	memset(info->rsdp, 0, sizeof(info->rsdp));
	memcpy(info->rsdp, tag + 1, len);
	info->has_rsdp = true;
}

int boot_info_parse_mb2(const void *mbi, struct boot_info *info)
{
	const uint8_t *base = mbi;
	uint32_t total = *(const uint32_t *)mbi;
	uint32_t off = 8;	/* total_size, reserved */

	info->source = BOOT_SOURCE_MULTIBOOT2;
	while (off + sizeof(struct mb2_tag) <= total) {
		const struct mb2_tag *tag = (const void *)(base + off);

		if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag) ||
		    (uint64_t)off + tag->size > total) {
			break;
		}
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			copy_string(info->cmdline, sizeof(info->cmdline), (const char *)(tag + 1),
				    tag->size - sizeof(*tag));
			break;
		case MB2_TAG_MODULE:
			mb2_add_module(info, tag);
			break;
		case MB2_TAG_MMAP:
			mb2_add_mmap(info, tag);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			mb2_take_rsdp(info, tag);
			break;
		default:
			break;
		}
		off += (tag->size + 7U) & ~7U;	/* tags are 8-byte aligned */
	}
	return 0;
}

int boot_info_parse_mb1(const void *mbi, struct boot_info *info)
{
	const struct mb1_info *mb = mbi;

	info->source = BOOT_SOURCE_MULTIBOOT1;
	if (mb->flags & MB1_INFO_CMDLINE) {
		copy_string(info->cmdline, sizeof(info->cmdline), phys_ptr(mb->cmdline),
			    BOOT_CMDLINE_MAX);
	}
	if (mb->flags & MB1_INFO_MMAP) {
		const uint8_t *p = phys_ptr(mb->mmap_addr);
		const uint8_t *end = p + mb->mmap_length;

		while (p + sizeof(struct mb1_mmap_entry) <= end) {
			const struct mb1_mmap_entry *e = (const void *)p;

			(void)memmap_add(&info->memmap, e->base, e->length, e->type);
			p += e->size + sizeof(e->size);
		}
	}
	return 0;
}

int boot_info_parse_bios(const void *bbi, struct boot_info *info)
{
	const struct bios_boot_info *b = bbi;
	uint32_t count = b->e820_count;

	if (b->magic != BIOS_BOOT_INFO_MAGIC || b->version != BIOS_BOOT_INFO_VERSION) {
		return -EINVAL;
	}
	info->source = BOOT_SOURCE_BIOS_LOADER;
	copy_string(info->cmdline, sizeof(info->cmdline), b->cmdline, sizeof(b->cmdline));
	if (count > BIOS_E820_MAX) {
		count = BIOS_E820_MAX;
	}
	for (uint32_t i = 0; i < count; i++) {
		(void)memmap_add(&info->memmap, b->e820[i].base, b->e820[i].length,
				 b->e820[i].type);
	}
	return 0;
}

int boot_info_parse(uint32_t magic, const void *loader_info, struct boot_info *info)
{
	memset(info, 0, sizeof(*info));
	switch (magic) {
	case MB2_BOOT_MAGIC:
		return boot_info_parse_mb2(loader_info, info);
	case MB1_BOOT_MAGIC:
		return boot_info_parse_mb1(loader_info, info);
	case BIOS_BOOT_MAGIC:
		return boot_info_parse_bios(loader_info, info);
	default:
		return -EINVAL;
	}
}

const char *boot_source_name(enum boot_source source)
{
	switch (source) {
	case BOOT_SOURCE_MULTIBOOT2:
		return "multiboot2";
	case BOOT_SOURCE_MULTIBOOT1:
		return "multiboot1";
	case BOOT_SOURCE_BIOS_LOADER:
		return "bios-loader";
	default:
		return "unknown";
	}
}

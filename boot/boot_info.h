/* SPDX-License-Identifier: MIT */
/*
 * What the loader told us, copied out of the loader's own structures before
 * the memory they live in is handed to the page allocator.  Three loaders
 * feed it: multiboot2 (GRUB, BIOS or UEFI), multiboot1 (QEMU -kernel) and
 * vmanhv's BIOS loader (boot/bios_boot_info.h).
 */
#ifndef VMANHV_BOOT_BOOT_INFO_H
#define VMANHV_BOOT_BOOT_INFO_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/memmap.h"

#define BOOT_CMDLINE_MAX	512U
#define BOOT_MODULES_MAX	16U
#define BOOT_MODULE_NAME_MAX	64U
#define ACPI_RSDP_COPY_MAX	36U	/* an ACPI 2.0+ RSDP */

enum boot_source {
	BOOT_SOURCE_UNKNOWN = 0,
	BOOT_SOURCE_MULTIBOOT2,
	BOOT_SOURCE_MULTIBOOT1,
	BOOT_SOURCE_BIOS_LOADER,
};

struct boot_module {
	uint64_t start;		/* physical, inclusive */
	uint64_t end;		/* physical, exclusive */
	char name[BOOT_MODULE_NAME_MAX];
};

struct boot_info {
	enum boot_source source;
	char cmdline[BOOT_CMDLINE_MAX];
	struct memmap memmap;		/* as reported, not yet sanitized */
	bool has_rsdp;			/* the loader handed us a copy of the RSDP */
	uint8_t rsdp[ACPI_RSDP_COPY_MAX];
	uint32_t module_count;
	struct boot_module module[BOOT_MODULES_MAX];
};

/*
 * Fill *info from the loader's magic and information pointer.  Returns 0,
 * or -EINVAL when the magic or the structure is not one we know.
 */
int boot_info_parse(uint32_t magic, const void *loader_info, struct boot_info *info);
int boot_info_parse_mb2(const void *mbi, struct boot_info *info);
int boot_info_parse_mb1(const void *mbi, struct boot_info *info);
int boot_info_parse_bios(const void *bbi, struct boot_info *info);
const char *boot_source_name(enum boot_source source);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The parts of the Multiboot (0.6.96) and Multiboot2 (2.0) specifications the
 * firmware uses.  Both loaders enter _start32 in 32-bit protected mode with
 * the magic in EAX and the information structure's address in EBX.
 */
#ifndef VMANHV_BOOT_MULTIBOOT_H
#define VMANHV_BOOT_MULTIBOOT_H

#define MB1_HEADER_MAGIC	0x1BADB002
#define MB1_BOOT_MAGIC		0x2BADB002
/* Flags: page-align modules, want a memory map, use the address fields. */
#define MB1_HEADER_FLAGS	((1 << 0) | (1 << 1) | (1 << 16))

#define MB2_HEADER_MAGIC	0xE85250D6
#define MB2_BOOT_MAGIC		0x36D76289
#define MB2_ARCH_I386		0

#ifndef __ASSEMBLY__
#include <stdint.h>

/* Multiboot1 information structure (spec section 3.3). */
struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

#define MB1_INFO_CMDLINE	(1U << 2)
#define MB1_INFO_MMAP		(1U << 6)

struct mb1_mmap_entry {
	uint32_t size;		/* of the rest of the entry */
	uint64_t base;
	uint64_t length;
	uint32_t type;
} __attribute__((packed));

/* Multiboot2 boot information tags (spec section 3.6). */
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_mmap_tag {
	uint32_t type, size;
	uint32_t entry_size, entry_version;
	/* entries follow */
};

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};

struct mb2_module_tag {
	uint32_t type, size;
	uint32_t mod_start, mod_end;
	/* NUL-terminated string follows */
};
#endif

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Real-mode memory map and structure offsets shared by the MBR (mbr.S) and
 * the stage-2 loader (loader.S).  docs/disk-layout.md explains the layout.
 *
 * The assembler cannot include boot/bios_boot_info.h (C types), so the
 * offsets of the contract's two structures are repeated here.  Compiled as C
 * (mk/images.mk runs `gcc -fsyntax-only -x c` on this file before it builds
 * the loader), the block at the end checks every one of them against the
 * contract, so the two can never drift apart silently.
 */
#ifndef VMANHV_BOOT_BIOS_LAYOUT_H
#define VMANHV_BOOT_BIOS_LAYOUT_H

/* Physical memory the MBR and the loader use below 1 MiB. */
#define BOOT_INFO_ADDR		0x5000	/* struct bios_boot_info (kept) */
#define BOOT_INFO_END		0x6000	/* its reserved page ends here */
#define STACK_TOP		0x7C00	/* real-mode stack grows down from the MBR */
#define MBR_ADDR		0x7C00	/* where the BIOS loads sector 0 */
#define DESC_ADDR		0x7E00	/* LBA 1, the boot descriptor */
#define LOADER_ADDR		0x8000	/* stage 2, linked here */
#define LOADER_MAX_SECTORS	64	/* 0x8000..0xFFFF: segment 0, no 64 KiB crossing */
#define BOUNCE_SEG		0x1000	/* disk reads land at 0x10000 ... */
#define BOUNCE_ADDR		0x10000
#define CHUNK_SECTORS		127	/* ... at most 127 sectors per INT 13h call */

/* BIOS hand-off: what the MBR code promises the loader. */
#define DESC_LBA		1

/* struct boot_descriptor (LBA 1). */
#define DESC_MAGIC		0
#define DESC_VERSION		8
#define DESC_FW_LBA		12
#define DESC_FW_SECTORS		16
#define DESC_LOAD_ADDR		20
#define DESC_ENTRY32		24
#define DESC_LOADER_LBA		28
#define DESC_LOADER_SECTORS	32
#define DESC_CMDLINE		40
#define DESC_SIZE		512

/* struct bios_boot_info (at BOOT_INFO_ADDR). */
#define BBI_MAGIC		0
#define BBI_VERSION		4
#define BBI_E820_COUNT		8
#define BBI_BOOT_DRIVE		12
#define BBI_FW_LBA		16
#define BBI_FW_BYTES		20
#define BBI_CMDLINE		32
#define BBI_E820		504
#define BBI_SIZE		3576

/* struct bios_e820_entry. */
#define E820_BASE		0
#define E820_LENGTH		8
#define E820_TYPE		16
#define E820_EXT_ATTR		20
#define E820_ENTRY_SIZE		24
#define E820_TYPE_RAM		1

/* Values from the contract, without C's U suffixes. */
#define LOADER_BOOT_MAGIC	0x564D4856	/* BIOS_BOOT_MAGIC, "VMHV" */
#define LOADER_INFO_MAGIC	0x42484D56	/* BIOS_BOOT_INFO_MAGIC, "VMHB" */
#define LOADER_INFO_VERSION	1
#define LOADER_DESC_VERSION	1
#define LOADER_E820_MAX		128
#define LOADER_CMDLINE_MAX	472

#ifndef __ASSEMBLY__
#include <stddef.h>
#include "boot/bios_boot_info.h"

#define LAYOUT_CHECK(what, value) _Static_assert((what) == (value), #what " != " #value)

LAYOUT_CHECK(BIOS_BOOT_INFO_ADDR, BOOT_INFO_ADDR);
LAYOUT_CHECK(BOOT_INFO_ADDR + sizeof(struct bios_boot_info) <= BOOT_INFO_END, 1);
LAYOUT_CHECK(BOOT_DESC_LBA, DESC_LBA);
LAYOUT_CHECK(BIOS_BOOT_MAGIC, LOADER_BOOT_MAGIC);
LAYOUT_CHECK(BIOS_BOOT_INFO_MAGIC, LOADER_INFO_MAGIC);
LAYOUT_CHECK(BIOS_BOOT_INFO_VERSION, LOADER_INFO_VERSION);
LAYOUT_CHECK(BIOS_E820_MAX, LOADER_E820_MAX);
LAYOUT_CHECK(BIOS_CMDLINE_MAX, LOADER_CMDLINE_MAX);

LAYOUT_CHECK(offsetof(struct boot_descriptor, magic), DESC_MAGIC);
LAYOUT_CHECK(offsetof(struct boot_descriptor, version), DESC_VERSION);
LAYOUT_CHECK(offsetof(struct boot_descriptor, fw_lba), DESC_FW_LBA);
LAYOUT_CHECK(offsetof(struct boot_descriptor, fw_sectors), DESC_FW_SECTORS);
LAYOUT_CHECK(offsetof(struct boot_descriptor, load_addr), DESC_LOAD_ADDR);
LAYOUT_CHECK(offsetof(struct boot_descriptor, entry32), DESC_ENTRY32);
LAYOUT_CHECK(offsetof(struct boot_descriptor, loader_lba), DESC_LOADER_LBA);
LAYOUT_CHECK(offsetof(struct boot_descriptor, loader_sectors), DESC_LOADER_SECTORS);
LAYOUT_CHECK(offsetof(struct boot_descriptor, cmdline), DESC_CMDLINE);
LAYOUT_CHECK(sizeof(struct boot_descriptor), DESC_SIZE);

LAYOUT_CHECK(offsetof(struct bios_boot_info, magic), BBI_MAGIC);
LAYOUT_CHECK(offsetof(struct bios_boot_info, version), BBI_VERSION);
LAYOUT_CHECK(offsetof(struct bios_boot_info, e820_count), BBI_E820_COUNT);
LAYOUT_CHECK(offsetof(struct bios_boot_info, boot_drive), BBI_BOOT_DRIVE);
LAYOUT_CHECK(offsetof(struct bios_boot_info, fw_lba), BBI_FW_LBA);
LAYOUT_CHECK(offsetof(struct bios_boot_info, fw_bytes), BBI_FW_BYTES);
LAYOUT_CHECK(offsetof(struct bios_boot_info, cmdline), BBI_CMDLINE);
LAYOUT_CHECK(offsetof(struct bios_boot_info, e820), BBI_E820);
LAYOUT_CHECK(sizeof(struct bios_boot_info), BBI_SIZE);

LAYOUT_CHECK(offsetof(struct bios_e820_entry, base), E820_BASE);
LAYOUT_CHECK(offsetof(struct bios_e820_entry, length), E820_LENGTH);
LAYOUT_CHECK(offsetof(struct bios_e820_entry, type), E820_TYPE);
LAYOUT_CHECK(offsetof(struct bios_e820_entry, ext_attr), E820_EXT_ATTR);
LAYOUT_CHECK(sizeof(struct bios_e820_entry), E820_ENTRY_SIZE);
#endif /* !__ASSEMBLY__ */

#endif

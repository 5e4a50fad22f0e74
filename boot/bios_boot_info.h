/* SPDX-License-Identifier: MIT */
/*
 * The hand-off from vmanhv's own BIOS loader (boot/bios/) to the firmware.
 *
 * The loader enters the firmware's 32-bit entry point exactly as a multiboot
 * loader would (protected mode, flat 4 GiB CS/DS, paging and interrupts off,
 * A20 on), with EAX = BIOS_BOOT_MAGIC and EBX = the physical address of a
 * struct bios_boot_info.  The structure lives below 1 MiB (BIOS_BOOT_INFO_ADDR)
 * and the firmware copies what it needs out of it before it reuses low memory.
 * docs/disk-layout.md describes the disk side of this contract.
 */
#ifndef VMANHV_BOOT_BIOS_BOOT_INFO_H
#define VMANHV_BOOT_BIOS_BOOT_INFO_H

#include <stdint.h>

#define BIOS_BOOT_MAGIC		0x564D4856U	/* "VMHV" in EAX at entry */
#define BIOS_BOOT_INFO_MAGIC	0x42484D56U	/* "VMHB" in the structure */
#define BIOS_BOOT_INFO_VERSION	1U
#define BIOS_BOOT_INFO_ADDR	0x5000U
#define BIOS_E820_MAX		128U
#define BIOS_CMDLINE_MAX	472U	/* the descriptor fills one sector */

/* One entry as INT 15h, EAX=E820h returns it (ACPI 6.4, section 15.1). */
struct bios_e820_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t ext_attr;
} __attribute__((packed));

struct bios_boot_info {
	uint32_t magic;			/* BIOS_BOOT_INFO_MAGIC */
	uint32_t version;		/* BIOS_BOOT_INFO_VERSION */
	uint32_t e820_count;		/* valid entries in e820[] */
	uint32_t boot_drive;		/* BIOS drive number (DL at MBR entry) */
	uint32_t fw_lba;		/* first LBA of the firmware partition */
	uint32_t fw_bytes;		/* bytes of firmware image loaded */
	uint32_t reserved[2];
	char cmdline[BIOS_CMDLINE_MAX];	/* NUL-terminated firmware command line */
	struct bios_e820_entry e820[BIOS_E820_MAX];
} __attribute__((packed));

/*
 * The boot descriptor the image builder writes into LBA 1 of the disk; the
 * MBR code and the loader read it to find and place the firmware.
 */
#define BOOT_DESC_MAGIC		"VMHVBOOT"
#define BOOT_DESC_LBA		1U

struct boot_descriptor {
	char magic[8];			/* BOOT_DESC_MAGIC, no NUL */
	uint32_t version;		/* 1 */
	uint32_t fw_lba;		/* first LBA of the firmware binary */
	uint32_t fw_sectors;		/* 512-byte sectors to load */
	uint32_t load_addr;		/* physical load address (>= 1 MiB) */
	uint32_t entry32;		/* physical 32-bit entry point */
	uint32_t loader_lba;		/* first LBA of the 16-bit loader (stage 2) */
	uint32_t loader_sectors;	/* its length in sectors */
	uint32_t reserved;
	char cmdline[BIOS_CMDLINE_MAX];	/* copied into bios_boot_info.cmdline */
} __attribute__((packed));

#endif

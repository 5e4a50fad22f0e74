/* SPDX-License-Identifier: MIT */
/*
 * The Linux x86 boot protocol, 64-bit entry (Documentation/arch/x86/boot.rst,
 * "64-bit Boot Protocol", protocol 2.12 and later): a bzImage's protected
 * mode kernel, an initrd and a command line laid out in guest RAM with a
 * zero page (struct boot_params) holding the e820 map, and the vCPU state
 * the kernel's startup_64 expects.  Portable: guest memory is reached only
 * through the caller's write function, so the layout is unit-tested hosted.
 */
#ifndef VMANHV_HV_LOADER_LINUX_H
#define VMANHV_HV_LOADER_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where the loader puts its pieces (all below 1 MiB, outside the kernel). */
#define LINUX_ZERO_PAGE_GPA	0x7000U		/* struct boot_params, 4 KiB */
#define LINUX_GDT_GPA		0x8000U		/* null, null, __BOOT_CS 0x10, __BOOT_DS 0x18 */
#define LINUX_PML4_GPA		0x9000U		/* then the PDPT and one PD: first 1 GiB */
#define LINUX_CMDLINE_GPA	0x20000U
#define LINUX_CMDLINE_MAX	2048U		/* our cap; the kernel's cmdline_size may be lower */
/* e820: RAM below, reserved up to 1 MiB: the hole where a VM's ACPI tables
 * and BIOS-era structures live (the RSDP at 0xE0000, as Firecracker does). */
#define LINUX_LOW_RAM_END	0x9F000U
#define LINUX_IDENTITY_MAP_END	(1ULL << 30)	/* what the page tables map */
#define LINUX_BOOT_CS		0x10U
#define LINUX_BOOT_DS		0x18U

/* What a bzImage's setup header says (boot.rst, "The Real-Mode Kernel Header"). */
struct linux_image_info {
	uint16_t protocol;		/* 0x0206: e.g. 0x020f */
	uint32_t setup_bytes;		/* (setup_sects + 1) * 512: the real-mode part */
	size_t kernel_bytes;		/* the protected-mode part that follows it */
	uint64_t load_gpa;		/* pref_address, aligned to kernel_alignment */
	uint32_t init_size;		/* RAM the kernel needs from load_gpa on */
	uint32_t initrd_addr_max;	/* highest address an initrd byte may have */
	uint32_t cmdline_size;		/* longest command line, NUL excluded */
};

struct linux_boot_config {
	const uint8_t *kernel;		/* the bzImage file */
	size_t kernel_size;
	const uint8_t *initrd;		/* NULL: none */
	size_t initrd_size;
	const char *cmdline;		/* NULL: empty */
	uint64_t ram_bytes;		/* guest RAM from 0, at most LINUX_IDENTITY_MAP_END */
	uint64_t acpi_rsdp_gpa;		/* 0: the kernel scans for it (protocol 2.14+) */
};

/* The vCPU state for startup_64 (boot.rst: RSI = zero page, CS __BOOT_CS,
 * DS/ES/SS __BOOT_DS, paging on with the loaded ranges identity-mapped). */
struct linux_boot_state {
	uint64_t entry;			/* load_gpa + 0x200 */
	uint64_t zero_page;		/* RSI */
	uint64_t cr3;
	uint64_t gdt_base;
	uint16_t gdt_limit;
	uint64_t initrd_gpa;		/* 0 without an initrd */
};

/* Write len bytes at guest-physical gpa: 0, or a negative errno. */
typedef int (*linux_write_fn)(void *ctx, uint64_t gpa, const void *src, size_t len);

/*
 * Read the setup header.  0, or -ENOEXEC (not a bzImage: no 0xAA55 boot
 * flag or "HdrS"), -ENOTSUP (protocol before 2.12 or no 64-bit entry,
 * XLF_KERNEL_64), -EINVAL (fields that contradict the file's size).
 */
int linux_image_parse(const uint8_t *image, size_t size, struct linux_image_info *out);

/*
 * Lay the kernel, initrd, command line, zero page, GDT and page tables out
 * in guest RAM and fill *state.  0, or linux_image_parse()'s errors,
 * -E2BIG (command line longer than the kernel takes), -EFBIG (kernel or
 * initrd does not fit in RAM), -EINVAL (RAM larger than the identity map),
 * or the write function's error.
 */
int linux_load(const struct linux_boot_config *cfg, linux_write_fn write, void *ctx,
	       struct linux_boot_state *state);

#endif

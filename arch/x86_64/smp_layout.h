/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_ARCH_SMP_LAYOUT_H
#define VMANHV_ARCH_SMP_LAYOUT_H

/*
 * Where the AP start-up code is copied.  It must be page aligned and below
 * 1 MiB (the SIPI vector is its page number), and clear of what the BIOS
 * loader leaves at 0x5000 (boot/bios_boot_info.h); the boot information
 * is copied out before any AP starts.
 */
#define TRAMPOLINE_ADDR		0x8000
#define TRAMPOLINE_MAX		0x1000

#endif

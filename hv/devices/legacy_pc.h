/* SPDX-License-Identifier: MIT */
/*
 * The PC's legacy timer and interrupt chips and Super I/O, absent (docs/guest-platform.md):
 * a VM has no 8259 PIC, no 8254 PIT and no port-B speaker gate, like a
 * microVM, because its vCPUs have local APICs with the TSC-deadline timer,
 * an always-running APIC timer (ARAT) and a TSC whose rate CPUID states
 * (arch/x86_64/vmx/vmx_cpuid.c).  An unmodified Linux still touches their
 * ports: it writes the PIT's mode register to park it and probes for a PIC
 * by writing its mask and reading it back, it delays through port 0x80, and
 * while unpacking its initramfs it reads a DMA page register (0x87); its
 * 8250 driver looks for a Fintek Super I/O chip at 0x2E and 0x4E.
 * Those ports are claimed here so that such accesses do not stop the VM:
 * writes are dropped and reads return 0, which Linux's probe takes as "no
 * PIC" ("Using NULL legacy PIC").  Every other unclaimed port still stops
 * the VM (hv/vm_io.c).  Portable: no firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_LEGACY_PC_H
#define VMANHV_HV_DEVICES_LEGACY_PC_H

#include <stdbool.h>
#include <stdint.h>

struct legacy_pc_range {
	uint16_t base, count;
	const char *what;
};

/* The claimed ranges, each with what it was on a PC. */
extern const struct legacy_pc_range legacy_pc_ranges[];
extern const unsigned legacy_pc_range_count;

/* vm_io_fn (hv/vm_io.h) for every range above; `device` counts accesses
 * (a uint64_t, or NULL). */
void legacy_pc_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * A VM's ACPI tables (ACPI 6.4 chapter 5): RSDP, XSDT, FADT, FACS, MADT
 * and the DSDT, laid out from GUEST_ACPI_RSDP_GPA up, plus the platform
 * page the DSDT reads.  Built per VM: the MADT has one Processor Local
 * x2APIC structure per vCPU, the platform page names the virtio-mmio
 * slots in use.  Portable: guest memory is reached only through the
 * caller's write function, so the tables are unit-tested hosted.
 */
#ifndef VMANHV_HV_ACPI_ACPI_TABLES_H
#define VMANHV_HV_ACPI_ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "hv/acpi/guest_platform.h"

/* The most vCPUs a MADT describes (x2APIC IDs 0..n-1). */
#define ACPI_VCPUS_MAX		64U

struct acpi_vm_config {
	uint32_t vcpus;			/* 1..ACPI_VCPUS_MAX */
	uint32_t virtio_slots;		/* bit n: virtio-mmio slot n has a device */
};

/* Write len bytes at guest-physical gpa: 0, or a negative errno. */
typedef int (*acpi_write_fn)(void *ctx, uint64_t gpa, const void *src, size_t len);

/* Where each table went (for the caller's log and the tests). */
struct acpi_layout {
	uint64_t rsdp, xsdt, fadt, facs, madt, dsdt;
	uint64_t end;			/* first byte past the last table */
};

/*
 * Write the tables and the platform page.  0 with *layout filled (may be
 * NULL), or -EINVAL (vCPU count out of range, slots beyond
 * GUEST_VIRTIO_SLOTS), -E2BIG (the tables outgrow the BIOS area: a bug), or
 * the write function's error.
 */
int acpi_tables_write(const struct acpi_vm_config *cfg, acpi_write_fn write, void *ctx,
		      struct acpi_layout *layout);

/* The DSDT compiled from hv/acpi/dsdt.asl (hv/acpi/dsdt_aml.c). */
extern const uint8_t *const acpi_dsdt_aml;
extern const size_t acpi_dsdt_aml_len;

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables the host firmware gives us: finding the RSDP (ACPI 6.4
 * 5.2.5), walking the XSDT or RSDT, and reading the MADT (5.2.12) for the
 * processors and IOAPICs.  Parsers take table pointers and never touch
 * hardware, so unit tests feed them synthetic tables.
 */
#ifndef VMANHV_ARCH_ACPI_H
#define VMANHV_ARCH_ACPI_H

#include <stdbool.h>
#include <stdint.h>

#define MADT_MAX_CPUS		64U
#define MADT_MAX_IOAPICS	8U

struct acpi_rsdp {
	char signature[8];		/* "RSD PTR " */
	uint8_t checksum;		/* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision;		/* 0 = ACPI 1.0, 2 = ACPI 2.0+ */
	uint32_t rsdt_address;
	uint32_t length;		/* 2.0+: the whole structure */
	uint64_t xsdt_address;
	uint8_t extended_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

struct acpi_sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

struct madt_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
};

struct madt_info {
	uint32_t lapic_address;
	uint32_t cpu_count;
	uint32_t apic_id[MADT_MAX_CPUS];	/* enabled processors, MADT order */
	uint32_t ioapic_count;
	struct madt_ioapic ioapic[MADT_MAX_IOAPICS];
	bool pcat_compat;			/* dual 8259s present, mask them */
};

bool acpi_checksum_ok(const void *table, uint32_t length);
/* A valid RSDP (signature, checksums) or NULL. */
const struct acpi_rsdp *acpi_rsdp_validate(const void *candidate);
/* Scan the EBDA's first KiB and 0xE0000-0xFFFFF (ACPI 6.4 5.2.5.1). */
const struct acpi_rsdp *acpi_rsdp_scan_bios(void);
/* The first table with this signature and a good checksum, or NULL. */
const struct acpi_sdt_header *acpi_find_table(const struct acpi_rsdp *rsdp, const char sig[4]);
/* 0, or -EINVAL for a truncated or malformed MADT. */
int acpi_madt_parse(const struct acpi_sdt_header *madt, struct madt_info *out);

#endif

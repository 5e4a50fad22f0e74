/* sources: hv/acpi/acpi_tables.c hv/acpi/dsdt_aml.c arch/x86_64/acpi.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/acpi/acpi_tables.c: a VM's ACPI tables written into a fake guest RAM
 * (1 MiB, through the same kind of write function vm_gpa_write provides),
 * then read back as a guest would: the RSDP at 0xE0000, checksums, lengths
 * and pointers, the MADT through the host's own parser (arch/x86_64/acpi.c),
 * the FADT's PM blocks and flags, the DSDT compiled from hv/acpi/dsdt.asl.
 * Last, every table goes through iasl's disassembler (`iasl -d`), which
 * must read each without complaint.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arch/x86_64/acpi.h"
#include "hv/acpi/acpi_tables.h"

#define RAM_BYTES	(1U << 20)

static uint8_t ram[RAM_BYTES];
static int fail_writes_at;	/* 0: never; n: the n-th write fails */
static int writes;

static int ram_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	(void)ctx;
	if (++writes == fail_writes_at) {
		return -EFAULT;
	}
	if (gpa > RAM_BYTES || len > RAM_BYTES - gpa) {
		return -EFAULT;
	}
	memcpy(ram + gpa, src, len);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	fail_writes_at = 0;
	writes = 0;
	return 0;
}

static uint32_t rd32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, ram + gpa, sizeof(v));
	return v;
}

static uint64_t rd64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, ram + gpa, sizeof(v));
	return v;
}

/* The table at gpa with this signature and a good checksum (length within RAM). */
static const struct acpi_sdt_header *table_at(uint64_t gpa, const char sig[4])
{
	const struct acpi_sdt_header *h = (const void *)(ram + gpa);

	assert_true(gpa + sizeof(*h) <= RAM_BYTES);
	assert_memory_equal(h->signature, sig, 4);
	assert_true(h->length >= sizeof(*h) && gpa + h->length <= RAM_BYTES);
	assert_true(acpi_checksum_ok(h, h->length));
	return h;
}

static struct acpi_layout write_tables(uint32_t vcpus, uint32_t slots)
{
	struct acpi_vm_config cfg = { .vcpus = vcpus, .virtio_slots = slots };
	struct acpi_layout at;

	assert_int_equal(acpi_tables_write(&cfg, ram_write, NULL, &at), 0);
	return at;
}

static void rsdp_and_xsdt(void **state)
{
	struct acpi_layout at = write_tables(2, 1);
	const struct acpi_rsdp *rsdp = acpi_rsdp_validate(ram + GUEST_ACPI_RSDP_GPA);
	const struct acpi_sdt_header *xsdt;

	(void)state;
	assert_non_null(rsdp);
	assert_int_equal(at.rsdp, 0xE0000);
	assert_int_equal(rsdp->revision, 2);
	assert_int_equal(rsdp->length, 36);
	assert_int_equal(rsdp->xsdt_address, at.xsdt);
	xsdt = table_at(rsdp->xsdt_address, "XSDT");
	assert_int_equal(xsdt->length, sizeof(*xsdt) + 2 * 8);
	assert_int_equal(rd64(at.xsdt + 36), at.fadt);
	assert_int_equal(rd64(at.xsdt + 44), at.madt);
	table_at(at.fadt, "FACP");
	table_at(at.madt, "APIC");
	table_at(at.dsdt, "DSDT");
	/* Every table inside the BIOS area, none overlapping the next. */
	assert_true(at.rsdp < at.facs && at.facs < at.xsdt && at.xsdt < at.fadt &&
		    at.fadt + 276 <= at.madt && at.madt < at.dsdt && at.end <= 0x100000);
	assert_int_equal(at.facs % 64, 0);
	assert_memory_equal(ram + at.facs, "FACS", 4);
	assert_int_equal(rd32(at.facs + 4), 64);
}

static void fadt_fields(void **state)
{
	struct acpi_layout at = write_tables(1, 0);
	const struct acpi_sdt_header *fadt = table_at(at.fadt, "FACP");
	uint32_t flags = rd32(at.fadt + 112);

	(void)state;
	assert_int_equal(fadt->length, 276);
	assert_int_equal(fadt->revision, 6);
	assert_int_equal(rd32(at.fadt + 36), at.facs);		/* FIRMWARE_CTRL */
	assert_int_equal(rd32(at.fadt + 40), at.dsdt);		/* DSDT */
	assert_int_equal(rd64(at.fadt + 132), at.facs);		/* X_FIRMWARE_CTRL */
	assert_int_equal(rd64(at.fadt + 140), at.dsdt);		/* X_DSDT */
	assert_int_equal(*(uint16_t *)(ram + at.fadt + 46), 9);	/* SCI_INT */
	assert_int_equal(rd32(at.fadt + 48), 0);			/* SMI_CMD: always ACPI mode */
	assert_int_equal(rd32(at.fadt + 56), 0x600);		/* PM1a_EVT_BLK */
	assert_int_equal(rd32(at.fadt + 64), 0x604);		/* PM1a_CNT_BLK */
	assert_int_equal(ram[at.fadt + 88], 4);			/* PM1_EVT_LEN */
	assert_int_equal(ram[at.fadt + 89], 2);			/* PM1_CNT_LEN */
	assert_int_equal(rd32(at.fadt + 76), 0x608);		/* PM_TMR_BLK */
	assert_int_equal(ram[at.fadt + 91], 4);			/* PM_TMR_LEN */
	assert_int_equal(ram[at.fadt + 208], 1);		/* X_PM_TMR_BLK: I/O, 32 bits */
	assert_int_equal(ram[at.fadt + 209], 32);
	assert_int_equal(rd64(at.fadt + 212), 0x608);
	assert_int_not_equal(flags & (1U << 8), 0);	/* TMR_VAL_EXT: 32-bit timer */
	/* X_PM1a_EVT_BLK: I/O space, 32 bits, at 0x600; X_PM1a_CNT_BLK: 16 bits at 0x604. */
	assert_int_equal(ram[at.fadt + 148], 1);
	assert_int_equal(ram[at.fadt + 149], 32);
	assert_int_equal(rd64(at.fadt + 152), 0x600);
	assert_int_equal(ram[at.fadt + 172], 1);
	assert_int_equal(ram[at.fadt + 173], 16);
	assert_int_equal(rd64(at.fadt + 176), 0x604);
	assert_int_equal(flags & (1U << 4), 0);		/* PWR_BUTTON clear: fixed power button */
	assert_int_equal(flags & (1U << 20), 0);	/* HW_REDUCED_ACPI clear */
	assert_int_not_equal(flags & (1U << 5), 0);	/* no sleep button */
}

static const uint8_t *madt_find(const struct acpi_sdt_header *madt, uint8_t type)
{
	const uint8_t *p = (const uint8_t *)madt + 44, *end = (const uint8_t *)madt + madt->length;

	for (; p + 2 <= end; p += p[1]) {
		if (p[0] == type) {
			return p;
		}
	}
	return NULL;
}

static void madt_one_x2apic_per_vcpu(void **state)
{
	static const uint32_t counts[] = { 1, 2, 4, ACPI_VCPUS_MAX };

	(void)state;
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		struct acpi_layout at = write_tables(counts[c], 0);
		const struct acpi_sdt_header *madt = table_at(at.madt, "APIC");
		struct madt_info info;
		const uint8_t *iso;

		assert_int_equal(acpi_madt_parse(madt, &info), 0);
		assert_int_equal(info.cpu_count, counts[c]);
		for (uint32_t i = 0; i < counts[c]; i++) {
			assert_int_equal(info.apic_id[i], i);
		}
		assert_int_equal(info.lapic_address, 0xFEE00000);
		assert_false(info.pcat_compat);
		assert_int_equal(info.ioapic_count, 1);
		assert_int_equal(info.ioapic[0].address, 0xFEC00000);
		assert_int_equal(info.ioapic[0].gsi_base, 0);
		assert_int_equal(madt->length, 44 + 16 * counts[c] + 12 + 10);
		/* Interrupt source override: ISA IRQ 9 -> GSI 9, level, active high. */
		iso = madt_find(madt, 2);
		assert_non_null(iso);
		assert_int_equal(iso[1], 10);
		assert_int_equal(iso[3], 9);
		assert_int_equal(iso[4] | iso[5] << 8 | iso[6] << 16 | iso[7] << 24, 9);
		assert_int_equal(iso[8] | iso[9] << 8, 0x000D);
		/* Only x2APIC structures name processors (type 0 absent). */
		assert_null(madt_find(madt, 0));
	}
}

static void dsdt_and_platform_page(void **state)
{
	struct acpi_layout at = write_tables(2, 0x5);
	const struct acpi_sdt_header *dsdt = table_at(at.dsdt, "DSDT");

	(void)state;
	assert_int_equal(dsdt->length, acpi_dsdt_aml_len);
	assert_memory_equal(ram + at.dsdt, acpi_dsdt_aml, acpi_dsdt_aml_len);
	assert_non_null(memmem(acpi_dsdt_aml, acpi_dsdt_aml_len, "LNRO0005", 8));
	assert_non_null(memmem(acpi_dsdt_aml, acpi_dsdt_aml_len, "_S5_", 4));
	assert_int_equal(at.end, at.dsdt + acpi_dsdt_aml_len);
	assert_int_equal(rd32(GUEST_PLATFORM_PAGE_GPA), 0x5);
}

static void bad_config_is_refused(void **state)
{
	struct acpi_vm_config none = { .vcpus = 0 }, many = { .vcpus = ACPI_VCPUS_MAX + 1 };
	struct acpi_vm_config slots = { .vcpus = 1, .virtio_slots = 1U << GUEST_VIRTIO_SLOTS };

	(void)state;
	assert_int_equal(acpi_tables_write(&none, ram_write, NULL, NULL), -EINVAL);
	assert_int_equal(acpi_tables_write(&many, ram_write, NULL, NULL), -EINVAL);
	assert_int_equal(acpi_tables_write(&slots, ram_write, NULL, NULL), -EINVAL);
	assert_int_equal(writes, 0);
}

static void write_error_is_returned(void **state)
{
	struct acpi_vm_config cfg = { .vcpus = 1 };

	(void)state;
	for (int n = 1; n <= 7; n++) {
		setup(NULL);
		fail_writes_at = n;
		assert_int_equal(acpi_tables_write(&cfg, ram_write, NULL, NULL), -EFAULT);
		assert_int_equal(writes, n);	/* nothing written after the failure */
	}
}

/* Write one table to dir/name.dat, run `iasl -d` on it, return the .dsl text. */
static char *disassemble(const char *dir, const char *name, uint64_t gpa)
{
	const struct acpi_sdt_header *h = (const void *)(ram + gpa);
	char path[256], cmd[600];
	static char text[1 << 16];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(h, 1, h->length, f), h->length);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cd %s && iasl -d %s.dat > %s.log 2>&1", dir, name, name);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/%s.dsl", dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void iasl_reads_every_table(void **state)
{
	struct acpi_layout at = write_tables(2, 1);
	char dir[] = "/tmp/test_guest_acpi.XXXXXX", cmd[128];
	const char *dsl;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dsl = disassemble(dir, "facp", at.fadt);
	assert_null(strstr(dsl, "Incorrect checksum"));
	assert_non_null(strstr(dsl, "PM1A Event Block Address : 00000600"));
	assert_non_null(strstr(dsl, "PM Timer Block Address : 00000608"));
	assert_non_null(strstr(dsl, "Control Method Power Button (V1) : 0"));
	assert_non_null(strstr(dsl, "Hardware Reduced (V5) : 0"));
	dsl = disassemble(dir, "apic", at.madt);
	assert_null(strstr(dsl, "Incorrect checksum"));
	assert_non_null(strstr(dsl, "Processor x2Apic ID : 00000001"));
	assert_non_null(strstr(dsl, "Subtable Type : 02 [Interrupt Source Override]"));
	dsl = disassemble(dir, "dsdt", at.dsdt);
	assert_non_null(strstr(dsl, "Name (_HID, \"LNRO0005\")"));
	assert_non_null(strstr(dsl, "Name (_S5, Package (0x04)"));
	dsl = disassemble(dir, "xsdt", at.xsdt);
	assert_null(strstr(dsl, "Incorrect checksum"));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(rsdp_and_xsdt, setup),
		cmocka_unit_test_setup(fadt_fields, setup),
		cmocka_unit_test_setup(madt_one_x2apic_per_vcpu, setup),
		cmocka_unit_test_setup(dsdt_and_platform_page, setup),
		cmocka_unit_test_setup(bad_config_is_refused, setup),
		cmocka_unit_test_setup(write_error_is_returned, setup),
		cmocka_unit_test_setup(iasl_reads_every_table, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

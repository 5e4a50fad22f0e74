/* sources: arch/x86_64/acpi.c */
/* SPDX-License-Identifier: MIT */
/*
 * arch/x86_64/acpi.c on synthetic tables: checksums, the RSDP, the XSDT and
 * RSDT walk, and the MADT.  Tables live in malloc'd blocks of their exact
 * length, so ASan reports any read past a table.  acpi_find_table() follows
 * the physical addresses in the root table as pointers (the firmware is
 * identity mapped), so the XSDT holds host pointers; the RSDT's 32-bit
 * entries need memory below 4 GiB (mmap MAP_32BIT), else those tests skip.
 * acpi_rsdp_scan_bios() reads low physical memory and is never called here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "arch/x86_64/acpi.h"

static uint8_t sum8(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (n--) {
		s = (uint8_t)(s + *b++);
	}
	return s;
}

/* --- tables ---------------------------------------------------------------- */

static void sdt_init(struct acpi_sdt_header *h, const char sig[4], uint32_t length)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->signature, sig, 4);
	h->length = length;
	h->revision = 1;
	memcpy(h->oem_id, "VMANHV", 6);
}

static void sdt_fix_checksum(struct acpi_sdt_header *h)
{
	h->checksum = 0;
	h->checksum = (uint8_t)-sum8(h, h->length);
}

/* A table of just a header (plus `extra` bytes), checksummed, malloc'd. */
static struct acpi_sdt_header *table_new(const char sig[4], uint32_t extra)
{
	struct acpi_sdt_header *t = calloc(1, sizeof(*t) + extra);

	assert_non_null(t);
	sdt_init(t, sig, sizeof(*t) + extra);
	sdt_fix_checksum(t);
	return t;
}

static struct acpi_sdt_header *xsdt_new(struct acpi_sdt_header **tables, uint32_t n)
{
	uint32_t len = sizeof(struct acpi_sdt_header) + 8 * n;
	struct acpi_sdt_header *x = malloc(len);

	assert_non_null(x);
	sdt_init(x, "XSDT", len);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t addr = (uintptr_t)tables[i];

		memcpy((uint8_t *)(x + 1) + 8 * i, &addr, 8);
	}
	sdt_fix_checksum(x);
	return x;
}

static void rsdp_init(struct acpi_rsdp *r, uint8_t revision, uint32_t rsdt, uint64_t xsdt)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "VMANHV", 6);
	r->revision = revision;
	r->rsdt_address = rsdt;
	r->length = sizeof(*r);
	r->xsdt_address = xsdt;
	r->checksum = (uint8_t)-sum8(r, 20);
	r->extended_checksum = (uint8_t)-sum8(r, sizeof(*r));
}

/* --- checksums and the RSDP ----------------------------------------------- */

static void checksum_ok_when_bytes_sum_to_zero(void **state)
{
	uint8_t b[5] = { 0x10, 0x20, 0x30, 0x40, 0x60 };

	assert_true(acpi_checksum_ok(b, 5));
	b[2]++;
	assert_false(acpi_checksum_ok(b, 5));
	assert_true(acpi_checksum_ok(b, 0));
}

static void rsdp_v1_valid(void **state)
{
	struct acpi_rsdp r;
	void *exact = malloc(20);	/* a 1.0 RSDP is only 20 bytes */

	assert_non_null(exact);
	rsdp_init(&r, 0, 0x12345678, 0);
	memcpy(exact, &r, 20);
	assert_ptr_equal(acpi_rsdp_validate(exact), exact);
	free(exact);
}

static void rsdp_v1_bad_checksum(void **state)
{
	struct acpi_rsdp r;

	rsdp_init(&r, 0, 0x12345678, 0);
	r.checksum++;
	assert_null(acpi_rsdp_validate(&r));
}

static void rsdp_bad_signature(void **state)
{
	struct acpi_rsdp r;

	rsdp_init(&r, 0, 0x12345678, 0);
	r.signature[7] = '_';
	r.checksum = (uint8_t)(r.checksum - ('_' - ' '));	/* checksum still good */
	assert_true(acpi_checksum_ok(&r, 20));
	assert_null(acpi_rsdp_validate(&r));
}

static void rsdp_v2_valid(void **state)
{
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0x12345678, 0x123456789aULL);
	assert_ptr_equal(acpi_rsdp_validate(&r), &r);
}

static void rsdp_v2_bad_extended_checksum(void **state)
{
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0x12345678, 0x123456789aULL);
	r.extended_checksum++;
	assert_true(acpi_checksum_ok(&r, 20));
	assert_null(acpi_rsdp_validate(&r));
}

static void rsdp_v2_bad_v1_checksum(void **state)
{
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0x12345678, 0x123456789aULL);
	r.checksum++;
	r.extended_checksum--;			/* whole structure sums to 0 */
	assert_true(acpi_checksum_ok(&r, sizeof(r)));
	assert_null(acpi_rsdp_validate(&r));
}

static void rsdp_v2_short_length(void **state)
{
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0x12345678, 0x123456789aULL);
	r.length = 20;
	r.checksum = 0;
	r.checksum = (uint8_t)-sum8(&r, 20);
	r.extended_checksum = 0;
	r.extended_checksum = (uint8_t)-sum8(&r, sizeof(r));
	assert_null(acpi_rsdp_validate(&r));
}

/* --- acpi_find_table over an XSDT ----------------------------------------- */

static void xsdt_finds_table(void **state)
{
	struct acpi_sdt_header *t[3] = { table_new("FACP", 8), table_new("APIC", 16),
					 table_new("HPET", 20) };
	struct acpi_sdt_header *x = xsdt_new(t, 3);
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0, (uintptr_t)x);
	assert_ptr_equal(acpi_find_table(&r, "APIC"), t[1]);
	assert_ptr_equal(acpi_find_table(&r, "HPET"), t[2]);
	assert_ptr_equal(acpi_find_table(&r, "FACP"), t[0]);
	for (int i = 0; i < 3; i++) {
		free(t[i]);
	}
	free(x);
}

static void xsdt_missing_table_is_null(void **state)
{
	struct acpi_sdt_header *t[1] = { table_new("FACP", 8) };
	struct acpi_sdt_header *x = xsdt_new(t, 1);
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0, (uintptr_t)x);
	assert_null(acpi_find_table(&r, "APIC"));
	free(t[0]);
	free(x);
}

static void xsdt_skips_table_with_bad_checksum(void **state)
{
	struct acpi_sdt_header *t[2] = { table_new("APIC", 8), table_new("APIC", 8) };
	struct acpi_sdt_header *x = xsdt_new(t, 2);
	struct acpi_rsdp r;

	((uint8_t *)t[0])[40]++;
	rsdp_init(&r, 2, 0, (uintptr_t)x);
	assert_ptr_equal(acpi_find_table(&r, "APIC"), t[1]);
	free(t[0]);
	free(t[1]);
	free(x);
}

static void xsdt_skips_null_entry(void **state)
{
	struct acpi_sdt_header *t[2] = { NULL, table_new("APIC", 8) };
	struct acpi_sdt_header *x = xsdt_new(t, 2);
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0, (uintptr_t)x);
	assert_ptr_equal(acpi_find_table(&r, "APIC"), t[1]);
	free(t[1]);
	free(x);
}

static void xsdt_with_bad_checksum_is_ignored(void **state)
{
	struct acpi_sdt_header *t[1] = { table_new("APIC", 8) };
	struct acpi_sdt_header *x = xsdt_new(t, 1);
	struct acpi_rsdp r;

	x->oem_revision++;
	rsdp_init(&r, 2, 0, (uintptr_t)x);
	assert_null(acpi_find_table(&r, "APIC"));
	free(t[0]);
	free(x);
}

static void xsdt_with_wrong_signature_is_ignored(void **state)
{
	struct acpi_sdt_header *t[1] = { table_new("APIC", 8) };
	struct acpi_sdt_header *x = xsdt_new(t, 1);
	struct acpi_rsdp r;

	memcpy(x->signature, "RSDT", 4);
	sdt_fix_checksum(x);
	rsdp_init(&r, 2, 0, (uintptr_t)x);
	assert_null(acpi_find_table(&r, "APIC"));
	free(t[0]);
	free(x);
}

static void xsdt_with_no_entries(void **state)
{
	struct acpi_sdt_header *x = xsdt_new(NULL, 0);
	struct acpi_rsdp r;

	rsdp_init(&r, 2, 0, (uintptr_t)x);
	assert_null(acpi_find_table(&r, "APIC"));
	free(x);
}

/* --- acpi_find_table over an RSDT (32-bit addresses) ---------------------- */

#define LOW_SIZE	4096U

/* One page below 4 GiB: RSDT at 0, "FACP" at 256, "APIC" at 512. */
static int low_setup(void **state)
{
	uint8_t *low = mmap(NULL, LOW_SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	struct acpi_sdt_header *rsdt, *facp, *apic;
	uint32_t addr[2];

	if (low == MAP_FAILED || (uintptr_t)low + LOW_SIZE > 0x100000000ULL) {
		*state = NULL;
		return 0;
	}
	rsdt = (void *)low;
	facp = (void *)(low + 256);
	apic = (void *)(low + 512);
	sdt_init(facp, "FACP", 40);
	sdt_fix_checksum(facp);
	sdt_init(apic, "APIC", 44);
	sdt_fix_checksum(apic);
	addr[0] = (uint32_t)(uintptr_t)facp;
	addr[1] = (uint32_t)(uintptr_t)apic;
	sdt_init(rsdt, "RSDT", sizeof(*rsdt) + sizeof(addr));
	memcpy(rsdt + 1, addr, sizeof(addr));
	sdt_fix_checksum(rsdt);
	*state = low;
	return 0;
}

static int low_teardown(void **state)
{
	if (*state != NULL) {
		munmap(*state, LOW_SIZE);
	}
	return 0;
}

static void rsdt_via_v1_rsdp(void **state)
{
	uint8_t *low = *state;
	struct acpi_rsdp r;

	if (low == NULL) {
		skip();		/* no memory below 4 GiB for 32-bit entries */
	}
	rsdp_init(&r, 0, (uint32_t)(uintptr_t)low, 0);
	assert_ptr_equal(acpi_find_table(&r, "APIC"), low + 512);
	assert_ptr_equal(acpi_find_table(&r, "FACP"), low + 256);
	assert_null(acpi_find_table(&r, "HPET"));
}

/* A 2.0 RSDP without an XSDT falls back to the RSDT. */
static void rsdt_when_v2_has_no_xsdt(void **state)
{
	uint8_t *low = *state;
	struct acpi_rsdp r;

	if (low == NULL) {
		skip();
	}
	rsdp_init(&r, 2, (uint32_t)(uintptr_t)low, 0);
	assert_ptr_equal(acpi_find_table(&r, "APIC"), low + 512);
}

/* A 1.0 RSDP has no XSDT field: whatever sits there is not used. */
static void v1_rsdp_ignores_xsdt_field(void **state)
{
	uint8_t *low = *state;
	struct acpi_sdt_header *t[1] = { table_new("HPET", 8) };
	struct acpi_sdt_header *x = xsdt_new(t, 1);
	struct acpi_rsdp r;

	if (low == NULL) {
		free(t[0]);
		free(x);
		skip();
	}
	rsdp_init(&r, 0, (uint32_t)(uintptr_t)low, (uintptr_t)x);
	assert_null(acpi_find_table(&r, "HPET"));
	assert_ptr_equal(acpi_find_table(&r, "APIC"), low + 512);
	free(t[0]);
	free(x);
}

/* --- the MADT --------------------------------------------------------------- */

static uint8_t madt_buf[2048];
static uint32_t madt_len;
static struct madt_info info;

static int madt_begin(void **state)
{
	uint32_t lapic_flags[2] = { 0xfee00000U, 0 };

	memset(madt_buf, 0, sizeof(madt_buf));
	sdt_init((void *)madt_buf, "APIC", 0);
	memcpy(madt_buf + 36, lapic_flags, sizeof(lapic_flags));
	madt_len = 44;
	return 0;
}

static void madt_flags(uint32_t flags)
{
	memcpy(madt_buf + 40, &flags, 4);
}

static void madt_raw(const void *entry, uint32_t len)
{
	memcpy(madt_buf + madt_len, entry, len);
	madt_len += len;
}

static void madt_lapic(uint8_t uid, uint8_t apic_id, uint32_t flags)
{
	uint8_t e[8] = { 0, 8, uid, apic_id };

	memcpy(e + 4, &flags, 4);
	madt_raw(e, sizeof(e));
}

static void madt_x2apic(uint32_t x2apic_id, uint32_t flags, uint32_t uid)
{
	uint8_t e[16] = { 9, 16 };

	memcpy(e + 4, &x2apic_id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(e + 12, &uid, 4);
	madt_raw(e, sizeof(e));
}

static void madt_ioapic(uint8_t id, uint32_t address, uint32_t gsi_base)
{
	uint8_t e[12] = { 1, 12, id, 0 };

	memcpy(e + 4, &address, 4);
	memcpy(e + 8, &gsi_base, 4);
	madt_raw(e, sizeof(e));
}

/* Sets the length, checksums, parses an exact-size copy. */
static int madt_parse(void)
{
	struct acpi_sdt_header *copy;
	int rc;

	((struct acpi_sdt_header *)madt_buf)->length = madt_len;
	sdt_fix_checksum((void *)madt_buf);
	copy = malloc(madt_len);
	assert_non_null(copy);
	memcpy(copy, madt_buf, madt_len);
	rc = acpi_madt_parse(copy, &info);
	free(copy);
	return rc;
}

static void madt_typical(void **state)
{
	madt_flags(1);				/* PCAT_COMPAT */
	madt_lapic(0, 0, 1);
	madt_lapic(1, 1, 1);
	madt_lapic(2, 2, 0);			/* disabled */
	madt_x2apic(1, 1, 1);			/* the same CPU as LAPIC 1 */
	madt_ioapic(3, 0xfec00000U, 0);
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.lapic_address, 0xfee00000U);
	assert_true(info.pcat_compat);
	assert_int_equal(info.cpu_count, 2);
	assert_int_equal(info.apic_id[0], 0);
	assert_int_equal(info.apic_id[1], 1);
	assert_int_equal(info.ioapic_count, 1);
	assert_int_equal(info.ioapic[0].id, 3);
	assert_int_equal(info.ioapic[0].address, 0xfec00000U);
	assert_int_equal(info.ioapic[0].gsi_base, 0);
}

static void madt_without_pcat_compat(void **state)
{
	madt_flags(0);
	madt_lapic(0, 0, 1);
	assert_int_equal(madt_parse(), 0);
	assert_false(info.pcat_compat);
	assert_int_equal(info.cpu_count, 1);
}

static void madt_online_capable_cpu_is_not_counted(void **state)
{
	madt_lapic(0, 0, 1);
	madt_lapic(1, 1, 2);			/* online capable, not enabled */
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.cpu_count, 1);
}

static void madt_x2apic_with_new_id_is_added(void **state)
{
	madt_lapic(0, 0, 1);
	madt_x2apic(0x100, 1, 1);
	madt_x2apic(0x101, 0, 2);		/* disabled */
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.cpu_count, 2);
	assert_int_equal(info.apic_id[1], 0x100);
}

static void madt_ioapic_fields(void **state)
{
	madt_ioapic(0, 0xfec00000U, 0);
	madt_ioapic(1, 0xfec01000U, 24);
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.ioapic_count, 2);
	assert_int_equal(info.ioapic[1].id, 1);
	assert_int_equal(info.ioapic[1].address, 0xfec01000U);
	assert_int_equal(info.ioapic[1].gsi_base, 24);
}

static void madt_unknown_entries_are_skipped(void **state)
{
	static const uint8_t iso[10] = { 2, 10, 0, 0, 2, 0, 0, 0, 0, 0 };
	static const uint8_t vendor[4] = { 0x7f, 4, 0xaa, 0xbb };

	madt_lapic(0, 0, 1);
	madt_raw(iso, sizeof(iso));		/* interrupt source override */
	madt_raw(vendor, sizeof(vendor));
	madt_lapic(1, 5, 1);
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.cpu_count, 2);
	assert_int_equal(info.apic_id[1], 5);
}

static void madt_cpu_limit(void **state)
{
	for (uint32_t i = 0; i < MADT_MAX_CPUS + 6; i++) {
		madt_lapic(i, i, 1);
	}
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.cpu_count, MADT_MAX_CPUS);
	assert_int_equal(info.apic_id[MADT_MAX_CPUS - 1], MADT_MAX_CPUS - 1);
}

static void madt_ioapic_limit(void **state)
{
	for (uint32_t i = 0; i < MADT_MAX_IOAPICS + 2; i++) {
		madt_ioapic(i, 0xfec00000U + i * 0x1000, i * 24);
	}
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.ioapic_count, MADT_MAX_IOAPICS);
}

static void madt_entry_past_end_is_einval(void **state)
{
	madt_lapic(0, 0, 1);
	madt_lapic(1, 1, 1);
	madt_len -= 3;				/* the table cuts the last entry */
	assert_int_equal(madt_parse(), -EINVAL);
}

static void madt_short_known_entry_is_einval(void **state)
{
	static const uint8_t short_lapic[6] = { 0, 6, 1, 1, 1, 0 };

	madt_lapic(0, 0, 1);
	madt_raw(short_lapic, sizeof(short_lapic));
	assert_int_equal(madt_parse(), -EINVAL);
}

static void madt_short_x2apic_is_einval(void **state)
{
	static const uint8_t short_x2apic[12] = { 9, 12 };

	madt_raw(short_x2apic, sizeof(short_x2apic));
	assert_int_equal(madt_parse(), -EINVAL);
}

/* A zero-length entry would loop forever if it were accepted. */
static void madt_zero_length_entry_is_einval(void **state)
{
	static const uint8_t zero[4] = { 0x7f, 0, 0, 0 };

	madt_raw(zero, sizeof(zero));
	assert_int_equal(madt_parse(), -EINVAL);
}

static void madt_wrong_signature_is_einval(void **state)
{
	madt_lapic(0, 0, 1);
	memcpy(madt_buf, "APIX", 4);
	memset(&info, 0xaa, sizeof(info));
	assert_int_equal(madt_parse(), -EINVAL);
	assert_int_equal(info.cpu_count, 0);
}

static void madt_shorter_than_header_is_einval(void **state)
{
	madt_len = 40;
	assert_int_equal(madt_parse(), -EINVAL);
}

static void madt_without_entries(void **state)
{
	madt_flags(1);
	assert_int_equal(madt_parse(), 0);
	assert_int_equal(info.cpu_count, 0);
	assert_int_equal(info.ioapic_count, 0);
	assert_true(info.pcat_compat);
}

#define M(f) cmocka_unit_test_setup(f, madt_begin)
#define L(f) cmocka_unit_test_setup_teardown(f, low_setup, low_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checksum_ok_when_bytes_sum_to_zero),
		cmocka_unit_test(rsdp_v1_valid),
		cmocka_unit_test(rsdp_v1_bad_checksum),
		cmocka_unit_test(rsdp_bad_signature),
		cmocka_unit_test(rsdp_v2_valid),
		cmocka_unit_test(rsdp_v2_bad_extended_checksum),
		cmocka_unit_test(rsdp_v2_bad_v1_checksum),
		cmocka_unit_test(rsdp_v2_short_length),
		cmocka_unit_test(xsdt_finds_table),
		cmocka_unit_test(xsdt_missing_table_is_null),
		cmocka_unit_test(xsdt_skips_table_with_bad_checksum),
		cmocka_unit_test(xsdt_skips_null_entry),
		cmocka_unit_test(xsdt_with_bad_checksum_is_ignored),
		cmocka_unit_test(xsdt_with_wrong_signature_is_ignored),
		cmocka_unit_test(xsdt_with_no_entries),
		L(rsdt_via_v1_rsdp),
		L(rsdt_when_v2_has_no_xsdt),
		L(v1_rsdp_ignores_xsdt_field),
		M(madt_typical),
		M(madt_without_pcat_compat),
		M(madt_online_capable_cpu_is_not_counted),
		M(madt_x2apic_with_new_id_is_added),
		M(madt_ioapic_fields),
		M(madt_unknown_entries_are_skipped),
		M(madt_cpu_limit),
		M(madt_ioapic_limit),
		M(madt_entry_past_end_is_einval),
		M(madt_short_known_entry_is_einval),
		M(madt_short_x2apic_is_einval),
		M(madt_zero_length_entry_is_einval),
		M(madt_wrong_signature_is_einval),
		M(madt_shorter_than_header_is_einval),
		M(madt_without_entries),
	};

	return cmocka_run_group_tests_name("acpi_madt", tests, NULL, NULL);
}

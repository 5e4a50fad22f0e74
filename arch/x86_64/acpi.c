/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "arch/x86_64/acpi.h"

#define RSDP_V1_LENGTH		20U
#define EBDA_SEGMENT_PTR	0x40EU
#define BIOS_ROM_START		0xE0000U
#define BIOS_ROM_END		0x100000U

#define MADT_FLAG_PCAT_COMPAT	(1U << 0)
#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_X2APIC		9
#define MADT_CPU_ENABLED	(1U << 0)

struct madt_header {
	struct acpi_sdt_header sdt;
	uint32_t lapic_address;
	uint32_t flags;
} __attribute__((packed));

struct madt_entry {
	uint8_t type;
	uint8_t length;
} __attribute__((packed));

struct madt_lapic {
	struct madt_entry h;
	uint8_t processor_uid;
	uint8_t apic_id;
	uint32_t flags;
} __attribute__((packed));

struct madt_ioapic_entry {
	struct madt_entry h;
	uint8_t id;
	uint8_t reserved;
	uint32_t address;
	uint32_t gsi_base;
} __attribute__((packed));

struct madt_x2apic {
	struct madt_entry h;
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t processor_uid;
} __attribute__((packed));

bool acpi_checksum_ok(const void *table, uint32_t length)
{
	const uint8_t *p = table;
	uint8_t sum = 0;

	for (uint32_t i = 0; i < length; i++) {
		sum = (uint8_t)(sum + p[i]);
	}
	return sum == 0;
}

const struct acpi_rsdp *acpi_rsdp_validate(const void *candidate)
{
	const struct acpi_rsdp *rsdp = candidate;

	if (memcmp(rsdp->signature, "RSD PTR ", 8) != 0 ||
	    !acpi_checksum_ok(rsdp, RSDP_V1_LENGTH)) {
		return NULL;
	}
	if (rsdp->revision >= 2 &&
	    (rsdp->length < sizeof(*rsdp) || !acpi_checksum_ok(rsdp, sizeof(*rsdp)))) {
		return NULL;
	}
	return rsdp;
}

static const struct acpi_rsdp *scan(uintptr_t start, uintptr_t end)
{
	/* The RSDP sits on a 16-byte boundary. */
	for (uintptr_t p = start; p + sizeof(struct acpi_rsdp) <= end; p += 16) {
		const struct acpi_rsdp *rsdp = acpi_rsdp_validate((const void *)p);

		if (rsdp != NULL) {
			return rsdp;
		}
	}
	return NULL;
}

const struct acpi_rsdp *acpi_rsdp_scan_bios(void)
{
	uintptr_t ebda = (uintptr_t)(*(const volatile uint16_t *)EBDA_SEGMENT_PTR) << 4;
	const struct acpi_rsdp *rsdp = NULL;

	if (ebda >= 0x80000U && ebda < 0xA0000U) {
		rsdp = scan(ebda, ebda + 1024U);
	}
	return rsdp != NULL ? rsdp : scan(BIOS_ROM_START, BIOS_ROM_END);
}

static const struct acpi_sdt_header *table_if(uint64_t addr, const char sig[4])
{
	const struct acpi_sdt_header *t = (const void *)(uintptr_t)addr;

	if (t == NULL || memcmp(t->signature, sig, 4) != 0 ||
	    t->length < sizeof(*t) || !acpi_checksum_ok(t, t->length)) {
		return NULL;
	}
	return t;
}

const struct acpi_sdt_header *acpi_find_table(const struct acpi_rsdp *rsdp, const char sig[4])
{
	bool use_xsdt = rsdp->revision >= 2 && rsdp->xsdt_address != 0U;
	const struct acpi_sdt_header *root =
		use_xsdt ? table_if(rsdp->xsdt_address, "XSDT") : table_if(rsdp->rsdt_address, "RSDT");
	uint32_t entry_size = use_xsdt ? 8U : 4U;
	const uint8_t *entries;
	uint32_t count;

	if (root == NULL) {
		return NULL;
	}
	entries = (const uint8_t *)(root + 1);
	count = (root->length - sizeof(*root)) / entry_size;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t addr = 0;
		const struct acpi_sdt_header *t;

		memcpy(&addr, entries + i * entry_size, entry_size);	/* entries are unaligned */
		t = table_if(addr, sig);
		if (t != NULL) {
			return t;
		}
	}
	return NULL;
}

static void madt_add_cpu(struct madt_info *out, uint32_t apic_id, uint32_t flags)
{
	/* Online-capable but disabled processors (flags bit 1) are left for hot-add. */
	if (!(flags & MADT_CPU_ENABLED) || out->cpu_count >= MADT_MAX_CPUS) {
		return;
	}
	for (uint32_t i = 0; i < out->cpu_count; i++) {
		if (out->apic_id[i] == apic_id) {
			return;		/* listed as both LAPIC and x2APIC */
		}
	}
	out->apic_id[out->cpu_count++] = apic_id;
}

static int madt_entry(struct madt_info *out, const struct madt_entry *e)
{
	if (e->type == MADT_LAPIC && e->length >= sizeof(struct madt_lapic)) {
		const struct madt_lapic *l = (const void *)e;

		madt_add_cpu(out, l->apic_id, l->flags);
	} else if (e->type == MADT_X2APIC && e->length >= sizeof(struct madt_x2apic)) {
		const struct madt_x2apic *x = (const void *)e;

		madt_add_cpu(out, x->x2apic_id, x->flags);
	} else if (e->type == MADT_IOAPIC && e->length >= sizeof(struct madt_ioapic_entry)) {
		const struct madt_ioapic_entry *io = (const void *)e;

		if (out->ioapic_count < MADT_MAX_IOAPICS) {
			out->ioapic[out->ioapic_count++] =
				(struct madt_ioapic){ io->id, io->address, io->gsi_base };
		}
	} else if (e->type <= MADT_IOAPIC || e->type == MADT_X2APIC) {
		return -EINVAL;		/* a known entry that is too short */
	}
	return 0;
}

int acpi_madt_parse(const struct acpi_sdt_header *madt, struct madt_info *out)
{
	const struct madt_header *h = (const void *)madt;
	const uint8_t *p, *end;

	memset(out, 0, sizeof(*out));
	if (madt->length < sizeof(*h) || memcmp(madt->signature, "APIC", 4) != 0) {
		return -EINVAL;
	}
	out->lapic_address = h->lapic_address;
	out->pcat_compat = (h->flags & MADT_FLAG_PCAT_COMPAT) != 0U;
	p = (const uint8_t *)(h + 1);
	end = (const uint8_t *)madt + madt->length;
	while (p + sizeof(struct madt_entry) <= end) {
		const struct madt_entry *e = (const void *)p;

		if (e->length < sizeof(*e) || p + e->length > end || madt_entry(out, e) != 0) {
			return -EINVAL;
		}
		p += e->length;
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Building a VM's ACPI tables.  Layout from GUEST_ACPI_RSDP_GPA (the RSDP
 * must sit on a 16-byte boundary in 0xE0000-0xFFFFF, ACPI 6.4 5.2.5.1; the
 * FACS on a 64-byte one, 5.2.10):
 *
 *   +0x000 RSDP (36 bytes, revision 2: XSDT only)
 *   +0x040 FACS (64)
 *   +0x080 XSDT (FADT, MADT)
 *   +0x100 FADT (276, revision 6)
 *   then   MADT, DSDT, each on 16 bytes
 *
 * Section numbers are ACPI 6.4's.
 */
#include <errno.h>
#include <string.h>

#include "arch/x86_64/acpi.h"
#include "hv/acpi/acpi_tables.h"

#define FACS_OFFSET		0x40U
#define XSDT_OFFSET		0x80U
#define FADT_OFFSET		0x100U
#define OEM_ID			"VMANHV"
#define OEM_TABLE_ID		"VMANHVPL"
#define CREATOR_ID		0x4E414D56U	/* "VMAN" */

/* Generic Address Structure (5.2.3.2). */
struct acpi_gas {
	uint8_t space_id;		/* 0 memory, 1 I/O */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;		/* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
	uint64_t address;
} __attribute__((packed));

#define GAS_SPACE_IO		1U

/* FADT (5.2.9, Table 5.9), revision 6. */
struct acpi_fadt {
	struct acpi_sdt_header h;
	uint32_t firmware_ctrl, dsdt;
	uint8_t reserved0, preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt_blk, pm1b_evt_blk, pm1a_cnt_blk, pm1b_cnt_blk;
	uint32_t pm2_cnt_blk, pm_tmr_blk, gpe0_blk, gpe1_blk;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	uint8_t gpe0_blk_len, gpe1_blk_len, gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_firmware_ctrl, x_dsdt;
	struct acpi_gas x_pm1a_evt_blk, x_pm1b_evt_blk, x_pm1a_cnt_blk, x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk, x_pm_tmr_blk, x_gpe0_blk, x_gpe1_blk;
	struct acpi_gas sleep_control_reg, sleep_status_reg;
	uint64_t hypervisor_vendor_id;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_fadt) == 276, "FADT revision 6 is 276 bytes");

/* IA-PC boot architecture flags (5.2.9.3): an 8042, no VGA, no MSI (there is no PCI). */
#define BOOT_ARCH_8042			(1U << 1)
#define BOOT_ARCH_VGA_NOT_PRESENT	(1U << 2)
#define BOOT_ARCH_MSI_NOT_SUPPORTED	(1U << 3)
/*
 * Fixed feature flags (5.2.9, Table 5.10): WBINVD works, C1 is supported,
 * the PM timer is 32 bits wide (TMR_VAL_EXT);
 * PWR_BUTTON clear means the power button is a fixed feature (PM1 PWRBTN_*);
 * SLP_BUTTON set means there is no sleep button; HW_REDUCED_ACPI (bit 20)
 * stays clear: the PM1 blocks and the SCI are real.
 */
#define FADT_WBINVD			(1U << 0)
#define FADT_PROC_C1			(1U << 2)
#define FADT_SLP_BUTTON			(1U << 5)
#define FADT_TMR_VAL_EXT		(1U << 8)	/* the PM timer counts 32 bits */
#define PM_PROFILE_ENTERPRISE_SERVER	4U

/* FACS (5.2.10, Table 5.14): only its signature, length and version matter here. */
struct acpi_facs {
	char signature[4];
	uint32_t length;
	uint32_t hardware_signature;
	uint32_t firmware_waking_vector;
	uint32_t global_lock;
	uint32_t flags;
	uint64_t x_firmware_waking_vector;
	uint8_t version;
	uint8_t reserved[3];
	uint32_t ospm_flags;
	uint8_t reserved2[24];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_facs) == 64, "FACS is 64 bytes");

/* MADT (5.2.12) and the structures it holds. */
struct madt_fixed {
	struct acpi_sdt_header h;
	uint32_t lapic_address;
	uint32_t flags;			/* PCAT_COMPAT clear: there are no 8259s */
} __attribute__((packed));

struct madt_x2apic_entry {		/* 5.2.12.12, type 9 */
	uint8_t type, length;
	uint16_t reserved;
	uint32_t x2apic_id, flags, processor_uid;
} __attribute__((packed));

struct madt_ioapic_struct {		/* 5.2.12.3, type 1 */
	uint8_t type, length, id, reserved;
	uint32_t address, gsi_base;
} __attribute__((packed));

struct madt_iso {			/* 5.2.12.5, type 2 */
	uint8_t type, length, bus, source;
	uint32_t gsi;
	uint16_t flags;
} __attribute__((packed));

#define MADT_TYPE_IOAPIC	1U
#define MADT_TYPE_ISO		2U
#define MADT_TYPE_X2APIC	9U
#define MADT_ENABLED		1U
/* MPS INTI flags (Table 5.26): polarity 01 active high, trigger 11 level. */
#define MPS_ACTIVE_HIGH_LEVEL	0x000DU

#define MADT_MAX_BYTES	(sizeof(struct madt_fixed) + \
			 ACPI_VCPUS_MAX * sizeof(struct madt_x2apic_entry) + \
			 sizeof(struct madt_ioapic_struct) + sizeof(struct madt_iso))

/* The byte that makes a table's bytes sum to zero (5.2.6). */
static uint8_t checksum_of(const void *table, size_t len)
{
	const uint8_t *p = table;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++) {
		sum = (uint8_t)(sum + p[i]);
	}
	return (uint8_t)(0U - sum);
}

static void sdt_header(struct acpi_sdt_header *h, const char sig[4], uint32_t length,
		       uint8_t revision)
{
	memcpy(h->signature, sig, 4);
	h->length = length;
	h->revision = revision;
	memcpy(h->oem_id, OEM_ID, sizeof(h->oem_id));
	memcpy(h->oem_table_id, OEM_TABLE_ID, sizeof(h->oem_table_id));
	h->oem_revision = 1;
	h->creator_id = CREATOR_ID;
	h->creator_revision = 1;
	h->checksum = 0;
	h->checksum = checksum_of(h, length);
}

static uint64_t align16(uint64_t v)
{
	return (v + 15U) & ~15ULL;
}

static struct acpi_gas io_gas(uint32_t port, uint8_t bytes)
{
	return (struct acpi_gas){ .space_id = GAS_SPACE_IO, .bit_width = (uint8_t)(bytes * 8U),
				  .access_size = bytes == 4U ? 3U : 2U, .address = port };
}

static void fadt_build(struct acpi_fadt *f, const struct acpi_layout *at)
{
	memset(f, 0, sizeof(*f));
	/* The 32-bit and X_ fields agree: ACPICA warns when both are set and differ. */
	f->firmware_ctrl = (uint32_t)at->facs;
	f->x_firmware_ctrl = at->facs;
	f->dsdt = (uint32_t)at->dsdt;
	f->x_dsdt = at->dsdt;
	f->preferred_pm_profile = PM_PROFILE_ENTERPRISE_SERVER;
	f->sci_int = GUEST_SCI_IRQ;
	/* SMI_CMD 0: no SMM, the platform is always in ACPI mode (5.2.9). */
	f->pm1a_evt_blk = GUEST_PM1A_EVT_PORT;
	f->pm1a_cnt_blk = GUEST_PM1A_CNT_PORT;
	f->pm1_evt_len = GUEST_PM1_EVT_LEN;
	f->pm1_cnt_len = GUEST_PM1_CNT_LEN;
	f->x_pm1a_evt_blk = io_gas(GUEST_PM1A_EVT_PORT, GUEST_PM1_EVT_LEN);
	f->x_pm1a_cnt_blk = io_gas(GUEST_PM1A_CNT_PORT, GUEST_PM1_CNT_LEN);
	f->pm_tmr_blk = GUEST_PM_TMR_PORT;
	f->pm_tmr_len = GUEST_PM_TMR_LEN;
	f->x_pm_tmr_blk = io_gas(GUEST_PM_TMR_PORT, GUEST_PM_TMR_LEN);
	/* No C2/C3 (latencies above 100 and 1000 us say so, 5.2.9). */
	f->p_lvl2_lat = 101;
	f->p_lvl3_lat = 1001;
	f->iapc_boot_arch = BOOT_ARCH_8042 | BOOT_ARCH_VGA_NOT_PRESENT |
			    BOOT_ARCH_MSI_NOT_SUPPORTED;
	f->flags = FADT_WBINVD | FADT_PROC_C1 | FADT_SLP_BUTTON | FADT_TMR_VAL_EXT;
	f->minor_version = 4;	/* FADT 6.4 */
	sdt_header(&f->h, "FACP", sizeof(*f), 6);
}

static void facs_build(struct acpi_facs *f)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->signature, "FACS", 4);
	f->length = sizeof(*f);
	f->version = 2;
}

/* The MADT into buf (MADT_MAX_BYTES): its length. */
static uint32_t madt_build(uint8_t *buf, uint32_t vcpus)
{
	struct madt_fixed *m = (struct madt_fixed *)buf;
	uint8_t *p = buf + sizeof(*m);
	struct madt_ioapic_struct ioapic = {
		.type = MADT_TYPE_IOAPIC, .length = sizeof(ioapic), .id = GUEST_IOAPIC_ID,
		.address = GUEST_IOAPIC_GPA, .gsi_base = 0,
	};
	/* The SCI: ISA IRQ 9 to GSI 9, level, active high (5.2.12.5, 5.2.9: SCI_INT). */
	struct madt_iso sci = {
		.type = MADT_TYPE_ISO, .length = sizeof(sci), .bus = 0, .source = GUEST_SCI_IRQ,
		.gsi = GUEST_SCI_IRQ, .flags = MPS_ACTIVE_HIGH_LEVEL,
	};

	memset(m, 0, sizeof(*m));
	m->lapic_address = GUEST_LAPIC_GPA;
	for (uint32_t i = 0; i < vcpus; i++) {
		struct madt_x2apic_entry cpu = {
			.type = MADT_TYPE_X2APIC, .length = sizeof(cpu), .x2apic_id = i,
			.flags = MADT_ENABLED, .processor_uid = i,
		};

		memcpy(p, &cpu, sizeof(cpu));
		p += sizeof(cpu);
	}
	memcpy(p, &ioapic, sizeof(ioapic));
	p += sizeof(ioapic);
	memcpy(p, &sci, sizeof(sci));
	p += sizeof(sci);
	sdt_header(&m->h, "APIC", (uint32_t)(p - buf), 5);
	return (uint32_t)(p - buf);
}

static void rsdp_build(struct acpi_rsdp *r, uint64_t xsdt)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, OEM_ID, sizeof(r->oem_id));
	r->revision = 2;
	r->length = sizeof(*r);
	r->xsdt_address = xsdt;
	r->checksum = checksum_of(r, 20);	/* the ACPI 1.0 part (5.2.5.3) */
	r->extended_checksum = checksum_of(r, sizeof(*r));
}

static void layout_plan(struct acpi_layout *at, uint32_t madt_len)
{
	at->rsdp = GUEST_ACPI_RSDP_GPA;
	at->facs = GUEST_ACPI_RSDP_GPA + FACS_OFFSET;
	at->xsdt = GUEST_ACPI_RSDP_GPA + XSDT_OFFSET;
	at->fadt = GUEST_ACPI_RSDP_GPA + FADT_OFFSET;
	at->madt = align16(at->fadt + sizeof(struct acpi_fadt));
	at->dsdt = align16(at->madt + madt_len);
	at->end = at->dsdt + acpi_dsdt_aml_len;
}

struct table_writer {
	acpi_write_fn write;
	void *ctx;
	int err;
};

static void put(struct table_writer *w, uint64_t gpa, const void *src, size_t len)
{
	if (w->err == 0) {
		w->err = w->write(w->ctx, gpa, src, len);
	}
}

int acpi_tables_write(const struct acpi_vm_config *cfg, acpi_write_fn write, void *ctx,
		      struct acpi_layout *layout)
{
	struct table_writer w = { write, ctx, 0 };
	uint8_t madt[MADT_MAX_BYTES];
	struct {
		struct acpi_sdt_header h;
		uint64_t entry[2];
	} __attribute__((packed)) xsdt;
	struct acpi_fadt fadt;
	struct acpi_facs facs;
	struct acpi_rsdp rsdp;
	struct acpi_layout at;
	uint32_t madt_len, slots;

	if (cfg->vcpus == 0U || cfg->vcpus > ACPI_VCPUS_MAX ||
	    (cfg->virtio_slots >> GUEST_VIRTIO_SLOTS) != 0U) {
		return -EINVAL;
	}
	madt_len = madt_build(madt, cfg->vcpus);
	layout_plan(&at, madt_len);
	if (at.end > GUEST_ACPI_END_GPA) {
		return -E2BIG;
	}
	fadt_build(&fadt, &at);
	facs_build(&facs);
	xsdt.entry[0] = at.fadt;
	xsdt.entry[1] = at.madt;
	sdt_header(&xsdt.h, "XSDT", sizeof(xsdt), 1);
	rsdp_build(&rsdp, at.xsdt);
	slots = cfg->virtio_slots;
	put(&w, GUEST_PLATFORM_PAGE_GPA + GUEST_PLATFORM_SLOTS_OFFSET, &slots, sizeof(slots));
	put(&w, at.rsdp, &rsdp, sizeof(rsdp));
	put(&w, at.facs, &facs, sizeof(facs));
	put(&w, at.xsdt, &xsdt, sizeof(xsdt));
	put(&w, at.fadt, &fadt, sizeof(fadt));
	put(&w, at.madt, madt, madt_len);
	put(&w, at.dsdt, acpi_dsdt_aml, acpi_dsdt_aml_len);
	if (w.err == 0 && layout != NULL) {
		*layout = at;
	}
	return w.err;
}

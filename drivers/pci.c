/* SPDX-License-Identifier: MIT */
/*
 * PCI enumeration and BAR decoding (PCI Local Bus 3.0 chapter 6).
 *
 * Every bus the access method reaches is scanned, not only those behind
 * bridges from bus 0: multi-socket servers have root buses (0x80 and up)
 * that no bridge on bus 0 leads to, and finding them otherwise means
 * evaluating _BBN in the DSDT.  256 buses x 32 devices is 8192 reads of a
 * vendor id, a few milliseconds even in an emulator.
 */
#include <errno.h>
#include <stddef.h>

#include "drivers/pci.h"
#include "drivers/pci_config.h"
#include "hv/log.h"

#define PCI_VENDOR_NONE		0xFFFFU	/* what reading an absent function returns */
#define PCI_HEADER_MULTIFUNCTION 0x80U
#define PCI_HEADER_LAYOUT	0x7FU
#define PCI_HEADER_DEVICE	0x00U
#define PCI_HEADER_BRIDGE	0x01U
#define PCI_DEVICES_PER_BUS	32U
#define PCI_FUNCTIONS		8U

/* BAR bits (PCI 3.0 6.2.5.1). */
#define PCI_BAR_SPACE_IO	(1U << 0)
#define PCI_BAR_MEM_TYPE_MASK	(3U << 1)
#define PCI_BAR_MEM_TYPE_32	(0U << 1)
#define PCI_BAR_MEM_TYPE_1M	(1U << 1)	/* "below 1 MiB", reserved since 2.2 */
#define PCI_BAR_MEM_TYPE_64	(2U << 1)
#define PCI_BAR_MEM_PREFETCH	(1U << 3)
#define PCI_BAR_IO_MASK		0xFFFFFFFCU
#define PCI_BAR_MEM_MASK	0xFFFFFFF0U

/* ECAM must lie in the part of the identity map that always exists (hv/mm.h). */
#define IDENTITY_MAP_MIN_END	(4ULL << 30)

/* Filled once by pci_init() on the BSP, read-only afterwards. */
static struct pci_device devices[PCI_MAX_DEVICES];
static uint32_t device_count;

static bool ecam_reachable(const struct pci_ecam *e)
{
	uint64_t end = e->base + (((uint64_t)e->bus_end + 1U) << 20);

	return end > e->base && end <= IDENTITY_MAP_MIN_END;
}

/* ECAM when the MCFG describes a usable one, ports otherwise; says which. */
static void choose_config_method(const struct acpi_rsdp *rsdp)
{
	const struct acpi_sdt_header *mcfg = rsdp != NULL ? acpi_find_table(rsdp, "MCFG") : NULL;
	struct pci_ecam e;

	if (mcfg != NULL && pci_mcfg_parse(mcfg, &e) == 0) {
		if (ecam_reachable(&e)) {
			pci_config_select(&e);
			hv_log("pci: config space through ECAM at 0x%lx, buses %u-%u\n", e.base,
			       e.bus_start, e.bus_end);
			return;
		}
		hv_log("pci: MCFG's ECAM at 0x%lx lies beyond the first 4 GiB; using ports\n",
		       e.base);
	}
	pci_config_select(NULL);
	hv_log("pci: config space through ports 0xcf8/0xcfc\n");
}

static bool function_present(uint8_t bus, uint8_t dev, uint8_t fn)
{
	return pci_config_read16(bus, dev, fn, PCI_VENDOR_ID) != PCI_VENDOR_NONE;
}

static void add_function(uint8_t bus, uint8_t dev, uint8_t fn)
{
	uint32_t ids = pci_config_read32(bus, dev, fn, PCI_VENDOR_ID);
	uint32_t class_rev = pci_config_read32(bus, dev, fn, PCI_CLASS_REVISION);
	struct pci_device *d;

	if (device_count == PCI_MAX_DEVICES) {
		hv_log("pci: %02x:%02x.%x ignored: more than %u functions\n", bus, dev, fn,
		       PCI_MAX_DEVICES);
		return;
	}
	d = &devices[device_count++];
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	d->vendor_id = (uint16_t)ids;
	d->device_id = (uint16_t)(ids >> 16);
	d->class_code = (uint8_t)(class_rev >> 24);
	d->subclass = (uint8_t)(class_rev >> 16);
	d->prog_if = (uint8_t)(class_rev >> 8);
	d->header_type = pci_config_read8(bus, dev, fn, PCI_HEADER_TYPE) & PCI_HEADER_LAYOUT;
	hv_log("pci: %02x:%02x.%x %04x:%04x class %02x.%02x\n", bus, dev, fn, d->vendor_id,
	       d->device_id, d->class_code, d->subclass);
}

/* Functions 1-7 exist only when function 0 says it is multi-function (PCI 3.0 6.2.1). */
static void scan_device(uint8_t bus, uint8_t dev)
{
	if (!function_present(bus, dev, 0)) {
		return;
	}
	add_function(bus, dev, 0);
	if (!(pci_config_read8(bus, dev, 0, PCI_HEADER_TYPE) & PCI_HEADER_MULTIFUNCTION)) {
		return;
	}
	for (uint8_t fn = 1; fn < PCI_FUNCTIONS; fn++) {
		if (function_present(bus, dev, fn)) {
			add_function(bus, dev, fn);
		}
	}
}

uint32_t pci_init(const struct acpi_rsdp *rsdp)
{
	uint32_t last;

	choose_config_method(rsdp);
	last = pci_config_bus_last();
	for (uint32_t bus = pci_config_bus_first(); bus <= last; bus++) {
		for (uint8_t dev = 0; dev < PCI_DEVICES_PER_BUS; dev++) {
			scan_device((uint8_t)bus, dev);
		}
	}
	return device_count;
}

const struct pci_device *pci_next(const struct pci_device *after)
{
	uint32_t i = after != NULL ? (uint32_t)(after - devices) + 1U : 0U;

	return i < device_count ? &devices[i] : NULL;
}

static uint32_t bar_count(const struct pci_device *pdev)
{
	switch (pdev->header_type) {
	case PCI_HEADER_DEVICE:
		return PCI_BAR_COUNT;
	case PCI_HEADER_BRIDGE:
		return 2U;	/* PCI-to-PCI Bridge 1.2, 3.2 */
	default:
		return 0U;
	}
}

static uint16_t bar_offset(uint32_t index)
{
	return (uint16_t)(PCI_BAR0 + 4U * index);
}

static uint32_t bar_read(const struct pci_device *p, uint32_t index)
{
	return pci_config_read32(p->bus, p->dev, p->fn, bar_offset(index));
}

/* Write all ones, read back which bits stick, restore: the BAR's size mask. */
static uint32_t bar_probe_mask(const struct pci_device *p, uint32_t index, uint32_t original)
{
	uint32_t mask;

	pci_config_write32(p->bus, p->dev, p->fn, bar_offset(index), 0xFFFFFFFFU);
	mask = bar_read(p, index);
	pci_config_write32(p->bus, p->dev, p->fn, bar_offset(index), original);
	return mask;
}

/* True when `index` is the upper half of a 64-bit BAR: walk from BAR 0. */
static bool bar_is_upper_half(const struct pci_device *p, uint32_t index)
{
	uint32_t i = 0;

	while (i < index) {
		uint32_t raw = bar_read(p, i);
		bool mem64 = !(raw & PCI_BAR_SPACE_IO) &&
			     (raw & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64;

		i += mem64 ? 2U : 1U;
	}
	return i != index;
}

static int bar_decode_io(uint32_t raw, uint32_t mask, struct pci_bar *out)
{
	mask &= PCI_BAR_IO_MASK;
	if (mask == 0U) {
		return -ENOENT;
	}
	/* Devices that decode 16 bits of I/O address hard-wire the upper half to 0. */
	if ((mask & 0xFFFF0000U) == 0U) {
		mask |= 0xFFFF0000U;
	}
	out->kind = PCI_BAR_IO;
	out->base = raw & PCI_BAR_IO_MASK;
	out->size = (uint32_t)(~mask + 1U);
	return 0;
}

static int bar_decode_mem(const struct pci_device *p, uint32_t index, uint32_t raw,
			  uint32_t mask, struct pci_bar *out)
{
	uint32_t type = raw & PCI_BAR_MEM_TYPE_MASK;
	uint64_t mask64 = mask & PCI_BAR_MEM_MASK;

	out->prefetchable = (raw & PCI_BAR_MEM_PREFETCH) != 0U;
	out->base = raw & PCI_BAR_MEM_MASK;
	if (type == PCI_BAR_MEM_TYPE_64) {
		uint32_t hi;

		if (index + 1U >= bar_count(p)) {
			return -EINVAL;
		}
		hi = bar_read(p, index + 1U);
		mask64 |= (uint64_t)bar_probe_mask(p, index + 1U, hi) << 32;
		out->base |= (uint64_t)hi << 32;
		out->kind = PCI_BAR_MEM64;
	} else if (type == PCI_BAR_MEM_TYPE_32 || type == PCI_BAR_MEM_TYPE_1M) {
		if (mask64 != 0U) {
			mask64 |= 0xFFFFFFFF00000000ULL;
		}
		out->kind = PCI_BAR_MEM32;
	} else {
		return -EINVAL;
	}
	if (mask64 == 0U) {
		return -ENOENT;
	}
	out->size = ~mask64 + 1U;
	return 0;
}

int pci_bar_decode(const struct pci_device *p, uint32_t index, struct pci_bar *out)
{
	uint16_t command;
	uint32_t raw, mask;
	int err;

	if (index >= bar_count(p) || bar_is_upper_half(p, index)) {
		return -EINVAL;
	}
	*out = (struct pci_bar){ .kind = PCI_BAR_UNUSED };
	/* Sizing moves the BAR for a moment: no decoding meanwhile (PCI 3.0 6.2.5.1). */
	command = pci_config_read16(p->bus, p->dev, p->fn, PCI_COMMAND);
	pci_config_write16(p->bus, p->dev, p->fn, PCI_COMMAND,
			   command & (uint16_t)~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	raw = bar_read(p, index);
	mask = bar_probe_mask(p, index, raw);
	if (raw & PCI_BAR_SPACE_IO) {
		err = bar_decode_io(raw, mask, out);
	} else {
		err = bar_decode_mem(p, index, raw, mask, out);
	}
	pci_config_write16(p->bus, p->dev, p->fn, PCI_COMMAND, command);
	if (err != 0) {
		out->kind = PCI_BAR_UNUSED;
	}
	return err;
}

void pci_command_set(const struct pci_device *p, uint16_t bits)
{
	uint16_t command = pci_config_read16(p->bus, p->dev, p->fn, PCI_COMMAND);

	pci_config_write16(p->bus, p->dev, p->fn, PCI_COMMAND, command | bits);
}

uint32_t pci_read32(const struct pci_device *p, uint16_t offset)
{
	return pci_config_read32(p->bus, p->dev, p->fn, offset);
}

uint16_t pci_read16(const struct pci_device *p, uint16_t offset)
{
	return pci_config_read16(p->bus, p->dev, p->fn, offset);
}

uint8_t pci_read8(const struct pci_device *p, uint16_t offset)
{
	return pci_config_read8(p->bus, p->dev, p->fn, offset);
}

/* Capabilities sit after the 64-byte header, dword aligned (PCI 3.0 6.7). */
#define PCI_CAP_FIRST		0x40U
#define PCI_CAP_PTR_MASK	0xFCU

static uint8_t cap_next(const struct pci_device *p, uint8_t at)
{
	uint8_t next = pci_read8(p, at == 0U ? PCI_CAPABILITY_LIST : (uint16_t)(at + 1U));

	next &= PCI_CAP_PTR_MASK;
	return next >= PCI_CAP_FIRST ? next : 0U;
}

uint8_t pci_capability_find(const struct pci_device *p, uint8_t cap_id, uint8_t after)
{
	uint8_t at = after;

	if (!(pci_read16(p, PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
		return 0;
	}
	/* Bounded: a list that loops cannot hold the caller. */
	for (uint32_t n = 0; n < PCI_CAP_LIST_MAX && (at = cap_next(p, at)) != 0U; n++) {
		if (pci_read8(p, at) == cap_id) {
			return at;
		}
	}
	return 0;
}

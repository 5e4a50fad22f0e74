/* SPDX-License-Identifier: MIT */
/*
 * The guest platform's fixed addresses, ports and interrupt lines, shared
 * by the C side (hv/acpi/acpi_tables.c, the device models) and the DSDT
 * source (hv/acpi/dsdt.asl, through iasl's preprocessor).  Plain #defines
 * without C suffixes or casts, so that both languages read them.
 * docs/guest-platform.md explains each choice.
 */
#ifndef VMANHV_HV_ACPI_GUEST_PLATFORM_H
#define VMANHV_HV_ACPI_GUEST_PLATFORM_H

/*
 * The platform page: one DWORD the hypervisor writes at VM creation and
 * the DSDT reads (field VSLT): bit n set = virtio-mmio slot n has a
 * device.  At the start of the e820 hole the Linux loader reserves
 * (hv/loader/linux.h, LINUX_LOW_RAM_END), apart from the tables.
 */
#define GUEST_PLATFORM_PAGE_GPA		0x9F000
#define GUEST_PLATFORM_SLOTS_OFFSET	0

/* ACPI tables: the RSDP at the bottom of the BIOS area (ACPI 6.4 5.2.5.1), the rest above it. */
#define GUEST_ACPI_RSDP_GPA		0xE0000
#define GUEST_ACPI_END_GPA		0x100000

/*
 * The ACPI PM1a blocks and the PM timer in I/O space (ACPI 6.4 4.8.3.1,
 * 4.8.3.2, 4.8.3.3): one device over GUEST_PM_PORTS ports.
 */
#define GUEST_PM1A_EVT_PORT		0x600
#define GUEST_PM1_EVT_LEN		4
#define GUEST_PM1A_CNT_PORT		0x604
#define GUEST_PM1_CNT_LEN		2
#define GUEST_PM_TMR_PORT		0x608
#define GUEST_PM_TMR_LEN		4
#define GUEST_PM_PORTS			12
#define GUEST_PM_TIMER_HZ		3579545	/* 4.8.3.3: 3.579545 MHz */

/* The SCI: ISA IRQ 9 on IOAPIC pin 9, level-triggered, active high (as PC chipsets do). */
#define GUEST_SCI_IRQ			9

/* The SLP_TYP value the DSDT's \_S5 package names: written to PM1a_CNT to power off. */
#define GUEST_SLP_TYP_S5		5

/* The I/O APIC (82093AA data sheet) and the local APICs' legacy base. */
#define GUEST_IOAPIC_GPA		0xFEC00000
#define GUEST_IOAPIC_ID			0
#define GUEST_IOAPIC_PINS		24
#define GUEST_LAPIC_GPA			0xFEE00000

/*
 * virtio-mmio slots: 4 KiB apart from GUEST_VIRTIO_MMIO_GPA, 0x200 bytes of
 * registers each (virtio 1.2 4.2.2), each with its own edge-triggered,
 * active-high IOAPIC pin above the 16 ISA lines.  Slot 0 is the entropy device.
 */
#define GUEST_VIRTIO_SLOTS		4
#define GUEST_VIRTIO_MMIO_GPA		0xD0000000
#define GUEST_VIRTIO_MMIO_STRIDE	0x1000
#define GUEST_VIRTIO_MMIO_SIZE		0x200
#define GUEST_VIRTIO_GSI_BASE		16
#define GUEST_VIRTIO_SLOT_RNG		0

/* The same, spelled out per slot for the DSDT (ASL has no arithmetic in resource templates). */
#define GUEST_VIRTIO0_GPA		0xD0000000
#define GUEST_VIRTIO1_GPA		0xD0001000
#define GUEST_VIRTIO2_GPA		0xD0002000
#define GUEST_VIRTIO3_GPA		0xD0003000
#define GUEST_VIRTIO0_GSI		16
#define GUEST_VIRTIO1_GSI		17
#define GUEST_VIRTIO2_GSI		18
#define GUEST_VIRTIO3_GSI		19

#endif

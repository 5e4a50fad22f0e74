/* SPDX-License-Identifier: MIT */
/*
 * A VM's ACPI platform (docs/guest-platform.md): its ACPI tables in guest
 * RAM, the PM1a registers with the power button, and the virtio-mmio
 * slots (slot 0: the entropy device).  Attached once per VM, after its
 * RAM and vCPUs exist.
 */
#ifndef VMANHV_HV_ACPI_VM_PLATFORM_H
#define VMANHV_HV_ACPI_VM_PLATFORM_H

#include <stdint.h>

#include "hv/acpi/guest_platform.h"
#include "hv/devices/acpi_pm.h"
#include "hv/devices/virtio_mmio.h"
#include "hv/devices/virtio_rng.h"

struct vm;

struct vm_platform {
	struct acpi_pm pm;
	struct virtio_mmio rng_transport;
	struct virtio_rng rng;
	bool acpi_tables;		/* written (RAM reaches GUEST_ACPI_END_GPA) */
	/* Assertions of the SCI and of the virtio lines (counters, style rule 19). */
	uint64_t sci_asserted, virtio_asserted;
};

/*
 * Write the ACPI tables (when RAM covers the BIOS area) and attach the
 * PM ports and the virtio slots.  0 or -errno (a bus full, a table error).
 */
int vm_platform_init(struct vm *vm);
/* Press the VM's power button (ACPI 6.4 4.8.2.2.1.1: fixed power button). */
void vm_platform_power_button(struct vm *vm);

#endif

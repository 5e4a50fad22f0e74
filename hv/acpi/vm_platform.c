/* SPDX-License-Identifier: MIT */
/*
 * Wiring the guest platform into a VM: tables through vm_gpa_write, the
 * PM block on the port bus, virtio slots on the MMIO bus with guest memory
 * through vm_gpa_read/vm_gpa_write, stop reasons for power-off.  The
 * interrupt lines go through one function, platform_irq(), to the VM's
 * I/O APIC.
 */
#include <errno.h>
#include <stdio.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/rand.h"
#include "hv/acpi/acpi_tables.h"
#include "hv/acpi/vm_platform.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/vm.h"

/*
 * Drive line `gsi` of the VM's I/O APIC (hv/devices/ioapic.c): the one
 * place the platform's devices reach the interrupt controller.  The MADT
 * and the DSDT say how each line triggers; the guest programs the pin's
 * redirection entry to match.
 */
static void platform_irq(struct vm *vm, uint32_t gsi, bool asserted)
{
	if (asserted && gsi == GUEST_SCI_IRQ) {
		vm->platform.sci_asserted++;
	} else if (asserted) {
		vm->platform.virtio_asserted++;
	}
	vm_ioapic_set_pin(vm, gsi, asserted);
}

static void sci_line(void *ctx, bool asserted)
{
	platform_irq(ctx, GUEST_SCI_IRQ, asserted);
}

static void rng_line(void *ctx, bool asserted)
{
	platform_irq(ctx, GUEST_VIRTIO_GSI_BASE + GUEST_VIRTIO_SLOT_RNG, asserted);
}

/* SLP_TYP|SLP_EN from the guest: S5 is the only sleep state the DSDT offers (\_S5). */
static void sleep_request(void *ctx, uint8_t slp_typ)
{
	struct vm *vm = ctx;

	if (slp_typ == GUEST_SLP_TYP_S5) {
		vm_set_stop_reason(vm, "ACPI power off (S5)");
	} else {
		char why[64];

		snprintf(why, sizeof(why), "ACPI sleep type %u requested (only S5 is offered)",
			 slp_typ);
		vm_set_stop_reason(vm, why);
	}
	vm_request_stop(vm);
}

/*
 * The PM timer from the TSC (invariant, and the guest's TSC is the host's):
 * GUEST_PM_TIMER_HZ ticks per second, wrapping at 32 bits.
 */
static uint32_t pm_timer(void *ctx)
{
	unsigned __int128 ticks = (unsigned __int128)rdtsc() * GUEST_PM_TIMER_HZ;

	return (uint32_t)(ticks / (clock_tsc_khz() * 1000U));
}

static void virtio_report(void *ctx, const char *why)
{
	struct vm *vm = ctx;

	hv_log("vm %s: virtio-rng needs a reset: %s\n", vm->name, why);
}

static int gpa_read(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	return vm_gpa_read(ctx, gpa, dst, len);
}

static int gpa_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	return vm_gpa_write(ctx, gpa, src, len);
}

static int tables_write(struct vm *vm)
{
	struct acpi_vm_config cfg = {
		.vcpus = vm->vcpu_count,
		.virtio_slots = 1U << GUEST_VIRTIO_SLOT_RNG,
	};

	/* A VM too small for the BIOS area gets no tables (a test guest of 64 KiB). */
	if (!vm_gpa_is_ram(vm, GUEST_PLATFORM_PAGE_GPA, GUEST_ACPI_END_GPA - GUEST_PLATFORM_PAGE_GPA)) {
		return 0;
	}
	vm->platform.acpi_tables = true;
	return acpi_tables_write(&cfg, gpa_write, vm, NULL);
}

int vm_platform_init(struct vm *vm)
{
	struct vm_platform *p = &vm->platform;
	struct virtio_guest_mem mem = { gpa_read, gpa_write, vm };
	int err;

	acpi_pm_init(&p->pm, sci_line, sleep_request, pm_timer, vm);
	virtio_rng_init(&p->rng, rand_hw_fill);
	virtio_mmio_init(&p->rng_transport, &virtio_rng_ops, &p->rng, &mem, rng_line,
			 virtio_report, vm);
	err = tables_write(vm);
	if (err == 0) {
		err = vm_io_register(&vm->io, GUEST_PM1A_EVT_PORT, GUEST_PM_PORTS, acpi_pm_io,
				     &p->pm);
	}
	if (err == 0) {
		err = vm_mmio_register(&vm->mmio,
				       GUEST_VIRTIO_MMIO_GPA +
					       GUEST_VIRTIO_SLOT_RNG * GUEST_VIRTIO_MMIO_STRIDE,
				       GUEST_VIRTIO_MMIO_SIZE, virtio_mmio_access, &p->rng_transport);
	}
	return err;
}

void vm_platform_power_button(struct vm *vm)
{
	acpi_pm_power_button(&vm->platform.pm);
}

/* SPDX-License-Identifier: MIT */
/*
 * The ACPI fixed-hardware PM1a registers a guest sees (ACPI 6.4 4.8.3):
 * the event block (PM1_STS, PM1_EN: 16 bits each) and the control block
 * (PM1_CNT), at the ports the FADT names (hv/acpi/guest_platform.h).
 * Two fixed features are modelled: the power button (PWRBTN_STS/_EN,
 * pressed by management through hv_vm_power_button) and sleep control
 * (SLP_TYP/SLP_EN), of which only S5, soft off, is offered (the DSDT's
 * \_S5); and the PM timer's count (no overflow event: TMR_STS stays 0).  The SCI is level-triggered: asserted while an enabled status bit
 * is set (4.8.3.1), through the caller's interrupt function.  Portable: no
 * firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_ACPI_PM_H
#define VMANHV_HV_DEVICES_ACPI_PM_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/spinlock.h"

/* PM1 status and enable bits (ACPI 6.4 Tables 4.16, 4.17). */
#define ACPI_PM1_TMR		(1U << 0)
#define ACPI_PM1_BM_STS		(1U << 4)
#define ACPI_PM1_GBL		(1U << 5)
#define ACPI_PM1_PWRBTN		(1U << 8)
#define ACPI_PM1_SLPBTN		(1U << 9)
#define ACPI_PM1_RTC		(1U << 10)
#define ACPI_PM1_WAK_STS	(1U << 15)
/* PM1 control bits (Table 4.18). */
#define ACPI_PM1_SCI_EN		(1U << 0)
#define ACPI_PM1_SLP_TYP_SHIFT	10U
#define ACPI_PM1_SLP_TYP_MASK	(7U << 10)
#define ACPI_PM1_SLP_EN		(1U << 13)

/* The PM timer's count (ACPI 6.4 4.8.3.3): 3.579545 MHz, 32 bits (TMR_VAL_EXT). */
typedef uint32_t (*acpi_pm_timer_fn)(void *ctx);
/*
 * The SCI line, asserted or not: the seam to the interrupt controller.
 * Called under the model's lock, so calls reach it in the order of the
 * changes they report.
 */
typedef void (*acpi_pm_sci_fn)(void *ctx, bool asserted);
/*
 * The guest asked for sleep state `slp_typ` (ACPI 6.4 7.4.2); the owner acts
 * on it.  Called on the vCPU's CPU, outside the model's lock.
 */
typedef void (*acpi_pm_sleep_fn)(void *ctx, uint8_t slp_typ);

struct acpi_pm {
	struct spinlock lock;		/* the vCPU and management both reach it */
	uint16_t sts;			/* PM1_STS */
	uint16_t en;			/* PM1_EN */
	uint16_t cnt;			/* PM1_CNT as read back (SLP_EN reads 0) */
	bool sci_level;			/* what the SCI line was last set to */
	int16_t sleep_requested;	/* SLP_TYP written with SLP_EN, -1: none */
	acpi_pm_sci_fn sci;
	acpi_pm_sleep_fn sleep;
	acpi_pm_timer_fn timer;
	void *ctx;
	uint64_t button_presses;	/* counters (style rule 19) */
	uint64_t sci_raised;
};

void acpi_pm_init(struct acpi_pm *pm, acpi_pm_sci_fn sci, acpi_pm_sleep_fn sleep,
		  acpi_pm_timer_fn timer, void *ctx);
/*
 * A vm_io_fn (hv/vm_io.h) over GUEST_PM_PORTS ports from GUEST_PM1A_EVT_PORT:
 * offsets 0-1 PM1_STS, 2-3 PM1_EN, 4-5 PM1_CNT, 8-11 PM_TMR (read-only).
 * Accesses of 1, 2 or 4 bytes; a 4-byte access at 0 covers STS and EN
 * together (as ACPICA does not, but a guest may); 6-7 read 0.
 */
void acpi_pm_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value);
/* The power button was pressed: PWRBTN_STS set, the SCI raised if enabled. */
void acpi_pm_power_button(struct acpi_pm *pm);

#endif

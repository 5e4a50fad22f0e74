/* SPDX-License-Identifier: MIT */
/*
 * The PM1a registers (ACPI 6.4 4.8.3).  Status bits are sticky and cleared
 * by writing 1 (4.8.3.1.1); only PWRBTN_STS and WAK_STS can ever be set
 * here (no PM timer, bus master, global lock, sleep button or RTC alarm).
 * SCI_EN reads 1: with no SMI_CMD in the FADT the platform is always in
 * ACPI mode (5.2.9, 4.8.3.2.1).  Writing SLP_EN with a SLP_TYP hands the
 * sleep type to the owner (the VM stops for S5) and sets WAK_STS, which
 * OSPM polls after a sleep it survived (7.4.2, "Waking and Sleeping").
 *
 * The power button is pressed from the management CPU while the vCPU may
 * be in this model: both go through the lock, so that the SCI line always
 * ends at the level the registers call for.
 */
#include "hv/devices/acpi_pm.h"

#define REG_STS		0U
#define REG_EN		2U
#define REG_CNT		4U
#define REG_TMR		8U

/* The status bits this platform implements; the others read 0. */
#define STS_IMPLEMENTED	(ACPI_PM1_PWRBTN | ACPI_PM1_WAK_STS)
#define EN_IMPLEMENTED	ACPI_PM1_PWRBTN
/* Enables an OS may set and read back though nothing raises their events:
 * the global lock's and the RTC alarm's (Linux logs "Could not enable ...
 * event" when they do not stick). */
#define EN_WRITABLE	(ACPI_PM1_PWRBTN | ACPI_PM1_GBL | ACPI_PM1_RTC)
#define CNT_WRITABLE	ACPI_PM1_SLP_TYP_MASK

void acpi_pm_init(struct acpi_pm *pm, acpi_pm_sci_fn sci, acpi_pm_sleep_fn sleep,
		  acpi_pm_timer_fn timer, void *ctx)
{
	*pm = (struct acpi_pm){ .cnt = ACPI_PM1_SCI_EN, .sleep_requested = -1, .sci = sci,
				.sleep = sleep, .timer = timer, .ctx = ctx };
}

/* The SCI follows (STS & EN) for the enabled events (4.8.3.1): level-triggered. */
static void sci_update(struct acpi_pm *pm)
{
	bool level = (pm->sts & pm->en & EN_IMPLEMENTED) != 0U;

	if (level != pm->sci_level) {
		pm->sci_level = level;
		if (level) {
			pm->sci_raised++;
		}
		pm->sci(pm->ctx, level);
	}
}

static uint16_t reg_read(const struct acpi_pm *pm, uint16_t reg)
{
	switch (reg) {
	case REG_STS:
		return pm->sts;
	case REG_EN:
		return pm->en;
	case REG_CNT:
		return pm->cnt;
	default:
		return 0;	/* offsets 6-7, between PM1_CNT and PM_TMR */
	}
}

static void cnt_write(struct acpi_pm *pm, uint16_t v)
{
	/* SCI_EN stays set (always ACPI mode); SLP_EN is write-only (reads 0). */
	pm->cnt = (uint16_t)(ACPI_PM1_SCI_EN | (v & CNT_WRITABLE));
	if (v & ACPI_PM1_SLP_EN) {
		pm->sts |= ACPI_PM1_WAK_STS;
		pm->sleep_requested = (int16_t)((v & ACPI_PM1_SLP_TYP_MASK) >> ACPI_PM1_SLP_TYP_SHIFT);
	}
}

static void reg_write(struct acpi_pm *pm, uint16_t reg, uint16_t v)
{
	switch (reg) {
	case REG_STS:
		pm->sts &= (uint16_t)~(v & STS_IMPLEMENTED);
		break;
	case REG_EN:
		pm->en = (uint16_t)(v & EN_WRITABLE);
		break;
	case REG_CNT:
		cnt_write(pm, v);
		break;
	default:
		break;
	}
}

/*
 * Accesses are split into the 16-bit registers they touch; a byte access
 * reads or writes one half, the other half of a written register keeping
 * its value (status: writing 0 clears nothing).
 */
static void access_register(struct acpi_pm *pm, uint16_t reg, uint16_t lo_byte, uint8_t bytes,
			    bool is_read, uint16_t *part)
{
	uint16_t shift = (uint16_t)(8U * lo_byte);
	uint16_t mask = (uint16_t)(bytes == 2U ? 0xFFFFU : 0xFFU << shift);
	uint16_t old = reg_read(pm, reg);

	if (is_read) {
		*part = (uint16_t)((old & mask) >> shift);
		return;
	}
	if (reg == REG_STS) {
		reg_write(pm, reg, (uint16_t)((*part << shift) & mask));
	} else {
		reg_write(pm, reg, (uint16_t)((old & ~mask) | ((*part << shift) & mask)));
	}
}

/* The timer is read once per access, so that a 4-byte read is one coherent count. */
static void timer_read(struct acpi_pm *pm, uint16_t offset, uint8_t size, bool is_read,
		       uint32_t *value)
{
	uint32_t count;

	if (!is_read) {
		return;		/* read-only (4.8.3.3) */
	}
	count = pm->timer(pm->ctx) >> (8U * (offset - REG_TMR));
	*value = size == 4U ? count : count & ((1U << (8U * size)) - 1U);
}

void acpi_pm_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value)
{
	struct acpi_pm *pm = device;
	uint32_t result = 0;
	int16_t sleep;

	if (offset >= REG_TMR) {
		timer_read(pm, offset, size, is_read, value);
		return;
	}
	spin_lock(&pm->lock);
	for (uint8_t done = 0; done < size;) {
		uint16_t at = (uint16_t)(offset + done);
		uint16_t reg = (uint16_t)(at & ~1U);
		uint8_t bytes = ((at & 1U) == 0U && size - done >= 2) ? 2U : 1U;
		uint16_t part = (uint16_t)(*value >> (8U * done));

		access_register(pm, reg, (uint16_t)(at & 1U), bytes, is_read, &part);
		result |= (uint32_t)part << (8U * done);
		done = (uint8_t)(done + bytes);
	}
	if (is_read) {
		*value = result;
	} else {
		sci_update(pm);
	}
	sleep = pm->sleep_requested;
	pm->sleep_requested = -1;
	spin_unlock(&pm->lock);
	if (sleep >= 0) {
		pm->sleep(pm->ctx, (uint8_t)sleep);
	}
}

void acpi_pm_power_button(struct acpi_pm *pm)
{
	spin_lock(&pm->lock);
	pm->button_presses++;
	pm->sts |= ACPI_PM1_PWRBTN;
	sci_update(pm);
	spin_unlock(&pm->lock);
}

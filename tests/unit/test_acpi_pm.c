/* sources: hv/devices/acpi_pm.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/acpi_pm.c, the PM1a event and control registers (ACPI 6.4
 * 4.8.3), through the port handler the VM's I/O bus calls, with an SCI
 * line and a sleep sink that record what they are told.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hv/devices/acpi_pm.h"

#define STS	0U
#define EN	2U
#define CNT	4U

static struct acpi_pm pm;
static bool sci_line;
static int sci_calls;
static int sleeps;
static uint8_t last_slp_typ;

static void sci(void *ctx, bool asserted)
{
	assert_ptr_equal(ctx, &pm);
	sci_line = asserted;
	sci_calls++;
}

static uint32_t timer_count;

static uint32_t timer(void *ctx)
{
	assert_ptr_equal(ctx, &pm);
	return timer_count;
}

static void sleep_req(void *ctx, uint8_t slp_typ)
{
	assert_ptr_equal(ctx, &pm);
	sleeps++;
	last_slp_typ = slp_typ;
}

static int setup(void **state)
{
	(void)state;
	acpi_pm_init(&pm, sci, sleep_req, timer, &pm);
	timer_count = 0;
	sci_line = false;
	sci_calls = sleeps = 0;
	last_slp_typ = 0xFF;
	return 0;
}

static uint32_t rd(uint16_t off, uint8_t size)
{
	uint32_t v = 0xDEADBEEF;

	acpi_pm_io(&pm, off, size, true, &v);
	return v;
}

static void wr(uint16_t off, uint8_t size, uint32_t v)
{
	acpi_pm_io(&pm, off, size, false, &v);
}

static void reset_state(void **state)
{
	(void)state;
	assert_int_equal(rd(STS, 2), 0);
	assert_int_equal(rd(EN, 2), 0);
	/* SCI_EN reads 1: no SMI_CMD, always in ACPI mode. */
	assert_int_equal(rd(CNT, 2), ACPI_PM1_SCI_EN);
	assert_int_equal(sci_calls, 0);
}

static void button_without_enable_only_sets_status(void **state)
{
	(void)state;
	acpi_pm_power_button(&pm);
	assert_int_equal(rd(STS, 2), ACPI_PM1_PWRBTN);
	assert_false(sci_line);
	assert_int_equal(sci_calls, 0);
	/* Enabling the event with its status already set raises the SCI. */
	wr(EN, 2, ACPI_PM1_PWRBTN);
	assert_true(sci_line);
	assert_int_equal(sci_calls, 1);
	assert_int_equal(pm.button_presses, 1);
}

static void button_raises_sci_until_status_cleared(void **state)
{
	(void)state;
	wr(EN, 2, ACPI_PM1_PWRBTN);
	assert_int_equal(sci_calls, 0);
	acpi_pm_power_button(&pm);
	assert_true(sci_line);
	acpi_pm_power_button(&pm);	/* still asserted: no second edge */
	assert_int_equal(sci_calls, 1);
	/* Writing 0 clears nothing (write-1-to-clear, 4.8.3.1.1). */
	wr(STS, 2, 0);
	assert_int_equal(rd(STS, 2), ACPI_PM1_PWRBTN);
	assert_true(sci_line);
	wr(STS, 2, ACPI_PM1_PWRBTN);
	assert_int_equal(rd(STS, 2), 0);
	assert_false(sci_line);
	assert_int_equal(sci_calls, 2);
	assert_int_equal(pm.sci_raised, 1);
}

static void disabling_lowers_sci(void **state)
{
	(void)state;
	wr(EN, 2, ACPI_PM1_PWRBTN);
	acpi_pm_power_button(&pm);
	assert_true(sci_line);
	wr(EN, 2, 0);
	assert_false(sci_line);
	assert_int_equal(rd(STS, 2), ACPI_PM1_PWRBTN);
}

static void unimplemented_bits_read_zero(void **state)
{
	(void)state;
	wr(EN, 2, 0xFFFF);
	/* the global lock's and RTC's enables stick (nothing raises them) */
	assert_int_equal(rd(EN, 2), ACPI_PM1_PWRBTN | ACPI_PM1_GBL | ACPI_PM1_RTC);
	assert_false(sci_line);
	wr(CNT, 2, 0xFFFF & ~ACPI_PM1_SLP_EN);
	assert_int_equal(rd(CNT, 2), ACPI_PM1_SCI_EN | ACPI_PM1_SLP_TYP_MASK);
	assert_int_equal(sleeps, 0);
}

static void byte_and_dword_accesses(void **state)
{
	(void)state;
	wr(EN + 1, 1, ACPI_PM1_PWRBTN >> 8);		/* high byte of PM1_EN */
	assert_int_equal(rd(EN, 2), ACPI_PM1_PWRBTN);
	acpi_pm_power_button(&pm);
	assert_int_equal(rd(STS + 1, 1), 0x01);
	assert_int_equal(rd(STS, 1), 0x00);
	/* One dword at offset 0 is PM1_STS in the low half, PM1_EN in the high. */
	assert_int_equal(rd(STS, 4), ACPI_PM1_PWRBTN | (uint32_t)ACPI_PM1_PWRBTN << 16);
	/* A dword write clearing status and keeping the enable. */
	wr(STS, 4, ACPI_PM1_PWRBTN | (uint32_t)ACPI_PM1_PWRBTN << 16);
	assert_int_equal(rd(STS, 2), 0);
	assert_int_equal(rd(EN, 2), ACPI_PM1_PWRBTN);
	assert_false(sci_line);
}

static void s5_with_slp_en_powers_off(void **state)
{
	uint32_t s5 = 5U << ACPI_PM1_SLP_TYP_SHIFT;

	(void)state;
	/* ACPICA writes SLP_TYP first, then SLP_TYP|SLP_EN (acpi_hw_legacy_sleep). */
	wr(CNT, 2, s5 | ACPI_PM1_SCI_EN);
	assert_int_equal(sleeps, 0);
	assert_int_equal(rd(CNT, 2), s5 | ACPI_PM1_SCI_EN);
	wr(CNT, 2, s5 | ACPI_PM1_SLP_EN | ACPI_PM1_SCI_EN);
	assert_int_equal(sleeps, 1);
	assert_int_equal(last_slp_typ, 5);
	/* SLP_EN is write-only; WAK_STS tells OSPM the sleep request was taken. */
	assert_int_equal(rd(CNT, 2), s5 | ACPI_PM1_SCI_EN);
	assert_int_equal(rd(STS, 2), ACPI_PM1_WAK_STS);
	wr(STS, 2, ACPI_PM1_WAK_STS);
	assert_int_equal(rd(STS, 2), 0);
}

static void other_sleep_types_reach_the_owner(void **state)
{
	(void)state;
	wr(CNT + 1, 1, (uint32_t)((3U << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN) >> 8);
	assert_int_equal(sleeps, 1);
	assert_int_equal(last_slp_typ, 3);
}

static void pm_timer_reads_the_count(void **state)
{
	(void)state;
	timer_count = 0x89ABCDEF;
	assert_int_equal(rd(8, 4), 0x89ABCDEF);
	assert_int_equal(rd(8, 2), 0xCDEF);
	assert_int_equal(rd(9, 1), 0xCD);
	assert_int_equal(rd(10, 2), 0x89AB);
	assert_int_equal(rd(11, 1), 0x89);
	/* Read-only; the gap between PM1_CNT and PM_TMR reads 0. */
	wr(8, 4, 0);
	assert_int_equal(rd(8, 4), 0x89ABCDEF);
	assert_int_equal(rd(6, 2), 0);
	timer_count = 7;
	assert_int_equal(rd(8, 4), 7);
	assert_int_equal(sci_calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(reset_state, setup),
		cmocka_unit_test_setup(button_without_enable_only_sets_status, setup),
		cmocka_unit_test_setup(button_raises_sci_until_status_cleared, setup),
		cmocka_unit_test_setup(disabling_lowers_sci, setup),
		cmocka_unit_test_setup(unimplemented_bits_read_zero, setup),
		cmocka_unit_test_setup(byte_and_dword_accesses, setup),
		cmocka_unit_test_setup(s5_with_slp_en_powers_off, setup),
		cmocka_unit_test_setup(other_sleep_types_reach_the_owner, setup),
		cmocka_unit_test_setup(pm_timer_reads_the_count, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: hv/devices/i8042.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/i8042.c, the PS/2 controller with nothing plugged in: the
 * probe sequence Linux's i8042 driver runs, and both ways to pull the
 * reset line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hv/devices/i8042.h"

static struct i8042 kbc;
static int resets;
static uint8_t reset_command;

static void on_reset(void *ctx, uint8_t command)
{
	assert_ptr_equal(ctx, &kbc);
	resets++;
	reset_command = command;
}

static int fresh(void **state)
{
	(void)state;
	resets = 0;
	i8042_init(&kbc, on_reset, &kbc);
	return 0;
}

static uint8_t status(void)
{
	uint32_t v = 0;

	i8042_command_io(&kbc, 0, 1, true, &v);
	return (uint8_t)v;
}

static void cmd(uint8_t c)
{
	uint32_t v = c;

	i8042_command_io(&kbc, 0, 1, false, &v);
}

static uint8_t data_read(void)
{
	uint32_t v = 0xDEAD;

	i8042_data_io(&kbc, 0, 1, true, &v);
	return (uint8_t)v;
}

static void data_write(uint8_t b)
{
	uint32_t v = b;

	i8042_data_io(&kbc, 0, 1, false, &v);
}

static void linux_probe_sequence(void **state)
{
	(void)state;
	assert_int_equal(status(), 0x04);		/* present (not 0xFF), empty, self-tested */
	cmd(0x20);					/* read the command byte */
	assert_int_equal(status() & 0x09, 0x09);	/* output full, last write a command */
	assert_int_equal(data_read(), 0x45);
	assert_int_equal(status() & 0x01, 0);
	cmd(0x60);					/* write it back, interrupts off */
	data_write(0x44);
	assert_int_equal(status() & 0x08, 0);		/* last write was data */
	cmd(0x20);
	assert_int_equal(data_read(), 0x44);
	cmd(0xAA);
	assert_int_equal(data_read(), 0x55);		/* self-test passed */
	cmd(0xAB);
	assert_int_equal(data_read(), 0x00);		/* keyboard interface fine */
	cmd(0xA9);
	assert_int_equal(data_read(), 0x00);
	cmd(0xAD);
	cmd(0xA7);
	cmd(0x20);
	assert_int_equal(data_read(), 0x74);		/* both ports disabled */
	cmd(0xAE);
	cmd(0xA8);
	cmd(0x20);
	assert_int_equal(data_read(), 0x44);
	/* A byte for the keyboard: nobody answers. */
	data_write(0xFF);
	assert_int_equal(status() & 0x01, 0);
	assert_int_equal(resets, 0);
}

static void pulse_reset_line(void **state)
{
	(void)state;
	cmd(0xFE);
	assert_int_equal(resets, 1);
	assert_int_equal(reset_command, 0xFE);
	assert_int_equal(kbc.resets, 1);
}

static void output_port_reset_bit(void **state)
{
	(void)state;
	cmd(0xD0);
	assert_int_equal(data_read(), 0x03);		/* not in reset, A20 on */
	cmd(0xD1);
	data_write(0x03);
	assert_int_equal(resets, 0);
	cmd(0xD1);
	data_write(0x02);				/* bit 0 clear: reset */
	assert_int_equal(resets, 1);
	assert_int_equal(reset_command, 0xD1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(linux_probe_sequence, fresh),
		cmocka_unit_test_setup(pulse_reset_line, fresh),
		cmocka_unit_test_setup(output_port_reset_bit, fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

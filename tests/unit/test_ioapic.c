/* sources: hv/devices/ioapic.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/ioapic.c: the register window (82093AA datasheet 3.1-3.2),
 * edge and level pins, remote IRR and EOI, masking.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hv/devices/ioapic.h"

static struct ioapic io;
static struct vlapic_ipi sent[8];
static int nsent;

static void deliver(void *ctx, const struct vlapic_ipi *message)
{
	assert_ptr_equal(ctx, &io);
	assert_true(nsent < 8);
	sent[nsent++] = *message;
}

static int fresh(void **state)
{
	(void)state;
	nsent = 0;
	ioapic_init(&io, deliver, &io);
	return 0;
}

static uint32_t reg_read(uint32_t reg)
{
	uint32_t v = reg;

	assert_int_equal(ioapic_mmio(&io, 0x00, 4, true, &v), 0);
	assert_int_equal(ioapic_mmio(&io, 0x10, 4, false, &v), 0);
	return v;
}

static void reg_write(uint32_t reg, uint32_t value)
{
	uint32_t v = reg;

	assert_int_equal(ioapic_mmio(&io, 0x00, 4, true, &v), 0);
	v = value;
	assert_int_equal(ioapic_mmio(&io, 0x10, 4, true, &v), 0);
}

static void registers(void **state)
{
	uint32_t v = 0;

	(void)state;
	assert_int_equal(reg_read(0x01), 0x00170020);		/* 24 entries, version 0x20 */
	reg_write(0x00, 0x0F00FFFF);
	assert_int_equal(reg_read(0x00), 0x0F000000);		/* ID bits 27:24 only */
	reg_write(0x01, 0);
	assert_int_equal(reg_read(0x01), 0x00170020);		/* read-only */
	for (uint32_t pin = 0; pin < IOAPIC_PINS; pin++) {
		assert_int_equal(reg_read(0x10 + 2 * pin), 0x10000);	/* masked */
	}
	reg_write(0x10 + 2 * 5, 0xFFFFFFFF);
	reg_write(0x11 + 2 * 5, 0xFFFFFFFF);
	assert_int_equal(reg_read(0x10 + 2 * 5), 0x1AFFF);	/* status, remote IRR read-only */
	assert_int_equal(reg_read(0x11 + 2 * 5), 0xFF000000);
	/* Only 32-bit accesses at IOREGSEL and IOWIN. */
	assert_int_equal(ioapic_mmio(&io, 0x10, 1, false, &v), -EINVAL);
	assert_int_equal(ioapic_mmio(&io, 0x04, 4, false, &v), -EINVAL);
	assert_int_equal(ioapic_mmio(&io, 0x20, 4, true, &v), -EINVAL);
}

static void edge_pin(void **state)
{
	(void)state;
	ioapic_set_pin(&io, 4, true);				/* masked: nothing */
	ioapic_set_pin(&io, 4, false);
	assert_int_equal(nsent, 0);
	reg_write(0x11 + 2 * 4, 0x01000000);			/* to APIC id 1 */
	reg_write(0x10 + 2 * 4, 0x34);				/* fixed, edge, vector 0x34 */
	ioapic_set_pin(&io, 4, true);
	ioapic_set_pin(&io, 4, true);				/* still high: no new edge */
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].vector, 0x34);
	assert_int_equal(sent[0].destination, 1);
	assert_int_equal(sent[0].mode, VLAPIC_DM_FIXED);
	assert_false(sent[0].logical);
	assert_false(sent[0].trigger_level);
	ioapic_set_pin(&io, 4, false);
	ioapic_set_pin(&io, 4, true);
	assert_int_equal(nsent, 2);
	ioapic_set_pin(&io, 99, true);				/* no such pin: ignored */
	assert_int_equal(nsent, 2);
}

static void level_pin_waits_for_eoi(void **state)
{
	(void)state;
	reg_write(0x11 + 2 * 8, 0x03000000);
	reg_write(0x10 + 2 * 8, 0x8800 | 0x41);			/* level, logical, vector 0x41 */
	ioapic_set_pin(&io, 8, true);
	assert_int_equal(nsent, 1);
	assert_true(sent[0].logical);
	assert_true(sent[0].trigger_level);		/* the local APIC reports its EOI */
	assert_int_equal(reg_read(0x10 + 2 * 8) & 0x4000, 0x4000);	/* remote IRR */
	ioapic_set_pin(&io, 8, true);				/* in service: held */
	assert_int_equal(nsent, 1);
	ioapic_eoi(&io, 0x42);					/* another vector */
	assert_int_equal(nsent, 1);
	ioapic_eoi(&io, 0x41);					/* still high: again */
	assert_int_equal(nsent, 2);
	ioapic_set_pin(&io, 8, false);
	ioapic_eoi(&io, 0x41);					/* low now: done */
	assert_int_equal(nsent, 2);
	assert_int_equal(reg_read(0x10 + 2 * 8) & 0x4000, 0);
}

static void unmask_delivers_a_high_level_pin(void **state)
{
	(void)state;
	reg_write(0x10 + 2 * 2, 0x18000 | 0x50);		/* level, masked */
	ioapic_set_pin(&io, 2, true);
	assert_int_equal(nsent, 0);
	reg_write(0x10 + 2 * 2, 0x8000 | 0x50);			/* unmask */
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].vector, 0x50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(registers, fresh),
		cmocka_unit_test_setup(edge_pin, fresh),
		cmocka_unit_test_setup(level_pin_waits_for_eoi, fresh),
		cmocka_unit_test_setup(unmask_delivers_a_high_level_pin, fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: hv/vm_io.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/vm_io.c's MMIO bus: devices claim guest-physical ranges; an access
 * reaches the device only when all of it lies inside one range, with the
 * offset into that range; overlapping, empty, wrapping and surplus
 * ranges are refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hv/vm_io.h"

struct fake_device {
	uint64_t last_offset;
	uint8_t last_size;
	bool last_read;
	int calls;
};

static void fake_access(void *device, uint64_t offset, uint8_t size, bool is_read,
			uint64_t *value)
{
	struct fake_device *d = device;

	d->last_offset = offset;
	d->last_size = size;
	d->last_read = is_read;
	d->calls++;
	if (is_read) {
		*value = 0x1122334455667788ULL;
	}
}

static void access_inside_a_range(void **state)
{
	struct vm_mmio_bus bus = { 0 };
	struct fake_device a = { 0 }, b = { 0 };
	uint64_t v = 0;

	(void)state;
	assert_int_equal(vm_mmio_register(&bus, 0xD0000000, 0x200, fake_access, &a), 0);
	assert_int_equal(vm_mmio_register(&bus, 0xFEC00000, 0x1000, fake_access, &b), 0);
	assert_true(vm_mmio_claims(&bus, 0xD00001FF));
	assert_false(vm_mmio_claims(&bus, 0xD0000200));
	assert_true(vm_mmio_access(&bus, 0xD0000070, 4, true, &v));
	assert_int_equal(v, 0x1122334455667788ULL);
	assert_int_equal(a.last_offset, 0x70);
	assert_int_equal(a.last_size, 4);
	assert_true(a.last_read);
	v = 5;
	assert_true(vm_mmio_access(&bus, 0xFEC00010, 4, false, &v));
	assert_int_equal(b.last_offset, 0x10);
	assert_false(b.last_read);
	assert_int_equal(bus.range[0].accesses, 1);
	assert_int_equal(bus.range[1].accesses, 1);
}

static void access_past_the_end_is_refused(void **state)
{
	struct vm_mmio_bus bus = { 0 };
	struct fake_device a = { 0 };
	uint64_t v = 0;

	(void)state;
	assert_int_equal(vm_mmio_register(&bus, 0xD0000000, 0x200, fake_access, &a), 0);
	assert_false(vm_mmio_access(&bus, 0xD00001FE, 4, true, &v));	/* 2 bytes past */
	assert_false(vm_mmio_access(&bus, 0xCFFFFFFF, 1, true, &v));
	assert_true(vm_mmio_access(&bus, 0xD00001F8, 8, true, &v));
	assert_int_equal(a.calls, 1);
}

static void bad_ranges_are_refused(void **state)
{
	struct vm_mmio_bus bus = { 0 };
	struct fake_device a = { 0 };

	(void)state;
	assert_int_equal(vm_mmio_register(&bus, 0x1000, 0, fake_access, &a), -EINVAL);
	assert_int_equal(vm_mmio_register(&bus, UINT64_MAX - 4, 16, fake_access, &a), -EINVAL);
	assert_int_equal(vm_mmio_register(&bus, 0x1000, 0x1000, fake_access, &a), 0);
	assert_int_equal(vm_mmio_register(&bus, 0x1FFF, 1, fake_access, &a), -EEXIST);
	assert_int_equal(vm_mmio_register(&bus, 0x0800, 0x1000, fake_access, &a), -EEXIST);
	for (uint64_t i = 1; i < VM_MMIO_RANGES; i++) {
		assert_int_equal(vm_mmio_register(&bus, 0x1000 + i * 0x1000, 0x1000, fake_access,
						  &a), 0);
	}
	assert_int_equal(vm_mmio_register(&bus, 0x100000, 0x1000, fake_access, &a), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(access_inside_a_range),
		cmocka_unit_test(access_past_the_end_is_refused),
		cmocka_unit_test(bad_ranges_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

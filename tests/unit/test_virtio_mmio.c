/* sources: hv/devices/virtio_mmio.c hv/devices/virtio_ring.c hv/devices/virtio_rng.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/virtio_mmio.c with the entropy device (virtio_rng.c) on a fake
 * guest RAM, driven through the register block as Linux's virtio_mmio and
 * virtio-rng drivers do (virtio 1.2 3.1.1, 4.2.3): identification, feature
 * negotiation, queue set-up, requests filled from a counting entropy
 * source, interrupts and their acknowledgement, reset; and a driver that
 * breaks the rules getting DEVICE_NEEDS_RESET with a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "hv/devices/virtio_mmio.h"
#include "hv/devices/virtio_rng.h"
#include "virtio_fake_ram.h"

static struct virtio_mmio t;
static struct virtio_rng rng;
static bool irq_line;
static int irq_edges;
static const char *reported;
static uint8_t next_byte;
static size_t source_limit;	/* bytes the source still has */

static size_t counting_source(uint8_t *buf, size_t len)
{
	size_t n = len < source_limit ? len : source_limit;

	for (size_t i = 0; i < n; i++) {
		buf[i] = next_byte++;
	}
	source_limit -= n;
	return n;
}

static void irq(void *ctx, bool asserted)
{
	assert_ptr_equal(ctx, &t);
	if (asserted && !irq_line) {
		irq_edges++;
	}
	irq_line = asserted;
}

static void report(void *ctx, const char *why)
{
	assert_ptr_equal(ctx, &t);
	reported = why;
}

static int setup(void **state)
{
	(void)state;
	fake_ram_new();
	virtio_rng_init(&rng, counting_source);
	virtio_mmio_init(&t, &virtio_rng_ops, &rng, &fake_mem, irq, report, &t);
	irq_line = false;
	irq_edges = 0;
	reported = NULL;
	next_byte = 1;
	source_limit = SIZE_MAX;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_ram_free();
	return 0;
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xDEADBEEF;

	virtio_mmio_access(&t, off, 4, true, &v);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	uint64_t value = v;

	virtio_mmio_access(&t, off, 4, false, &value);
}

/* 3.1.1 steps 1-6: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK. */
static bool negotiate(uint32_t low, uint32_t high)
{
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, low);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, high);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				       VIRTIO_STATUS_FEATURES_OK);
	return (rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) != 0U;
}

/* Queue 0 of `num` entries at the fake RAM's ring addresses, then DRIVER_OK. */
static void queue_setup(uint32_t num)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, num);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, DESC_GPA);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL_GPA);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED_GPA);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
}

static void driver_ok(void)
{
	assert_true(negotiate(0, 1));
	queue_setup(8);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 1);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

static void identity(void **state)
{
	(void)state;
	assert_int_equal(rd(VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(rd(VIRTIO_MMIO_VERSION_REG), 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_ID), 4);
	assert_int_equal(rd(VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 1);	/* VERSION_1 is bit 32 */
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG_GENERATION), 0);
	assert_int_equal(rd(VIRTIO_MMIO_SHM_LEN_LOW), 0xFFFFFFFF);
	/* One queue: QueueNumMax names the limit for 0 and 0 for the others. */
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTQ_NUM_MAX);
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
}

static void narrow_register_access_is_ignored(void **state)
{
	uint64_t v = 0x55;

	(void)state;
	virtio_mmio_access(&t, VIRTIO_MMIO_MAGIC_VALUE, 2, true, &v);
	assert_int_equal(v, 0);
	v = VIRTIO_STATUS_ACKNOWLEDGE;
	virtio_mmio_access(&t, VIRTIO_MMIO_STATUS, 1, false, &v);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(t.bad_accesses, 2);
}

static void features_need_version_1_and_nothing_unknown(void **state)
{
	(void)state;
	assert_false(negotiate(0, 0));		/* a legacy driver */
	assert_false(negotiate(1U << 28, 1));	/* INDIRECT_DESC was not offered */
	assert_true(negotiate(0, 1));
	/* Once accepted, features stay fixed. */
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0xFFFFFFFF);
	assert_int_equal(t.driver_features, VIRTIO_F_VERSION_1);
}

/* One writable buffer of len bytes at BUF_GPA, made available and notified. */
static void request(uint16_t desc, uint32_t len)
{
	put_desc(desc, BUF_GPA, len, VIRTQ_DESC_F_WRITE, 0);
	make_available(8, desc);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static void entropy_request_is_filled(void **state)
{
	(void)state;
	driver_ok();
	request(2, 16);
	assert_int_equal(get16(USED_GPA + 2), 1);
	assert_int_equal(get32(USED_GPA + 4), 2);
	assert_int_equal(get32(USED_GPA + 8), 16);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(fake_ram[BUF_GPA + i], i + 1);
	}
	assert_int_equal(fake_ram[BUF_GPA + 16], 0);	/* not a byte more */
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_USED_BUFFER);
	assert_true(irq_line);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED_BUFFER);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_false(irq_line);
	request(3, 4);
	assert_int_equal(get16(USED_GPA + 2), 2);
	assert_int_equal(irq_edges, 2);
	assert_int_equal(rng.requests, 2);
	assert_int_equal(rng.bytes, 20);
}

static void no_interrupt_when_driver_polls(void **state)
{
	(void)state;
	driver_ok();
	put16(AVAIL_GPA, VIRTQ_AVAIL_F_NO_INTERRUPT);
	request(0, 8);
	assert_int_equal(get16(USED_GPA + 2), 1);
	assert_false(irq_line);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}

static void big_request_is_capped(void **state)
{
	(void)state;
	driver_ok();
	request(0, 3 * VIRTIO_RNG_REQUEST_MAX);
	assert_int_equal(get32(USED_GPA + 8), VIRTIO_RNG_REQUEST_MAX);
	assert_int_equal(fake_ram[BUF_GPA + VIRTIO_RNG_REQUEST_MAX], 0);
}

static void dry_source_gives_what_it_has(void **state)
{
	(void)state;
	driver_ok();
	source_limit = 5;
	request(0, 64);
	assert_int_equal(get16(USED_GPA + 2), 1);
	assert_int_equal(get32(USED_GPA + 8), 5);
}

static void notify_before_driver_ok_does_nothing(void **state)
{
	(void)state;
	assert_true(negotiate(0, 1));
	queue_setup(8);
	request(0, 8);
	assert_int_equal(get16(USED_GPA + 2), 0);
	assert_int_equal(t.notifies, 1);
}

static void queue_size_not_power_of_two_needs_reset(void **state)
{
	(void)state;
	assert_true(negotiate(0, 1));
	queue_setup(6);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_not_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	assert_string_equal(reported, "queue size is not a power of 2 up to QueueNumMax");
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_CONFIG_CHANGE);
	assert_true(irq_line);
	/* The driver cannot clear NEEDS_RESET but by a reset. */
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	assert_int_not_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_false(irq_line);
	assert_null(t.error);
	/* And the device works again. */
	driver_ok();
	request(0, 8);
	assert_int_equal(get16(USED_GPA + 2), 1);
}

static void hostile_chain_needs_reset_and_stops_the_device(void **state)
{
	(void)state;
	driver_ok();
	put_desc(0, BUF_GPA, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	put_desc(1, BUF_GPA, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0);
	make_available(8, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_string_equal(reported, "descriptor chain longer than the queue (a loop)");
	assert_int_not_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	assert_int_equal(get16(USED_GPA + 2), 0);
	/* Further notifications do nothing until the reset. */
	put_desc(2, BUF_GPA, 8, VIRTQ_DESC_F_WRITE, 0);
	make_available(8, 2);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(get16(USED_GPA + 2), 0);
}

static void readable_buffer_needs_reset(void **state)
{
	(void)state;
	driver_ok();
	put_desc(0, BUF_GPA, 8, 0, 0);
	make_available(8, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_string_equal(reported, "entropy request with a driver-readable buffer");
	assert_int_equal(get16(USED_GPA + 2), 0);
}

static void queue_outside_ram_needs_reset(void **state)
{
	(void)state;
	assert_true(negotiate(0, 1));
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, 8);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, DESC_GPA);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0x10);	/* 64 GiB up */
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL_GPA);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED_GPA);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_string_equal(reported, "queue part outside guest RAM");
}

static void ready_queue_layout_is_frozen(void **state)
{
	(void)state;
	driver_ok();
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0xFFFF0000);
	wr(VIRTIO_MMIO_QUEUE_NUM, 3);
	assert_int_equal(t.queue[0].desc, DESC_GPA);
	assert_int_equal(t.queue[0].num, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(identity, setup, teardown),
		cmocka_unit_test_setup_teardown(narrow_register_access_is_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(features_need_version_1_and_nothing_unknown, setup,
						teardown),
		cmocka_unit_test_setup_teardown(entropy_request_is_filled, setup, teardown),
		cmocka_unit_test_setup_teardown(no_interrupt_when_driver_polls, setup, teardown),
		cmocka_unit_test_setup_teardown(big_request_is_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(dry_source_gives_what_it_has, setup, teardown),
		cmocka_unit_test_setup_teardown(notify_before_driver_ok_does_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(queue_size_not_power_of_two_needs_reset, setup,
						teardown),
		cmocka_unit_test_setup_teardown(hostile_chain_needs_reset_and_stops_the_device, setup,
						teardown),
		cmocka_unit_test_setup_teardown(readable_buffer_needs_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(queue_outside_ram_needs_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(ready_queue_layout_is_frozen, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

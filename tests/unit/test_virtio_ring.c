/* sources: hv/devices/virtio_ring.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/virtio_ring.c, the device's side of a split virtqueue
 * (virtio 1.2 2.7), on a fake guest RAM: well-formed chains, the used
 * ring, index wrap-around, and what a hostile driver can write: a buffer
 * outside RAM, a loop, a next or head index past the table, an available
 * index run ahead, an indirect descriptor, a queue laid out badly.  Each
 * is refused with a reason; none reaches host memory outside the fake RAM
 * (ASan would say so).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "virtio_fake_ram.h"

static struct virtq q;
static struct virtq_chain chain;
static const char *why;

static int setup(void **state)
{
	(void)state;
	fake_ram_new();
	q = (struct virtq){ .num = 8, .ready = true, .desc = DESC_GPA, .avail = AVAIL_GPA,
			    .used = USED_GPA };
	why = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_ram_free();
	return 0;
}

static void empty_ring_gives_nothing(void **state)
{
	(void)state;
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), 0);
}

static void chain_of_two(void **state)
{
	(void)state;
	put_desc(3, BUF_GPA, 16, VIRTQ_DESC_F_NEXT, 5);
	put_desc(5, BUF_GPA + 16, 100, VIRTQ_DESC_F_WRITE, 0);
	make_available(8, 3);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), 1);
	assert_int_equal(chain.head, 3);
	assert_int_equal(chain.count, 2);
	assert_int_equal(chain.buf[0].addr, BUF_GPA);
	assert_int_equal(chain.buf[0].len, 16);
	assert_false(chain.buf[0].device_writes);
	assert_int_equal(chain.buf[1].addr, BUF_GPA + 16);
	assert_int_equal(chain.buf[1].len, 100);
	assert_true(chain.buf[1].device_writes);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), 0);
	/* Returned on the used ring: element, then idx. */
	assert_int_equal(virtq_push(&q, &fake_mem, 3, 42), 0);
	assert_int_equal(get32(USED_GPA + 4), 3);
	assert_int_equal(get32(USED_GPA + 8), 42);
	assert_int_equal(get16(USED_GPA + 2), 1);
}

static void indexes_wrap_around(void **state)
{
	(void)state;
	/* Both free-running indexes about to wrap past 65535 (2.7.6, 2.7.8). */
	q.last_avail = 0xFFFF;
	q.used_idx = 0xFFFF;
	put16(AVAIL_GPA + 2, 0xFFFF);
	put16(USED_GPA + 2, 0xFFFF);
	for (uint16_t i = 0; i < 3; i++) {
		put_desc(i, BUF_GPA + 64U * i, 64, VIRTQ_DESC_F_WRITE, 0);
		make_available(8, i);
	}
	for (uint16_t i = 0; i < 3; i++) {
		assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), 1);
		assert_int_equal(chain.head, i);
		assert_int_equal(virtq_push(&q, &fake_mem, chain.head, 64), 0);
	}
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), 0);
	assert_int_equal(get16(USED_GPA + 2), 2);
	/* 0xFFFF % 8 = 7: the first element went to the last slot, then 0 and 1. */
	assert_int_equal(get32(USED_GPA + 4 + 8 * 7), 0);
	assert_int_equal(get32(USED_GPA + 4 + 8 * 0), 1);
	assert_int_equal(get32(USED_GPA + 4 + 8 * 1), 2);
}

static void buffer_outside_ram_is_refused(void **state)
{
	(void)state;
	put_desc(0, FAKE_RAM_BYTES - 8, 16, VIRTQ_DESC_F_WRITE, 0);
	make_available(8, 0);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "descriptor buffer outside guest RAM");
	/* An address that wraps around 2^64. */
	put_desc(1, UINT64_MAX - 4, 16, VIRTQ_DESC_F_WRITE, 0);
	make_available(8, 1);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "descriptor buffer outside guest RAM");
}

static void loop_is_refused(void **state)
{
	(void)state;
	put_desc(0, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 1);
	put_desc(1, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 0);
	make_available(8, 0);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "descriptor chain longer than the queue (a loop)");
}

static void self_loop_in_a_big_queue_is_refused(void **state)
{
	(void)state;
	q.num = 256;
	put_desc(0, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 0);
	make_available(256, 0);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "descriptor chain longer than 32 buffers");
}

static void next_past_table_is_refused(void **state)
{
	(void)state;
	put_desc(0, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 8);
	make_available(8, 0);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "descriptor next index past the table");
}

static void head_past_table_is_refused(void **state)
{
	(void)state;
	make_available(8, 9);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "available ring names a descriptor past the table");
}

static void avail_index_run_ahead_is_refused(void **state)
{
	(void)state;
	put16(AVAIL_GPA + 2, 9);	/* 9 new entries in a ring of 8 */
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "available index ran more than the queue size ahead");
}

static void indirect_is_refused(void **state)
{
	(void)state;
	put_desc(0, BUF_GPA, 32, VIRTQ_DESC_F_INDIRECT, 0);
	make_available(8, 0);
	assert_int_equal(virtq_pop(&q, &fake_mem, &chain, &why), -EINVAL);
	assert_string_equal(why, "indirect descriptor, not negotiated");
}

static void layout_checks(void **state)
{
	static const uint16_t bad_sizes[] = { 0, 3, 6, 100, 512 };

	(void)state;
	assert_null(virtq_check(&q, &fake_mem));
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		q.num = bad_sizes[i];
		assert_string_equal(virtq_check(&q, &fake_mem),
				    "queue size is not a power of 2 up to QueueNumMax");
	}
	q.num = 8;
	q.desc = DESC_GPA + 8;
	assert_string_equal(virtq_check(&q, &fake_mem), "queue part misaligned");
	q.desc = DESC_GPA;
	q.used = USED_GPA + 2;
	assert_string_equal(virtq_check(&q, &fake_mem), "queue part misaligned");
	q.used = FAKE_RAM_BYTES - 16;	/* aligned, but 8 elements do not fit */
	assert_string_equal(virtq_check(&q, &fake_mem), "queue part outside guest RAM");
	q.used = USED_GPA;
	q.desc = 0xFFFFFFFFFFFFFFF0ULL;
	assert_string_equal(virtq_check(&q, &fake_mem), "queue part outside guest RAM");
}

static void used_ring_outside_ram_fails(void **state)
{
	(void)state;
	q.used = FAKE_RAM_BYTES;
	assert_int_equal(virtq_push(&q, &fake_mem, 0, 1), -EFAULT);
}

static void no_interrupt_flag(void **state)
{
	(void)state;
	assert_true(virtq_wants_interrupt(&q, &fake_mem));
	put16(AVAIL_GPA, VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_false(virtq_wants_interrupt(&q, &fake_mem));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(empty_ring_gives_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(chain_of_two, setup, teardown),
		cmocka_unit_test_setup_teardown(indexes_wrap_around, setup, teardown),
		cmocka_unit_test_setup_teardown(buffer_outside_ram_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(loop_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(self_loop_in_a_big_queue_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(next_past_table_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(head_past_table_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(avail_index_run_ahead_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(indirect_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(layout_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(used_ring_outside_ram_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(no_interrupt_flag, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

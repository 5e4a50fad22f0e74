/* sources: drivers/virtqueue.c */
/* SPDX-License-Identifier: MIT */
/*
 * drivers/virtqueue.c: the driver's side of a split virtqueue (virtio 1.2
 * 2.7) in host memory.  The test plays the device: it reads the available
 * ring and the descriptor table the way a device must, and writes used
 * elements and the used index, including ones a faulty device would write.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/virtqueue.h"

/* The queue memory, as a test owns it. */
struct ring {
	struct virtqueue vq;
	void *mem;
	uint16_t device_avail;		/* the next available entry the "device" takes */
};

static struct ring *ring_new(uint16_t size)
{
	struct ring *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->mem = aligned_alloc(4096, (virtqueue_mem_size(size) + 4095U) & ~(size_t)4095U);
	assert_non_null(r->mem);
	assert_int_equal(virtqueue_init(&r->vq, r->mem, size, VIRTQ_AVAIL_F_NO_INTERRUPT), 0);
	return r;
}

static void ring_free(struct ring *r)
{
	free(r->mem);
	free(r);
}

/* --- the device's side ----------------------------------------------------------- */

/* The head of the next chain the driver made available, or -1 when none. */
static int device_take(struct ring *r)
{
	struct virtqueue *vq = &r->vq;

	if (vq->avail->idx == r->device_avail) {
		return -1;
	}
	return vq->avail->ring[r->device_avail++ % vq->size];
}

/* Complete chain `head` with `len` written bytes (2.7.8). */
static void device_complete(struct ring *r, uint32_t head, uint32_t len)
{
	struct virtqueue *vq = &r->vq;
	uint16_t idx = vq->used->idx;

	vq->used->ring[idx % vq->size].id = head;
	vq->used->ring[idx % vq->size].len = len;
	vq->used->idx = (uint16_t)(idx + 1U);
}

static struct virtqueue_buf writable(uint64_t addr, uint32_t len)
{
	return (struct virtqueue_buf){ .addr = addr, .len = len, .device_writes = true };
}

static struct virtqueue_buf readable(uint64_t addr, uint32_t len)
{
	return (struct virtqueue_buf){ .addr = addr, .len = len };
}

/* --- layout ------------------------------------------------------------------------ */

static void test_layout_matches_the_spec(void **state)
{
	/* 2.7: descriptors 16 * N, avail 6 + 2 * N, used 6 + 8 * N at 4-byte alignment. */
	assert_int_equal(sizeof(struct virtq_desc), 16);
	assert_int_equal(sizeof(struct virtq_used_elem), 8);
	assert_int_equal(virtqueue_avail_offset(64), 1024);
	assert_int_equal(virtqueue_used_offset(64), 1024 + 134 + 2);	/* 1158 rounded up to 4 */
	assert_int_equal(virtqueue_mem_size(64), 1160 + 6 + 8 * 64);
	assert_int_equal(virtqueue_used_offset(1) % 4, 0);
	assert_int_equal(virtqueue_used_offset(256) % 4, 0);
}

static void test_init_refuses_bad_sizes_and_alignment(void **state)
{
	struct virtqueue vq;
	_Alignas(16) static uint8_t mem[8192];

	assert_int_equal(virtqueue_init(&vq, mem, 0, 0), -EINVAL);
	assert_int_equal(virtqueue_init(&vq, mem, 48, 0), -EINVAL);	/* not a power of two */
	assert_int_equal(virtqueue_init(&vq, mem, 512, 0), -EINVAL);	/* above the maximum */
	assert_int_equal(virtqueue_init(&vq, mem + 8, 8, 0), -EINVAL);	/* not 16-byte aligned */
	assert_int_equal(virtqueue_init(&vq, NULL, 8, 0), -EINVAL);
	assert_int_equal(virtqueue_init(&vq, mem, 8, VIRTQ_AVAIL_F_NO_INTERRUPT), 0);
	assert_int_equal(vq.avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_int_equal(virtqueue_free_count(&vq), 8);
	assert_int_equal(virtqueue_in_flight(&vq), 0);
}

/* --- adding buffers ---------------------------------------------------------------- */

static void test_add_single_buffer_fills_descriptor_and_ring(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_buf b = writable(0x123000, 2048);
	int head;

	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 77), 0);
	assert_int_equal(r->vq.avail->idx, 1);
	head = device_take(r);
	assert_true(head >= 0 && head < 8);
	assert_int_equal(r->vq.desc[head].addr, 0x123000);
	assert_int_equal(r->vq.desc[head].len, 2048);
	assert_int_equal(r->vq.desc[head].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(virtqueue_free_count(&r->vq), 7);
	assert_int_equal(virtqueue_in_flight(&r->vq), 1);
	ring_free(r);
}

static void test_add_chain_links_readable_then_writable(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_buf chain[3] = { readable(0x1000, 16), writable(0x2000, 512),
				      writable(0x3000, 1) };
	int head, d1, d2;

	assert_int_equal(virtqueue_add(&r->vq, chain, 3, 5), 0);
	head = device_take(r);
	assert_true(head >= 0);
	assert_int_equal(r->vq.desc[head].flags, VIRTQ_DESC_F_NEXT);
	d1 = r->vq.desc[head].next;
	assert_int_equal(r->vq.desc[d1].addr, 0x2000);
	assert_int_equal(r->vq.desc[d1].flags, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	d2 = r->vq.desc[d1].next;
	assert_int_equal(r->vq.desc[d2].addr, 0x3000);
	assert_int_equal(r->vq.desc[d2].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(virtqueue_free_count(&r->vq), 5);

	/* All three come back with the chain, which may report up to 513 written bytes. */
	device_complete(r, (uint32_t)head, 513);
	struct virtqueue_done done;
	assert_int_equal(virtqueue_get_used(&r->vq, &done), 0);
	assert_int_equal(done.cookie, 5);
	assert_int_equal(done.len, 513);
	assert_int_equal(virtqueue_free_count(&r->vq), 8);
	assert_int_equal(virtqueue_in_flight(&r->vq), 0);
	ring_free(r);
}

static void test_add_refuses_bad_chains(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_buf wrong_order[2] = { writable(0x1000, 16), readable(0x2000, 16) };

	assert_int_equal(virtqueue_add(&r->vq, wrong_order, 0, 0), -EINVAL);
	assert_int_equal(virtqueue_add(&r->vq, wrong_order, 2, 0), -EINVAL);	/* 2.7.4.2 */
	assert_int_equal(r->vq.avail->idx, 0);
	assert_int_equal(virtqueue_free_count(&r->vq), 8);
	ring_free(r);
}

/* --- ring full --------------------------------------------------------------------- */

static void test_ring_full_then_space_after_completion(void **state)
{
	struct ring *r = ring_new(4);
	struct virtqueue_buf b = readable(0x1000, 60);
	struct virtqueue_buf two[2] = { readable(0x1000, 60), readable(0x2000, 60) };
	struct virtqueue_done done;

	for (uint32_t i = 0; i < 4; i++) {
		assert_int_equal(virtqueue_add(&r->vq, &b, 1, i), 0);
	}
	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 4), -ENOSPC);
	assert_int_equal(r->vq.avail->idx, 4);			/* nothing half-published */
	assert_int_equal(virtqueue_free_count(&r->vq), 0);

	/* One completion frees one descriptor: a single buffer fits, a pair does not. */
	device_complete(r, (uint32_t)device_take(r), 0);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), 0);
	assert_int_equal(done.cookie, 0);
	assert_int_equal(virtqueue_add(&r->vq, two, 2, 9), -ENOSPC);
	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 4), 0);
	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 5), -ENOSPC);
	ring_free(r);
}

/* --- consuming the used ring ------------------------------------------------------- */

static void test_get_used_empty_is_eagain(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_done done;

	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EAGAIN);
	ring_free(r);
}

static void test_completions_out_of_order(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_buf b = writable(0x1000, 100);
	int heads[3];
	struct virtqueue_done done;

	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(virtqueue_add(&r->vq, &b, 1, 100 + i), 0);
		heads[i] = device_take(r);
	}
	/* A device may complete in any order (2.7.8): the cookies follow the heads. */
	device_complete(r, (uint32_t)heads[2], 30);
	device_complete(r, (uint32_t)heads[0], 10);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), 0);
	assert_int_equal(done.cookie, 102);
	assert_int_equal(done.len, 30);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), 0);
	assert_int_equal(done.cookie, 100);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EAGAIN);
	device_complete(r, (uint32_t)heads[1], 20);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), 0);
	assert_int_equal(done.cookie, 101);
	assert_int_equal(virtqueue_free_count(&r->vq), 8);
	ring_free(r);
}

/* --- 16-bit index wrap-around ------------------------------------------------------ */

/*
 * Three times round the 16-bit indices with a ring of 4, the queue kept
 * between one and three chains full so that the wrap happens with chains in
 * flight, both on the available and on the used side.
 */
static void test_indices_wrap_around_16_bits(void **state)
{
	struct ring *r = ring_new(4);
	struct virtqueue_buf b = writable(0x1000, 64);
	struct virtqueue_done done;
	uint32_t next_cookie = 0, expect_cookie = 0;
	uint32_t heads[4], head_cookie[4];
	uint32_t queued = 0;

	for (uint32_t round = 0; round < 3U * 65536U + 7U; round++) {
		while (queued < 3U) {
			int head;

			assert_int_equal(virtqueue_add(&r->vq, &b, 1, next_cookie), 0);
			head = device_take(r);
			assert_true(head >= 0 && head < 4);
			heads[queued] = (uint32_t)head;
			head_cookie[queued] = next_cookie++;
			queued++;
		}
		/* In order this time, so the expected cookie is known. */
		device_complete(r, heads[0], round % 65U);
		assert_int_equal(virtqueue_get_used(&r->vq, &done), 0);
		assert_int_equal(done.cookie, head_cookie[0]);
		assert_int_equal(done.cookie, expect_cookie++);
		assert_int_equal(done.len, round % 65U);
		memmove(heads, heads + 1, sizeof(heads[0]) * 3U);
		memmove(head_cookie, head_cookie + 1, sizeof(head_cookie[0]) * 3U);
		queued--;
	}
	/* avail->idx went past 65535 three times and still counts added chains mod 2^16. */
	assert_int_equal(r->vq.avail->idx, (uint16_t)next_cookie);
	assert_int_equal(r->vq.used->idx, (uint16_t)expect_cookie);
	assert_int_equal(r->vq.stats.added, next_cookie);
	assert_int_equal(virtqueue_in_flight(&r->vq), 2);
	ring_free(r);
}

/* --- a faulty device ----------------------------------------------------------------- */

static void test_used_id_not_in_flight_is_refused(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_buf b = writable(0x1000, 100);
	struct virtqueue_done done;
	int head;

	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 1), 0);
	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 2), 0);
	head = device_take(r);
	/* An index beyond the table, then a descriptor that is free. */
	device_complete(r, 8, 0);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EPROTO);
	device_complete(r, (uint32_t)(head + 2) % 8, 0);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EPROTO);
	assert_int_equal(r->vq.stats.bad_id, 2);
	/* Nothing was freed; the real completion still works. */
	assert_int_equal(virtqueue_free_count(&r->vq), 6);
	device_complete(r, (uint32_t)head, 4);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), 0);
	assert_int_equal(done.cookie, 1);
	/* The same head twice: the second is refused. */
	device_complete(r, (uint32_t)head, 4);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EPROTO);
	ring_free(r);
}

static void test_used_len_beyond_chain_is_refused_but_freed(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_buf b = writable(0x1000, 100);
	struct virtqueue_done done;

	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 42), 0);
	device_complete(r, (uint32_t)device_take(r), 101);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EMSGSIZE);
	assert_int_equal(done.cookie, 42);
	assert_int_equal(done.len, 0);
	assert_int_equal(r->vq.stats.bad_len, 1);
	assert_int_equal(virtqueue_free_count(&r->vq), 8);
	ring_free(r);
}

static void test_used_idx_racing_ahead_breaks_the_queue(void **state)
{
	struct ring *r = ring_new(8);
	struct virtqueue_buf b = writable(0x1000, 100);
	struct virtqueue_done done;

	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 1), 0);
	/* Two completions claimed while one chain is out. */
	r->vq.used->idx = 2;
	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EIO);
	assert_true(r->vq.broken);
	assert_int_equal(virtqueue_get_used(&r->vq, &done), -EIO);
	assert_int_equal(virtqueue_add(&r->vq, &b, 1, 2), -EIO);
	ring_free(r);
}

/* --- notifications ------------------------------------------------------------------- */

static void test_kick_follows_used_flags(void **state)
{
	struct ring *r = ring_new(8);

	assert_true(virtqueue_kick_needed(&r->vq));
	r->vq.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_false(virtqueue_kick_needed(&r->vq));
	ring_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_matches_the_spec),
		cmocka_unit_test(test_init_refuses_bad_sizes_and_alignment),
		cmocka_unit_test(test_add_single_buffer_fills_descriptor_and_ring),
		cmocka_unit_test(test_add_chain_links_readable_then_writable),
		cmocka_unit_test(test_add_refuses_bad_chains),
		cmocka_unit_test(test_ring_full_then_space_after_completion),
		cmocka_unit_test(test_get_used_empty_is_eagain),
		cmocka_unit_test(test_completions_out_of_order),
		cmocka_unit_test(test_indices_wrap_around_16_bits),
		cmocka_unit_test(test_used_id_not_in_flight_is_refused),
		cmocka_unit_test(test_used_len_beyond_chain_is_refused_but_freed),
		cmocka_unit_test(test_used_idx_racing_ahead_breaks_the_queue),
		cmocka_unit_test(test_kick_follows_used_flags),
	};

	return cmocka_run_group_tests_name("virtqueue", tests, NULL, NULL);
}

/* sources: drivers/e1000_ring.c */
/* SPDX-License-Identifier: MIT */
/*
 * drivers/e1000_ring.c: the 82540EM's receive and transmit rings, driven
 * against descriptors in host memory.  The test plays the device: it fills
 * the buffer a descriptor points at and sets status/length/errors, or sets
 * DD on sent transmit descriptors.
 *
 * Test doubles (only these): page_alloc()/page_free() from hv/mm.h, backed
 * by aligned_alloc() with a record of what is live and an injectable
 * failure; BAR 0 is a host array that nic.regs points at, so the inline
 * e1000_read()/e1000_write() of drivers/e1000_regs.h hit plain memory.
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

#include "drivers/e1000.h"
#include "drivers/e1000_regs.h"
#include "drivers/e1000_ring.h"
#include "hv/mm.h"

#define RXN		E1000_RX_RING_SIZE
#define TXN		E1000_TX_RING_SIZE
#define BUF		E1000_BUFFER_SIZE

/* --- test doubles: page_alloc / page_free -------------------------------------- */

#define MAX_ALLOCS	8
static struct { void *p; uint64_t count; } allocs[MAX_ALLOCS];
static int alloc_calls;
static int fail_alloc_call = -1;	/* the call (0-based) that returns NULL */

void *page_alloc(uint64_t count, uint64_t align)
{
	int call = alloc_calls++;

	if (call == fail_alloc_call || count == 0U) {
		return NULL;
	}
	for (int i = 0; i < MAX_ALLOCS; i++) {
		if (allocs[i].p == NULL) {
			void *p = aligned_alloc(PAGE_SIZE * (align ? align : 1U), count * PAGE_SIZE);

			assert_non_null(p);
			memset(p, 0, count * PAGE_SIZE);
			allocs[i].p = p;
			allocs[i].count = count;
			return p;
		}
	}
	fail_msg("page_alloc: more than %d live allocations", MAX_ALLOCS);
	return NULL;
}

void page_free(void *pages, uint64_t count)
{
	for (int i = 0; i < MAX_ALLOCS; i++) {
		if (allocs[i].p == pages && pages != NULL) {
			assert_int_equal(allocs[i].count, count);
			free(pages);
			allocs[i].p = NULL;
			return;
		}
	}
	fail_msg("page_free(%p, %llu): not allocated", pages, (unsigned long long)count);
}

static uint64_t pages_of(const void *p)
{
	for (int i = 0; i < MAX_ALLOCS; i++) {
		if (allocs[i].p == p) {
			return allocs[i].count;
		}
	}
	return 0;
}

static int live_allocs(void)
{
	int n = 0;

	for (int i = 0; i < MAX_ALLOCS; i++) {
		n += allocs[i].p != NULL;
	}
	return n;
}

/* --- the device side ----------------------------------------------------------- */

static uint32_t bar0[E1000_MMIO_SIZE / 4];
static struct e1000 nic;

static uint32_t reg(uint32_t offset)
{
	return bar0[offset / 4];
}

static uint64_t addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static uint8_t *rx_buf(uint32_t i)
{
	return nic.rx_buffers + (size_t)i * BUF;
}

static uint8_t *tx_buf(uint32_t i)
{
	return nic.tx_buffers + (size_t)i * BUF;
}

/* The device completes receive descriptor i: frame bytes = i + offset pattern. */
static void rx_complete(uint32_t i, uint16_t length, uint8_t status, uint8_t errors)
{
	struct e1000_rx_desc *d = &nic.rx_ring[i];
	uint8_t *buf = (uint8_t *)(uintptr_t)d->buffer;
	size_t n = length < BUF ? length : BUF;

	for (size_t k = 0; k < n; k++) {
		buf[k] = (uint8_t)(i * 7U + k);
	}
	d->length = length;
	d->errors = errors;
	d->status = status;
}

static void rx_good(uint32_t i, uint16_t length)
{
	rx_complete(i, length, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, 0);
}

static void tx_sent(uint32_t i)
{
	nic.tx_ring[i].status |= E1000_TXD_STAT_DD;
}

static int setup(void **state)
{
	memset(&nic, 0, sizeof(nic));
	memset(bar0, 0, sizeof(bar0));
	memset(allocs, 0, sizeof(allocs));
	alloc_calls = 0;
	fail_alloc_call = -1;
	nic.regs = (volatile uint8_t *)bar0;
	assert_int_equal(e1000_rings_alloc(&nic), 0);
	e1000_rx_start(&nic);
	e1000_tx_start(&nic);
	return 0;
}

static int teardown(void **state)
{
	page_free(nic.rx_ring, pages_of(nic.rx_ring));
	page_free(nic.rx_buffers, pages_of(nic.rx_buffers));
	page_free(nic.tx_ring, pages_of(nic.tx_ring));
	page_free(nic.tx_buffers, pages_of(nic.tx_buffers));
	assert_int_equal(live_allocs(), 0);
	return 0;
}

/* --- allocation ----------------------------------------------------------------- */

static void alloc_gives_room_for_every_descriptor_and_buffer(void **state)
{
	assert_true(pages_of(nic.rx_ring) * PAGE_SIZE >= RXN * sizeof(struct e1000_rx_desc));
	assert_true(pages_of(nic.tx_ring) * PAGE_SIZE >= TXN * sizeof(struct e1000_tx_desc));
	assert_true(pages_of(nic.rx_buffers) * PAGE_SIZE >= (uint64_t)RXN * BUF);
	assert_true(pages_of(nic.tx_buffers) * PAGE_SIZE >= (uint64_t)TXN * BUF);
	assert_int_equal(live_allocs(), 4);
}

static void alloc_failure_frees_everything(void **state)
{
	for (int fail = 0; fail < 4; fail++) {
		struct e1000 n = { .regs = (volatile uint8_t *)bar0 };

		memset(allocs, 0, sizeof(allocs));
		alloc_calls = 0;
		fail_alloc_call = fail;
		assert_int_equal(e1000_rings_alloc(&n), -ENOMEM);
		assert_null(n.rx_ring);
		assert_null(n.rx_buffers);
		assert_null(n.tx_ring);
		assert_null(n.tx_buffers);
		assert_int_equal(live_allocs(), 0);
	}
}

/* --- receive -------------------------------------------------------------------- */

static void rx_start_programs_ring(void **state)
{
	assert_int_equal(reg(E1000_RDBAL), (uint32_t)addr(nic.rx_ring));
	assert_int_equal(reg(E1000_RDBAH), (uint32_t)(addr(nic.rx_ring) >> 32));
	assert_int_equal(reg(E1000_RDLEN), RXN * 16U);
	assert_int_equal(reg(E1000_RDH), 0);
	assert_int_equal(reg(E1000_RDT), RXN - 1U);
	assert_true(reg(E1000_RCTL) & E1000_RCTL_EN);
	assert_true(reg(E1000_RCTL) & E1000_RCTL_SECRC);
	for (uint32_t i = 0; i < RXN; i++) {
		assert_int_equal(nic.rx_ring[i].buffer, addr(rx_buf(i)));
		assert_int_equal(nic.rx_ring[i].status, 0);
	}
}

static void rx_empty_ring_returns_null(void **state)
{
	size_t len = 12345;

	assert_null(e1000_rx_peek(&nic, &len));
	assert_int_equal(len, 12345);
	assert_int_equal(nic.rx_next, 0);
	assert_int_equal(reg(E1000_RDT), RXN - 1U);
}

static void rx_without_dd_is_not_taken(void **state)
{
	size_t len;

	rx_complete(0, 60, E1000_RXD_STAT_EOP, 0);
	assert_null(e1000_rx_peek(&nic, &len));
	assert_int_equal(nic.stats.rx_frames, 0);
}

static void rx_good_frame_passed_on(void **state)
{
	size_t len = 0;
	const uint8_t *frame;

	rx_good(0, 60);
	frame = e1000_rx_peek(&nic, &len);
	assert_ptr_equal(frame, rx_buf(0));
	assert_int_equal(len, 60);
	assert_int_equal(frame[0], 0);
	assert_int_equal(frame[59], 59);
	assert_int_equal(nic.stats.rx_frames, 1);
	assert_int_equal(nic.stats.rx_bytes, 60);
	/* Still the driver's until rx_done. */
	assert_int_equal(reg(E1000_RDT), RXN - 1U);
	assert_int_equal(nic.rx_next, 0);
}

static void rx_done_hands_descriptor_back(void **state)
{
	size_t len;

	rx_good(0, 60);
	nic.rx_ring[0].checksum = 0xbeef;
	nic.rx_ring[0].special = 0x1234;
	assert_non_null(e1000_rx_peek(&nic, &len));
	e1000_rx_done(&nic);
	assert_int_equal(nic.rx_next, 1);
	assert_int_equal(reg(E1000_RDT), 0);
	assert_int_equal(nic.rx_ring[0].status, 0);
	assert_int_equal(nic.rx_ring[0].length, 0);
	assert_int_equal(nic.rx_ring[0].errors, 0);
	assert_int_equal(nic.rx_ring[0].special, 0);
	assert_int_equal(nic.rx_ring[0].buffer, addr(rx_buf(0)));
	assert_null(e1000_rx_peek(&nic, &len));
}

static void rx_frames_come_in_ring_order(void **state)
{
	size_t len;

	rx_good(0, 100);
	rx_good(1, 200);
	rx_good(2, 300);
	for (uint32_t i = 0; i < 3; i++) {
		assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(i));
		assert_int_equal(len, 100U * (i + 1U));
		e1000_rx_done(&nic);
		assert_int_equal(reg(E1000_RDT), i);
	}
	assert_int_equal(nic.stats.rx_frames, 3);
	assert_int_equal(nic.stats.rx_bytes, 600);
}

static void rx_minimum_and_maximum_lengths_accepted(void **state)
{
	size_t len;

	rx_good(0, E1000_FRAME_MIN);
	rx_good(1, E1000_FRAME_MAX);
	assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(0));
	assert_int_equal(len, 14);
	e1000_rx_done(&nic);
	assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(1));
	assert_int_equal(len, 1518);
	assert_int_equal(nic.stats.rx_length_errors, 0);
}

/* Each bad length is dropped, counted and its descriptor handed back; a good frame follows. */
static void check_bad_length_dropped(uint16_t bad)
{
	size_t len;

	rx_good(0, bad);
	rx_good(1, 64);
	assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(1));
	assert_int_equal(len, 64);
	assert_int_equal(nic.stats.rx_length_errors, 1);
	assert_int_equal(nic.stats.rx_frames, 1);
	assert_int_equal(nic.stats.rx_bytes, 64);
	assert_int_equal(reg(E1000_RDT), 0);
	assert_int_equal(nic.rx_ring[0].status, 0);
}

static void rx_too_short_dropped(void **state)
{
	check_bad_length_dropped(E1000_FRAME_MIN - 1U);
}

static void rx_zero_length_dropped(void **state)
{
	check_bad_length_dropped(0);
}

static void rx_too_long_dropped(void **state)
{
	check_bad_length_dropped(E1000_FRAME_MAX + 1U);
}

static void rx_buffer_size_dropped(void **state)
{
	check_bad_length_dropped(BUF);
}

static void rx_longer_than_buffer_dropped(void **state)
{
	check_bad_length_dropped(0xFFFF);
}

static void rx_each_error_bit_drops_frame(void **state)
{
	static const uint8_t bits[] = { 1U << 0, 1U << 1, 1U << 2, 1U << 4, 1U << 7 };
	size_t len;

	for (uint32_t i = 0; i < sizeof(bits); i++) {
		rx_complete(i, 60, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, bits[i]);
	}
	rx_good(sizeof(bits), 70);
	assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(sizeof(bits)));
	assert_int_equal(len, 70);
	assert_int_equal(nic.stats.rx_errors, sizeof(bits));
	assert_int_equal(nic.stats.rx_frames, 1);
	assert_int_equal(reg(E1000_RDT), sizeof(bits) - 1U);
}

static void rx_frame_over_descriptors_dropped_whole(void **state)
{
	size_t len;

	rx_complete(0, 1518, E1000_RXD_STAT_DD, 0);
	rx_complete(1, 1518, E1000_RXD_STAT_DD, 0);
	rx_complete(2, 100, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, 0);
	rx_good(3, 80);
	assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(3));
	assert_int_equal(len, 80);
	assert_int_equal(nic.stats.rx_fragments, 1);
	assert_int_equal(nic.stats.rx_frames, 1);
	assert_int_equal(nic.stats.rx_errors, 0);
	assert_int_equal(nic.stats.rx_length_errors, 0);
	assert_int_equal(reg(E1000_RDT), 2);
}

static void rx_fragment_across_polls_still_dropped(void **state)
{
	size_t len;

	rx_complete(0, 1000, E1000_RXD_STAT_DD, 0);
	assert_null(e1000_rx_peek(&nic, &len));		/* rest not written yet */
	assert_int_equal(nic.rx_next, 1);
	rx_complete(1, 60, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, 0);	/* the tail */
	assert_null(e1000_rx_peek(&nic, &len));
	rx_good(2, 60);
	assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(2));
	assert_int_equal(nic.stats.rx_fragments, 1);
	assert_int_equal(nic.stats.rx_frames, 1);
}

static void rx_two_fragmented_frames_counted_twice(void **state)
{
	size_t len;

	rx_complete(0, 1000, E1000_RXD_STAT_DD, 0);
	rx_complete(1, 60, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, 0);
	rx_complete(2, 1000, E1000_RXD_STAT_DD, 0);
	rx_complete(3, 60, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, 0);
	assert_null(e1000_rx_peek(&nic, &len));
	assert_int_equal(nic.stats.rx_fragments, 2);
	assert_int_equal(nic.rx_next, 4);
}

static void rx_device_buffer_address_ignored(void **state)
{
	size_t len;

	rx_good(0, 60);
	nic.rx_ring[0].buffer = 0xdead0000ULL;	/* a written-back address is never used */
	assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(0));
	e1000_rx_done(&nic);
	assert_int_equal(nic.rx_ring[0].buffer, addr(rx_buf(0)));
}

static void rx_ring_full_of_bad_descriptors_handed_back(void **state)
{
	size_t len;

	for (uint32_t i = 0; i < RXN; i++) {
		rx_complete(i, 60, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, 1U << 0);
	}
	assert_null(e1000_rx_peek(&nic, &len));
	assert_int_equal(nic.stats.rx_errors, RXN);
	assert_int_equal(nic.rx_next, 0);
	assert_int_equal(reg(E1000_RDT), RXN - 1U);
	for (uint32_t i = 0; i < RXN; i++) {
		assert_int_equal(nic.rx_ring[i].status, 0);
	}
}

static void rx_wraps_around_ring(void **state)
{
	size_t len;

	for (uint32_t n = 0; n < 3U * RXN + 5U; n++) {
		uint32_t i = n % RXN;

		assert_int_equal(nic.rx_next, i);
		rx_good(i, (uint16_t)(60U + n % 1000U));
		assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(i));
		assert_int_equal(len, 60U + n % 1000U);
		e1000_rx_done(&nic);
		/* The device owns everything but the slot just emptied. */
		assert_int_equal(reg(E1000_RDT), i);
		assert_int_equal(nic.rx_next, (i + 1U) % RXN);
	}
	assert_int_equal(nic.stats.rx_frames, 3U * RXN + 5U);
}

static void rx_wrap_with_frames_straddling_end(void **state)
{
	size_t len;

	for (uint32_t i = 0; i < RXN - 2U; i++) {
		rx_good(i, 60);
		assert_non_null(e1000_rx_peek(&nic, &len));
		e1000_rx_done(&nic);
	}
	rx_good(RXN - 2U, 61);
	rx_good(RXN - 1U, 62);
	rx_good(0, 63);
	for (uint32_t k = 0; k < 3; k++) {
		uint32_t i = (RXN - 2U + k) % RXN;

		assert_ptr_equal(e1000_rx_peek(&nic, &len), rx_buf(i));
		assert_int_equal(len, 61U + k);
		e1000_rx_done(&nic);
		assert_int_equal(reg(E1000_RDT), i);
	}
	assert_int_equal(nic.rx_next, 1);
}

/* --- transmit ------------------------------------------------------------------- */

static void tx_start_programs_ring(void **state)
{
	assert_int_equal(reg(E1000_TDBAL), (uint32_t)addr(nic.tx_ring));
	assert_int_equal(reg(E1000_TDBAH), (uint32_t)(addr(nic.tx_ring) >> 32));
	assert_int_equal(reg(E1000_TDLEN), TXN * 16U);
	assert_int_equal(reg(E1000_TDH), 0);
	assert_int_equal(reg(E1000_TDT), 0);
	assert_true(reg(E1000_TCTL) & E1000_TCTL_EN);
	assert_true(reg(E1000_TCTL) & E1000_TCTL_PSP);
}

static void tx_send_fills_descriptor_and_tail(void **state)
{
	uint8_t *buf = e1000_tx_buffer(&nic);

	assert_ptr_equal(buf, tx_buf(0));
	memset(buf, 0xab, 60);
	assert_int_equal(e1000_tx_send(&nic, 60), 0);
	assert_int_equal(nic.tx_ring[0].buffer, addr(tx_buf(0)));
	assert_int_equal(nic.tx_ring[0].length, 60);
	assert_int_equal(nic.tx_ring[0].cmd,
			 E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS);
	assert_int_equal(nic.tx_ring[0].status, 0);
	assert_int_equal(reg(E1000_TDT), 1);
	assert_int_equal(nic.tx_in_flight, 1);
	assert_int_equal(nic.stats.tx_frames, 1);
	assert_int_equal(nic.stats.tx_bytes, 60);
	assert_ptr_equal(e1000_tx_buffer(&nic), tx_buf(1));
}

static void tx_length_limits(void **state)
{
	assert_int_equal(e1000_tx_send(&nic, 0), -EINVAL);
	assert_int_equal(e1000_tx_send(&nic, E1000_FRAME_MIN - 1U), -EINVAL);
	assert_int_equal(e1000_tx_send(&nic, E1000_FRAME_MAX + 1U), -EINVAL);
	assert_int_equal(e1000_tx_send(&nic, (size_t)BUF + 1U), -EINVAL);
	assert_int_equal(e1000_tx_send(&nic, SIZE_MAX), -EINVAL);
	assert_int_equal(reg(E1000_TDT), 0);
	assert_int_equal(nic.tx_in_flight, 0);
	assert_int_equal(nic.stats.tx_frames, 0);
	assert_int_equal(nic.tx_ring[0].length, 0);
	assert_int_equal(e1000_tx_send(&nic, E1000_FRAME_MIN), 0);
	assert_int_equal(e1000_tx_send(&nic, E1000_FRAME_MAX), 0);
	assert_int_equal(nic.tx_ring[1].length, 1518);
	assert_int_equal(reg(E1000_TDT), 2);
}

static void fill_tx_ring(void)
{
	for (uint32_t i = 0; i < TXN - 1U; i++) {
		assert_non_null(e1000_tx_buffer(&nic));
		assert_int_equal(e1000_tx_send(&nic, 60), 0);
	}
}

static void tx_ring_full_keeps_one_slot(void **state)
{
	fill_tx_ring();
	assert_int_equal(reg(E1000_TDT), TXN - 1U);
	assert_null(e1000_tx_buffer(&nic));
	assert_int_equal(nic.stats.tx_ring_full, 1);
	assert_int_equal(e1000_tx_send(&nic, 60), -ENOBUFS);
	assert_int_equal(reg(E1000_TDT), TXN - 1U);	/* never catches up with TDH */
	assert_int_equal(nic.tx_in_flight, TXN - 1U);
	assert_int_equal(nic.stats.tx_frames, TXN - 1U);
}

static void tx_reclaim_frees_sent_descriptors(void **state)
{
	fill_tx_ring();
	for (uint32_t i = 0; i < 5; i++) {
		tx_sent(i);
	}
	assert_ptr_equal(e1000_tx_buffer(&nic), tx_buf(TXN - 1U));
	assert_int_equal(nic.tx_in_flight, TXN - 6U);
	assert_int_equal(nic.tx_clean, 5);
	assert_int_equal(nic.stats.tx_ring_full, 0);
}

static void tx_reclaim_stops_at_unsent_descriptor(void **state)
{
	fill_tx_ring();
	tx_sent(1);
	tx_sent(2);
	assert_null(e1000_tx_buffer(&nic));	/* 0 is still the device's */
	assert_int_equal(nic.tx_clean, 0);
	tx_sent(0);
	assert_non_null(e1000_tx_buffer(&nic));
	assert_int_equal(nic.tx_clean, 3);
	assert_int_equal(nic.tx_in_flight, TXN - 4U);
}

static void tx_stale_dd_not_taken_after_wrap(void **state)
{
	fill_tx_ring();
	for (uint32_t i = 0; i < TXN - 1U; i++) {
		tx_sent(i);
	}
	assert_non_null(e1000_tx_buffer(&nic));
	assert_int_equal(nic.tx_in_flight, 0);
	/* Refill over descriptors whose DD is still set from the last lap. */
	fill_tx_ring();
	assert_null(e1000_tx_buffer(&nic));
	assert_int_equal(nic.tx_in_flight, TXN - 1U);
	assert_int_equal(reg(E1000_TDT), (2U * (TXN - 1U)) % TXN);
}

static void tx_wraps_around_ring(void **state)
{
	for (uint32_t n = 0; n < 3U * TXN + 7U; n++) {
		uint32_t i = n % TXN;

		assert_ptr_equal(e1000_tx_buffer(&nic), tx_buf(i));
		assert_int_equal(e1000_tx_send(&nic, 60U + n), 0);
		assert_int_equal(nic.tx_ring[i].length, 60U + n);
		assert_int_equal(nic.tx_ring[i].buffer, addr(tx_buf(i)));
		assert_int_equal(reg(E1000_TDT), (i + 1U) % TXN);
		tx_sent(i);
	}
	assert_int_equal(nic.stats.tx_frames, 3U * TXN + 7U);
	assert_int_equal(nic.stats.tx_ring_full, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(alloc_gives_room_for_every_descriptor_and_buffer, setup, teardown),
		cmocka_unit_test(alloc_failure_frees_everything),
		cmocka_unit_test_setup_teardown(rx_start_programs_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_empty_ring_returns_null, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_without_dd_is_not_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_good_frame_passed_on, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_done_hands_descriptor_back, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_frames_come_in_ring_order, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_minimum_and_maximum_lengths_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_too_short_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_zero_length_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_too_long_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_buffer_size_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_longer_than_buffer_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_each_error_bit_drops_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_frame_over_descriptors_dropped_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_fragment_across_polls_still_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_two_fragmented_frames_counted_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_device_buffer_address_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_ring_full_of_bad_descriptors_handed_back, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_wraps_around_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(rx_wrap_with_frames_straddling_end, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_start_programs_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_send_fills_descriptor_and_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_length_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_ring_full_keeps_one_slot, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_reclaim_frees_sent_descriptors, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_reclaim_stops_at_unsent_descriptor, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_stale_dd_not_taken_after_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_wraps_around_ring, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

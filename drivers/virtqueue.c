/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueues, the driver's side (virtio 1.2 section 2.7).
 *
 * Indices: avail->idx and used->idx are free-running 16-bit counters that
 * wrap at 65536; the ring slot is the index modulo the queue size, which
 * the wrap keeps consistent because the size is a power of two (2.7).
 *
 * Ordering (2.7.13): descriptors and the ring entry are written before the
 * available index, the available index before the used flags are read, and
 * the used index before the element it covers.  The fences below are the
 * C11 ones: on x86 the release and acquire fences only stop the compiler
 * (stores and loads keep program order, SDM Vol. 3A 8.2.2), the full one is
 * an MFENCE because a load may pass an earlier store.
 */
#include <errno.h>
#include <string.h>

#include "drivers/virtqueue.h"

#define VIRTQ_USED_ALIGN	4U	/* 2.7: the used ring is 4-byte aligned */

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1U) & ~(a - 1U);
}

size_t virtqueue_avail_offset(uint16_t size)
{
	return sizeof(struct virtq_desc) * size;
}

size_t virtqueue_used_offset(uint16_t size)
{
	/* flags, idx, ring[size], used_event */
	size_t avail_len = sizeof(uint16_t) * (3U + (size_t)size);

	return align_up(virtqueue_avail_offset(size) + avail_len, VIRTQ_USED_ALIGN);
}

size_t virtqueue_mem_size(uint16_t size)
{
	/* flags, idx, ring[size], avail_event */
	size_t used_len = 2U * sizeof(uint16_t) + sizeof(struct virtq_used_elem) * size +
			  sizeof(uint16_t);

	return virtqueue_used_offset(size) + used_len;
}

static bool size_valid(uint16_t size)
{
	return size != 0U && (size & (size - 1U)) == 0U && size <= VIRTQUEUE_SIZE_MAX;
}

int virtqueue_init(struct virtqueue *vq, void *mem, uint16_t size, uint16_t avail_flags)
{
	uint8_t *base = mem;

	if (!size_valid(size) || mem == NULL || (uintptr_t)mem % VIRTQUEUE_MEM_ALIGN != 0U) {
		return -EINVAL;
	}
	memset(vq, 0, sizeof(*vq));
	memset(mem, 0, virtqueue_mem_size(size));
	vq->size = size;
	vq->desc = (volatile struct virtq_desc *)base;
	vq->avail = (volatile struct virtq_avail *)(base + virtqueue_avail_offset(size));
	vq->used = (volatile struct virtq_used *)(base + virtqueue_used_offset(size));
	vq->avail->flags = avail_flags;
	for (uint16_t i = 0; i < size; i++) {
		vq->slot[i].next_free = (uint16_t)(i + 1U);
	}
	vq->free_head = 0;
	vq->free_count = size;
	return 0;
}

/* Readable buffers first, then writable ones (2.7.4.2); their writable total. */
static int chain_check(const struct virtqueue_buf *bufs, uint16_t count, uint32_t *writable)
{
	bool seen_writable = false;
	uint64_t total = 0;

	if (count == 0U) {
		return -EINVAL;
	}
	for (uint16_t i = 0; i < count; i++) {
		if (seen_writable && !bufs[i].device_writes) {
			return -EINVAL;
		}
		seen_writable = bufs[i].device_writes;
		total += seen_writable ? bufs[i].len : 0U;
	}
	if (total > UINT32_MAX) {
		return -EINVAL;
	}
	*writable = (uint32_t)total;
	return 0;
}

/* Take `count` descriptors off the free list and fill them as one chain; the head. */
static uint16_t chain_fill(struct virtqueue *vq, const struct virtqueue_buf *bufs, uint16_t count)
{
	uint16_t head = vq->free_head, at = head;

	for (uint16_t i = 0; i < count; i++) {
		uint16_t next = vq->slot[at].next_free;
		bool last = i + 1U == count;

		vq->desc[at].addr = bufs[i].addr;
		vq->desc[at].len = bufs[i].len;
		vq->desc[at].flags = (uint16_t)((bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0U) |
						(last ? 0U : VIRTQ_DESC_F_NEXT));
		vq->desc[at].next = last ? 0U : next;
		if (last) {
			vq->free_head = next;
		}
		at = next;
	}
	vq->free_count = (uint16_t)(vq->free_count - count);
	return head;
}

int virtqueue_add(struct virtqueue *vq, const struct virtqueue_buf *bufs, uint16_t count,
		  uint32_t cookie)
{
	uint32_t writable;
	uint16_t head;
	int err;

	if (vq->broken) {
		return -EIO;
	}
	err = chain_check(bufs, count, &writable);
	if (err != 0) {
		return err;
	}
	if (count > vq->free_count) {
		return -ENOSPC;
	}
	head = chain_fill(vq, bufs, count);
	vq->slot[head].cookie = cookie;
	vq->slot[head].writable = writable;
	vq->slot[head].chain = count;
	vq->avail->ring[vq->avail_idx & (vq->size - 1U)] = head;
	/* The descriptors and the ring entry before the index that publishes them (2.7.13.2). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	vq->avail_idx++;
	vq->avail->idx = vq->avail_idx;
	vq->in_flight++;
	vq->stats.added++;
	return 0;
}

bool virtqueue_kick_needed(struct virtqueue *vq)
{
	/* The index store must be visible before the flags are read (2.7.13.4). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !(vq->used->flags & VIRTQ_USED_F_NO_NOTIFY);
}

/* Put a completed chain's descriptors back on the free list, following our own links. */
static void chain_free(struct virtqueue *vq, uint16_t head)
{
	uint16_t count = vq->slot[head].chain, last = head;

	for (uint16_t i = 1; i < count; i++) {
		last = vq->slot[last].next_free;
	}
	vq->slot[last].next_free = vq->free_head;
	vq->free_head = head;
	vq->free_count = (uint16_t)(vq->free_count + count);
	vq->slot[head].chain = 0;
	vq->in_flight--;
}

int virtqueue_get_used(struct virtqueue *vq, struct virtqueue_done *done)
{
	uint16_t used_idx, pending;
	struct virtq_used_elem e;

	if (vq->broken) {
		return -EIO;
	}
	used_idx = vq->used->idx;
	pending = (uint16_t)(used_idx - vq->last_used);
	if (pending == 0U) {
		return -EAGAIN;
	}
	if (pending > vq->in_flight) {
		/* More completions than chains it holds: nothing it says can be believed. */
		vq->broken = true;
		return -EIO;
	}
	/* The index before the element it covers (2.7.13.1). */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	e.id = vq->used->ring[vq->last_used & (vq->size - 1U)].id;
	e.len = vq->used->ring[vq->last_used & (vq->size - 1U)].len;
	vq->last_used++;
	if (e.id >= vq->size || vq->slot[e.id].chain == 0U) {
		vq->stats.bad_id++;
		return -EPROTO;
	}
	done->cookie = vq->slot[e.id].cookie;
	done->len = e.len;
	vq->stats.completed++;
	if (e.len > vq->slot[e.id].writable) {
		vq->stats.bad_len++;
		done->len = 0;
		chain_free(vq, (uint16_t)e.id);
		return -EMSGSIZE;
	}
	chain_free(vq, (uint16_t)e.id);
	return 0;
}

uint16_t virtqueue_free_count(const struct virtqueue *vq)
{
	return vq->free_count;
}

uint16_t virtqueue_in_flight(const struct virtqueue *vq)
{
	return vq->in_flight;
}

/* SPDX-License-Identifier: MIT */
/*
 * The driver's side of a split virtqueue (virtio 1.2 section 2.7): the
 * descriptor table, the available ring the driver fills and the used ring
 * the device fills, in one block of memory the caller provides (the
 * firmware: identity-mapped pages; the unit tests: host memory).
 *
 * Portable: no MMIO, no allocation, no notification.  The transport
 * (drivers/virtio_pci.c) tells the device where the three parts are and
 * rings its doorbell when virtqueue_kick_needed() says so.
 *
 * Trust: everything the driver needs to know about its own buffers (free
 * descriptors, chain lengths, the caller's cookie) is kept in the private
 * state, never read back from memory the device can write.  What the
 * device writes (the used ring) is checked before it is believed.
 */
#ifndef VMANHV_DRIVERS_VIRTQUEUE_H
#define VMANHV_DRIVERS_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* virtio is little endian (virtio 1.2 1.4); so is every machine this runs on. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "virtqueue.h assumes little endian");

/* The largest queue this driver sets up (the spec allows 32768, 2.7). */
#define VIRTQUEUE_SIZE_MAX		256U

/* Descriptor flags (2.7.5). */
#define VIRTQ_DESC_F_NEXT	1U
#define VIRTQ_DESC_F_WRITE	2U	/* device writes the buffer (else reads it) */
/* Available ring flags (2.7.6): we poll, so the device need not interrupt. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1U
/* Used ring flags (2.7.8): the device does not need to be notified. */
#define VIRTQ_USED_F_NO_NOTIFY	1U

/* The three parts as the device sees them (2.7.5, 2.7.6, 2.7.8). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then used_event, unused without VIRTIO_F_EVENT_IDX */
};

struct virtq_used_elem {
	uint32_t id;		/* head of the chain */
	uint32_t len;		/* bytes the device wrote into the chain */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];	/* then avail_event */
};

/* One buffer of a chain handed to the device. */
struct virtqueue_buf {
	uint64_t addr;		/* as the device addresses it (physical) */
	uint32_t len;
	bool device_writes;	/* VIRTQ_DESC_F_WRITE */
};

/* A completed chain taken off the used ring. */
struct virtqueue_done {
	uint32_t cookie;	/* what the caller gave virtqueue_add() */
	uint32_t len;		/* bytes the device says it wrote, <= the chain's writable bytes */
};

/* Private per-descriptor state: only this side writes it. */
struct virtqueue_slot {
	uint32_t cookie;
	uint32_t writable;	/* total device-writable bytes of the chain (heads only) */
	uint16_t next_free;	/* free list link; also the chain link of busy descriptors */
	uint16_t chain;		/* descriptors in the chain (heads only, 0: not a busy head) */
};

struct virtqueue_stats {
	uint64_t added, completed;
	uint64_t bad_id;	/* a used element naming no chain the device holds */
	uint64_t bad_len;	/* a used length beyond the chain's writable bytes */
};

struct virtqueue {
	uint16_t size;				/* a power of two, <= VIRTQUEUE_SIZE_MAX */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;

	uint16_t free_head;			/* first free descriptor */
	uint16_t free_count;
	uint16_t avail_idx;			/* our copy of avail->idx, free running */
	uint16_t last_used;			/* the next used element to consume, free running */
	uint16_t in_flight;			/* chains the device holds */
	bool broken;				/* the device broke the used-ring rules */
	struct virtqueue_slot slot[VIRTQUEUE_SIZE_MAX];
	struct virtqueue_stats stats;
};

/* Offsets of the parts in the block, and the block's size, for `size` entries. */
size_t virtqueue_avail_offset(uint16_t size);
size_t virtqueue_used_offset(uint16_t size);
size_t virtqueue_mem_size(uint16_t size);
/* Alignment the block needs (the descriptor table: 16 bytes, 2.7). */
#define VIRTQUEUE_MEM_ALIGN		16U

/*
 * Lay the queue out in `mem` (virtqueue_mem_size(size) bytes, VIRTQUEUE_MEM_ALIGN
 * aligned; zeroed here) with every descriptor free.  `flags` goes into the
 * available ring (VIRTQ_AVAIL_F_NO_INTERRUPT for a polled queue).
 * 0, or -EINVAL for a size that is 0, not a power of two or above
 * VIRTQUEUE_SIZE_MAX, or for misaligned memory.
 */
int virtqueue_init(struct virtqueue *vq, void *mem, uint16_t size, uint16_t avail_flags);

/*
 * Chain `count` buffers (device-readable ones first, then device-writable
 * ones, as 2.7.4.2 requires) and make the chain available to the device.
 * `cookie` comes back with it from virtqueue_get_used().
 * 0, -EINVAL (no buffers, a readable buffer after a writable one),
 * -ENOSPC (fewer free descriptors than buffers: the ring is full),
 * -EIO (the queue is broken).
 */
int virtqueue_add(struct virtqueue *vq, const struct virtqueue_buf *bufs, uint16_t count,
		  uint32_t cookie);

/*
 * True when the device wants a notification for what was added (its used
 * ring does not say VIRTQ_USED_F_NO_NOTIFY).  Orders our stores of the
 * available index before the load of the flags (2.7.13.4).
 */
bool virtqueue_kick_needed(struct virtqueue *vq);

/*
 * Take the next completed chain off the used ring and free its descriptors.
 * 0 with *done filled, -EAGAIN when the device has completed nothing new,
 * -EPROTO for an element naming no chain the device holds (skipped and
 * counted), -EMSGSIZE for a length beyond the chain's writable bytes (the
 * chain is freed and returned in *done with len clamped to 0; counted),
 * -EIO once the device has claimed more completions than chains it holds
 * (the queue is then broken for good: it needs a device reset).
 */
int virtqueue_get_used(struct virtqueue *vq, struct virtqueue_done *done);

/* Free descriptors, and chains the device holds. */
uint16_t virtqueue_free_count(const struct virtqueue *vq);
uint16_t virtqueue_in_flight(const struct virtqueue *vq);

#endif

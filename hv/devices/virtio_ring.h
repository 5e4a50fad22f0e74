/* SPDX-License-Identifier: MIT */
/*
 * The device's side of a split virtqueue (virtio 1.2 2.7): taking the
 * descriptor chains the driver made available and returning them on the
 * used ring.  The guest owns all three parts and may write anything into
 * them at any time, so nothing read from them is believed before it is
 * checked: indexes against the queue size, chains against loops, buffers
 * against guest RAM.  Guest memory is reached only through the accessors
 * in struct virtio_guest_mem (vm_gpa_read/vm_gpa_write in the firmware),
 * which refuse anything outside the guest's RAM.  A malformed queue is
 * reported with a reason; the transport then marks the device
 * DEVICE_NEEDS_RESET (2.1.1).  Portable: no firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_VIRTIO_RING_H
#define VMANHV_HV_DEVICES_VIRTIO_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest queue a device offers (QueueNumMax); the spec allows 32768. */
#define VIRTQ_NUM_MAX		256U
/*
 * The longest chain a device takes.  Longer ones (and loops, which are
 * endless chains) are refused: a bound that keeps a chain on the stack.
 */
#define VIRTQ_CHAIN_MAX		32U
/* Descriptor flags (2.7.5). */
#define VIRTQ_DESC_F_NEXT	1U
#define VIRTQ_DESC_F_WRITE	2U
#define VIRTQ_DESC_F_INDIRECT	4U	/* VIRTIO_F_INDIRECT_DESC is not offered */
/* Available ring flags (2.7.7): the driver does not want an interrupt. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1U

/* Guest memory: 0, or a negative errno when the range is not all guest RAM. */
struct virtio_guest_mem {
	int (*read)(void *ctx, uint64_t gpa, void *dst, size_t len);
	int (*write)(void *ctx, uint64_t gpa, const void *src, size_t len);
	void *ctx;
};

/* A queue as the driver set it up through the transport. */
struct virtq {
	uint16_t num;			/* QueueNum: a power of 2, at most VIRTQ_NUM_MAX */
	bool ready;
	uint64_t desc, avail, used;	/* descriptor table, driver area, device area */
	uint16_t last_avail;		/* next available-ring entry to take */
	uint16_t used_idx;		/* the used ring's idx as this device wrote it */
};

/* One buffer of a chain. */
struct virtq_buf {
	uint64_t addr;
	uint32_t len;
	bool device_writes;		/* VIRTQ_DESC_F_WRITE */
};

/* A chain taken off the available ring, its buffers in order. */
struct virtq_chain {
	uint16_t head;
	uint16_t count;
	struct virtq_buf buf[VIRTQ_CHAIN_MAX];
};

/*
 * Check a queue's layout before it becomes ready (2.7: size a power of 2;
 * alignment of the three parts, 2.7.1 table; all of them in guest RAM).
 * NULL when good, else why not.
 */
const char *virtq_check(const struct virtq *q, const struct virtio_guest_mem *mem);
/*
 * Take the next available chain.  1 with *chain filled, 0 when the ring is
 * empty, -EINVAL with *why set for a malformed ring: the available index
 * more than num ahead, a head or next index past the table, a chain longer
 * than the table (a loop) or VIRTQ_CHAIN_MAX, an indirect descriptor, a buffer outside RAM;
 * -EFAULT when a ring itself is no longer in RAM.
 */
int virtq_pop(struct virtq *q, const struct virtio_guest_mem *mem, struct virtq_chain *chain,
	      const char **why);
/*
 * Return a chain on the used ring with `written` bytes written into it.
 * 0, or -EFAULT (the used ring is not in RAM).
 */
int virtq_push(struct virtq *q, const struct virtio_guest_mem *mem, uint16_t head,
	       uint32_t written);
/* Whether the driver wants an interrupt for used buffers (2.7.7, no EVENT_IDX). */
bool virtq_wants_interrupt(const struct virtq *q, const struct virtio_guest_mem *mem);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueue, device side (virtio 1.2 2.7).  Layout of the parts the
 * driver allocates (2.7.5, 2.7.6, 2.7.8), all little endian:
 *
 *   descriptor table   num x { le64 addr; le32 len; le16 flags; le16 next }
 *   driver area        le16 flags; le16 idx; le16 ring[num]; (le16 used_event)
 *   device area        le16 flags; le16 idx; { le32 id; le32 len } ring[num]; (le16 avail_event)
 *
 * Each field is read once into a local and checked there: the guest may
 * change the ring between two reads, so a value is never read twice.
 */
#include <errno.h>

#include "hv/devices/virtio_ring.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "virtio rings are little endian");

#define DESC_SIZE	16U
#define AVAIL_RING	4U	/* offset of ring[] in the driver area */
#define USED_RING	4U
#define USED_ELEM_SIZE	8U
#define RING_IDX	2U	/* offset of idx in both areas */

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
} __attribute__((packed));

static uint64_t desc_table_bytes(uint16_t num)
{
	return (uint64_t)num * DESC_SIZE;
}

static uint64_t avail_bytes(uint16_t num)
{
	return AVAIL_RING + 2ULL * num + 2U;
}

static uint64_t used_bytes(uint16_t num)
{
	return USED_RING + (uint64_t)USED_ELEM_SIZE * num + 2U;
}

/* In RAM: a zero-length read of the last byte's range would prove nothing, so read one. */
static bool in_ram(const struct virtio_guest_mem *mem, uint64_t gpa, uint64_t len)
{
	uint8_t byte;

	if (len == 0U) {
		return true;
	}
	if (gpa + len < gpa) {
		return false;
	}
	return mem->read(mem->ctx, gpa, &byte, 1) == 0 &&
	       mem->read(mem->ctx, gpa + len - 1U, &byte, 1) == 0;
}

const char *virtq_check(const struct virtq *q, const struct virtio_guest_mem *mem)
{
	if (q->num == 0U || q->num > VIRTQ_NUM_MAX || (q->num & (q->num - 1U)) != 0U) {
		return "queue size is not a power of 2 up to QueueNumMax";
	}
	/* Alignment: descriptor table 16, driver area 2, device area 4 (2.7, table). */
	if ((q->desc % 16U) != 0U || (q->avail % 2U) != 0U || (q->used % 4U) != 0U) {
		return "queue part misaligned";
	}
	if (!in_ram(mem, q->desc, desc_table_bytes(q->num)) ||
	    !in_ram(mem, q->avail, avail_bytes(q->num)) ||
	    !in_ram(mem, q->used, used_bytes(q->num))) {
		return "queue part outside guest RAM";
	}
	return NULL;
}

static int read_desc(const struct virtq *q, const struct virtio_guest_mem *mem, uint16_t i,
		     struct desc *d)
{
	return mem->read(mem->ctx, q->desc + (uint64_t)i * DESC_SIZE, d, sizeof(*d));
}

/* Follow a chain from head; every buffer must lie in guest RAM. */
static int walk_chain(const struct virtq *q, const struct virtio_guest_mem *mem, uint16_t head,
		      struct virtq_chain *chain, const char **why)
{
	uint16_t i = head;
	struct desc d;

	chain->head = head;
	chain->count = 0;
	for (;;) {
		if (chain->count == q->num) {
			*why = "descriptor chain longer than the queue (a loop)";
			return -EINVAL;
		}
		if (chain->count == VIRTQ_CHAIN_MAX) {
			*why = "descriptor chain longer than 32 buffers";
			return -EINVAL;
		}
		if (read_desc(q, mem, i, &d) != 0) {
			return -EFAULT;
		}
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			*why = "indirect descriptor, not negotiated";
			return -EINVAL;
		}
		if (!in_ram(mem, d.addr, d.len)) {
			*why = "descriptor buffer outside guest RAM";
			return -EINVAL;
		}
		chain->buf[chain->count++] = (struct virtq_buf){
			d.addr, d.len, (d.flags & VIRTQ_DESC_F_WRITE) != 0U
		};
		if (!(d.flags & VIRTQ_DESC_F_NEXT)) {
			return 1;
		}
		if (d.next >= q->num) {
			*why = "descriptor next index past the table";
			return -EINVAL;
		}
		i = d.next;
	}
}

int virtq_pop(struct virtq *q, const struct virtio_guest_mem *mem, struct virtq_chain *chain,
	      const char **why)
{
	uint16_t avail_idx, head;
	uint64_t slot;

	if (mem->read(mem->ctx, q->avail + RING_IDX, &avail_idx, sizeof(avail_idx)) != 0) {
		return -EFAULT;
	}
	if (avail_idx == q->last_avail) {
		return 0;
	}
	if ((uint16_t)(avail_idx - q->last_avail) > q->num) {
		*why = "available index ran more than the queue size ahead";
		return -EINVAL;
	}
	/* The ring entry is read after idx (2.7.13.3: the driver writes it first). */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	slot = q->avail + AVAIL_RING + 2ULL * (q->last_avail % q->num);
	if (mem->read(mem->ctx, slot, &head, sizeof(head)) != 0) {
		return -EFAULT;
	}
	if (head >= q->num) {
		*why = "available ring names a descriptor past the table";
		return -EINVAL;
	}
	q->last_avail++;
	return walk_chain(q, mem, head, chain, why);
}

int virtq_push(struct virtq *q, const struct virtio_guest_mem *mem, uint16_t head,
	       uint32_t written)
{
	uint32_t elem[2] = { head, written };
	uint64_t slot = q->used + USED_RING + (uint64_t)USED_ELEM_SIZE * (q->used_idx % q->num);
	uint16_t idx = (uint16_t)(q->used_idx + 1U);

	if (mem->write(mem->ctx, slot, elem, sizeof(elem)) != 0) {
		return -EFAULT;
	}
	/* The element is visible before the index that publishes it (2.7.8.2). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (mem->write(mem->ctx, q->used + RING_IDX, &idx, sizeof(idx)) != 0) {
		return -EFAULT;
	}
	q->used_idx = idx;
	return 0;
}

bool virtq_wants_interrupt(const struct virtq *q, const struct virtio_guest_mem *mem)
{
	uint16_t flags;

	/* Unreadable flags: interrupt anyway, the driver sorts it out. */
	if (mem->read(mem->ctx, q->avail, &flags, sizeof(flags)) != 0) {
		return true;
	}
	return !(flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

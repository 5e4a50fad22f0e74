/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio version 2 (virtio 1.2 4.2.2, 4.2.3).  The driver's
 * initialization sequence (3.1.1) is followed, not enforced step by step:
 * what matters to the device is checked where it matters: features at
 * FEATURES_OK (refused by leaving the bit clear, 2.2.2), a queue's layout
 * at QueueReady, DRIVER_OK before a notification is acted on.  A queue
 * that turns out malformed marks the device DEVICE_NEEDS_RESET; the device
 * then does nothing until the driver writes 0 to Status (2.1.1, 2.4).
 */
#include <stddef.h>

#include "hv/devices/virtio_mmio.h"

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
		      const struct virtio_guest_mem *mem, virtio_irq_fn irq,
		      virtio_report_fn report, void *ctx)
{
	*t = (struct virtio_mmio){ .ops = ops, .dev = dev, .mem = *mem, .irq = irq,
				   .report = report, .ctx = ctx };
}

static uint64_t offered_features(const struct virtio_mmio *t)
{
	return t->ops->features | VIRTIO_F_VERSION_1;
}

static void irq_update(struct virtio_mmio *t)
{
	bool level = t->interrupt_status != 0U;

	if (level != t->irq_level) {
		t->irq_level = level;
		if (level) {
			t->interrupts++;
		}
		t->irq(t->ctx, level);
	}
}

static void interrupt(struct virtio_mmio *t, uint32_t why)
{
	t->interrupt_status |= why;
	irq_update(t);
}

void virtio_mmio_used(struct virtio_mmio *t, uint16_t queue)
{
	if (virtq_wants_interrupt(&t->queue[queue], &t->mem)) {
		interrupt(t, VIRTIO_INT_USED_BUFFER);
	}
}

void virtio_mmio_fail(struct virtio_mmio *t, const char *why)
{
	if (t->status & VIRTIO_STATUS_NEEDS_RESET) {
		return;
	}
	t->status |= VIRTIO_STATUS_NEEDS_RESET;
	t->error = why;
	t->report(t->ctx, why);
	interrupt(t, VIRTIO_INT_CONFIG_CHANGE);
}

/* Status 0: back to the state after power-on (2.4, 4.2.3.1.1). */
static void device_reset(struct virtio_mmio *t)
{
	t->status = 0;
	t->device_features_sel = t->driver_features_sel = t->queue_sel = 0;
	t->driver_features = 0;
	t->interrupt_status = 0;
	t->error = NULL;
	for (uint32_t i = 0; i < VIRTIO_MMIO_QUEUES_MAX; i++) {
		t->queue[i] = (struct virtq){ 0 };
	}
	irq_update(t);
}

/* The selected queue, NULL when QueueSel names none. */
static struct virtq *selected(struct virtio_mmio *t)
{
	return t->queue_sel < t->ops->num_queues && t->queue_sel < VIRTIO_MMIO_QUEUES_MAX ?
		       &t->queue[t->queue_sel] : NULL;
}

static uint32_t queue_read(struct virtio_mmio *t, uint64_t reg)
{
	struct virtq *q = selected(t);

	if (q == NULL) {
		return 0;	/* QueueNumMax 0: no such queue (4.2.3.2) */
	}
	switch (reg) {
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return VIRTQ_NUM_MAX;
	case VIRTIO_MMIO_QUEUE_READY:
		return q->ready;
	default:
		return 0;
	}
}

static uint32_t reg_read(struct virtio_mmio *t, uint64_t reg)
{
	switch (reg) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION_REG:
		return VIRTIO_MMIO_VERSION;
	case VIRTIO_MMIO_DEVICE_ID:
		return t->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return t->device_features_sel < 2U ?
			       (uint32_t)(offered_features(t) >> (32U * t->device_features_sel)) : 0U;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
	case VIRTIO_MMIO_QUEUE_READY:
		return queue_read(t, reg);
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return t->interrupt_status;
	case VIRTIO_MMIO_STATUS:
		return t->status;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		return 0xFFFFFFFFU;	/* no shared memory regions: length -1 (4.2.2) */
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return t->config_generation;
	default:
		return 0;		/* write-only and reserved registers */
	}
}

static void features_write(struct virtio_mmio *t, uint32_t v)
{
	uint32_t shift = 32U * t->driver_features_sel;

	/* Features are fixed once FEATURES_OK was accepted (3.1.1 step 5). */
	if (t->driver_features_sel >= 2U || (t->status & VIRTIO_STATUS_FEATURES_OK)) {
		return;
	}
	t->driver_features = (t->driver_features & ~(0xFFFFFFFFULL << shift)) |
			     ((uint64_t)v << shift);
}

/*
 * FEATURES_OK is kept only for a subset of what was offered that has
 * VERSION_1 (a legacy driver is not served, 6.1); otherwise the driver
 * reads it back clear and gives up (3.1.1 step 6).
 */
static bool features_acceptable(const struct virtio_mmio *t)
{
	return (t->driver_features & ~offered_features(t)) == 0U &&
	       (t->driver_features & VIRTIO_F_VERSION_1) != 0U;
}

static void status_write(struct virtio_mmio *t, uint32_t v)
{
	if (v == 0U) {
		device_reset(t);
		return;
	}
	if ((v & VIRTIO_STATUS_FEATURES_OK) && !(t->status & VIRTIO_STATUS_FEATURES_OK) &&
	    !features_acceptable(t)) {
		v &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	/* NEEDS_RESET is the device's bit: only a reset clears it. */
	t->status = (v & 0xFFU & ~VIRTIO_STATUS_NEEDS_RESET) |
		    (t->status & VIRTIO_STATUS_NEEDS_RESET);
}

static void set_half(uint64_t *field, bool high, uint32_t v)
{
	uint32_t shift = high ? 32U : 0U;

	*field = (*field & ~(0xFFFFFFFFULL << shift)) | ((uint64_t)v << shift);
}

static void queue_ready_write(struct virtio_mmio *t, struct virtq *q, uint32_t v)
{
	const char *why;

	if (v == 0U) {
		q->ready = false;
		return;
	}
	why = virtq_check(q, &t->mem);
	if (why != NULL) {
		virtio_mmio_fail(t, why);
		return;
	}
	q->last_avail = 0;
	q->used_idx = 0;
	q->ready = true;
}

/* Queue registers; the layout is the driver's to change only while the queue is not ready. */
static void queue_write(struct virtio_mmio *t, uint64_t reg, uint32_t v)
{
	struct virtq *q = selected(t);

	if (q == NULL) {
		return;
	}
	if (reg == VIRTIO_MMIO_QUEUE_READY) {
		queue_ready_write(t, q, v);
		return;
	}
	if (q->ready) {
		return;
	}
	switch (reg) {
	case VIRTIO_MMIO_QUEUE_NUM:
		q->num = (uint16_t)(v > 0xFFFFU ? 0U : v);	/* 0 fails virtq_check */
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc, reg == VIRTIO_MMIO_QUEUE_DESC_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&q->avail, reg == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, v);
		break;
	default:
		set_half(&q->used, reg == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, v);
		break;
	}
}

static void queue_notify(struct virtio_mmio *t, uint32_t index)
{
	t->notifies++;
	if (index >= t->ops->num_queues || index >= VIRTIO_MMIO_QUEUES_MAX ||
	    !t->queue[index].ready || !(t->status & VIRTIO_STATUS_DRIVER_OK) ||
	    (t->status & VIRTIO_STATUS_NEEDS_RESET)) {
		return;		/* nothing to do: a spurious notification is harmless */
	}
	t->ops->notify(t->dev, t, (uint16_t)index);
}

static void reg_write(struct virtio_mmio *t, uint64_t reg, uint32_t v)
{
	switch (reg) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->device_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		features_write(t, v);
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->driver_features_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		queue_write(t, reg, v);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		queue_notify(t, v);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		t->interrupt_status &= ~v;
		irq_update(t);
		break;
	case VIRTIO_MMIO_STATUS:
		status_write(t, v);
		break;
	default:
		break;		/* read-only and reserved registers */
	}
}

static uint32_t config_read(struct virtio_mmio *t, uint64_t offset, uint8_t size)
{
	if (t->ops->config_read == NULL) {
		return 0;
	}
	return t->ops->config_read(t->dev, (uint32_t)(offset - VIRTIO_MMIO_CONFIG), size);
}

void virtio_mmio_access(void *device, uint64_t offset, uint8_t size, bool is_read,
			uint64_t *value)
{
	struct virtio_mmio *t = device;

	spin_lock(&t->lock);
	if (offset >= VIRTIO_MMIO_CONFIG) {
		/* Device configuration: 8-, 16- and 32-bit reads; writes are ignored (rng has none). */
		if (is_read) {
			*value = config_read(t, offset, size);
		}
	} else if (size != 4U || (offset % 4U) != 0U) {
		t->bad_accesses++;
		if (is_read) {
			*value = 0;
		}
	} else if (is_read) {
		*value = reg_read(t, offset);
	} else {
		reg_write(t, offset, (uint32_t)*value);
	}
	spin_unlock(&t->lock);
}

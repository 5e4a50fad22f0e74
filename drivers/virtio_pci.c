/* SPDX-License-Identifier: MIT */
/*
 * The virtio 1.x PCI transport (virtio 1.2 section 4.1), driver side.
 *
 * The device describes where its configuration structures live with vendor
 * capabilities (4.1.4): a BAR, an offset and a length each.  Each is used
 * only when it lies wholly inside a memory BAR the platform firmware placed
 * in the part of the identity map that always exists (below 4 GiB; the 3-4
 * GiB hole is mapped uncached, hv/mm.h).  Fields are accessed with their
 * own width, 64-bit ones as two 32-bit halves, low first (4.1.3.1).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "drivers/virtio_pci.h"
#include "hv/clock.h"

#define IDENTITY_MAP_MIN_END	(4ULL << 30)	/* always mapped (hv/mm.h, paging.h) */
#define RESET_POLL_US		10U
#define RESET_TIMEOUT_US	100000U
#define CONFIG_READ_TRIES	8U
#define VIRTIO_MSI_NO_VECTOR	0xFFFFU		/* 4.1.4.3: no MSI-X vector */

/* struct virtio_pci_cap (4.1.4): offsets in config space from the capability. */
#define VIRTIO_CAP_LEN		0x02U
#define VIRTIO_CAP_CFG_TYPE	0x03U
#define VIRTIO_CAP_BAR		0x04U
#define VIRTIO_CAP_OFFSET	0x08U
#define VIRTIO_CAP_LENGTH	0x0CU
#define VIRTIO_CAP_NOTIFY_MULT	0x10U	/* struct virtio_pci_notify_cap (4.1.4.4) */
#define VIRTIO_CAP_SIZE		16U
#define VIRTIO_NOTIFY_CAP_SIZE	20U

/* cfg_type (4.1.4). */
enum virtio_pci_cap_type {
	VIRTIO_PCI_CAP_COMMON_CFG = 1,
	VIRTIO_PCI_CAP_NOTIFY_CFG = 2,
	VIRTIO_PCI_CAP_ISR_CFG = 3,
	VIRTIO_PCI_CAP_DEVICE_CFG = 4,
};

/* struct virtio_pci_common_cfg (4.1.4.3), up to the fields virtio 1.0 defines. */
struct virtio_pci_common_cfg {
	uint32_t device_feature_select;
	uint32_t device_feature;
	uint32_t driver_feature_select;
	uint32_t driver_feature;
	uint16_t config_msix_vector;
	uint16_t num_queues;
	uint8_t device_status;
	uint8_t config_generation;
	uint16_t queue_select;
	uint16_t queue_size;
	uint16_t queue_msix_vector;
	uint16_t queue_enable;
	uint16_t queue_notify_off;
	uint32_t queue_desc_lo, queue_desc_hi;
	uint32_t queue_driver_lo, queue_driver_hi;
	uint32_t queue_device_lo, queue_device_hi;
};
_Static_assert(offsetof(struct virtio_pci_common_cfg, device_status) == 0x14, "4.1.4.3");
_Static_assert(offsetof(struct virtio_pci_common_cfg, queue_desc_lo) == 0x20, "4.1.4.3");
_Static_assert(sizeof(struct virtio_pci_common_cfg) == 0x38, "4.1.4.3");

/* Where one structure is: the first usable capability of its type. */
struct virtio_region {
	volatile uint8_t *base;
	uint32_t len;
	uint8_t cap;		/* its capability's config-space offset */
};

uint16_t virtio_pci_device_type(const struct pci_device *pdev)
{
	uint16_t id = pdev->device_id;

	if (pdev->vendor_id != PCI_VENDOR_VIRTIO) {
		return 0;
	}
	if (id >= VIRTIO_PCI_MODERN_BASE && id <= VIRTIO_PCI_MODERN_LAST) {
		return (uint16_t)(id - VIRTIO_PCI_MODERN_BASE);
	}
	if (id >= VIRTIO_PCI_TRANS_FIRST && id <= VIRTIO_PCI_TRANS_LAST &&
	    pdev->header_type == 0U) {
		return pci_read16(pdev, PCI_SUBSYSTEM_ID);
	}
	return 0;
}

/*
 * The structure a capability describes.  0; -ERANGE when it lies in a good
 * memory BAR that the platform firmware placed above 4 GiB (not mapped);
 * -EINVAL when the BAR is reserved, I/O, unprogrammed or too small for it.
 */
static int region_map(const struct pci_device *pdev, uint8_t cap, struct virtio_region *out)
{
	uint8_t bar_index = pci_read8(pdev, cap + VIRTIO_CAP_BAR);
	uint32_t offset = pci_read32(pdev, cap + VIRTIO_CAP_OFFSET);
	uint32_t len = pci_read32(pdev, cap + VIRTIO_CAP_LENGTH);
	struct pci_bar bar;

	/* BAR values 0-5 name a BAR; others are reserved (4.1.4). */
	if (bar_index >= PCI_BAR_COUNT || pci_bar_decode(pdev, bar_index, &bar) != 0 ||
	    bar.kind == PCI_BAR_IO || bar.base == 0U || (uint64_t)offset + len > bar.size) {
		return -EINVAL;
	}
	if (bar.base + offset + len > IDENTITY_MAP_MIN_END) {
		return -ERANGE;
	}
	*out = (struct virtio_region){
		.base = (volatile uint8_t *)(uintptr_t)(bar.base + offset),
		.len = len,
		.cap = cap,
	};
	return 0;
}

/*
 * The first capability of `type` the driver can use (4.1.4.1: the driver
 * SHOULD use the first instance it supports), at least `min_len` long.
 * 0; -ERANGE when one would do but lies above 4 GiB; -ENOENT otherwise.
 */
static int region_find(const struct pci_device *pdev, enum virtio_pci_cap_type type,
		       uint8_t cap_size, uint32_t min_len, struct virtio_region *out)
{
	uint8_t cap = 0;
	int err = -ENOENT;

	/* Bounded: a capability list that loops must not hold the boot. */
	for (uint32_t n = 0; n < PCI_CAP_LIST_MAX &&
	     (cap = pci_capability_find(pdev, PCI_CAP_ID_VENDOR, cap)) != 0U; n++) {
		int found;

		if ((uint32_t)cap + cap_size > 256U ||
		    pci_read8(pdev, cap + VIRTIO_CAP_CFG_TYPE) != type ||
		    pci_read8(pdev, cap + VIRTIO_CAP_LEN) < cap_size ||
		    pci_read32(pdev, cap + VIRTIO_CAP_LENGTH) < min_len) {
			continue;
		}
		found = region_map(pdev, cap, out);
		if (found == 0) {
			return 0;
		}
		err = found == -ERANGE ? -ERANGE : err;
	}
	return err;
}

static int fail(struct virtio_pci *vp, int err, const char *why)
{
	vp->error = why;
	return err;
}

/* Why a structure the driver needs could not be used: [type][above 4 GiB]. */
static const char *const region_errors[][2] = {
	[VIRTIO_PCI_CAP_COMMON_CFG] = {
		"no usable common configuration (missing, or outside a memory BAR)",
		"no usable common configuration: its BAR lies above 4 GiB",
	},
	[VIRTIO_PCI_CAP_NOTIFY_CFG] = {
		"no usable notification structure (missing, or outside a memory BAR)",
		"no usable notification structure: its BAR lies above 4 GiB",
	},
	[VIRTIO_PCI_CAP_DEVICE_CFG] = {
		"no usable device configuration (missing, or outside a memory BAR)",
		"no usable device configuration: its BAR lies above 4 GiB",
	},
};

static int region_need(struct virtio_pci *vp, enum virtio_pci_cap_type type, uint8_t cap_size,
		       uint32_t min_len, struct virtio_region *out)
{
	int err = region_find(vp->pci, type, cap_size, min_len, out);

	if (err != 0) {
		return fail(vp, -ERANGE, region_errors[type][err == -ERANGE]);
	}
	return 0;
}

/* Common, notify and device structures; the ISR one is not needed when polling. */
static int find_structures(struct virtio_pci *vp, const struct pci_device *pdev)
{
	struct virtio_region common, notify, device;

	if (!(pci_read16(pdev, PCI_STATUS) & PCI_STATUS_CAP_LIST) ||
	    pci_capability_find(pdev, PCI_CAP_ID_VENDOR, 0) == 0U) {
		return fail(vp, -ENODEV, "no virtio 1.x capabilities (a legacy-only device)");
	}
	if (region_need(vp, VIRTIO_PCI_CAP_COMMON_CFG, VIRTIO_CAP_SIZE,
			sizeof(struct virtio_pci_common_cfg), &common) != 0 ||
	    region_need(vp, VIRTIO_PCI_CAP_NOTIFY_CFG, VIRTIO_NOTIFY_CAP_SIZE,
			sizeof(uint16_t), &notify) != 0 ||
	    region_need(vp, VIRTIO_PCI_CAP_DEVICE_CFG, VIRTIO_CAP_SIZE, 0, &device) != 0) {
		return -ERANGE;
	}
	vp->common = (volatile struct virtio_pci_common_cfg *)common.base;
	vp->notify_base = notify.base;
	vp->notify_len = notify.len;
	vp->notify_multiplier = pci_read32(pdev, notify.cap + VIRTIO_CAP_NOTIFY_MULT);
	vp->device_cfg = device.base;
	vp->device_cfg_len = device.len;
	return 0;
}

/* 4.1.4.3.2: after writing 0 the driver waits until device_status reads 0. */
static int reset(struct virtio_pci *vp)
{
	vp->common->device_status = 0;
	for (uint32_t waited = 0; vp->common->device_status != 0U; waited += RESET_POLL_US) {
		if (waited >= RESET_TIMEOUT_US) {
			return fail(vp, -EIO, "the device did not complete its reset");
		}
		clock_delay_us(RESET_POLL_US);
	}
	return 0;
}

static void status_set(struct virtio_pci *vp, uint8_t bits)
{
	vp->common->device_status = (uint8_t)(vp->common->device_status | bits);
}

int virtio_pci_open(struct virtio_pci *vp, const struct pci_device *pdev)
{
	int err;

	memset(vp, 0, sizeof(*vp));
	vp->pci = pdev;
	/* BARs are sized while decoding is still as the platform firmware left it. */
	err = find_structures(vp, pdev);
	if (err != 0) {
		return err;
	}
	/* Polled: INTx stays off (PCI 3.0 6.2.2); the device masters the bus for the rings. */
	pci_command_set(pdev, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	/* 3.1.1 steps 1-3. */
	err = reset(vp);
	if (err != 0) {
		return err;
	}
	status_set(vp, VIRTIO_STATUS_ACKNOWLEDGE);
	status_set(vp, VIRTIO_STATUS_DRIVER);
	vp->common->config_msix_vector = VIRTIO_MSI_NO_VECTOR;
	return 0;
}

int virtio_features_choose(uint64_t offered, uint64_t wanted, uint64_t required,
			   uint64_t *chosen)
{
	if ((offered & required) != required) {
		return -ENOTSUP;
	}
	*chosen = offered & (wanted | required);
	return 0;
}

static uint64_t features_offered(struct virtio_pci *vp)
{
	uint64_t lo, hi;

	vp->common->device_feature_select = 0;
	lo = vp->common->device_feature;
	vp->common->device_feature_select = 1;
	hi = vp->common->device_feature;
	return hi << 32 | lo;
}

static void features_write(struct virtio_pci *vp, uint64_t features)
{
	vp->common->driver_feature_select = 0;
	vp->common->driver_feature = (uint32_t)features;
	vp->common->driver_feature_select = 1;
	vp->common->driver_feature = (uint32_t)(features >> 32);
}

int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t wanted)
{
	uint64_t chosen;

	/* 3.1.1 step 4; 6.1: a driver of the modern interface requires VERSION_1. */
	if (virtio_features_choose(features_offered(vp), wanted, VIRTIO_F_VERSION_1,
				   &chosen) != 0) {
		virtio_pci_fail(vp);
		return fail(vp, -ENOTSUP, "the device does not offer VIRTIO_F_VERSION_1");
	}
	features_write(vp, chosen);
	/* Steps 5-6: the device may refuse the subset by clearing FEATURES_OK. */
	status_set(vp, VIRTIO_STATUS_FEATURES_OK);
	if (!(vp->common->device_status & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_pci_fail(vp);
		return fail(vp, -EPROTO, "the device refused the features (FEATURES_OK cleared)");
	}
	vp->features = chosen;
	return 0;
}

/* The largest power of two that is at most both sizes. */
static uint16_t queue_size_choose(uint16_t device_max, uint16_t driver_max)
{
	uint16_t n = device_max < driver_max ? device_max : driver_max;

	while (n & (n - 1U)) {
		n &= (uint16_t)(n - 1U);
	}
	return n;
}

static void write64(volatile uint32_t *lo, volatile uint32_t *hi, uint64_t v)
{
	*lo = (uint32_t)v;
	*hi = (uint32_t)(v >> 32);
}

static uint64_t phys(const volatile void *p)
{
	return (uint64_t)(uintptr_t)p;		/* identity mapped (hv/mm.h) */
}

/* 4.1.4.4: the doorbell of a queue, which must lie inside the notify structure. */
static int doorbell_find(struct virtio_pci *vp, struct virtio_queue *q)
{
	uint64_t off = (uint64_t)vp->common->queue_notify_off * vp->notify_multiplier;

	if (off + sizeof(uint16_t) > vp->notify_len) {
		return fail(vp, -ERANGE, "a queue's doorbell lies outside the notify structure");
	}
	q->doorbell = (volatile uint16_t *)(vp->notify_base + off);
	return 0;
}

/* 4.1.5.1.3 Virtqueue Configuration. */
int virtio_pci_queue_setup(struct virtio_pci *vp, uint16_t index, struct virtio_queue *q,
			   void *mem, uint16_t max_size)
{
	volatile struct virtio_pci_common_cfg *c = vp->common;
	uint16_t size;
	int err;

	if (index >= c->num_queues) {
		return fail(vp, -ENOENT, "the device lacks a queue it must have");
	}
	c->queue_select = index;
	size = queue_size_choose(c->queue_size, max_size);
	if (size == 0U || virtqueue_init(&q->vq, mem, size, VIRTQ_AVAIL_F_NO_INTERRUPT) != 0) {
		return fail(vp, -EINVAL, "a queue of size 0 (not available)");
	}
	q->index = index;
	err = doorbell_find(vp, q);
	if (err != 0) {
		return err;
	}
	c->queue_size = size;
	c->queue_msix_vector = VIRTIO_MSI_NO_VECTOR;
	write64(&c->queue_desc_lo, &c->queue_desc_hi, phys(q->vq.desc));
	write64(&c->queue_driver_lo, &c->queue_driver_hi, phys(q->vq.avail));
	write64(&c->queue_device_lo, &c->queue_device_hi, phys(q->vq.used));
	c->queue_enable = 1;
	return 0;
}

void virtio_pci_driver_ok(struct virtio_pci *vp)
{
	status_set(vp, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_pci_fail(struct virtio_pci *vp)
{
	status_set(vp, VIRTIO_STATUS_FAILED);
}

uint8_t virtio_pci_status(const struct virtio_pci *vp)
{
	return vp->common->device_status;
}

void virtio_pci_notify(struct virtio_queue *q)
{
	/* Without VIRTIO_F_NOTIFICATION_DATA the notification is the queue's index. */
	if (virtqueue_kick_needed(&q->vq)) {
		*q->doorbell = q->index;
	}
}

int virtio_pci_config_bytes(struct virtio_pci *vp, uint32_t offset, uint8_t *out, uint32_t len)
{
	if ((uint64_t)offset + len > vp->device_cfg_len) {
		return -ERANGE;
	}
	for (uint32_t tries = 0; tries < CONFIG_READ_TRIES; tries++) {
		uint8_t before = vp->common->config_generation;

		for (uint32_t i = 0; i < len; i++) {
			out[i] = vp->device_cfg[offset + i];
		}
		if (vp->common->config_generation == before) {
			return 0;
		}
	}
	return -EAGAIN;
}

int virtio_pci_config_read16(struct virtio_pci *vp, uint32_t offset, uint16_t *out)
{
	if ((uint64_t)offset + sizeof(uint16_t) > vp->device_cfg_len || offset % 2U != 0U) {
		return -ERANGE;
	}
	*out = *(volatile uint16_t *)(vp->device_cfg + offset);
	return 0;
}

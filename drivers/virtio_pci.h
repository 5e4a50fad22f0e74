/* SPDX-License-Identifier: MIT */
/*
 * virtio over PCI, the modern (virtio 1.x) interface only (virtio 1.2
 * section 4.1): the common, notification, ISR and device-specific
 * configuration structures found through vendor capabilities, device
 * status and feature negotiation (3.1.1), and queue setup (4.1.5.1.3).
 * The legacy I/O-port interface of 0.9.5 devices is never used: a device
 * that offers only that is refused, and so is one without VIRTIO_F_VERSION_1.
 *
 * Polled: MSI-X vectors are set to VIRTIO_MSI_NO_VECTOR and INTx is off.
 */
#ifndef VMANHV_DRIVERS_VIRTIO_PCI_H
#define VMANHV_DRIVERS_VIRTIO_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/pci.h"
#include "drivers/virtqueue.h"

#define PCI_VENDOR_VIRTIO	0x1AF4U
/* Device ids (4.1.2.1): modern-only 1040h + type; transitional 1000h-103Fh. */
#define VIRTIO_PCI_MODERN_BASE	0x1040U
#define VIRTIO_PCI_MODERN_LAST	0x107FU
#define VIRTIO_PCI_TRANS_FIRST	0x1000U
#define VIRTIO_PCI_TRANS_LAST	0x103FU

/* Device status bits (virtio 1.2 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1U
#define VIRTIO_STATUS_DRIVER		2U
#define VIRTIO_STATUS_DRIVER_OK		4U
#define VIRTIO_STATUS_FEATURES_OK	8U
#define VIRTIO_STATUS_NEEDS_RESET	64U
#define VIRTIO_STATUS_FAILED		128U

/* Reserved feature bits (virtio 1.2 6). */
#define VIRTIO_F_VERSION_1		(1ULL << 32)
#define VIRTIO_F_ACCESS_PLATFORM	(1ULL << 33)

/* Device types (virtio 1.2 5). */
#define VIRTIO_ID_NET			1U

struct virtio_pci_common_cfg;

struct virtio_pci {
	const struct pci_device *pci;
	volatile struct virtio_pci_common_cfg *common;
	volatile uint8_t *notify_base;
	uint32_t notify_len;
	uint32_t notify_multiplier;
	volatile uint8_t *device_cfg;
	uint32_t device_cfg_len;
	uint64_t features;		/* what was negotiated */
	const char *error;		/* why the last call failed, for the console */
};

/* A queue of the device: the ring and its doorbell. */
struct virtio_queue {
	struct virtqueue vq;
	uint16_t index;
	volatile uint16_t *doorbell;
};

/*
 * The virtio device type of a PCI function: 1040h + type for modern
 * devices, the subsystem id for transitional ones (1000h-103Fh), 4.1.2.1.
 * 0 when the function is not a virtio device.
 */
uint16_t virtio_pci_device_type(const struct pci_device *pdev);

/*
 * Find the configuration structures, turn on memory decoding and bus
 * mastering (INTx off), reset the device and set ACKNOWLEDGE and DRIVER.
 * 0, or with vp->error set: -ENODEV (no modern interface: a legacy-only
 * device, or a structure missing), -ERANGE (a structure outside its BAR
 * or outside the identity map), -EIO (the reset never completed).
 */
int virtio_pci_open(struct virtio_pci *vp, const struct pci_device *pdev);

/*
 * The features to use: what the device offers of `wanted`, which must
 * include every bit of `required`.  0, or -ENOTSUP when a required bit is
 * not offered.  Pure: the negotiation's rule, apart from the device.
 */
int virtio_features_choose(uint64_t offered, uint64_t wanted, uint64_t required,
			   uint64_t *chosen);

/*
 * Negotiate (3.1.1 steps 4-6): read the offered features, accept those of
 * `wanted` (VIRTIO_F_VERSION_1 is always required), set FEATURES_OK and
 * check that the device kept it.  0, or with vp->error set and the device
 * marked FAILED: -ENOTSUP (no VIRTIO_F_VERSION_1), -EPROTO (the device
 * cleared FEATURES_OK).
 */
int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t wanted);

/*
 * Set up queue `index` with at most `max_size` entries (the device's size
 * when smaller; a power of two) in the zeroed, page-aligned block `mem` of
 * virtqueue_mem_size(max_size) bytes, polled (no interrupts), and enable it.
 * 0, or with vp->error set: -ENOENT (no such queue), -EINVAL (the device's
 * size is not usable), -ERANGE (its doorbell lies outside the notify region).
 */
int virtio_pci_queue_setup(struct virtio_pci *vp, uint16_t index, struct virtio_queue *q,
			   void *mem, uint16_t max_size);

/* DRIVER_OK (3.1.1 step 8): the device may use the queues from now on. */
void virtio_pci_driver_ok(struct virtio_pci *vp);
/* Tell the device it should report failure; used when a bring-up step fails. */
void virtio_pci_fail(struct virtio_pci *vp);
/* The device status register (NEEDS_RESET tells of an error the device hit). */
uint8_t virtio_pci_status(const struct virtio_pci *vp);

/* Ring the queue's doorbell if the device asks for notifications (4.1.4.4). */
void virtio_pci_notify(struct virtio_queue *q);

/*
 * `len` bytes of a byte array at `offset` of the device-specific
 * configuration, read consistently: again until config_generation is the
 * same before and after (4.1.4.3, 2.5.1).  0, -ERANGE beyond the
 * structure, -EAGAIN if it kept changing.
 */
int virtio_pci_config_bytes(struct virtio_pci *vp, uint32_t offset, uint8_t *out, uint32_t len);
/* A 16-bit field, read with one 16-bit access (4.1.3.1).  0 or -ERANGE. */
int virtio_pci_config_read16(struct virtio_pci *vp, uint32_t offset, uint16_t *out);

#endif

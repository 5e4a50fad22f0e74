/* SPDX-License-Identifier: MIT */
/*
 * The virtio-over-MMIO transport, version 2 (virtio 1.2 4.2): the register
 * block a driver finds at a slot the DSDT describes (hv/acpi/dsdt.asl),
 * feature negotiation, queue set-up, notifications, the interrupt status
 * and the device status with reset.  One transport carries one device
 * model (struct virtio_device_ops: virtio_rng.c today; net and block
 * next).  Every access from any vCPU takes the transport's lock, and the
 * device's notify handler runs under it.  Portable: no firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_VIRTIO_MMIO_H
#define VMANHV_HV_DEVICES_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/devices/virtio_ring.h"
#include "hv/spinlock.h"

#define VIRTIO_MMIO_QUEUES_MAX	2U
#define VIRTIO_MMIO_MAGIC	0x74726976U	/* "virt" */
#define VIRTIO_MMIO_VERSION	2U
#define VIRTIO_MMIO_VENDOR	0x4E414D56U	/* "VMAN" */

/* Register offsets (4.2.2, table "MMIO Device Register Layout"). */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000U
#define VIRTIO_MMIO_VERSION_REG		0x004U
#define VIRTIO_MMIO_DEVICE_ID		0x008U
#define VIRTIO_MMIO_VENDOR_ID		0x00CU
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010U
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014U
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020U
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024U
#define VIRTIO_MMIO_QUEUE_SEL		0x030U
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034U
#define VIRTIO_MMIO_QUEUE_NUM		0x038U
#define VIRTIO_MMIO_QUEUE_READY		0x044U
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050U
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060U
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064U
#define VIRTIO_MMIO_STATUS		0x070U
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080U
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084U
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090U
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094U
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0A0U
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0A4U
#define VIRTIO_MMIO_SHM_SEL		0x0ACU
#define VIRTIO_MMIO_SHM_LEN_LOW		0x0B0U
#define VIRTIO_MMIO_SHM_LEN_HIGH	0x0B4U
#define VIRTIO_MMIO_SHM_BASE_LOW	0x0B8U
#define VIRTIO_MMIO_SHM_BASE_HIGH	0x0BCU
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0FCU
#define VIRTIO_MMIO_CONFIG		0x100U
#define VIRTIO_MMIO_REGION_SIZE		0x200U

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1U
#define VIRTIO_STATUS_DRIVER		2U
#define VIRTIO_STATUS_DRIVER_OK		4U
#define VIRTIO_STATUS_FEATURES_OK	8U
#define VIRTIO_STATUS_NEEDS_RESET	64U
#define VIRTIO_STATUS_FAILED		128U

/* Interrupt status bits (4.2.2). */
#define VIRTIO_INT_USED_BUFFER		1U
#define VIRTIO_INT_CONFIG_CHANGE	2U

/* Feature bits (6): the transport offers VERSION_1 on every device. */
#define VIRTIO_F_VERSION_1		(1ULL << 32)

struct virtio_mmio;

struct virtio_device_ops {
	uint32_t device_id;		/* 5: 4 = entropy source */
	uint64_t features;		/* device-type features offered (VERSION_1 is added) */
	uint16_t num_queues;
	/* The driver notified queue `queue` (ready, DRIVER_OK): process it. */
	void (*notify)(void *dev, struct virtio_mmio *t, uint16_t queue);
	/* Device configuration space (4.2.2, from 0x100); NULL: none, reads 0. */
	uint32_t (*config_read)(void *dev, uint32_t offset, uint8_t size);
};

/* The device's interrupt line, asserted while InterruptStatus is not 0. */
typedef void (*virtio_irq_fn)(void *ctx, bool asserted);
/* Told once per reset why the device needs one (for the VM's log). */
typedef void (*virtio_report_fn)(void *ctx, const char *why);

struct virtio_mmio {
	struct spinlock lock;
	const struct virtio_device_ops *ops;
	void *dev;
	struct virtio_guest_mem mem;
	virtio_irq_fn irq;
	virtio_report_fn report;
	void *ctx;			/* for irq and report */
	uint32_t status;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint64_t driver_features;
	uint32_t interrupt_status;
	uint32_t config_generation;
	bool irq_level;
	const char *error;		/* why NEEDS_RESET is set, NULL when it is not */
	struct virtq queue[VIRTIO_MMIO_QUEUES_MAX];
	uint64_t notifies, interrupts, bad_accesses;	/* counters (style rule 19) */
};

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
		      const struct virtio_guest_mem *mem, virtio_irq_fn irq,
		      virtio_report_fn report, void *ctx);
/*
 * A guest access of `size` bytes at `offset` into the register block
 * (the VM's MMIO bus handler).  Registers take aligned 32-bit accesses only
 * (4.2.2.2); others read 0 and are ignored.
 */
void virtio_mmio_access(void *device, uint64_t offset, uint8_t size, bool is_read,
			uint64_t *value);

/* For device models, from their notify handler (the lock is held). */
/* Used buffers were returned on queue `queue`: interrupt if the driver wants one. */
void virtio_mmio_used(struct virtio_mmio *t, uint16_t queue);
/* The driver broke the rules: DEVICE_NEEDS_RESET and a config change interrupt (2.1.1). */
void virtio_mmio_fail(struct virtio_mmio *t, const char *why);

#endif

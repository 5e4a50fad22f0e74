/* SPDX-License-Identifier: MIT */
/*
 * The virtio entropy device (virtio 1.2 5.4): device id 4, one request
 * queue, no features, no configuration.  Each chain the driver makes
 * available is filled with bytes from the entropy source (RDSEED/RDRAND
 * in the firmware, arch/x86_64/rand.h).  Portable: no firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_VIRTIO_RNG_H
#define VMANHV_HV_DEVICES_VIRTIO_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "hv/devices/virtio_mmio.h"

#define VIRTIO_ID_ENTROPY	4U
/*
 * At most this many bytes per request: one guest request must not keep
 * its CPU (and the other vCPUs queued on it) busy for long.  The used
 * length tells the driver how many it got (5.4.6.2).
 */
#define VIRTIO_RNG_REQUEST_MAX	4096U

/* Fill buf with up to len random bytes; returns how many it wrote. */
typedef size_t (*virtio_rng_source_fn)(uint8_t *buf, size_t len);

struct virtio_rng {
	virtio_rng_source_fn source;
	uint64_t requests, bytes;	/* counters (style rule 19) */
};

extern const struct virtio_device_ops virtio_rng_ops;

void virtio_rng_init(struct virtio_rng *rng, virtio_rng_source_fn source);

#endif

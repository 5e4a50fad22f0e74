/* SPDX-License-Identifier: MIT */
/*
 * virtio-rng (virtio 1.2 5.4).  The driver places device-writable buffers
 * only (5.4.6.1); a chain with a driver-readable buffer is a broken
 * driver, and the device asks for a reset rather than guess.  Random bytes
 * go into the guest's buffers in small pieces through the transport's
 * guest-memory accessors, so no buffer larger than the piece is ever held.
 */
#include <errno.h>

#include "hv/devices/virtio_rng.h"

#define PIECE	64U

void virtio_rng_init(struct virtio_rng *rng, virtio_rng_source_fn source)
{
	*rng = (struct virtio_rng){ .source = source };
}

/* Fill one buffer, up to `budget` bytes: how many were written, or -EFAULT. */
static long fill_buffer(struct virtio_rng *rng, const struct virtio_guest_mem *mem,
			const struct virtq_buf *b, uint32_t budget)
{
	uint32_t want = b->len < budget ? b->len : budget, done = 0;
	uint8_t piece[PIECE];

	while (done < want) {
		size_t n = want - done < PIECE ? want - done : PIECE;
		size_t got = rng->source(piece, n);

		if (got > 0U && mem->write(mem->ctx, b->addr + done, piece, got) != 0) {
			return -EFAULT;
		}
		done += (uint32_t)got;
		if (got < n) {
			break;		/* the source ran dry: hand over what there is */
		}
	}
	return done;
}

/* One request: its written length, or a negative errno with *why. */
static long serve_chain(struct virtio_rng *rng, const struct virtio_guest_mem *mem,
			const struct virtq_chain *c, const char **why)
{
	uint32_t written = 0;

	for (uint16_t i = 0; i < c->count; i++) {
		long n;

		if (!c->buf[i].device_writes) {
			*why = "entropy request with a driver-readable buffer";
			return -EINVAL;
		}
		n = fill_buffer(rng, mem, &c->buf[i], VIRTIO_RNG_REQUEST_MAX - written);
		if (n < 0) {
			*why = "entropy buffer left guest RAM";
			return n;
		}
		written += (uint32_t)n;
		if (written == VIRTIO_RNG_REQUEST_MAX || n < (long)c->buf[i].len) {
			break;
		}
	}
	return written;
}

static void rng_notify(void *dev, struct virtio_mmio *t, uint16_t queue)
{
	struct virtio_rng *rng = dev;
	struct virtq *q = &t->queue[queue];
	struct virtq_chain chain;
	const char *why = "request queue left guest RAM";
	bool used = false;
	int rc;

	while ((rc = virtq_pop(q, &t->mem, &chain, &why)) > 0) {
		long n = serve_chain(rng, &t->mem, &chain, &why);

		if (n < 0 || virtq_push(q, &t->mem, chain.head, (uint32_t)n) != 0) {
			rc = -EINVAL;
			break;
		}
		rng->requests++;
		rng->bytes += (uint64_t)n;
		used = true;
	}
	if (rc < 0) {
		virtio_mmio_fail(t, why);
	}
	if (used) {
		virtio_mmio_used(t, queue);
	}
}

const struct virtio_device_ops virtio_rng_ops = {
	.device_id = VIRTIO_ID_ENTROPY,
	.features = 0,
	.num_queues = 1,
	.notify = rng_notify,
	.config_read = NULL,
};

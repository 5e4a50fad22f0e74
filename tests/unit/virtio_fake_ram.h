/* SPDX-License-Identifier: MIT */
/*
 * A fake guest RAM for the virtio unit tests: a malloc'd block of exactly
 * FAKE_RAM_BYTES (so ASan catches any host access past it) reached only
 * through bounds-checked accessors shaped like vm_gpa_read/vm_gpa_write,
 * plus helpers that play the driver's part of a split ring (virtio 1.2
 * 2.7.5-2.7.8 layout).  Header-only: each test includes it once.
 */
#ifndef VMANHV_TESTS_UNIT_VIRTIO_FAKE_RAM_H
#define VMANHV_TESTS_UNIT_VIRTIO_FAKE_RAM_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hv/devices/virtio_ring.h"

#define FAKE_RAM_BYTES	(64U * 1024U)
/* Where the driver puts its queue and buffers in the fake RAM. */
#define DESC_GPA	0x1000U
#define AVAIL_GPA	0x2000U
#define USED_GPA	0x3000U
#define BUF_GPA		0x4000U

static uint8_t *fake_ram;

static int fake_read(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	(void)ctx;
	if (gpa >= FAKE_RAM_BYTES || len > FAKE_RAM_BYTES - gpa) {
		return -EFAULT;
	}
	memcpy(dst, fake_ram + gpa, len);
	return 0;
}

static int fake_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	(void)ctx;
	if (gpa >= FAKE_RAM_BYTES || len > FAKE_RAM_BYTES - gpa) {
		return -EFAULT;
	}
	memcpy(fake_ram + gpa, src, len);
	return 0;
}

static const struct virtio_guest_mem fake_mem = { fake_read, fake_write, NULL };

static void fake_ram_new(void)
{
	fake_ram = calloc(1, FAKE_RAM_BYTES);
}

static void fake_ram_free(void)
{
	free(fake_ram);
	fake_ram = NULL;
}

static void put16(uint64_t gpa, uint16_t v)
{
	memcpy(fake_ram + gpa, &v, 2);
}

static uint16_t get16(uint64_t gpa)
{
	uint16_t v;

	memcpy(&v, fake_ram + gpa, 2);
	return v;
}

static uint32_t get32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, fake_ram + gpa, 4);
	return v;
}

/* Descriptor i of the table at DESC_GPA. */
static void put_desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *d = fake_ram + DESC_GPA + 16U * i;

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}

/* Make chain `head` available in slot avail.idx of a ring of `num` entries. */
static void make_available(uint16_t num, uint16_t head)
{
	uint16_t idx = get16(AVAIL_GPA + 2);

	put16(AVAIL_GPA + 4 + 2U * (idx % num), head);
	put16(AVAIL_GPA + 2, (uint16_t)(idx + 1U));
}

#endif

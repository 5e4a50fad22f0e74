/* sources: drivers/virtio_net.c drivers/virtio_pci.c drivers/virtqueue.c drivers/pci.c */
/* SPDX-License-Identifier: MIT */
/*
 * drivers/virtio_net.c over drivers/virtio_pci.c and the PCI capability
 * walker of drivers/pci.c, against a virtio-net function built in host
 * memory: its config space (vendor capabilities, BARs that answer the
 * sizing protocol) and BAR 4 (common, ISR, device and notify structures at
 * the offsets QEMU uses) in memory below 4 GiB (MAP_32BIT), so the
 * transport's identity-map check passes as on the real machine.  The test
 * plays the device: it completes receive buffers with frames and transmit
 * buffers, including completions a faulty device would make.
 *
 * Memory the registers live in does not react to writes, so the device
 * here offers the same 32 feature bits in both halves (device_feature_select
 * changes nothing) and never clears FEATURES_OK.
 *
 * Test doubles (only these): config-space access (drivers/pci_config.h),
 * page_alloc/page_free with a count of live pages and an injectable
 * failure, rand_hw_fill, clock_delay_us, hv_log, acpi_find_table.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/rand.h"
#include "drivers/pci.h"
#include "drivers/pci_config.h"
#include "drivers/virtio_net.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/mm.h"

/* --- the fake function: config space ---------------------------------------------- */

#define BAR_SIZE	0x4000U		/* BAR 4: 16 KiB, 64-bit memory, as QEMU's */
#define BAR_MEM64	0x4U		/* memory, type 64-bit (PCI 3.0 6.2.5.1) */

/* Where the structures are in BAR 4 (the layout of QEMU's virtio-pci). */
#define COMMON_OFF	0x0000U
#define ISR_OFF		0x1000U
#define DEVICE_OFF	0x2000U
#define NOTIFY_OFF	0x3000U
#define NOTIFY_MULT	4U

/* struct virtio_pci_common_cfg field offsets (virtio 1.2 4.1.4.3). */
#define CC_DEVICE_FEATURE	0x04U
#define CC_DRIVER_FEATURE	0x0CU
#define CC_MSIX_CONFIG		0x10U
#define CC_NUM_QUEUES		0x12U
#define CC_DEVICE_STATUS	0x14U
#define CC_QUEUE_SIZE		0x18U
#define CC_QUEUE_MSIX		0x1AU
#define CC_QUEUE_ENABLE		0x1CU
#define CC_QUEUE_NOTIFY_OFF	0x1EU
#define CC_QUEUE_DESC		0x20U

static uint8_t cfg[256];
static uint32_t bar_size[PCI_BAR_COUNT];
static uint8_t *bar4;			/* BAR_SIZE bytes below 4 GiB */
static struct pci_device pdev;

uint32_t pci_config_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	uint32_t v;

	assert_true(offset % 4U == 0U && offset < 256U);
	memcpy(&v, cfg + offset, 4);
	return v;
}

uint16_t pci_config_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	uint16_t v;

	assert_true(offset % 2U == 0U && offset < 256U);
	memcpy(&v, cfg + offset, 2);
	return v;
}

uint8_t pci_config_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
	assert_true(offset < 256U);
	return cfg[offset];
}

/* A BAR answers all ones with its size mask (PCI 3.0 6.2.5.1). */
static uint32_t bar_write_value(uint32_t index, uint32_t value)
{
	bool upper = index > 0U && (cfg[PCI_BAR0 + 4U * (index - 1U)] & 0x6U) == BAR_MEM64 &&
		     bar_size[index - 1U] != 0U;
	uint32_t type;

	if (value != 0xFFFFFFFFU) {
		return value;
	}
	if (upper) {
		return 0xFFFFFFFFU;	/* a BAR below 4 GiB in size: every upper bit sticks */
	}
	type = pci_config_read32(0, 0, 0, (uint16_t)(PCI_BAR0 + 4U * index)) & 0xFU;
	return bar_size[index] != 0U ? (~(bar_size[index] - 1U) | type) : 0U;
}

void pci_config_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint32_t value)
{
	assert_true(offset % 4U == 0U && offset < 256U);
	if (offset >= PCI_BAR0 && offset < PCI_BAR0 + 4U * PCI_BAR_COUNT) {
		value = bar_write_value((offset - PCI_BAR0) / 4U, value);
	}
	memcpy(cfg + offset, &value, 4);
}

void pci_config_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint16_t value)
{
	assert_true(offset % 2U == 0U && offset < 256U);
	memcpy(cfg + offset, &value, 2);
}

/* The rest of pci_config.h, which pci_init() (not used here) needs. */
int pci_mcfg_parse(const struct acpi_sdt_header *mcfg, struct pci_ecam *out)
{
	return -ENOENT;
}

void pci_config_select(const struct pci_ecam *ecam)
{
}

uint8_t pci_config_bus_first(void)
{
	return 0;
}

uint8_t pci_config_bus_last(void)
{
	return 0;
}

const struct acpi_sdt_header *acpi_find_table(const struct acpi_rsdp *rsdp, const char sig[4])
{
	return NULL;
}

void hv_log(const char *fmt, ...)
{
}

void clock_delay_us(uint64_t us)
{
}

/* --- other firmware services -------------------------------------------------------- */

static uint64_t live_pages;
static int alloc_calls, fail_alloc_call = -1;

void *page_alloc(uint64_t count, uint64_t align)
{
	void *p;

	if (alloc_calls++ == fail_alloc_call) {
		return NULL;
	}
	p = aligned_alloc(PAGE_SIZE, count * PAGE_SIZE);
	assert_non_null(p);
	memset(p, 0, count * PAGE_SIZE);
	live_pages += count;
	return p;
}

void page_free(void *pages, uint64_t count)
{
	assert_true(live_pages >= count);
	live_pages -= count;
	free(pages);
}

static bool rand_works = true;

size_t rand_hw_fill(uint8_t *buf, size_t len)
{
	if (!rand_works) {
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		buf[i] = (uint8_t)(0xA5U + 7U * i);	/* 0xA5: the multicast bit is set */
	}
	return len;
}

/* --- building the function ------------------------------------------------------------ */

static void put8(uint8_t *p, uint32_t off, uint8_t v)
{
	p[off] = v;
}

static void put16(uint8_t *p, uint32_t off, uint16_t v)
{
	memcpy(p + off, &v, 2);
}

static void put32(uint8_t *p, uint32_t off, uint32_t v)
{
	memcpy(p + off, &v, 4);
}

static uint8_t get8(const uint8_t *p, uint32_t off)
{
	return p[off];
}

static uint16_t get16(const uint8_t *p, uint32_t off)
{
	uint16_t v;

	memcpy(&v, p + off, 2);
	return v;
}

static uint32_t get32(const uint8_t *p, uint32_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

/* A virtio vendor capability at `at` (4.1.4), linked to `next`. */
static void cap_put(uint8_t at, uint8_t next, uint8_t type, uint8_t bar, uint32_t offset,
		    uint32_t length)
{
	put8(cfg, at, PCI_CAP_ID_VENDOR);
	put8(cfg, at + 1U, next);
	put8(cfg, at + 2U, type == 2U ? 20U : 16U);
	put8(cfg, at + 3U, type);
	put8(cfg, at + 4U, bar);
	put32(cfg, at + 8U, offset);
	put32(cfg, at + 12U, length);
	if (type == 2U) {
		put32(cfg, at + 16U, NOTIFY_MULT);
	}
}

/* The device offers these 32 bits in both halves (see the top of the file). */
#define OFFERED		((uint32_t)(VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS) | 1U)
static const uint8_t device_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void function_build(uint16_t device_id)
{
	uint64_t base = (uint64_t)(uintptr_t)bar4;

	memset(cfg, 0, sizeof(cfg));
	memset(bar_size, 0, sizeof(bar_size));
	memset(bar4, 0, BAR_SIZE);
	put16(cfg, PCI_VENDOR_ID, PCI_VENDOR_VIRTIO);
	put16(cfg, PCI_DEVICE_ID, device_id);
	put16(cfg, PCI_STATUS, PCI_STATUS_CAP_LIST);
	put16(cfg, PCI_SUBSYSTEM_ID, VIRTIO_ID_NET);
	put32(cfg, PCI_BAR0 + 16U, (uint32_t)base | BAR_MEM64);
	put32(cfg, PCI_BAR0 + 20U, (uint32_t)(base >> 32));
	bar_size[4] = BAR_SIZE;
	put8(cfg, PCI_CAPABILITY_LIST, 0x40);
	cap_put(0x40, 0x50, 1, 4, COMMON_OFF, 0x1000);
	cap_put(0x50, 0x60, 3, 4, ISR_OFF, 0x1000);
	cap_put(0x60, 0x70, 4, 4, DEVICE_OFF, 0x1000);
	cap_put(0x70, 0x00, 2, 4, NOTIFY_OFF, 0x1000);

	put32(bar4, COMMON_OFF + CC_DEVICE_FEATURE, OFFERED);
	put16(bar4, COMMON_OFF + CC_NUM_QUEUES, 2);
	put16(bar4, COMMON_OFF + CC_QUEUE_SIZE, 256);
	put16(bar4, COMMON_OFF + CC_QUEUE_NOTIFY_OFF, 1);
	memcpy(bar4 + DEVICE_OFF, device_mac, 6);
	put16(bar4, DEVICE_OFF + 6U, 1);	/* VIRTIO_NET_S_LINK_UP */

	pdev = (struct pci_device){ .vendor_id = PCI_VENDOR_VIRTIO, .device_id = device_id,
				    .class_code = 2 };
}

static int setup(void **state)
{
	static struct virtio_net nic;

	if (bar4 == NULL) {
		bar4 = mmap(NULL, BAR_SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		assert_true(bar4 != MAP_FAILED);
		assert_true((uintptr_t)bar4 + BAR_SIZE <= (4ULL << 30));
	}
	function_build(0x1041);
	live_pages = 0;
	alloc_calls = 0;
	fail_alloc_call = -1;
	rand_works = true;
	*state = &nic;
	return 0;
}

static int teardown(void **state)
{
	struct virtio_net *nic = *state;

	/* What a successful probe holds; the rest must have been given back. */
	if (nic->rx_buffers != NULL) {
		page_free(nic->rx_buffers, 32);
		page_free(nic->tx_buffers, 16);
		page_free((void *)nic->rx.vq.desc, 1);
		page_free((void *)nic->tx.vq.desc, 1);
		nic->rx_buffers = NULL;
	}
	assert_int_equal(live_pages, 0);
	return 0;
}

static uint8_t device_status(void)
{
	return get8(bar4, COMMON_OFF + CC_DEVICE_STATUS);
}

/* --- the device's side of the queues ----------------------------------------------- */

/* Head of the available entry `n` of a queue (n counts from 0 since the start). */
static uint16_t avail_head(const struct virtqueue *vq, uint16_t n)
{
	return vq->avail->ring[n % vq->size];
}

static void used_push(struct virtqueue *vq, uint32_t id, uint32_t len)
{
	uint16_t idx = vq->used->idx;

	vq->used->ring[idx % vq->size].id = id;
	vq->used->ring[idx % vq->size].len = len;
	vq->used->idx = (uint16_t)(idx + 1U);
}

/* Receive a frame of `len` bytes (after the header) into available entry `n`. */
static void device_receive(struct virtio_net *nic, uint16_t n, uint32_t len, uint8_t fill)
{
	uint16_t head = avail_head(&nic->rx.vq, n);
	uint8_t *buf = (uint8_t *)(uintptr_t)nic->rx.vq.desc[head].addr;

	assert_int_equal(nic->rx.vq.desc[head].flags, VIRTQ_DESC_F_WRITE);
	memset(buf, 0, VIRTIO_NET_HDR_SIZE);
	memset(buf + VIRTIO_NET_HDR_SIZE, fill, len < 2048U - 12U ? len : 2048U - 12U);
	used_push(&nic->rx.vq, head, VIRTIO_NET_HDR_SIZE + len);
}

/* --- bring-up ------------------------------------------------------------------------- */

static void test_probe_brings_the_device_up(void **state)
{
	struct virtio_net *nic = *state;
	uint64_t tx_desc = 0;

	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	/* 3.1.1: ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK; never FAILED. */
	assert_int_equal(device_status(), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
					  VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	/* Offered: CSUM, MAC, STATUS (+ the same bits above 32, VERSION_1 among them). */
	assert_int_equal(nic->vp.features, VIRTIO_F_VERSION_1 | VIRTIO_NET_F_MAC |
					   VIRTIO_NET_F_STATUS);
	assert_int_equal(get32(bar4, COMMON_OFF + CC_DRIVER_FEATURE), 1);	/* the high half */
	assert_memory_equal(nic->mac, device_mac, 6);
	assert_true(nic->mac_from_device);
	/* Polled: no MSI-X vector anywhere; INTx off, memory and bus mastering on. */
	assert_int_equal(get16(bar4, COMMON_OFF + CC_MSIX_CONFIG), 0xFFFF);
	assert_int_equal(get16(bar4, COMMON_OFF + CC_QUEUE_MSIX), 0xFFFF);
	assert_int_equal(get16(cfg, PCI_COMMAND), PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
						  PCI_COMMAND_INTX_DISABLE);
	/* Queues cut down from the device's 256; the last one set up (TX) is enabled. */
	assert_int_equal(nic->rx.vq.size, VIRTIO_NET_RX_SIZE);
	assert_int_equal(nic->tx.vq.size, VIRTIO_NET_TX_SIZE);
	assert_int_equal(get16(bar4, COMMON_OFF + CC_QUEUE_SIZE), VIRTIO_NET_TX_SIZE);
	assert_int_equal(get16(bar4, COMMON_OFF + CC_QUEUE_ENABLE), 1);
	memcpy(&tx_desc, bar4 + COMMON_OFF + CC_QUEUE_DESC, 8);
	assert_int_equal(tx_desc, (uint64_t)(uintptr_t)nic->tx.vq.desc);
	/* Every receive buffer is with the device, and the device was told. */
	assert_int_equal(nic->rx.vq.avail->idx, VIRTIO_NET_RX_SIZE);
	assert_int_equal(nic->rx.vq.avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_ptr_equal(nic->rx.doorbell, bar4 + NOTIFY_OFF + NOTIFY_MULT);
	assert_int_equal(get16(bar4, NOTIFY_OFF + NOTIFY_MULT), 0);	/* queue 0's index */
	assert_int_equal(nic->tx.vq.avail->idx, 0);
	assert_true(virtio_net_link_up(nic));
}

static void test_transitional_device_is_supported(void **state)
{
	struct virtio_net *nic = *state;
	const char *model = NULL;

	function_build(0x1000);
	assert_true(virtio_net_supports(&pdev, &model));
	assert_string_equal(model, "transitional");
	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	/* A block device (transitional id 1001h, subsystem 2) is not ours. */
	put16(cfg, PCI_SUBSYSTEM_ID, 2);
	pdev.device_id = 0x1001;
	assert_false(virtio_net_supports(&pdev, &model));
}

static void test_legacy_only_device_is_refused(void **state)
{
	struct virtio_net *nic = *state;

	function_build(0x1000);
	put16(cfg, PCI_STATUS, 0);		/* no capability list at all */
	assert_int_equal(virtio_net_probe(nic, &pdev), -ENODEV);
	assert_non_null(strstr(nic->vp.error, "legacy-only"));
	assert_int_equal(device_status(), 0);	/* never touched */
}

static void test_no_version_1_fails_the_device(void **state)
{
	struct virtio_net *nic = *state;

	/* MAC, and no bit 0 in either half: no VERSION_1 (bit 32). */
	put32(bar4, COMMON_OFF + CC_DEVICE_FEATURE, (uint32_t)VIRTIO_NET_F_MAC);
	assert_int_equal(virtio_net_probe(nic, &pdev), -ENOTSUP);
	assert_non_null(strstr(nic->vp.error, "VIRTIO_F_VERSION_1"));
	assert_true(device_status() & VIRTIO_STATUS_FAILED);
	assert_false(device_status() & VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(alloc_calls, 0);
}

static void test_features_choose(void **state)
{
	uint64_t chosen = 0;

	assert_int_equal(virtio_features_choose(VIRTIO_NET_F_MAC, VIRTIO_NET_F_MAC,
						VIRTIO_F_VERSION_1, &chosen), -ENOTSUP);
	assert_int_equal(virtio_features_choose(VIRTIO_F_VERSION_1 | VIRTIO_NET_F_MAC | 1U,
						VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS,
						VIRTIO_F_VERSION_1, &chosen), 0);
	/* Never more than offered, never what was not wanted. */
	assert_int_equal(chosen, VIRTIO_F_VERSION_1 | VIRTIO_NET_F_MAC);
}

static void test_structure_outside_its_bar_is_refused(void **state)
{
	struct virtio_net *nic = *state;

	/* The common configuration runs past the end of BAR 4. */
	cap_put(0x40, 0x50, 1, 4, BAR_SIZE - 0x20U, 0x1000);
	assert_int_equal(virtio_net_probe(nic, &pdev), -ERANGE);
	assert_string_equal(nic->vp.error,
			    "no usable common configuration (missing, or outside a memory BAR)");
}

static void test_bar_above_4_gib_is_refused(void **state)
{
	struct virtio_net *nic = *state;

	put32(cfg, PCI_BAR0 + 20U, 1);		/* BAR 4 at 4 GiB + base */
	assert_int_equal(virtio_net_probe(nic, &pdev), -ERANGE);
	assert_string_equal(nic->vp.error,
			    "no usable common configuration: its BAR lies above 4 GiB");
}

static void test_io_bar_and_reserved_bar_are_skipped_for_a_later_capability(void **state)
{
	struct virtio_net *nic = *state;

	/* The common configuration in BAR 7 (reserved), in BAR 0 (I/O), then the real one. */
	put32(cfg, PCI_BAR0, 0xC001);
	bar_size[0] = 0x40;
	put8(cfg, PCI_CAPABILITY_LIST, 0xA0);
	cap_put(0xA0, 0xB0, 1, 7, 0, 0x100);
	cap_put(0xB0, 0x40, 1, 0, 0, 0x40);
	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
}

static void test_capability_loop_ends(void **state)
{
	struct virtio_net *nic = *state;

	/* An ISR capability pointing at itself: the walk must end, with no common config. */
	put8(cfg, PCI_CAPABILITY_LIST, 0x50);
	put8(cfg, 0x51, 0x50);
	assert_int_equal(virtio_net_probe(nic, &pdev), -ERANGE);
	assert_int_equal(pci_capability_find(&pdev, PCI_CAP_ID_VENDOR + 1U, 0), 0);
}

static void test_queue_problems(void **state)
{
	struct virtio_net *nic = *state;

	put16(bar4, COMMON_OFF + CC_NUM_QUEUES, 1);
	assert_int_equal(virtio_net_probe(nic, &pdev), -ENOENT);
	assert_true(device_status() & VIRTIO_STATUS_FAILED);
	assert_int_equal(live_pages, 0);

	function_build(0x1041);
	put16(bar4, COMMON_OFF + CC_QUEUE_SIZE, 0);
	assert_int_equal(virtio_net_probe(nic, &pdev), -EINVAL);
	assert_int_equal(live_pages, 0);

	function_build(0x1041);
	put16(bar4, COMMON_OFF + CC_QUEUE_NOTIFY_OFF, 0x400);	/* 0x1000 + 2 > the region */
	assert_int_equal(virtio_net_probe(nic, &pdev), -ERANGE);
	assert_non_null(strstr(nic->vp.error, "doorbell"));
	assert_int_equal(live_pages, 0);

	/* A device queue of 24 entries: the largest power of two below, 16. */
	function_build(0x1041);
	put16(bar4, COMMON_OFF + CC_QUEUE_SIZE, 24);
	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	assert_int_equal(nic->rx.vq.size, 16);
	assert_int_equal(nic->rx.vq.avail->idx, 16);
	assert_int_equal(nic->tx_free_count, 16);
}

static void test_out_of_memory_frees_everything(void **state)
{
	struct virtio_net *nic = *state;

	for (int fail = 0; fail < 4; fail++) {
		function_build(0x1041);
		alloc_calls = 0;
		fail_alloc_call = fail;
		assert_int_equal(virtio_net_probe(nic, &pdev), -ENOMEM);
		assert_true(device_status() & VIRTIO_STATUS_FAILED);
		assert_int_equal(live_pages, 0);
	}
}

static void test_mac_without_the_feature_is_random_and_local(void **state)
{
	struct virtio_net *nic = *state;

	put32(bar4, COMMON_OFF + CC_DEVICE_FEATURE, 1);		/* VERSION_1 only */
	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	assert_false(nic->mac_from_device);
	assert_int_equal(nic->mac[0] & 3U, 2U);		/* locally administered, unicast */
	assert_true(virtio_net_link_up(nic));		/* no STATUS feature: assumed up */
	teardown(state);

	function_build(0x1041);
	put32(bar4, COMMON_OFF + CC_DEVICE_FEATURE, 1);
	rand_works = false;
	assert_int_equal(virtio_net_probe(nic, &pdev), -EADDRNOTAVAIL);
	assert_true(device_status() & VIRTIO_STATUS_FAILED);
}

static void test_multicast_mac_is_refused(void **state)
{
	struct virtio_net *nic = *state;

	bar4[DEVICE_OFF] = 0x01;
	assert_int_equal(virtio_net_probe(nic, &pdev), -EADDRNOTAVAIL);
	assert_true(device_status() & VIRTIO_STATUS_FAILED);
	assert_int_equal(live_pages, 0);
}

static void test_link_follows_status_and_needs_reset(void **state)
{
	struct virtio_net *nic = *state;

	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	assert_true(virtio_net_link_up(nic));
	put16(bar4, DEVICE_OFF + 6U, 0);
	assert_false(virtio_net_link_up(nic));
	put16(bar4, DEVICE_OFF + 6U, 1);
	put8(bar4, COMMON_OFF + CC_DEVICE_STATUS, device_status() | VIRTIO_STATUS_NEEDS_RESET);
	assert_false(virtio_net_link_up(nic));
}

/* --- receiving ------------------------------------------------------------------------ */

static void test_receive_frames_and_give_buffers_back(void **state)
{
	struct virtio_net *nic = *state;
	const uint8_t *frame;
	size_t len = 0;

	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	assert_null(virtio_net_rx_peek(nic, &len));
	device_receive(nic, 0, 60, 0xAB);
	device_receive(nic, 1, VIRTIO_NET_FRAME_MAX, 0xCD);

	frame = virtio_net_rx_peek(nic, &len);
	assert_non_null(frame);
	assert_int_equal(len, 60);
	assert_int_equal(frame[0], 0xAB);
	assert_int_equal(frame[59], 0xAB);
	/* Peeking again before rx_done gives the same frame, not the next one. */
	assert_ptr_equal(virtio_net_rx_peek(nic, &len), frame);
	virtio_net_rx_done(nic);

	frame = virtio_net_rx_peek(nic, &len);
	assert_non_null(frame);
	assert_int_equal(len, VIRTIO_NET_FRAME_MAX);
	assert_int_equal(frame[VIRTIO_NET_FRAME_MAX - 1U], 0xCD);
	virtio_net_rx_done(nic);
	assert_null(virtio_net_rx_peek(nic, &len));

	/* Both buffers went back to the device, which is told once. */
	assert_int_equal(nic->rx.vq.avail->idx, VIRTIO_NET_RX_SIZE + 2U);
	put16(bar4, NOTIFY_OFF + NOTIFY_MULT, 0xFFFF);
	virtio_net_rx_flush(nic);
	assert_int_equal(get16(bar4, NOTIFY_OFF + NOTIFY_MULT), 0);
	put16(bar4, NOTIFY_OFF + NOTIFY_MULT, 0xFFFF);
	virtio_net_rx_flush(nic);			/* nothing new: no doorbell */
	assert_int_equal(get16(bar4, NOTIFY_OFF + NOTIFY_MULT), 0xFFFF);
	assert_int_equal(nic->stats.rx_frames, 2);
	assert_int_equal(nic->stats.rx_bytes, 60 + VIRTIO_NET_FRAME_MAX);
}

static void test_bad_receive_completions_are_counted_and_recycled(void **state)
{
	struct virtio_net *nic = *state;
	const uint8_t *frame;
	size_t len;

	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	device_receive(nic, 0, VIRTIO_NET_FRAME_MIN - 1U, 1);		/* runt */
	device_receive(nic, 1, VIRTIO_NET_FRAME_MAX + 1U, 2);		/* giant */
	device_receive(nic, 2, VIRTIO_NET_BUFFER_SIZE, 3);		/* past the buffer */
	used_push(&nic->rx.vq, VIRTIO_NET_RX_SIZE + 5U, 60);		/* no such descriptor */
	device_receive(nic, 3, 64, 4);					/* a good one */

	frame = virtio_net_rx_peek(nic, &len);
	assert_non_null(frame);
	assert_int_equal(len, 64);
	assert_int_equal(frame[0], 4);
	virtio_net_rx_done(nic);
	assert_int_equal(nic->stats.rx_length_errors, 2);
	assert_int_equal(nic->stats.rx_ring_errors, 2);
	assert_int_equal(nic->stats.rx_frames, 1);
	/* Every buffer is with the device again. */
	assert_int_equal(virtqueue_in_flight(&nic->rx.vq), VIRTIO_NET_RX_SIZE);
}

static void test_receive_stops_on_a_broken_used_ring(void **state)
{
	struct virtio_net *nic = *state;
	size_t len;

	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	nic->rx.vq.used->idx = VIRTIO_NET_RX_SIZE + 1U;	/* more than it holds */
	assert_null(virtio_net_rx_peek(nic, &len));
	assert_false(virtio_net_link_up(nic));
}

/* --- sending -------------------------------------------------------------------------- */

static void test_send_until_full_then_reclaim(void **state)
{
	struct virtio_net *nic = *state;
	uint8_t *buf;

	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	for (uint32_t i = 0; i < VIRTIO_NET_TX_SIZE; i++) {
		buf = virtio_net_tx_buffer(nic);
		assert_non_null(buf);
		memset(buf, (int)i, 100);
		assert_int_equal(virtio_net_tx_send(nic, 100), 0);
	}
	assert_null(virtio_net_tx_buffer(nic));
	assert_int_equal(nic->stats.tx_ring_full, 1);
	assert_int_equal(virtio_net_tx_send(nic, 100), -ENOBUFS);

	/* The first chain: one device-readable descriptor, a zero header, then the frame. */
	uint16_t head = avail_head(&nic->tx.vq, 0);
	const uint8_t *sent = (const uint8_t *)(uintptr_t)nic->tx.vq.desc[head].addr;
	static const uint8_t zero_header[VIRTIO_NET_HDR_SIZE];

	assert_int_equal(nic->tx.vq.desc[head].flags, 0);
	assert_int_equal(nic->tx.vq.desc[head].len, VIRTIO_NET_HDR_SIZE + 100U);
	assert_memory_equal(sent, zero_header, VIRTIO_NET_HDR_SIZE);
	assert_int_equal(sent[VIRTIO_NET_HDR_SIZE], 0);
	assert_int_equal(get16(bar4, NOTIFY_OFF + NOTIFY_MULT), 1);	/* queue 1's doorbell */

	/* Sent (a device may even report a length for a read-only chain): room again. */
	used_push(&nic->tx.vq, head, 0);
	used_push(&nic->tx.vq, avail_head(&nic->tx.vq, 1), 7);
	assert_non_null(virtio_net_tx_buffer(nic));
	assert_int_equal(nic->tx_free_count, 2);
	assert_int_equal(nic->stats.tx_frames, VIRTIO_NET_TX_SIZE);
}

static void test_send_refuses_bad_lengths(void **state)
{
	struct virtio_net *nic = *state;

	assert_int_equal(virtio_net_probe(nic, &pdev), 0);
	assert_non_null(virtio_net_tx_buffer(nic));
	assert_int_equal(virtio_net_tx_send(nic, VIRTIO_NET_FRAME_MIN - 1U), -EINVAL);
	assert_int_equal(virtio_net_tx_send(nic, VIRTIO_NET_FRAME_MAX + 1U), -EINVAL);
	assert_int_equal(nic->tx.vq.avail->idx, 0);
	assert_int_equal(virtio_net_tx_send(nic, VIRTIO_NET_FRAME_MAX), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_probe_brings_the_device_up),
		T(test_transitional_device_is_supported),
		T(test_legacy_only_device_is_refused),
		T(test_no_version_1_fails_the_device),
		T(test_features_choose),
		T(test_structure_outside_its_bar_is_refused),
		T(test_bar_above_4_gib_is_refused),
		T(test_io_bar_and_reserved_bar_are_skipped_for_a_later_capability),
		T(test_capability_loop_ends),
		T(test_queue_problems),
		T(test_out_of_memory_frees_everything),
		T(test_mac_without_the_feature_is_random_and_local),
		T(test_multicast_mac_is_refused),
		T(test_link_follows_status_and_needs_reset),
		T(test_receive_frames_and_give_buffers_back),
		T(test_bad_receive_completions_are_counted_and_recycled),
		T(test_receive_stops_on_a_broken_used_ring),
		T(test_send_until_full_then_reclaim),
		T(test_send_refuses_bad_lengths),
#undef T
	};

	return cmocka_run_group_tests_name("virtio_net", tests, NULL, NULL);
}

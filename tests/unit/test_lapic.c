/* sources: hv/devices/lapic.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/lapic.c, the vCPU's local APIC, alone: IA32_APIC_BASE and
 * its mode transitions (10.12.5), x2APIC register access rules
 * (10.12.1.2), the xAPIC page, priorities and EOI (10.8), the timer's
 * arithmetic against a TSC of 1 GHz (10.5.4), ICR decoding (10.12.9).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hv/devices/lapic.h"

#define TSC_KHZ		1000000U	/* 1 GHz: one TSC tick per ns */
#define MSR_TPR		0x808U
#define MSR_PPR		0x80AU
#define MSR_EOI		0x80BU
#define MSR_SVR		0x80FU
#define MSR_ISR0	0x810U
#define MSR_IRR0	0x820U
#define MSR_ESR		0x828U
#define MSR_ICR		0x830U
#define MSR_LVT_TIMER	0x832U
#define MSR_TIMER_INIT	0x838U
#define MSR_TIMER_CUR	0x839U
#define MSR_TIMER_DIV	0x83EU
#define MSR_SELF_IPI	0x83FU

static struct vlapic apic;
static struct vlapic_ipi ipi;

#define BASE_XAPIC	0xFEE00800ULL	/* enabled, xAPIC mode */
#define BASE_X2APIC	0xFEE00C00ULL	/* enabled, x2APIC mode */
#define BASE_BSP	0x100ULL

/* x2APIC mode (id 3: not the BSP), software-enabled. */
static int enabled(void **state)
{
	(void)state;
	vlapic_init(&apic, 3, TSC_KHZ);
	assert_int_equal(vlapic_base_write(&apic, BASE_X2APIC), 0);
	assert_int_equal(vlapic_msr_write(&apic, MSR_SVR, 0x1FF, 0, &ipi), 0);
	return 0;
}

static uint64_t rd(uint32_t msr, uint64_t now)
{
	uint64_t v = 0xDEAD;

	assert_int_equal(vlapic_msr_read(&apic, msr, now, &v), 0);
	return v;
}

static void wr(uint32_t msr, uint64_t value, uint64_t now)
{
	assert_int_equal(vlapic_msr_write(&apic, msr, value, now, &ipi), 0);
}

static void reset_state(void **state)
{
	(void)state;
	vlapic_init(&apic, 5, TSC_KHZ);
	assert_int_equal(vlapic_base_write(&apic, BASE_X2APIC), 0);
	assert_int_equal(rd(0x802, 0), 5);
	assert_int_equal(rd(0x803, 0), 0x50014);		/* version 0x14, max LVT 5 */
	assert_int_equal(rd(MSR_SVR, 0), 0xFF);			/* software-disabled */
	assert_int_equal(rd(0x80D, 0), 1U << 5);		/* LDR: cluster 0, bit 5 */
	for (uint32_t i = 0; i < VLAPIC_LVT_COUNT; i++) {
		assert_int_equal(rd(MSR_LVT_TIMER + i, 0), 1U << 16);	/* masked */
	}
	/* Disabled: interrupts are not taken, LVT writes stay masked. */
	assert_false(vlapic_accept(&apic, 0x40));
	wr(MSR_LVT_TIMER, 0x30, 0);
	assert_int_equal(rd(MSR_LVT_TIMER, 0), 0x10030);
}

static void access_rules(void **state)
{
	uint64_t v;

	(void)state;
	/* Write-only registers do not read; read-only ones do not write (#GP). */
	assert_int_equal(vlapic_msr_read(&apic, MSR_EOI, 0, &v), -EINVAL);
	assert_int_equal(vlapic_msr_read(&apic, MSR_SELF_IPI, 0, &v), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, 0x802, 7, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_PPR, 0, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_IRR0, 0, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_TIMER_CUR, 0, 0, &ipi), -EINVAL);
	/* Absent registers and reserved bits. */
	assert_int_equal(vlapic_msr_read(&apic, 0x82F, 0, &v), -EINVAL);	/* no CMCI */
	assert_int_equal(vlapic_msr_read(&apic, 0x8FF, 0, &v), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_EOI, 1, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_TPR, 0x100, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_SVR, 0x11FF, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_TIMER_DIV, 0x4, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_LVT_TIMER, 0x60030, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_ESR, 1, 0, &ipi), -EINVAL);
	assert_true(vlapic_msr_is_apic(0x800) && vlapic_msr_is_apic(0x8FF) &&
		    vlapic_msr_is_apic(0x6E0));
	assert_false(vlapic_msr_is_apic(0x7FF) || vlapic_msr_is_apic(0x900));
}

static void priority_and_eoi(void **state)
{
	(void)state;
	assert_int_equal(vlapic_pending_vector(&apic), -1);
	assert_true(vlapic_accept(&apic, 0x41));
	assert_true(vlapic_accept(&apic, 0x85));
	assert_int_equal(rd(MSR_IRR0 + 2, 0), 1U << 1);
	assert_int_equal(rd(MSR_IRR0 + 4, 0), 1U << 5);
	/* The highest first; in service it blocks its own class and below. */
	assert_int_equal(vlapic_pending_vector(&apic), 0x85);
	vlapic_ack(&apic, 0x85);
	assert_int_equal(rd(MSR_ISR0 + 4, 0), 1U << 5);
	assert_int_equal(rd(MSR_PPR, 0), 0x80);
	assert_int_equal(vlapic_pending_vector(&apic), -1);
	assert_true(vlapic_accept(&apic, 0x8F));			/* same class: waits */
	assert_int_equal(vlapic_pending_vector(&apic), -1);
	assert_true(vlapic_accept(&apic, 0x90));			/* higher class: nests */
	assert_int_equal(vlapic_pending_vector(&apic), 0x90);
	vlapic_ack(&apic, 0x90);
	wr(MSR_EOI, 0, 0);					/* ends 0x90, the highest */
	assert_int_equal(rd(MSR_PPR, 0), 0x80);
	wr(MSR_EOI, 0, 0);					/* ends 0x85 */
	assert_int_equal(rd(MSR_PPR, 0), 0);
	assert_int_equal(vlapic_pending_vector(&apic), 0x8F);
	/* TPR raises the bar: class 0x8 blocked at TPR 0x80, passes at 0x7F. */
	wr(MSR_TPR, 0x80, 0);
	assert_int_equal(rd(MSR_PPR, 0), 0x80);
	assert_int_equal(vlapic_pending_vector(&apic), -1);
	wr(MSR_TPR, 0x7F, 0);
	assert_int_equal(vlapic_pending_vector(&apic), 0x8F);
	vlapic_ack(&apic, 0x8F);
	vlapic_ack(&apic, 0x41);
	wr(MSR_EOI, 0, 0);
	wr(MSR_EOI, 0, 0);
	wr(MSR_EOI, 0, 0);					/* nothing in service: harmless */
	assert_int_equal(rd(MSR_PPR, 0), 0x7F);
}

static void level_triggered_eoi_is_reported(void **state)
{
	(void)state;
	assert_true(vlapic_accept_level(&apic, 0x51));
	assert_true(vlapic_accept(&apic, 0x62));
	assert_int_equal(rd(0x818 + 2, 0), 1U << 17);		/* TMR bit of 0x51 */
	vlapic_ack(&apic, 0x62);
	assert_int_equal(vlapic_msr_write(&apic, MSR_EOI, 0, 0, &ipi), 0);	/* edge: quiet */
	vlapic_ack(&apic, 0x51);
	assert_int_equal(vlapic_msr_write(&apic, MSR_EOI, 0, 0, &ipi), VLAPIC_WRITE_LEVEL_EOI);
	assert_int_equal(ipi.vector, 0x51);
	assert_int_equal(rd(0x818 + 2, 0), 0);
}

static void illegal_vectors_set_esr(void **state)
{
	(void)state;
	assert_false(vlapic_accept(&apic, 15));
	assert_int_equal(rd(MSR_ESR, 0), 0);			/* not latched yet */
	wr(MSR_ESR, 0, 0);
	assert_int_equal(rd(MSR_ESR, 0), 1U << 6);		/* receive illegal vector */
	/* A fixed IPI with vector 3 is not sent, and says so. */
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, 0x4003, 0, &ipi), 0);
	assert_int_equal(vlapic_msr_write(&apic, MSR_SELF_IPI, 7, 0, &ipi), 0);
	wr(MSR_ESR, 0, 0);
	assert_int_equal(rd(MSR_ESR, 0), 1U << 5);		/* send illegal vector */
}

static void icr_decoding(void **state)
{
	(void)state;
	/* Fixed, physical, to x2APIC id 1 (the destination is all of bits 63:32). */
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, (1ULL << 32) | 0x4041, 0, &ipi), 1);
	assert_int_equal(ipi.mode, VLAPIC_DM_FIXED);
	assert_int_equal(ipi.vector, 0x41);
	assert_int_equal(ipi.destination, 1);
	assert_false(ipi.logical);
	assert_int_equal(ipi.shorthand, VLAPIC_DEST_FIELD);
	assert_int_equal(rd(MSR_ICR, 0), (1ULL << 32) | 0x4041);
	/* INIT, then SIPI with its page number. */
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, (1ULL << 32) | 0x4500, 0, &ipi), 1);
	assert_int_equal(ipi.mode, VLAPIC_DM_INIT);
	assert_true(ipi.level_assert);
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, (0x10000ULL << 32) | 0x4602, 0, &ipi), 1);
	assert_int_equal(ipi.mode, VLAPIC_DM_STARTUP);
	assert_int_equal(ipi.vector, 2);
	assert_int_equal(ipi.destination, 0x10000);
	/* All-excluding-self shorthand, logical mode. */
	assert_int_equal(vlapic_icr_decode(0xC0841ULL, &ipi), 0);
	assert_int_equal(ipi.shorthand, VLAPIC_DEST_OTHERS);
	assert_true(ipi.logical);
	/* Reserved delivery modes 3 and 7, reserved bits 12-13, 16-17, 20-31: #GP. */
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, 0x4340, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, 0x4740, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, 0x5040, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, 0x14040, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, 0x104040, 0, &ipi), -EINVAL);
	/* INIT with the self shorthand does not exist (10.6.1). */
	assert_int_equal(vlapic_msr_write(&apic, MSR_ICR, 0x44500, 0, &ipi), -EINVAL);
	assert_int_equal(rd(MSR_ICR, 0), (0x10000ULL << 32) | 0x4602);	/* unchanged */
	/* SELF IPI register. */
	assert_int_equal(vlapic_msr_write(&apic, MSR_SELF_IPI, 0x55, 0, &ipi), 1);
	assert_int_equal(ipi.shorthand, VLAPIC_DEST_SELF);
	assert_int_equal(ipi.vector, 0x55);
	assert_int_equal(vlapic_msr_write(&apic, MSR_SELF_IPI, 0x100, 0, &ipi), -EINVAL);
}

static void destination_matching(void **state)
{
	struct vlapic_ipi m = { .destination = 3 };

	(void)state;
	assert_true(vlapic_matches(&apic, &m));
	m.destination = 4;
	assert_false(vlapic_matches(&apic, &m));
	m.destination = 0xFFFFFFFFU;				/* broadcast */
	assert_true(vlapic_matches(&apic, &m));
	m = (struct vlapic_ipi){ .logical = true, .destination = 0x0000000AU };	/* ids 1, 3 */
	assert_true(vlapic_matches(&apic, &m));
	m.destination = 0x00010008U;				/* cluster 1 */
	assert_false(vlapic_matches(&apic, &m));
}

static void divide_configuration(void **state)
{
	static const uint32_t expect[16] = { 2, 4, 8, 16, 2, 4, 8, 16, 32, 64, 128, 1,
					     32, 64, 128, 1 };

	(void)state;
	for (uint32_t d = 0; d < 16; d++) {
		assert_int_equal(vlapic_timer_divisor(d), expect[d]);
	}
}

static void oneshot_timer(void **state)
{
	const uint64_t t0 = 1000000;

	(void)state;
	/* Divide by 1: 100 MHz bus = 10 TSC ticks (ns) per count. */
	wr(MSR_TIMER_DIV, 0xB, 0);
	wr(MSR_LVT_TIMER, 0x30, 0);
	assert_int_equal(vlapic_timer_next(&apic), VLAPIC_NO_DEADLINE);
	wr(MSR_TIMER_INIT, 1000, t0);
	assert_int_equal(vlapic_timer_next(&apic), t0 + 10000);
	assert_int_equal(rd(MSR_TIMER_CUR, t0), 1000);
	assert_int_equal(rd(MSR_TIMER_CUR, t0 + 2500), 750);
	vlapic_timer_update(&apic, t0 + 9999);
	assert_int_equal(vlapic_pending_vector(&apic), -1);
	vlapic_timer_update(&apic, t0 + 10000);
	assert_int_equal(vlapic_pending_vector(&apic), 0x30);
	assert_int_equal(rd(MSR_TIMER_CUR, t0 + 10000), 0);
	assert_int_equal(vlapic_timer_next(&apic), VLAPIC_NO_DEADLINE);
	assert_int_equal(rd(MSR_TIMER_INIT, 0), 1000);
	/* Divide by 128: 1280 ns per count. */
	wr(MSR_TIMER_DIV, 0xA, 0);
	wr(MSR_TIMER_INIT, 3, t0);
	assert_int_equal(vlapic_timer_next(&apic), t0 + 3840);
	/* Writing 0 stops it. */
	wr(MSR_TIMER_INIT, 0, t0);
	assert_int_equal(vlapic_timer_next(&apic), VLAPIC_NO_DEADLINE);
}

static void periodic_timer_catches_up(void **state)
{
	(void)state;
	wr(MSR_TIMER_DIV, 0x3, 0);				/* by 16: 160 ns per count */
	wr(MSR_LVT_TIMER, 0x20031, 0);				/* periodic, vector 0x31 */
	wr(MSR_TIMER_INIT, 625, 0);				/* 100 us */
	assert_int_equal(vlapic_timer_next(&apic), 100000);
	vlapic_timer_update(&apic, 100000);
	assert_int_equal(vlapic_timer_next(&apic), 200000);
	assert_int_equal(apic.timer_fired, 1);
	/* 3.5 periods late: one interrupt, next deadline on the period grid. */
	vlapic_timer_update(&apic, 550000);
	assert_int_equal(apic.timer_fired, 2);
	assert_int_equal(vlapic_timer_next(&apic), 600000);
	assert_int_equal(rd(MSR_TIMER_CUR, 575000), 156);	/* 25 us = 156.25 counts */
	assert_int_equal(vlapic_pending_vector(&apic), 0x31);
	/* Masked: it keeps counting but delivers nothing. */
	vlapic_ack(&apic, 0x31);
	wr(MSR_EOI, 0, 0);
	wr(MSR_LVT_TIMER, 0x30031, 0);
	vlapic_timer_update(&apic, 600000);
	assert_int_equal(vlapic_pending_vector(&apic), -1);
	assert_int_equal(vlapic_timer_next(&apic), 700000);
}

static void tsc_deadline_timer(void **state)
{
	(void)state;
	wr(0x6E0, 5000, 0);					/* ignored: not in that mode */
	assert_int_equal(rd(0x6E0, 0), 0);
	assert_int_equal(vlapic_timer_next(&apic), VLAPIC_NO_DEADLINE);
	wr(MSR_LVT_TIMER, 0x40032, 0);				/* TSC-deadline, vector 0x32 */
	wr(MSR_TIMER_INIT, 100, 0);				/* ignored in this mode */
	assert_int_equal(vlapic_timer_next(&apic), VLAPIC_NO_DEADLINE);
	wr(0x6E0, 5000, 0);
	assert_int_equal(rd(0x6E0, 0), 5000);
	assert_int_equal(vlapic_timer_next(&apic), 5000);
	vlapic_timer_update(&apic, 4999);
	assert_int_equal(vlapic_pending_vector(&apic), -1);
	vlapic_timer_update(&apic, 5001);
	assert_int_equal(vlapic_pending_vector(&apic), 0x32);
	assert_int_equal(rd(0x6E0, 0), 0);			/* fired: reads 0 */
	assert_int_equal(vlapic_timer_next(&apic), VLAPIC_NO_DEADLINE);
	/* Leaving the mode disarms a pending deadline. */
	wr(0x6E0, 9000, 0);
	wr(MSR_LVT_TIMER, 0x32, 0);
	assert_int_equal(vlapic_timer_next(&apic), VLAPIC_NO_DEADLINE);
}

static void timer_arithmetic_does_not_overflow(void **state)
{
	(void)state;
	/* A 5 GHz TSC, divide by 128, the largest count: 2^32 * 128 * 50 ticks. */
	vlapic_init(&apic, 0, 5000000U);
	assert_int_equal(vlapic_base_write(&apic, BASE_X2APIC | BASE_BSP), 0);
	wr(MSR_SVR, 0x1FF, 0);
	wr(MSR_TIMER_DIV, 0xA, 0);
	wr(MSR_LVT_TIMER, 0x30, 0);
	wr(MSR_TIMER_INIT, 0xFFFFFFFFU, 7);
	assert_int_equal(vlapic_timer_next(&apic), 7 + 0xFFFFFFFFULL * 128U * 50U);
	assert_int_equal(rd(MSR_TIMER_CUR, 7), 0xFFFFFFFFU);
}

static void apic_base_transitions(void **state)
{
	uint64_t v;
	uint32_t w = 0;

	(void)state;
	vlapic_init(&apic, 0, TSC_KHZ);
	assert_int_equal(vlapic_base_read(&apic), BASE_XAPIC | BASE_BSP);	/* reset: xAPIC */
	assert_int_equal(vlapic_msr_read(&apic, 0x802, 0, &v), -EINVAL);	/* no MSRs yet */
	assert_int_equal(vlapic_base_write(&apic, BASE_X2APIC), -EINVAL);	/* BSP flag */
	assert_int_equal(vlapic_base_write(&apic, 0xFED00C00ULL | BASE_BSP), -EINVAL);
	assert_int_equal(vlapic_base_write(&apic, 0x400ULL | 0xFEE00000ULL | BASE_BSP),
			 -EINVAL);					/* EXTD without EN */
	assert_int_equal(vlapic_base_write(&apic, BASE_X2APIC | BASE_BSP), 0);
	assert_int_equal(vlapic_msr_read(&apic, 0x802, 0, &v), 0);
	assert_int_equal(vlapic_mmio(&apic, 0x20, 4, false, &w, 0, &ipi), -EPERM);
	assert_int_equal(vlapic_base_write(&apic, BASE_XAPIC | BASE_BSP), -EINVAL);
	/* x2APIC -> disabled -> xAPIC: what Linux does without interrupt remapping. */
	assert_int_equal(vlapic_base_write(&apic, 0xFEE00000ULL | BASE_BSP), 0);
	assert_int_equal(vlapic_mmio(&apic, 0x20, 4, false, &w, 0, &ipi), -EPERM);
	assert_false(vlapic_accept(&apic, 0x40));			/* disabled */
	assert_int_equal(vlapic_base_write(&apic, BASE_XAPIC | BASE_BSP), 0);
	assert_int_equal(vlapic_mmio(&apic, 0x20, 4, false, &w, 0, &ipi), 0);
	/* INIT keeps the mode. */
	assert_int_equal(vlapic_base_write(&apic, BASE_X2APIC | BASE_BSP), 0);
	vlapic_init_signal(&apic);
	assert_int_equal(vlapic_base_read(&apic), BASE_X2APIC | BASE_BSP);
}

static uint32_t mmio_rd(uint32_t offset)
{
	uint32_t v = 0xDEAD;

	assert_int_equal(vlapic_mmio(&apic, offset, 4, false, &v, 0, &ipi), 0);
	return v;
}

static int mmio_wr(uint32_t offset, uint32_t value)
{
	return vlapic_mmio(&apic, offset, 4, true, &value, 0, &ipi);
}

static void xapic_page(void **state)
{
	uint32_t v = 0;

	(void)state;
	vlapic_init(&apic, 2, TSC_KHZ);
	assert_int_equal(mmio_rd(0x20), 2U << 24);			/* ID in bits 31:24 */
	assert_int_equal(mmio_rd(0x30), 0x50014);
	assert_int_equal(mmio_rd(0xE0), 0xFFFFFFFF);			/* DFR: flat */
	assert_int_equal(mmio_wr(0xF0, 0x1FF), 0);			/* SVR */
	assert_int_equal(mmio_rd(0xF0), 0x1FF);
	assert_int_equal(mmio_wr(0xD0, 0x04000000), 0);			/* LDR: bit 2 */
	assert_int_equal(mmio_rd(0xD0), 0x04000000);
	/* Only aligned 32-bit accesses. */
	assert_int_equal(vlapic_mmio(&apic, 0x20, 1, false, &v, 0, &ipi), -EINVAL);
	assert_int_equal(vlapic_mmio(&apic, 0x24, 4, false, &v, 0, &ipi), -EINVAL);
	/* ICR: destination in ICR_HIGH 31:24, the write to ICR_LOW sends. */
	assert_int_equal(mmio_wr(0x310, 0x01000000), 0);
	assert_int_equal(mmio_wr(0x300, 0x4041), VLAPIC_WRITE_IPI);
	assert_int_equal(ipi.destination, 1);
	assert_int_equal(ipi.vector, 0x41);
	assert_int_equal(mmio_rd(0x300) & 0x1000, 0);			/* delivery status idle */
	assert_int_equal(mmio_wr(0x310, 0xFF000000), 0);
	assert_int_equal(mmio_wr(0x300, 0x4042), VLAPIC_WRITE_IPI);
	assert_int_equal(ipi.destination, 0xFFFFFFFFU);			/* broadcast */
	/* Matching: 8-bit physical ids and flat logical. */
	assert_true(vlapic_matches(&apic, &(struct vlapic_ipi){ .destination = 2 }));
	assert_true(vlapic_matches(&apic, &(struct vlapic_ipi){ .destination = 0xFF }));
	assert_true(vlapic_matches(&apic, &(struct vlapic_ipi){ .logical = true, .destination = 0x06 }));
	assert_false(vlapic_matches(&apic, &(struct vlapic_ipi){ .logical = true, .destination = 0x03 }));
	/* Timer and EOI through the page; EOI takes any value here. */
	assert_int_equal(mmio_wr(0x3E0, 0xB), 0);
	assert_int_equal(mmio_wr(0x320, 0x30), 0);
	assert_int_equal(mmio_wr(0x380, 100), 0);
	assert_int_equal(mmio_rd(0x390), 100);
	vlapic_timer_update(&apic, 1000);
	assert_int_equal(vlapic_pending_vector(&apic), 0x30);
	vlapic_ack(&apic, 0x30);
	assert_int_equal(mmio_rd(0x100 + 0x10 * 1), 1U << 16);		/* ISR bit 0x30 */
	assert_int_equal(mmio_wr(0xB0, 0x1234), 0);
	assert_int_equal(mmio_rd(0x100 + 0x10 * 1), 0);
	/* Read-only and reserved registers: writes ignored, no fault. */
	assert_int_equal(mmio_wr(0x20, 0x07000000), 0);
	assert_int_equal(mmio_rd(0x20), 2U << 24);
	assert_int_equal(mmio_rd(0x3F0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reset_state),
		cmocka_unit_test_setup(access_rules, enabled),
		cmocka_unit_test_setup(priority_and_eoi, enabled),
		cmocka_unit_test_setup(level_triggered_eoi_is_reported, enabled),
		cmocka_unit_test_setup(illegal_vectors_set_esr, enabled),
		cmocka_unit_test_setup(icr_decoding, enabled),
		cmocka_unit_test_setup(destination_matching, enabled),
		cmocka_unit_test(divide_configuration),
		cmocka_unit_test_setup(oneshot_timer, enabled),
		cmocka_unit_test_setup(periodic_timer_catches_up, enabled),
		cmocka_unit_test_setup(tsc_deadline_timer, enabled),
		cmocka_unit_test(timer_arithmetic_does_not_overflow),
		cmocka_unit_test(apic_base_transitions),
		cmocka_unit_test(xapic_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * The virtual local APIC in x2APIC mode (hv/devices/lapic.h).  Register
 * offsets follow SDM Vol. 3A table 10-6 (x2APIC MSR = 0x800 + xAPIC
 * offset / 16); priorities 10.8.3; the timer 10.5.4; x2APIC rules 10.12.
 */
#include <errno.h>
#include <string.h>

#include "hv/devices/lapic.h"

#define MSR_ID		0x802U
#define MSR_VERSION	0x803U
#define MSR_TPR		0x808U
#define MSR_PPR		0x80AU
#define MSR_EOI		0x80BU
#define MSR_LDR		0x80DU
#define MSR_SVR		0x80FU
#define MSR_ISR0	0x810U
#define MSR_TMR0	0x818U
#define MSR_IRR0	0x820U
#define MSR_ESR		0x828U
#define MSR_ICR		0x830U
#define MSR_LVT_TIMER	0x832U		/* then thermal, perf, LINT0, LINT1, error */
#define MSR_TIMER_INIT	0x838U
#define MSR_TIMER_CUR	0x839U
#define MSR_TIMER_DIV	0x83EU
#define MSR_SELF_IPI	0x83FU

/* Version 0x14 (integrated APIC), max LVT entry 5 in bits 23:16 (10.4.8). */
#define APIC_VERSION	(0x14U | ((VLAPIC_LVT_COUNT - 1U) << 16))
#define SVR_ENABLE	(1U << 8)
#define SVR_WRITABLE	0x1FFU		/* vector + enable; no EOI-broadcast suppression */
#define LVT_MASK	(1U << 16)
#define LVT_TIMER_MODE_SHIFT	17U
#define LVT_TIMER_MODE_MASK	(3U << LVT_TIMER_MODE_SHIFT)
#define ESR_SEND_ILLEGAL	(1U << 5)
#define ESR_RECEIVE_ILLEGAL	(1U << 6)
#define DIVIDE_WRITABLE		0xBU	/* bits 0, 1, 3 */

/* Writable bits per LVT entry (10.5.1, figure 10-8): vector, delivery mode, mask... */
static const uint32_t lvt_writable[VLAPIC_LVT_COUNT] = {
	0x000700FFU,	/* timer: vector, mask, mode (2 bits) */
	0x000107FFU,	/* thermal: vector, delivery mode, mask */
	0x000107FFU,	/* performance counters */
	0x0001A7FFU,	/* LINT0: + polarity, trigger mode */
	0x0001A7FFU,	/* LINT1 */
	0x000100FFU,	/* error: vector, mask */
};

/* ICR (10.12.9): vector, delivery mode, destination mode, level, trigger, shorthand, dest. */
#define ICR_WRITABLE	0xFFFFFFFF000CCFFFULL
#define ICR_MODE(icr)		((uint32_t)((icr) >> 8) & 7U)
#define ICR_LOGICAL		(1ULL << 11)
#define ICR_LEVEL_ASSERT	(1ULL << 14)
#define ICR_SHORTHAND(icr)	((uint32_t)((icr) >> 18) & 3U)

/* The highest set vector, or -1. */
static int highest(const uint32_t *words)
{
	for (int w = (int)VLAPIC_VECTOR_WORDS - 1; w >= 0; w--) {
		uint32_t bits = __atomic_load_n(&words[w], __ATOMIC_ACQUIRE);

		if (bits != 0U) {
			return w * 32 + 31 - __builtin_clz(bits);
		}
	}
	return -1;
}

void vlapic_init(struct vlapic *apic, uint32_t id, uint64_t tsc_khz)
{
	memset(apic, 0, sizeof(*apic));
	apic->id = id;
	apic->tsc_khz = tsc_khz != 0U ? tsc_khz : 1U;
	apic->svr = 0xFFU;
	for (uint32_t i = 0; i < VLAPIC_LVT_COUNT; i++) {
		apic->lvt[i] = LVT_MASK;
	}
	apic->timer_deadline = VLAPIC_NO_DEADLINE;
}

bool vlapic_msr_is_apic(uint32_t msr)
{
	return (msr >= VLAPIC_MSR_FIRST && msr <= VLAPIC_MSR_LAST) || msr == VLAPIC_MSR_TSC_DEADLINE;
}

uint32_t vlapic_timer_divisor(uint32_t divide_config)
{
	uint32_t code = ((divide_config & 8U) >> 1) | (divide_config & 3U);

	return code == 7U ? 1U : 2U << code;
}

static enum vlapic_timer_mode timer_mode(const struct vlapic *apic)
{
	return (enum vlapic_timer_mode)((apic->lvt[0] & LVT_TIMER_MODE_MASK) >> LVT_TIMER_MODE_SHIFT);
}

/* Bus-clock ticks (after the divider) to TSC ticks, and back; 128-bit to never overflow. */
static uint64_t bus_to_tsc(const struct vlapic *apic, uint64_t ticks)
{
	unsigned __int128 t = (unsigned __int128)ticks * vlapic_timer_divisor(apic->timer_divide);

	return (uint64_t)(t * apic->tsc_khz / VLAPIC_BUS_KHZ);
}

static uint64_t tsc_to_bus(const struct vlapic *apic, uint64_t tsc)
{
	unsigned __int128 t = (unsigned __int128)tsc * VLAPIC_BUS_KHZ / apic->tsc_khz;

	return (uint64_t)(t / vlapic_timer_divisor(apic->timer_divide));
}

/* A write of the initial count (re)starts the count-down (10.5.4); 0 stops it. */
static void timer_start(struct vlapic *apic, uint32_t count, uint64_t now)
{
	apic->timer_initial = count;
	apic->timer_deadline = VLAPIC_NO_DEADLINE;
	apic->timer_period = 0;
	if (count == 0U || timer_mode(apic) == VLAPIC_TIMER_TSC_DEADLINE) {
		return;
	}
	apic->timer_period = bus_to_tsc(apic, count);
	if (apic->timer_period == 0U) {
		apic->timer_period = 1U;	/* never a timer that fires without end */
	}
	apic->timer_deadline = now + apic->timer_period;
}

uint32_t vlapic_timer_current(const struct vlapic *apic, uint64_t now)
{
	if (timer_mode(apic) == VLAPIC_TIMER_TSC_DEADLINE ||
	    apic->timer_deadline == VLAPIC_NO_DEADLINE || now >= apic->timer_deadline) {
		return 0;
	}
	return (uint32_t)tsc_to_bus(apic, apic->timer_deadline - now);
}

uint64_t vlapic_timer_next(const struct vlapic *apic)
{
	return apic->timer_deadline;
}

void vlapic_timer_update(struct vlapic *apic, uint64_t now)
{
	uint32_t lvt = apic->lvt[0];

	if (apic->timer_deadline == VLAPIC_NO_DEADLINE || now < apic->timer_deadline) {
		return;
	}
	apic->timer_fired++;
	if (!(lvt & LVT_MASK)) {
		vlapic_accept(apic, (uint8_t)lvt);
	}
	if (timer_mode(apic) == VLAPIC_TIMER_PERIODIC && apic->timer_period != 0U) {
		/* Periods missed while the vCPU was not running collapse into this one. */
		uint64_t missed = (now - apic->timer_deadline) / apic->timer_period;

		apic->timer_deadline += (missed + 1U) * apic->timer_period;
		return;
	}
	apic->timer_deadline = VLAPIC_NO_DEADLINE;
	if (timer_mode(apic) == VLAPIC_TIMER_TSC_DEADLINE) {
		apic->tsc_deadline = 0;		/* 10.5.4.1: the MSR reads 0 once it fired */
	}
}

uint32_t vlapic_ppr(const struct vlapic *apic)
{
	int isr = highest(apic->isr);
	uint32_t isr_class = isr < 0 ? 0U : (uint32_t)isr & 0xF0U;

	return (apic->tpr & 0xF0U) >= isr_class ? apic->tpr : isr_class;
}

int vlapic_pending_vector(const struct vlapic *apic)
{
	int irr = highest(apic->irr);

	if (irr < 0 || ((uint32_t)irr & 0xF0U) <= (vlapic_ppr(apic) & 0xF0U)) {
		return -1;
	}
	return irr;
}

bool vlapic_accept(struct vlapic *apic, uint8_t vector)
{
	if (vector < 16U) {
		__atomic_fetch_or(&apic->esr, ESR_RECEIVE_ILLEGAL, __ATOMIC_RELAXED);
		return false;
	}
	if (!(__atomic_load_n(&apic->svr, __ATOMIC_RELAXED) & SVR_ENABLE)) {
		return false;	/* 10.4.7.2: a software-disabled APIC takes no interrupts */
	}
	__atomic_fetch_or(&apic->irr[vector / 32U], 1U << (vector % 32U), __ATOMIC_RELEASE);
	return true;
}

bool vlapic_accept_level(struct vlapic *apic, uint8_t vector)
{
	if (!vlapic_accept(apic, vector)) {
		return false;
	}
	__atomic_fetch_or(&apic->tmr[vector / 32U], 1U << (vector % 32U), __ATOMIC_RELEASE);
	return true;
}

void vlapic_ack(struct vlapic *apic, uint8_t vector)
{
	__atomic_fetch_and(&apic->irr[vector / 32U], ~(1U << (vector % 32U)), __ATOMIC_ACQ_REL);
	apic->isr[vector / 32U] |= 1U << (vector % 32U);
}

/*
 * EOI: the highest in-service vector is done (10.8.5); a level-triggered
 * one (TMR set) is reported for its I/O APIC.
 */
static int eoi(struct vlapic *apic, struct vlapic_ipi *ipi)
{
	int v = highest(apic->isr);
	uint32_t bit;

	if (v < 0) {
		return 0;
	}
	bit = 1U << (v % 32);
	apic->isr[v / 32] &= ~bit;
	if (!(__atomic_fetch_and(&apic->tmr[v / 32], ~bit, __ATOMIC_ACQ_REL) & bit)) {
		return 0;
	}
	*ipi = (struct vlapic_ipi){ .vector = (uint8_t)v, .trigger_level = true };
	return VLAPIC_WRITE_LEVEL_EOI;
}

int vlapic_icr_decode(uint64_t icr, struct vlapic_ipi *ipi)
{
	uint32_t mode = ICR_MODE(icr);

	if ((icr & ~ICR_WRITABLE) != 0U || mode == 3U || mode == 7U) {
		return -EINVAL;
	}
	*ipi = (struct vlapic_ipi){
		.mode = (enum vlapic_delivery)mode,
		.shorthand = (enum vlapic_shorthand)ICR_SHORTHAND(icr),
		.vector = (uint8_t)icr,
		.logical = (icr & ICR_LOGICAL) != 0U,
		.level_assert = (icr & ICR_LEVEL_ASSERT) != 0U,
		.destination = (uint32_t)(icr >> 32),
	};
	return 0;
}

/* x2APIC logical id (10.12.10.2): cluster = id[19:4] in bits 31:16, 1 << id[3:0] below. */
static uint32_t logical_id(uint32_t id)
{
	return ((id >> 4) << 16) | (1U << (id & 0xFU));
}

bool vlapic_matches(const struct vlapic *apic, const struct vlapic_ipi *ipi)
{
	uint32_t ldr;

	if (!ipi->logical) {
		return ipi->destination == apic->id || ipi->destination == 0xFFFFFFFFU;
	}
	ldr = logical_id(apic->id);
	return (ipi->destination >> 16) == (ldr >> 16) && (ipi->destination & ldr & 0xFFFFU) != 0U;
}

/*
 * A fixed IPI with an illegal vector is not sent: the sender's ESR says
 * so (10.5.3).  Returns whether the IPI goes out.
 */
static bool send_check(struct vlapic *apic, const struct vlapic_ipi *ipi)
{
	if ((ipi->mode == VLAPIC_DM_FIXED || ipi->mode == VLAPIC_DM_LOWEST) && ipi->vector < 16U) {
		__atomic_fetch_or(&apic->esr, ESR_SEND_ILLEGAL, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

static int write_icr(struct vlapic *apic, uint64_t value, struct vlapic_ipi *ipi)
{
	if (vlapic_icr_decode(value, ipi) != 0) {
		return -EINVAL;
	}
	/* Self shorthand is for fixed interrupts only (10.6.1, table 10-3). */
	if (ipi->shorthand == VLAPIC_DEST_SELF && ipi->mode != VLAPIC_DM_FIXED) {
		return -EINVAL;
	}
	apic->icr = value;
	return send_check(apic, ipi) ? VLAPIC_WRITE_IPI : 0;
}

static int write_lvt(struct vlapic *apic, uint32_t index, uint64_t value)
{
	uint32_t v = (uint32_t)value;
	enum vlapic_timer_mode old = timer_mode(apic);

	if ((value & ~(uint64_t)lvt_writable[index]) != 0U ||
	    (index == 0U && ((v & LVT_TIMER_MODE_MASK) >> LVT_TIMER_MODE_SHIFT) == 3U)) {
		return -EINVAL;
	}
	if (!(apic->svr & SVR_ENABLE)) {
		v |= LVT_MASK;		/* 10.4.7.2: masks stay set while software-disabled */
	}
	apic->lvt[index] = v;
	if (index == 0U && timer_mode(apic) != old) {
		/* Switching to or from TSC-deadline mode disarms the timer (10.5.4.1). */
		if (old == VLAPIC_TIMER_TSC_DEADLINE || timer_mode(apic) == VLAPIC_TIMER_TSC_DEADLINE) {
			apic->timer_deadline = VLAPIC_NO_DEADLINE;
			apic->tsc_deadline = 0;
			apic->timer_initial = 0;
		}
	}
	return 0;
}

static int write_svr(struct vlapic *apic, uint64_t value)
{
	if ((value & ~(uint64_t)SVR_WRITABLE) != 0U) {
		return -EINVAL;
	}
	__atomic_store_n(&apic->svr, (uint32_t)value, __ATOMIC_RELAXED);
	if (!(value & SVR_ENABLE)) {
		for (uint32_t i = 0; i < VLAPIC_LVT_COUNT; i++) {
			apic->lvt[i] |= LVT_MASK;
		}
	}
	return 0;
}

static int write_tsc_deadline(struct vlapic *apic, uint64_t value)
{
	if (timer_mode(apic) != VLAPIC_TIMER_TSC_DEADLINE) {
		return 0;	/* ignored outside TSC-deadline mode (10.5.4.1) */
	}
	apic->tsc_deadline = value;
	apic->timer_deadline = value == 0U ? VLAPIC_NO_DEADLINE : value;
	return 0;
}

int vlapic_msr_write(struct vlapic *apic, uint32_t msr, uint64_t value, uint64_t now,
		    struct vlapic_ipi *ipi)
{
	if (msr == VLAPIC_MSR_TSC_DEADLINE) {
		return write_tsc_deadline(apic, value);
	}
	if (msr >= MSR_LVT_TIMER && msr < MSR_LVT_TIMER + VLAPIC_LVT_COUNT) {
		return write_lvt(apic, msr - MSR_LVT_TIMER, value);
	}
	switch (msr) {
	case MSR_TPR:
		if (value > 0xFFU) {
			return -EINVAL;
		}
		apic->tpr = (uint32_t)value;
		return 0;
	case MSR_EOI:
		if (value != 0U) {
			return -EINVAL;		/* 10.12.1.2: EOI takes only 0 in x2APIC mode */
		}
		return eoi(apic, ipi);
	case MSR_SVR:
		return write_svr(apic, value);
	case MSR_ESR:
		if (value != 0U) {
			return -EINVAL;
		}
		/* A write latches the errors seen since the last one (10.5.3). */
		apic->esr_latched = __atomic_exchange_n(&apic->esr, 0U, __ATOMIC_RELAXED);
		return 0;
	case MSR_ICR:
		return write_icr(apic, value, ipi);
	case MSR_TIMER_INIT:
		if (value > UINT32_MAX) {
			return -EINVAL;
		}
		timer_start(apic, (uint32_t)value, now);
		return 0;
	case MSR_TIMER_DIV:
		if ((value & ~(uint64_t)DIVIDE_WRITABLE) != 0U) {
			return -EINVAL;
		}
		apic->timer_divide = (uint32_t)value;
		return 0;
	case MSR_SELF_IPI:
		if (value > 0xFFU) {
			return -EINVAL;
		}
		*ipi = (struct vlapic_ipi){ .mode = VLAPIC_DM_FIXED, .shorthand = VLAPIC_DEST_SELF,
					   .vector = (uint8_t)value, .level_assert = true };
		return send_check(apic, ipi) ? VLAPIC_WRITE_IPI : 0;
	default:
		return -EINVAL;		/* read-only or absent */
	}
}

static bool read_vector_bank(const struct vlapic *apic, uint32_t msr, uint64_t *value)
{
	const uint32_t *bank = NULL;
	uint32_t first = 0;

	if (msr >= MSR_ISR0 && msr < MSR_ISR0 + VLAPIC_VECTOR_WORDS) {
		bank = apic->isr, first = MSR_ISR0;
	} else if (msr >= MSR_TMR0 && msr < MSR_TMR0 + VLAPIC_VECTOR_WORDS) {
		bank = apic->tmr, first = MSR_TMR0;
	} else if (msr >= MSR_IRR0 && msr < MSR_IRR0 + VLAPIC_VECTOR_WORDS) {
		bank = apic->irr, first = MSR_IRR0;
	}
	if (bank == NULL) {
		return false;
	}
	*value = __atomic_load_n(&bank[msr - first], __ATOMIC_ACQUIRE);
	return true;
}

int vlapic_msr_read(struct vlapic *apic, uint32_t msr, uint64_t now, uint64_t *value)
{
	if (msr == VLAPIC_MSR_TSC_DEADLINE) {
		*value = timer_mode(apic) == VLAPIC_TIMER_TSC_DEADLINE ? apic->tsc_deadline : 0U;
		return 0;
	}
	if (msr >= MSR_LVT_TIMER && msr < MSR_LVT_TIMER + VLAPIC_LVT_COUNT) {
		*value = apic->lvt[msr - MSR_LVT_TIMER];
		return 0;
	}
	if (read_vector_bank(apic, msr, value)) {
		return 0;
	}
	switch (msr) {
	case MSR_ID:
		*value = apic->id;
		return 0;
	case MSR_VERSION:
		*value = APIC_VERSION;
		return 0;
	case MSR_TPR:
		*value = apic->tpr;
		return 0;
	case MSR_PPR:
		*value = vlapic_ppr(apic);
		return 0;
	case MSR_LDR:
		*value = logical_id(apic->id);
		return 0;
	case MSR_SVR:
		*value = apic->svr;
		return 0;
	case MSR_ESR:
		*value = apic->esr_latched;
		return 0;
	case MSR_ICR:
		*value = apic->icr;
		return 0;
	case MSR_TIMER_INIT:
		*value = apic->timer_initial;
		return 0;
	case MSR_TIMER_CUR:
		*value = vlapic_timer_current(apic, now);
		return 0;
	case MSR_TIMER_DIV:
		*value = apic->timer_divide;
		return 0;
	default:
		return -EINVAL;		/* EOI and SELF IPI are write-only; the rest absent */
	}
}

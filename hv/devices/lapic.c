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
/* IA32_APIC_BASE (10.4.4, 10.12.1): BSP 8, EXTD 10, EN 11, base 12 and up. */
#define BASE_BSP		(1ULL << 8)
#define BASE_EXTD		(1ULL << 10)
#define BASE_EN			(1ULL << 11)
/* xAPIC page offsets that differ from the x2APIC MSRs (10.4.1, table 10-1). */
#define XAPIC_ID		0x020U
#define XAPIC_EOI		0x0B0U
#define XAPIC_LDR		0x0D0U
#define XAPIC_DFR		0x0E0U
#define XAPIC_ICR_LOW		0x300U
#define XAPIC_ICR_HIGH		0x310U

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
	apic->enabled = true;
	apic->xapic_dfr = 0xFFFFFFFFU;	/* flat model */
	apic->tsc_khz = tsc_khz != 0U ? tsc_khz : 1U;
	apic->svr = 0xFFU;
	for (uint32_t i = 0; i < VLAPIC_LVT_COUNT; i++) {
		apic->lvt[i] = LVT_MASK;
	}
	apic->timer_deadline = VLAPIC_NO_DEADLINE;
}

void vlapic_init_signal(struct vlapic *apic)
{
	bool enabled = apic->enabled, x2apic = apic->x2apic;

	vlapic_init(apic, apic->id, apic->tsc_khz);
	apic->enabled = enabled;
	apic->x2apic = x2apic;
}

uint64_t vlapic_base_read(const struct vlapic *apic)
{
	return VLAPIC_XAPIC_BASE | (apic->id == 0U ? BASE_BSP : 0U) |
	       (apic->enabled ? BASE_EN : 0U) | (apic->x2apic ? BASE_EXTD : 0U);
}

/*
 * 10.12.5, figure 10-27: disabled <-> xAPIC <-> x2APIC, and x2APIC ->
 * disabled; x2APIC -> xAPIC directly and EXTD without EN are invalid.
 * Disabling resets the APIC as at power-up, but for its id (10.4.3).
 */
int vlapic_base_write(struct vlapic *apic, uint64_t value)
{
	bool en = (value & BASE_EN) != 0U, extd = (value & BASE_EXTD) != 0U;

	if ((value & ~(BASE_BSP | BASE_EXTD | BASE_EN)) != VLAPIC_XAPIC_BASE ||
	    ((value & BASE_BSP) != 0U) != (apic->id == 0U) || (extd && !en) ||
	    (apic->x2apic && en && !extd)) {
		return -EINVAL;
	}
	if (!en && apic->enabled) {
		vlapic_init(apic, apic->id, apic->tsc_khz);
	}
	apic->enabled = en;
	apic->x2apic = extd;
	return 0;
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

/* xAPIC logical destinations (10.6.2.2): flat (DFR model 0xF) or cluster (0x0). */
static bool xapic_logical_match(const struct vlapic *apic, uint32_t destination)
{
	uint32_t ldr = apic->xapic_ldr >> 24, dest = destination & 0xFFU;

	if ((apic->xapic_dfr >> 28) == 0xFU) {
		return (ldr & dest) != 0U;
	}
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xFU) != 0U;
}

bool vlapic_matches(const struct vlapic *apic, const struct vlapic_ipi *ipi)
{
	uint32_t ldr;

	if (!apic->x2apic) {
		/* 8-bit destinations; 0xFF is everyone (10.6.2.1). */
		if (!ipi->logical) {
			return (ipi->destination & 0xFFU) == 0xFFU ||
			       (ipi->destination & 0xFFU) == apic->id;
		}
		return xapic_logical_match(apic, ipi->destination);
	}
	if (ipi->destination == 0xFFFFFFFFU) {
		return true;	/* broadcast, physical or logical (10.12.9) */
	}
	if (!ipi->logical) {
		return ipi->destination == apic->id;
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

/* A register write by its x2APIC MSR number, in either mode. */
static int register_write(struct vlapic *apic, uint32_t msr, uint64_t value, uint64_t now,
			  struct vlapic_ipi *ipi)
{
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

/* A register read by its x2APIC MSR number, in either mode. */
static int register_read(struct vlapic *apic, uint32_t msr, uint64_t now, uint64_t *value)
{
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

int vlapic_msr_write(struct vlapic *apic, uint32_t msr, uint64_t value, uint64_t now,
		     struct vlapic_ipi *ipi)
{
	if (msr == VLAPIC_MSR_TSC_DEADLINE) {
		return write_tsc_deadline(apic, value);
	}
	if (!apic->x2apic) {
		return -EINVAL;		/* x2APIC MSRs outside x2APIC mode: #GP (10.12.1.2) */
	}
	return register_write(apic, msr, value, now, ipi);
}

int vlapic_msr_read(struct vlapic *apic, uint32_t msr, uint64_t now, uint64_t *value)
{
	if (msr == VLAPIC_MSR_TSC_DEADLINE) {
		*value = timer_mode(apic) == VLAPIC_TIMER_TSC_DEADLINE ? apic->tsc_deadline : 0U;
		return 0;
	}
	if (!apic->x2apic) {
		return -EINVAL;
	}
	return register_read(apic, msr, now, value);
}

/* xAPIC reads that differ from x2APIC ones; the rest are the same registers. */
static int xapic_read(struct vlapic *apic, uint32_t offset, uint64_t now, uint32_t *value)
{
	uint64_t v = 0;

	switch (offset) {
	case XAPIC_ID:
		*value = apic->id << 24;
		return 0;
	case XAPIC_LDR:
		*value = apic->xapic_ldr;
		return 0;
	case XAPIC_DFR:
		*value = apic->xapic_dfr;
		return 0;
	case XAPIC_ICR_LOW:
		*value = (uint32_t)apic->icr & ~(1U << 12);	/* delivery status: idle */
		return 0;
	case XAPIC_ICR_HIGH:
		*value = apic->icr_high;
		return 0;
	default:
		if (register_read(apic, VLAPIC_MSR_FIRST + offset / 16U, now, &v) != 0) {
			v = 0;		/* write-only and reserved registers read 0 */
		}
		*value = (uint32_t)v;
		return 0;
	}
}

/* ICR low half: the xAPIC destination is ICR_HIGH bits 31:24 (10.6.1). */
static int xapic_send(struct vlapic *apic, uint32_t low, struct vlapic_ipi *ipi)
{
	/* Delivery status (12) is read-only and 13 reserved in the xAPIC: not the writer's. */
	int result = write_icr(apic, ((uint64_t)(apic->icr_high >> 24) << 32) |
				     (low & (uint32_t)ICR_WRITABLE), ipi);

	if (result == VLAPIC_WRITE_IPI && ipi->destination == 0xFFU && !ipi->logical) {
		ipi->destination = 0xFFFFFFFFU;		/* the xAPIC broadcast id */
	}
	return result < 0 ? 0 : result;	/* an xAPIC drops what x2APIC would #GP */
}

static int xapic_write(struct vlapic *apic, uint32_t offset, uint32_t value, uint64_t now,
		       struct vlapic_ipi *ipi)
{
	int result;

	switch (offset) {
	case XAPIC_EOI:
		return eoi(apic, ipi);		/* any value ends the interrupt in xAPIC mode */
	case XAPIC_LDR:
		apic->xapic_ldr = value & 0xFF000000U;
		return 0;
	case XAPIC_DFR:
		apic->xapic_dfr = value | 0x0FFFFFFFU;
		return 0;
	case XAPIC_ICR_HIGH:
		apic->icr_high = value & 0xFF000000U;
		return 0;
	case XAPIC_ICR_LOW:
		return xapic_send(apic, value, ipi);
	case 0x3F0U:
		return 0;			/* SELF IPI exists in x2APIC mode only */
	default:
		result = register_write(apic, VLAPIC_MSR_FIRST + offset / 16U, value, now, ipi);
		return result < 0 ? 0 : result;	/* read-only, reserved bits: ignored */
	}
}

int vlapic_mmio(struct vlapic *apic, uint64_t offset, uint8_t size, bool is_write,
		uint32_t *value, uint64_t now, struct vlapic_ipi *ipi)
{
	if (!apic->enabled || apic->x2apic) {
		return -EPERM;
	}
	if (size != 4U || (offset & 0xFU) != 0U || offset >= VLAPIC_XAPIC_SIZE) {
		return -EINVAL;
	}
	if (!is_write) {
		return xapic_read(apic, (uint32_t)offset, now, value);
	}
	return xapic_write(apic, (uint32_t)offset, *value, now, ipi);
}

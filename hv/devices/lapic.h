/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's local APIC (SDM Vol. 3A chapter 10, "Advanced Programmable
 * Interrupt Controller"; 10.12 for x2APIC).  At reset it is enabled in
 * xAPIC mode, its registers in the 4 KiB page at 0xFEE00000 (vlapic_mmio);
 * IA32_APIC_BASE switches it to x2APIC mode, where they are MSRs
 * 0x800-0x8FF (vlapic_msr_read/write), with the transitions of 10.12.5.
 * IA32_TSC_DEADLINE (0x6E0) works in both modes.
 * Registers: ID, version, TPR, PPR, EOI, LDR, SVR, ISR/TMR/IRR, ESR, ICR,
 * the LVT (timer, thermal, performance, LINT0, LINT1, error), the timer's
 * initial/current count and divide configuration, SELF IPI.
 *
 * Time is the caller's: every call that needs it takes `now` in TSC ticks
 * (the guest's TSC is the host's, offset 0).  The timer counts a bus clock
 * of VLAPIC_BUS_KHZ, converted to and from the TSC with the TSC rate given
 * at init; TSC-deadline mode compares with the TSC directly.
 *
 * Concurrency: IRR bits may be set from any CPU (vlapic_accept, for IPIs);
 * everything else belongs to the CPU that runs the vCPU.  Portable: no
 * firmware headers, unit-tested hosted (tests/unit/test_lapic.c).
 */
#ifndef VMANHV_HV_DEVICES_LAPIC_H
#define VMANHV_HV_DEVICES_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define VLAPIC_BUS_KHZ		100000U		/* the timer's input clock: 100 MHz */
#define VLAPIC_MSR_FIRST		0x800U
#define VLAPIC_MSR_LAST		0x8FFU
#define VLAPIC_MSR_TSC_DEADLINE	0x6E0U
#define VLAPIC_VECTOR_WORDS	8U		/* 256 bits of IRR/ISR/TMR */
#define VLAPIC_LVT_COUNT		6U		/* timer, thermal, perf, LINT0, LINT1, error */
#define VLAPIC_NO_DEADLINE	UINT64_MAX
#define VLAPIC_XAPIC_BASE	0xFEE00000ULL	/* the default base; not movable here */
#define VLAPIC_XAPIC_SIZE	0x1000U

/* ICR delivery modes (10.6.1, figure 10-12: bits 10:8). */
enum vlapic_delivery {
	VLAPIC_DM_FIXED = 0,
	VLAPIC_DM_LOWEST = 1,
	VLAPIC_DM_SMI = 2,
	VLAPIC_DM_NMI = 4,
	VLAPIC_DM_INIT = 5,
	VLAPIC_DM_STARTUP = 6,
};

/* Destination shorthand (ICR bits 19:18). */
enum vlapic_shorthand {
	VLAPIC_DEST_FIELD = 0,
	VLAPIC_DEST_SELF = 1,
	VLAPIC_DEST_ALL = 2,
	VLAPIC_DEST_OTHERS = 3,
};

/* A decoded ICR write: what the vCPU asks its VM to deliver. */
struct vlapic_ipi {
	enum vlapic_delivery mode;
	enum vlapic_shorthand shorthand;
	uint8_t vector;
	bool logical;			/* destination mode: logical (cluster) */
	bool level_assert;		/* INIT with level 0 is the de-assert, a no-op */
	bool trigger_level;		/* level-triggered (I/O APIC pins): EOI is reported */
	uint32_t destination;		/* x2APIC id, or logical cluster:bitmap */
};

enum vlapic_timer_mode {
	VLAPIC_TIMER_ONESHOT = 0,
	VLAPIC_TIMER_PERIODIC = 1,
	VLAPIC_TIMER_TSC_DEADLINE = 2,
};

struct vlapic {
	uint32_t id;			/* APIC id = the vCPU's index */
	bool enabled;			/* IA32_APIC_BASE.EN (global enable) */
	bool x2apic;			/* IA32_APIC_BASE.EXTD */
	uint32_t xapic_ldr, xapic_dfr;	/* xAPIC logical destination (writable there) */
	uint32_t icr_high;		/* xAPIC: ICR bits 63:32, written before the low half */
	uint32_t tpr, svr, esr, esr_latched;
	uint32_t lvt[VLAPIC_LVT_COUNT];
	uint32_t irr[VLAPIC_VECTOR_WORDS];	/* set atomically from any CPU */
	uint32_t isr[VLAPIC_VECTOR_WORDS];
	uint32_t tmr[VLAPIC_VECTOR_WORDS];
	uint64_t icr;
	uint32_t timer_initial, timer_divide;	/* registers as written */
	uint64_t timer_deadline;	/* TSC of the next expiry, or VLAPIC_NO_DEADLINE */
	uint64_t timer_period;		/* periodic mode: TSC ticks per period */
	uint64_t tsc_deadline;		/* IA32_TSC_DEADLINE as the guest wrote it */
	uint64_t tsc_khz;
	uint64_t timer_fired;		/* counter (style rule 19) */
};

/* Power-up state (10.4.7.1): enabled, xAPIC mode, SVR 0xFF, LVTs masked, timers off. */
void vlapic_init(struct vlapic *apic, uint32_t id, uint64_t tsc_khz);
/* INIT (10.4.7.3): the same, but the mode (IA32_APIC_BASE) survives. */
void vlapic_init_signal(struct vlapic *apic);
/* IA32_APIC_BASE: the default base, BSP flag for vCPU 0, EN, EXTD. */
uint64_t vlapic_base_read(const struct vlapic *apic);
/*
 * Write IA32_APIC_BASE.  0, or -EINVAL (#GP) for reserved bits, another
 * base, the BSP flag changed, or a transition 10.12.5 forbids (x2APIC to
 * xAPIC without disabling first; EXTD without EN).
 */
int vlapic_base_write(struct vlapic *apic, uint64_t value);
/*
 * A guest access to the xAPIC page at `offset`: 0, VLAPIC_WRITE_IPI or
 * VLAPIC_WRITE_LEVEL_EOI as for vlapic_msr_write; -EINVAL for an access
 * that is not 32 bits at a 16-byte aligned register; -EPERM when the page
 * is not there (APIC disabled or in x2APIC mode, 10.12.1.2).  Writes the
 * xAPIC would ignore (read-only registers, reserved bits) are ignored.
 */
int vlapic_mmio(struct vlapic *apic, uint64_t offset, uint8_t size, bool is_write,
		uint32_t *value, uint64_t now, struct vlapic_ipi *ipi);
/* Whether `msr` is one of the LAPIC's (0x800-0x8FF or IA32_TSC_DEADLINE). */
bool vlapic_msr_is_apic(uint32_t msr);
/*
 * RDMSR: 0, or -EINVAL for a write-only or absent register, or any x2APIC
 * register outside x2APIC mode (#GP, 10.12.1.2).
 */
int vlapic_msr_read(struct vlapic *apic, uint32_t msr, uint64_t now, uint64_t *value);
#define VLAPIC_WRITE_IPI	1	/* *ipi is a message to send */
#define VLAPIC_WRITE_LEVEL_EOI	2	/* EOI of a level-triggered vector: ipi->vector */

/*
 * WRMSR: 0; VLAPIC_WRITE_IPI when the write asks for an IPI, then *ipi says
 * which (ICR, SELF IPI); VLAPIC_WRITE_LEVEL_EOI when an EOI ended a
 * level-triggered interrupt, which its I/O APIC must hear of (10.8.5);
 * -EINVAL for a read-only or absent register or reserved bits set (#GP,
 * 10.12.1.2).
 */
int vlapic_msr_write(struct vlapic *apic, uint32_t msr, uint64_t value, uint64_t now,
		    struct vlapic_ipi *ipi);
/* Decode an x2APIC ICR value (10.12.9).  0, or -EINVAL for reserved bits or modes. */
int vlapic_icr_decode(uint64_t icr, struct vlapic_ipi *ipi);
/* Whether a message for `destination` (physical or logical) reaches this APIC (10.12.10). */
bool vlapic_matches(const struct vlapic *apic, const struct vlapic_ipi *ipi);

/*
 * An interrupt arrives (any CPU): its IRR bit is set.  Vectors 0-15 are
 * illegal: the receive-illegal-vector error is recorded instead (10.5.3).
 * Returns false when it was dropped (illegal vector, APIC software-disabled).
 */
bool vlapic_accept(struct vlapic *apic, uint8_t vector);
/* The same for a level-triggered interrupt: its TMR bit is set too (10.8.4). */
bool vlapic_accept_level(struct vlapic *apic, uint8_t vector);
/* The highest IRR vector above the processor priority (10.8.3.1), or -1. */
int vlapic_pending_vector(const struct vlapic *apic);
/* The vector was delivered to the vCPU: IRR to ISR (10.8.4). */
void vlapic_ack(struct vlapic *apic, uint8_t vector);
/* Processor priority: max(TPR, ISR's highest class) (10.8.3.1). */
uint32_t vlapic_ppr(const struct vlapic *apic);

/* Fire the timer when `now` has reached its deadline; periodic mode re-arms. */
void vlapic_timer_update(struct vlapic *apic, uint64_t now);
/* TSC of the next timer expiry, VLAPIC_NO_DEADLINE when none. */
uint64_t vlapic_timer_next(const struct vlapic *apic);
/* Current-count register at `now` (10.5.4): 0 once expired in one-shot mode. */
uint32_t vlapic_timer_current(const struct vlapic *apic, uint64_t now);
/* Divide configuration register to divisor: 1, 2, 4 ... 128 (10.5.4, figure 10-10). */
uint32_t vlapic_timer_divisor(uint32_t divide_config);

#endif

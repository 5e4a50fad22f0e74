/* SPDX-License-Identifier: MIT */
/*
 * The arithmetic of CPU sharing, kept pure so that it is tested hosted
 * (tests/unit/test_sched_share.c): how a VM's DSP1044 terms (Weight, Limit,
 * Reservation; docs/scheduler.md) become the per-CPU run loop's choices
 * (hv/vcpu.c) and the placement of vCPUs on CPUs (hv/vm_placement.c).
 *
 * Weight: stride scheduling.  Each vCPU has a virtual time that advances
 * by the TSC ticks it ran, scaled by SCHED_WEIGHT_DEFAULT / weight; a CPU
 * runs the eligible vCPU with the least virtual time, for a bounded slice.
 * Two busy vCPUs of weights 100 and 300 on one CPU so get 1/4 and 3/4 of it.
 *
 * Limit: a budget of CPU time per period (SCHED_PERIOD_US), shared by the
 * VM's vCPUs on every CPU; a vCPU whose VM spent it is not picked until
 * the next period.  Periods are numbered by TSC / period length, the same
 * on every CPU (the TSCs are synchronised, docs/vmx.md).
 */
#ifndef VMANHV_HV_SCHED_SHARE_H
#define VMANHV_HV_SCHED_SHARE_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_WEIGHT_DEFAULT	100U
#define SCHED_WEIGHT_MIN	1U
#define SCHED_WEIGHT_MAX	10000U
#define SCHED_PERMILLE		1000U	/* one CPU's worth of time */
#define SCHED_PERIOD_US		100000U	/* the Limit's accounting period */
#define SCHED_SLICE_US		10000U	/* the longest slice (latency bound) */
#define SCHED_NO_VCPU		UINT32_MAX

/* A VM's terms as the hypervisor keeps them (hv_cpu_terms, validated). */
struct sched_terms {
	uint32_t weight;		/* SCHED_WEIGHT_MIN..MAX */
	uint32_t limit_permille;	/* CPU time per period, 1/1000 of a CPU; 0: no cap */
	uint32_t reserved_cpus;		/* CPUs it holds alone while it runs */
	uint64_t affinity;		/* bit i: CPU i may run it; 0: any */
};

/* A VM's spending in the current Limit period. */
struct sched_budget {
	uint64_t period;		/* its number (TSC / period length) */
	uint64_t used;			/* TSC ticks spent in it */
};

/* The default terms: weight 100, no cap, no reservation, any CPU. */
struct sched_terms sched_terms_default(void);

/*
 * Whether t may apply to a VM of `vcpus` vCPUs on a host of `cpus` CPUs
 * (CPU 0 runs management, never guests): weight 1..10000, a limit up to
 * vcpus CPUs' worth, a reservation up to vcpus, an affinity naming only
 * guest CPUs that exist and at least `reserved_cpus` of them.
 */
bool sched_terms_valid(const struct sched_terms *t, uint32_t vcpus, uint32_t cpus);

/* The virtual time `ran` TSC ticks cost a vCPU of `weight` (at least 1). */
uint64_t sched_share_charge(uint64_t ran, uint32_t weight);

/*
 * The candidate to run among n: the eligible one with the least virtual
 * time, the first from `start` (round-robin) among equals.  Each eligible
 * vtime is first raised to at least floor (a vCPU back from waiting does
 * not get the CPU for as long as it slept).  SCHED_NO_VCPU when none.
 */
uint32_t sched_share_pick(uint64_t *vtime, const bool *eligible, uint32_t n, uint32_t start,
			  uint64_t floor);

/* The Limit in TSC ticks per period (0: no cap). */
uint64_t sched_budget_per_period(uint32_t limit_permille, uint64_t period_ticks);

/* What is left of `budget` in period `now` (a new period starts full). */
uint64_t sched_budget_left(const struct sched_budget *b, uint64_t now, uint64_t budget);

/* Spend `ran` ticks in period `now`. */
void sched_budget_charge(struct sched_budget *b, uint64_t now, uint64_t ran);

#endif

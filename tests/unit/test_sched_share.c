/* sources: hv/sched_share.c */
/* SPDX-License-Identifier: MIT */
/*
 * The scheduling arithmetic (hv/sched_share.c, docs/scheduler.md): the
 * shares stride scheduling gives by Weight, the Limit's budget per period,
 * and which terms are valid.  The run loop itself is proven under VT-x in
 * tests/integration/test_scheduler.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hv/sched_share.h"

#define SLICE	1000U	/* ticks a busy vCPU runs per pick in these simulations */

/* Run n always-busy vCPUs of the given weights for `picks` slices; ran[i] gets their ticks. */
static void simulate(const uint32_t *weight, uint32_t n, uint32_t picks, uint64_t *ran)
{
	uint64_t vtime[8] = { 0 }, clock = 0;
	bool busy[8] = { true, true, true, true, true, true, true, true };
	uint32_t next = 0;

	for (uint32_t k = 0; k < picks; k++) {
		uint32_t i = sched_share_pick(vtime, busy, n, next, clock > SLICE ? clock - SLICE : 0U);

		assert_true(i < n);
		next = (i + 1U) % n;
		clock = vtime[i] > clock ? vtime[i] : clock;
		vtime[i] += sched_share_charge(SLICE, weight[i]);
		ran[i] += SLICE;
	}
}

static void weights_divide_a_cpu_in_proportion(void **state)
{
	const uint32_t w[] = { 100, 300 };
	uint64_t ran[2] = { 0 };

	(void)state;
	simulate(w, 2, 400, ran);
	assert_int_equal(ran[0], 100U * SLICE);	/* 1/4 and 3/4, exactly */
	assert_int_equal(ran[1], 300U * SLICE);
}

static void equal_weights_alternate(void **state)
{
	const uint32_t w[] = { 100, 100, 100 };
	uint64_t ran[3] = { 0 };

	(void)state;
	simulate(w, 3, 300, ran);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ran[i], 100U * SLICE);
	}
}

static void extreme_weights_still_progress(void **state)
{
	const uint32_t w[] = { SCHED_WEIGHT_MIN, SCHED_WEIGHT_MAX };
	uint64_t ran[2] = { 0 };

	(void)state;
	simulate(w, 2, 20002, ran);
	assert_int_equal(ran[0], 2U * SLICE);	/* 1 : 10000 */
	assert_int_equal(ran[1], 20000U * SLICE);
}

/* A vCPU back from a long wait is raised to the floor: it does not own the CPU. */
static void a_sleeper_gets_no_credit_for_sleeping(void **state)
{
	uint64_t vtime[2] = { 0, 1000000 };
	bool want[2] = { true, true };

	(void)state;
	assert_int_equal(sched_share_pick(vtime, want, 2, 0, 999000), 0);
	assert_int_equal(vtime[0], 999000);
	assert_int_equal(vtime[1], 1000000);
}

static void only_eligible_are_picked(void **state)
{
	uint64_t vtime[3] = { 5, 1, 9 };
	bool want[3] = { true, false, true };
	bool none[3] = { false, false, false };

	(void)state;
	assert_int_equal(sched_share_pick(vtime, want, 3, 0, 0), 0);
	assert_int_equal(sched_share_pick(vtime, none, 3, 0, 0), SCHED_NO_VCPU);
}

static void ties_go_round_robin(void **state)
{
	uint64_t vtime[3] = { 7, 7, 7 };
	bool want[3] = { true, true, true };

	(void)state;
	assert_int_equal(sched_share_pick(vtime, want, 3, 1, 0), 1);
	assert_int_equal(sched_share_pick(vtime, want, 3, 2, 0), 2);
}

static void charge_scales_by_weight(void **state)
{
	(void)state;
	assert_int_equal(sched_share_charge(3000, 100), 3000);
	assert_int_equal(sched_share_charge(3000, 300), 1000);
	assert_int_equal(sched_share_charge(3000, 1), 300000);
	assert_int_equal(sched_share_charge(UINT64_MAX, 1), UINT64_MAX);	/* saturates */
	assert_int_equal(sched_share_charge(10, 0), 1000);	/* never divides by 0 */
}

static void budget_is_per_period(void **state)
{
	struct sched_budget b = { 0 };
	uint64_t budget = sched_budget_per_period(1000, 100000);	/* one CPU of a 100000-tick period */

	(void)state;
	assert_int_equal(budget, 100000);
	assert_int_equal(sched_budget_per_period(500, 100000), 50000);
	assert_int_equal(sched_budget_per_period(0, 100000), 0);
	assert_int_equal(sched_budget_left(&b, 7, budget), budget);
	sched_budget_charge(&b, 7, 60000);	/* two vCPUs share it */
	sched_budget_charge(&b, 7, 30000);
	assert_int_equal(sched_budget_left(&b, 7, budget), 10000);
	sched_budget_charge(&b, 7, 20000);	/* an overrun: nothing left, not negative */
	assert_int_equal(sched_budget_left(&b, 7, budget), 0);
	assert_int_equal(sched_budget_left(&b, 8, budget), budget);	/* the next period is full */
	sched_budget_charge(&b, 8, 1);
	assert_int_equal(b.used, 1);
}

static void terms_are_validated(void **state)
{
	struct sched_terms t = sched_terms_default();

	(void)state;
	assert_true(sched_terms_valid(&t, 1, 2));
	t.weight = 0;
	assert_false(sched_terms_valid(&t, 1, 2));
	t.weight = SCHED_WEIGHT_MAX + 1U;
	assert_false(sched_terms_valid(&t, 1, 2));
	t = sched_terms_default();
	t.limit_permille = 2000;
	assert_true(sched_terms_valid(&t, 2, 3));
	assert_false(sched_terms_valid(&t, 1, 3));	/* more than its vCPUs' worth */
	t = sched_terms_default();
	t.reserved_cpus = 2;
	assert_false(sched_terms_valid(&t, 1, 3));
	assert_true(sched_terms_valid(&t, 2, 3));
	t.affinity = 1ULL << 1;				/* one CPU for a reservation of two */
	assert_false(sched_terms_valid(&t, 2, 3));
	t.affinity = (1ULL << 1) | (1ULL << 2);
	assert_true(sched_terms_valid(&t, 2, 3));
	t = sched_terms_default();
	t.affinity = 1ULL;				/* CPU 0 runs management */
	assert_false(sched_terms_valid(&t, 1, 3));
	t.affinity = 1ULL << 3;				/* no CPU 3 on a 3-CPU host */
	assert_false(sched_terms_valid(&t, 1, 3));
	t.affinity = 1ULL << 63;
	assert_true(sched_terms_valid(&t, 1, 64));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weights_divide_a_cpu_in_proportion),
		cmocka_unit_test(equal_weights_alternate),
		cmocka_unit_test(extreme_weights_still_progress),
		cmocka_unit_test(a_sleeper_gets_no_credit_for_sleeping),
		cmocka_unit_test(only_eligible_are_picked),
		cmocka_unit_test(ties_go_round_robin),
		cmocka_unit_test(charge_scales_by_weight),
		cmocka_unit_test(budget_is_per_period),
		cmocka_unit_test(terms_are_validated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

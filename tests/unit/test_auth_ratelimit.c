/* sources: mgmt/http/auth_ratelimit.c */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/auth_ratelimit.c: AUTH_FAILURES_MAX failures within the window
 * lock a source out for a window; a success clears it; the table keeps the
 * sources that failed most recently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mgmt/http/auth_ratelimit.h"

#define T0	5000000ULL
#define ADDR	0x0A000002U	/* 10.0.0.2 */
#define OTHER	0x0A000003U

static struct auth_ratelimit rl;

static int setup(void **state)
{
	(void)state;
	auth_ratelimit_init(&rl);
	return 0;
}

static void fail_times(uint32_t ipv4, uint32_t times, uint64_t at)
{
	for (uint32_t i = 0; i < times; i++) {
		auth_ratelimit_failure(&rl, ipv4, at);
	}
}

static void test_lockout_after_max_failures(void **state)
{
	uint64_t locked_at = T0 + 1000U;

	(void)state;
	fail_times(ADDR, AUTH_FAILURES_MAX - 1U, T0);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, T0), 0);
	auth_ratelimit_failure(&rl, ADDR, locked_at);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, locked_at), 60);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, locked_at + 500U), 60);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, locked_at + 59001U), 1);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, locked_at + 60000U), 0);
	assert_int_equal(auth_ratelimit_retry_after(&rl, OTHER, locked_at), 0);
	/* after the lock-out the count starts afresh */
	fail_times(ADDR, AUTH_FAILURES_MAX - 1U, locked_at + 60000U);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, locked_at + 60000U), 0);
}

static void test_failures_spread_beyond_the_window(void **state)
{
	(void)state;
	fail_times(ADDR, AUTH_FAILURES_MAX - 1U, T0);
	fail_times(ADDR, 1, T0 + AUTH_FAILURE_WINDOW_MS);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, T0 + AUTH_FAILURE_WINDOW_MS), 0);
	fail_times(ADDR, AUTH_FAILURES_MAX - 2U, T0 + AUTH_FAILURE_WINDOW_MS + 1U);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, T0 + AUTH_FAILURE_WINDOW_MS + 1U), 0);
	fail_times(ADDR, 1, T0 + AUTH_FAILURE_WINDOW_MS + 2U);
	assert_int_not_equal(auth_ratelimit_retry_after(&rl, ADDR, T0 + AUTH_FAILURE_WINDOW_MS + 2U), 0);
}

static void test_success_resets(void **state)
{
	(void)state;
	fail_times(ADDR, AUTH_FAILURES_MAX - 1U, T0);
	auth_ratelimit_success(&rl, ADDR);
	fail_times(ADDR, AUTH_FAILURES_MAX - 1U, T0 + 1U);
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, T0 + 1U), 0);
	auth_ratelimit_success(&rl, OTHER);	/* never failed: nothing to do */
}

/* A full table forgets the source that failed least recently, and only that one. */
static void test_lru_eviction(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < AUTH_SOURCES_MAX; i++) {
		fail_times(ADDR + i, AUTH_FAILURES_MAX - 1U, T0 + i);
	}
	auth_ratelimit_failure(&rl, OTHER + 1000U, T0 + 100U);	/* evicts ADDR (failed at T0) */
	auth_ratelimit_failure(&rl, ADDR, T0 + 101U);		/* new: evicts ADDR + 1 */
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR, T0 + 101U), 0);
	auth_ratelimit_failure(&rl, ADDR + 1U, T0 + 102U);	/* forgotten: starts at 1 */
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR + 1U, T0 + 102U), 0);
	auth_ratelimit_failure(&rl, ADDR + 63U, T0 + 103U);	/* kept its count: locked */
	assert_int_equal(auth_ratelimit_retry_after(&rl, ADDR + 63U, T0 + 103U), 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lockout_after_max_failures, setup),
		cmocka_unit_test_setup(test_failures_spread_beyond_the_window, setup),
		cmocka_unit_test_setup(test_success_resets, setup),
		cmocka_unit_test_setup(test_lru_eviction, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

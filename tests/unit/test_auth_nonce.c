/* sources: mgmt/http/auth_nonce.c mgmt/http/auth_digest.c mgmt/http/auth_credentials.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/auth_nonce.c: nonces this boot issued are recognised by their MAC
 * and expire; nonce-counts are accepted once each; a full table evicts the
 * oldest nonce, which can then never be replayed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/auth_nonce.h"

#define T0	1000000ULL	/* an arbitrary monotonic time, ms */

static struct auth_nonces nonces;

static int setup(void **state)
{
	uint8_t key[AUTH_NONCE_KEY_BYTES];

	(void)state;
	memset(key, 0x5c, sizeof(key));
	auth_nonces_init(&nonces, key);
	return 0;
}

/* A nonce issued at `at` whose random part is `tag` repeated. */
static void issue(uint64_t at, uint8_t tag, char nonce[AUTH_NONCE_HEX_LEN + 1U])
{
	uint8_t random[AUTH_NONCE_RANDOM_BYTES];

	memset(random, tag, sizeof(random));
	assert_int_equal(auth_nonce_issue(&nonces, random, at, nonce), 0);
}

static void test_issued_form(void **state)
{
	char a[AUTH_NONCE_HEX_LEN + 1U], b[AUTH_NONCE_HEX_LEN + 1U];

	(void)state;
	issue(T0, 1, a);
	issue(T0, 2, b);
	assert_int_equal(strlen(a), AUTH_NONCE_HEX_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), AUTH_NONCE_HEX_LEN);
	assert_string_not_equal(a, b);
}

static void test_nonce_counts_once_each(void **state)
{
	char n[AUTH_NONCE_HEX_LEN + 1U];

	(void)state;
	issue(T0, 1, n);
	assert_int_equal(auth_nonce_use(&nonces, n, 1, T0), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 1, T0), AUTH_NONCE_REPLAY);
	assert_int_equal(auth_nonce_use(&nonces, n, 0, T0), AUTH_NONCE_REPLAY);
	assert_int_equal(auth_nonce_use(&nonces, n, 2, T0), AUTH_NONCE_FRESH);
	/* out of order within the window (parallel requests), each once */
	assert_int_equal(auth_nonce_use(&nonces, n, 5, T0), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 4, T0), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 3, T0), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 4, T0), AUTH_NONCE_REPLAY);
	assert_int_equal(auth_nonce_use(&nonces, n, 2, T0), AUTH_NONCE_REPLAY);
	/* far ahead: everything at or below the window's floor is refused */
	assert_int_equal(auth_nonce_use(&nonces, n, 5 + AUTH_NC_WINDOW, T0), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 5 + 1, T0), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 5, T0), AUTH_NONCE_REPLAY);
	assert_int_equal(auth_nonce_use(&nonces, n, 0xFFFFFFFFU, T0), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 0xFFFFFFFFU, T0), AUTH_NONCE_REPLAY);
}

static void test_expiry(void **state)
{
	char n[AUTH_NONCE_HEX_LEN + 1U];

	(void)state;
	issue(T0, 1, n);
	assert_int_equal(auth_nonce_use(&nonces, n, 1, T0 + AUTH_NONCE_LIFETIME_MS),
			 AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n, 2, T0 + AUTH_NONCE_LIFETIME_MS + 1U),
			 AUTH_NONCE_STALE);
	/* a nonce from the future is not one we issued */
	assert_int_equal(auth_nonce_use(&nonces, n, 3, T0 - 1U), AUTH_NONCE_UNKNOWN);
}

static void test_forged_nonces_unknown(void **state)
{
	char n[AUTH_NONCE_HEX_LEN + 1U], forged[AUTH_NONCE_HEX_LEN + 1U];
	uint8_t other_key[AUTH_NONCE_KEY_BYTES];

	(void)state;
	issue(T0, 1, n);
	for (size_t i = 0; i < AUTH_NONCE_HEX_LEN; i++) {
		memcpy(forged, n, sizeof(forged));
		forged[i] = forged[i] == '0' ? '1' : '0';
		assert_int_equal(auth_nonce_use(&nonces, forged, 1, T0), AUTH_NONCE_UNKNOWN);
	}
	assert_int_equal(auth_nonce_use(&nonces, "", 1, T0), AUTH_NONCE_UNKNOWN);
	memcpy(forged, n, sizeof(forged));
	forged[AUTH_NONCE_HEX_LEN - 1U] = '\0';
	assert_int_equal(auth_nonce_use(&nonces, forged, 1, T0), AUTH_NONCE_UNKNOWN);
	/* the same nonce after a reboot: another key */
	memset(other_key, 0x36, sizeof(other_key));
	auth_nonces_init(&nonces, other_key);
	assert_int_equal(auth_nonce_use(&nonces, n, 1, T0), AUTH_NONCE_UNKNOWN);
}

/*
 * AUTH_NONCES_MAX + 1 nonces used: the oldest is evicted and stays stale, and
 * so is any unused nonce issued no later than it; later ones still work.
 */
static void test_eviction_of_the_oldest(void **state)
{
	char n[AUTH_NONCES_MAX + 1U][AUTH_NONCE_HEX_LEN + 1U];
	char unused_old[AUTH_NONCE_HEX_LEN + 1U], unused_new[AUTH_NONCE_HEX_LEN + 1U];

	(void)state;
	for (uint32_t i = 0; i <= AUTH_NONCES_MAX; i++) {
		issue(T0 + i, (uint8_t)i, n[i]);
		assert_int_equal(auth_nonce_use(&nonces, n[i], 1, T0 + i), AUTH_NONCE_FRESH);
	}
	issue(T0, 0xEE, unused_old);
	issue(T0 + AUTH_NONCES_MAX + 1U, 0xEF, unused_new);
	assert_int_equal(auth_nonce_use(&nonces, n[0], 1, T0 + 100U), AUTH_NONCE_STALE);
	assert_int_equal(auth_nonce_use(&nonces, n[0], 2, T0 + 100U), AUTH_NONCE_STALE);
	assert_int_equal(auth_nonce_use(&nonces, unused_old, 1, T0 + 100U), AUTH_NONCE_STALE);
	assert_int_equal(auth_nonce_use(&nonces, n[1], 1, T0 + 100U), AUTH_NONCE_REPLAY);
	assert_int_equal(auth_nonce_use(&nonces, n[1], 2, T0 + 100U), AUTH_NONCE_FRESH);
	/* a new one evicts n[1]; n[2] stays */
	assert_int_equal(auth_nonce_use(&nonces, unused_new, 1, T0 + 100U), AUTH_NONCE_FRESH);
	assert_int_equal(auth_nonce_use(&nonces, n[1], 3, T0 + 100U), AUTH_NONCE_STALE);
	assert_int_equal(auth_nonce_use(&nonces, n[2], 2, T0 + 100U), AUTH_NONCE_FRESH);
}

/* A first use of a nonce older than everything in a full table: stale, and nothing evicted. */
static void test_older_newcomer_to_full_table(void **state)
{
	char n[AUTH_NONCES_MAX][AUTH_NONCE_HEX_LEN + 1U];
	char older[AUTH_NONCE_HEX_LEN + 1U];

	(void)state;
	issue(T0, 0xAA, older);
	for (uint32_t i = 0; i < AUTH_NONCES_MAX; i++) {
		issue(T0 + 1U + i, (uint8_t)i, n[i]);
		assert_int_equal(auth_nonce_use(&nonces, n[i], 1, T0 + 100U), AUTH_NONCE_FRESH);
	}
	assert_int_equal(auth_nonce_use(&nonces, older, 1, T0 + 100U), AUTH_NONCE_STALE);
	for (uint32_t i = 0; i < AUTH_NONCES_MAX; i++) {
		assert_int_equal(auth_nonce_use(&nonces, n[i], 2, T0 + 100U), AUTH_NONCE_FRESH);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_issued_form, setup),
		cmocka_unit_test_setup(test_nonce_counts_once_each, setup),
		cmocka_unit_test_setup(test_expiry, setup),
		cmocka_unit_test_setup(test_forged_nonces_unknown, setup),
		cmocka_unit_test_setup(test_eviction_of_the_oldest, setup),
		cmocka_unit_test_setup(test_older_newcomer_to_full_table, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/http/auth.c mgmt/http/auth_verify.c mgmt/http/auth_users.c mgmt/http/auth_credentials.c mgmt/http/auth_digest.c mgmt/http/auth_nonce.c mgmt/http/auth_ratelimit.c mgmt/http/http_message.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * Several management users (auth_users.c, and auth.h's auth_user_*): the
 * table's rules (never empty, bounded, all hashes or none), and logins of
 * each user over Basic (TLS) and Digest through auth_check(), so that an
 * added user gets in, a removed one and an old password do not.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/base64.h>

#include "mgmt/http/auth.h"
#include "mgmt/http/auth_digest.h"
#include "mgmt/http/auth_users.h"

#define T0	1000000ULL

static int test_rng(void *ctx, unsigned char *out, size_t len)
{
	uint64_t *s = ctx;

	for (size_t i = 0; i < len; i++) {
		*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
		out[i] = (unsigned char)(*s >> 56);
	}
	return 0;
}

static void test_table_rules(void **state)
{
	struct auth_users t;
	char name[8];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(auth_users_put(&t, "admin", "pw1", true), 0);
	assert_int_equal(auth_users_put(&t, "admin", "pw2", true), -EEXIST);
	assert_int_equal(auth_users_put(&t, "nobody", "pw", false), -ENOENT);
	assert_int_equal(auth_users_remove(&t, "admin"), -EBUSY);	/* never the last */
	assert_int_equal(auth_users_remove(&t, "nobody"), -ENOENT);
	for (uint32_t i = 1; i < AUTH_USERS_MAX; i++) {
		snprintf(name, sizeof(name), "u%u", i);
		assert_int_equal(auth_users_put(&t, name, "pw", true), 0);
	}
	assert_int_equal(t.count, AUTH_USERS_MAX);
	assert_int_equal(auth_users_put(&t, "onemore", "pw", true), -ENOSPC);
	/* removal keeps the others in order and wipes the freed slot */
	assert_int_equal(auth_users_remove(&t, "u1"), 0);
	assert_int_equal(t.count, AUTH_USERS_MAX - 1U);
	assert_string_equal(t.user[1].name, "u2");
	assert_string_equal(t.user[t.count].name, "");
	assert_null(auth_users_find(&t, "u1"));
	assert_non_null(auth_users_find(&t, "u7"));
	assert_null(auth_users_find(&t, "U7"));		/* bytes, exactly */
}

static void test_ha1_per_user(void **state)
{
	struct auth_users t;
	char expect[AUTH_DIGEST_HEX_MAX + 1U];
	const char *unknown;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(auth_users_put(&t, "Mufasa", "Circle of Life", true), 0);
	assert_int_equal(auth_users_put(&t, "ops", "second secret", true), 0);
	assert_int_equal(auth_digest_ha1(AUTH_DIGEST_MD5, "ops", AUTH_REALM, "second secret",
					 expect), 0);
	assert_string_equal(auth_users_ha1(&t, "ops", AUTH_DIGEST_MD5), expect);
	assert_int_equal(auth_users_put(&t, "ops", "third secret", false), 0);
	assert_string_not_equal(auth_users_ha1(&t, "ops", AUTH_DIGEST_MD5), expect);
	/* an unknown user: a comparable string that equals no hash */
	unknown = auth_users_ha1(&t, "ghost", AUTH_DIGEST_SHA256);
	assert_non_null(unknown);
	assert_string_equal(unknown, "");
}

/* --- through auth_check ------------------------------------------------------------ */

static struct auth_context *auth;
static uint64_t rng_state = 7;

static int setup(void **state)
{
	(void)state;
	auth = auth_create("admin", "first password", test_rng, &rng_state, NULL);
	assert_non_null(auth);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	auth_destroy(auth);
	return 0;
}

/* One request with an Authorization header; the result and the status. */
static enum auth_result check(const char *authorization, bool tls, uint32_t peer, int *status)
{
	struct http_request req;
	struct http_response resp;
	enum auth_result r;

	memset(&req, 0, sizeof(req));
	req.method = HTTP_METHOD_POST;
	snprintf(req.target, sizeof(req.target), "/wsman");
	req.version_minor = 1;
	req.over_tls = tls;
	req.peer_ipv4 = peer;
	if (authorization != NULL) {
		req.header[0].name = "Authorization";
		req.header[0].value = authorization;
		req.header_count = 1;
	}
	http_response_init(&resp, 4096);
	r = auth_check(auth, &req, &resp, T0);
	*status = resp.status;
	http_response_free(&resp);
	return r;
}

static enum auth_result basic(const char *user, const char *password, uint32_t peer)
{
	char user_pass[256], header[400];
	size_t n = 0;
	int status;

	snprintf(user_pass, sizeof(user_pass), "%s:%s", user, password);
	strcpy(header, "Basic ");
	assert_int_equal(mbedtls_base64_encode((unsigned char *)header + 6, sizeof(header) - 6, &n,
					       (const unsigned char *)user_pass,
					       strlen(user_pass)), 0);
	return check(header, true, peer, &status);
}

/* A Digest login (RFC 7616, SHA-256, qop=auth) on a fresh challenge's nonce. */
static enum auth_result digest(const char *user, const char *password, uint32_t peer)
{
	struct http_request req;
	struct http_response resp;
	char nonce[128] = "", opaque[64] = "", ha1[AUTH_DIGEST_HEX_MAX + 1U], header[900];
	uint8_t response[AUTH_DIGEST_BYTES_MAX];
	char response_hex[AUTH_DIGEST_HEX_MAX + 1U];
	const struct auth_digest_input in = { .nonce = nonce, .nc = "00000001",
					      .cnonce = "0a4f113b", .qop = "auth",
					      .method = "POST", .uri = "/wsman" };
	const char *p;
	int status;

	memset(&req, 0, sizeof(req));
	req.method = HTTP_METHOD_POST;
	snprintf(req.target, sizeof(req.target), "/wsman");
	req.peer_ipv4 = peer;
	http_response_init(&resp, 4096);
	assert_int_equal(auth_check(auth, &req, &resp, T0), AUTH_CHALLENGE);
	p = strstr(resp.headers.data, "nonce=\"");
	assert_non_null(p);
	sscanf(p, "nonce=\"%127[0-9a-f]\"", nonce);
	p = strstr(resp.headers.data, "opaque=\"");
	assert_non_null(p);
	sscanf(p, "opaque=\"%63[0-9a-f]\"", opaque);
	http_response_free(&resp);
	assert_int_equal(auth_digest_ha1(AUTH_DIGEST_SHA256, user, AUTH_REALM, password, ha1), 0);
	assert_int_equal(auth_digest_response(AUTH_DIGEST_SHA256, false, ha1, &in, response), 0);
	for (size_t i = 0; i < 32U; i++) {
		snprintf(response_hex + 2U * i, 3, "%02x", response[i]);
	}
	snprintf(header, sizeof(header),
		 "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"/wsman\", "
		 "algorithm=SHA-256, response=\"%s\", qop=auth, nc=00000001, "
		 "cnonce=\"0a4f113b\", opaque=\"%s\"",
		 user, AUTH_REALM, nonce, response_hex, opaque);
	return check(header, false, peer, &status);
}

static void test_logins(void **state)
{
	(void)state;
	assert_int_equal(basic("admin", "first password", 1), AUTH_OK);
	assert_int_equal(digest("admin", "first password", 1), AUTH_OK);
	assert_int_equal(basic("ops", "ops password", 2), AUTH_CHALLENGE);
	assert_int_equal(auth_user_add(auth, "ops", "ops password"), 0);
	assert_string_equal(auth_user_name(auth, 0), "admin");
	assert_string_equal(auth_user_name(auth, 1), "ops");
	assert_null(auth_user_name(auth, 2));
	assert_int_equal(basic("ops", "ops password", 3), AUTH_OK);
	assert_int_equal(digest("ops", "ops password", 3), AUTH_OK);
	/* one user's password is not another's */
	assert_int_equal(basic("ops", "first password", 4), AUTH_CHALLENGE);
	assert_int_equal(digest("admin", "ops password", 5), AUTH_CHALLENGE);
	/* a new password: the old one stops working at once */
	assert_int_equal(auth_user_set_password(auth, "ops", "changed"), 0);
	assert_int_equal(basic("ops", "ops password", 6), AUTH_CHALLENGE);
	assert_int_equal(basic("ops", "changed", 7), AUTH_OK);
	assert_int_equal(digest("ops", "changed", 7), AUTH_OK);
	/* removed: out */
	assert_int_equal(auth_user_remove(auth, "ops"), 0);
	assert_int_equal(basic("ops", "changed", 8), AUTH_CHALLENGE);
	assert_int_equal(digest("ops", "changed", 9), AUTH_CHALLENGE);
	assert_int_equal(basic("admin", "first password", 10), AUTH_OK);
}

static void test_api_refusals(void **state)
{
	char long_name[AUTH_USER_MAX + 2U];

	(void)state;
	memset(long_name, 'a', sizeof(long_name) - 1U);
	long_name[sizeof(long_name) - 1U] = '\0';
	assert_int_equal(auth_user_add(auth, "", "pw"), -EINVAL);
	assert_int_equal(auth_user_add(auth, "a:b", "pw"), -EINVAL);	/* RFC 7617 2 */
	assert_int_equal(auth_user_add(auth, long_name, "pw"), -EINVAL);
	assert_int_equal(auth_user_add(auth, "ops", ""), -EINVAL);
	assert_int_equal(auth_user_add(auth, "ops", "tab\there"), -EINVAL);
	assert_int_equal(auth_user_add(auth, "admin", "pw"), -EEXIST);
	assert_int_equal(auth_user_set_password(auth, "ghost", "pw"), -ENOENT);
	assert_int_equal(auth_user_set_password(auth, "admin", ""), -EINVAL);
	assert_int_equal(auth_user_remove(auth, "admin"), -EBUSY);
	assert_int_equal(auth_user_remove(auth, "ghost"), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rules),
		cmocka_unit_test(test_ha1_per_user),
		cmocka_unit_test_setup_teardown(test_logins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

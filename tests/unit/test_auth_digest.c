/* sources: mgmt/http/auth_digest.c mgmt/http/auth_credentials.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/auth_digest.c against the published example of RFC 7616
 * section 3.9.1: user "Mufasa", password "Circle of Life", realm
 * "http-auth@example.org", GET /dir/index.html, and the two responses the
 * RFC prints.  The expected values are the RFC's, copied, not computed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/auth_digest.h"

#define RFC_USER	"Mufasa"
#define RFC_PASSWORD	"Circle of Life"
#define RFC_REALM	"http-auth@example.org"

static const struct auth_digest_input rfc_request = {
	.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
	.nc = "00000001",
	.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
	.qop = "auth",
	.method = "GET",
	.uri = "/dir/index.html",
};

/* RFC 7616 3.9.1, the two "response" values. */
#define RFC_RESPONSE_MD5	"8ca523f5e9506fed4657c9700eebdbec"
#define RFC_RESPONSE_SHA256	"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"

static void response_hex(enum auth_digest_alg alg, bool sess, const struct auth_digest_input *in,
			 char hex[AUTH_DIGEST_HEX_MAX + 1U])
{
	char ha1[AUTH_DIGEST_HEX_MAX + 1U];
	uint8_t raw[AUTH_DIGEST_BYTES_MAX];

	assert_int_equal(auth_digest_ha1(alg, RFC_USER, RFC_REALM, RFC_PASSWORD, ha1), 0);
	assert_int_equal(strlen(ha1), 2U * auth_digest_size(alg));
	assert_int_equal(auth_digest_response(alg, sess, ha1, in, raw), 0);
	auth_hex_encode(raw, auth_digest_size(alg), hex);
}

static void test_rfc7616_3_9_1_md5(void **state)
{
	char hex[AUTH_DIGEST_HEX_MAX + 1U];

	(void)state;
	response_hex(AUTH_DIGEST_MD5, false, &rfc_request, hex);
	assert_string_equal(hex, RFC_RESPONSE_MD5);
}

static void test_rfc7616_3_9_1_sha256(void **state)
{
	char hex[AUTH_DIGEST_HEX_MAX + 1U];

	(void)state;
	response_hex(AUTH_DIGEST_SHA256, false, &rfc_request, hex);
	assert_string_equal(hex, RFC_RESPONSE_SHA256);
}

/* Every field enters the digest: change one and the response changes. */
static void test_every_field_matters(void **state)
{
	char base[AUTH_DIGEST_HEX_MAX + 1U], other[AUTH_DIGEST_HEX_MAX + 1U];
	const char **field[6];
	struct auth_digest_input in = rfc_request;

	(void)state;
	field[0] = &in.nonce;
	field[1] = &in.nc;
	field[2] = &in.cnonce;
	field[3] = &in.qop;
	field[4] = &in.method;
	field[5] = &in.uri;
	response_hex(AUTH_DIGEST_SHA256, false, &rfc_request, base);
	for (size_t i = 0; i < 6U; i++) {
		in = rfc_request;
		*field[i] = "x";
		response_hex(AUTH_DIGEST_SHA256, false, &in, other);
		assert_string_not_equal(base, other);
	}
	response_hex(AUTH_DIGEST_SHA256, true, &rfc_request, other);
	assert_string_not_equal(base, other);
}

static void test_algorithm_names(void **state)
{
	enum auth_digest_alg alg;
	bool sess;

	(void)state;
	assert_int_equal(auth_digest_alg_parse("SHA-256", &alg, &sess), 0);
	assert_int_equal(alg, AUTH_DIGEST_SHA256);
	assert_false(sess);
	assert_int_equal(auth_digest_alg_parse("sha-256-SESS", &alg, &sess), 0);
	assert_int_equal(alg, AUTH_DIGEST_SHA256);
	assert_true(sess);
	assert_int_equal(auth_digest_alg_parse("MD5-sess", &alg, &sess), 0);
	assert_int_equal(alg, AUTH_DIGEST_MD5);
	assert_true(sess);
	/* RFC 7616 3.4: absent means MD5 */
	assert_int_equal(auth_digest_alg_parse(NULL, &alg, &sess), 0);
	assert_int_equal(alg, AUTH_DIGEST_MD5);
	assert_false(sess);
	assert_int_equal(auth_digest_alg_parse("SHA-512-256", &alg, &sess), -ENOTSUP);
	assert_int_equal(auth_digest_alg_parse("SHA-256 ", &alg, &sess), -ENOTSUP);
	assert_int_equal(auth_digest_alg_parse("", &alg, &sess), -ENOTSUP);
	assert_string_equal(auth_digest_alg_name(AUTH_DIGEST_SHA256), "SHA-256");
	assert_string_equal(auth_digest_alg_name(AUTH_DIGEST_MD5), "MD5");
}

static void test_hex(void **state)
{
	static const uint8_t bytes[] = { 0x00, 0x9f, 0xa0, 0xff };
	uint8_t back[4];
	char hex[9];

	(void)state;
	auth_hex_encode(bytes, sizeof(bytes), hex);
	assert_string_equal(hex, "009fa0ff");
	assert_int_equal(auth_hex_decode("009FA0ff", back, 4), 0);
	assert_memory_equal(back, bytes, 4);
	assert_int_equal(auth_hex_decode("009fa0f", back, 4), -EINVAL);
	assert_int_equal(auth_hex_decode("009fa0fff", back, 4), -EINVAL);
	assert_int_equal(auth_hex_decode("009fa0fg", back, 4), -EINVAL);
	assert_int_equal(auth_hex_decode("", back, 4), -EINVAL);
	assert_int_equal(auth_hex_decode("", back, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7616_3_9_1_md5),
		cmocka_unit_test(test_rfc7616_3_9_1_sha256),
		cmocka_unit_test(test_every_field_matters),
		cmocka_unit_test(test_algorithm_names),
		cmocka_unit_test(test_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/http/auth_credentials.c */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/auth_credentials.c: the Authorization header grammar of RFC 9110
 * 11.4 and 11.6.2, tolerant where the RFC allows (order, quoting, spaces,
 * empty list elements), strict where a mistake would be read as something
 * else (unterminated quotes, repeated names, controls), and never reading
 * past the value.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/auth_credentials.h"

static struct auth_credentials cred;

/* Parse a copy in a buffer of exactly its size, so ASan sees any read past the NUL. */
static int parse(const char *value)
{
	size_t len = strlen(value);
	char *copy = malloc(len + 1U);
	int rc;

	assert_non_null(copy);
	memcpy(copy, value, len + 1U);
	memset(&cred, 0xa5, sizeof(cred));
	rc = auth_credentials_parse(copy, &cred);
	free(copy);
	return rc;
}

static const char *param(const char *name)
{
	const struct auth_param *p = auth_credentials_param(&cred, name);

	return p != NULL ? p->value : NULL;
}

static void test_digest_params_quoted_and_tokens(void **state)
{
	(void)state;
	assert_int_equal(parse("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
			       "uri=\"/dir/index.html\", algorithm=SHA-256, nc=00000001, "
			       "qop=auth"), 0);
	assert_string_equal(cred.scheme, "Digest");
	assert_null(cred.token68);
	assert_int_equal(cred.param_count, 6);
	assert_string_equal(param("username"), "Mufasa");
	assert_string_equal(param("realm"), "http-auth@example.org");
	assert_string_equal(param("uri"), "/dir/index.html");
	assert_string_equal(param("algorithm"), "SHA-256");
	assert_string_equal(param("nc"), "00000001");
	assert_string_equal(param("qop"), "auth");
}

static void test_names_are_case_insensitive(void **state)
{
	(void)state;
	assert_int_equal(parse("digest UserName=\"x\""), 0);
	assert_string_equal(cred.scheme, "digest");
	assert_string_equal(param("username"), "x");
	assert_string_equal(param("USERNAME"), "x");
	assert_null(param("user"));
}

/* RFC 9110 11.6.2 BWS around "=", OWS around ",", and empty list elements (5.6.1). */
static void test_whitespace_and_empty_elements_tolerated(void **state)
{
	(void)state;
	assert_int_equal(parse("Digest  ,, a = \"1\" ,\tb\t=\t2 , , c=\"3\",  "), 0);
	assert_int_equal(cred.param_count, 3);
	assert_string_equal(param("a"), "1");
	assert_string_equal(param("b"), "2");
	assert_string_equal(param("c"), "3");
}

static void test_quoted_pair_unescaped(void **state)
{
	(void)state;
	assert_int_equal(parse("Digest username=\"a\\\"b\\\\c\\d\", e=\"\""), 0);
	assert_string_equal(param("username"), "a\"b\\cd");
	assert_int_equal(auth_credentials_param(&cred, "username")->value_len, 6);
	assert_string_equal(param("e"), "");
	assert_int_equal(auth_credentials_param(&cred, "e")->value_len, 0);
}

static void test_token68_form(void **state)
{
	(void)state;
	assert_int_equal(parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), 0);
	assert_string_equal(cred.scheme, "Basic");
	assert_string_equal(cred.token68, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
	assert_int_equal(cred.param_count, 0);
	assert_int_equal(parse("Basic YQ==  "), 0);
	assert_string_equal(cred.token68, "YQ==");
	/* Grammatical token68, whatever the scheme makes of it (Digest: malformed). */
	assert_int_equal(parse("Digest a="), 0);
	assert_string_equal(cred.token68, "a=");
	assert_int_equal(parse("Digest a"), 0);
	assert_string_equal(cred.token68, "a");
}

static void test_scheme_alone(void **state)
{
	(void)state;
	assert_int_equal(parse("Digest"), 0);
	assert_int_equal(cred.param_count, 0);
	assert_null(cred.token68);
	assert_int_equal(parse("Digest   "), 0);
	assert_int_equal(cred.param_count, 0);
}

static void test_syntax_errors(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"\"Digest\"",
		"Digest,a=1",			/* no space after the scheme */
		"Digest a=\"1",			/* unterminated */
		"Digest a=\"1\\",		/* quoted-pair cut off */
		"Digest a=\"1\" b=2",		/* no comma */
		"Digest a=1, a=2",		/* repeated name, RFC 9110 11.2 */
		"Digest a=1, A=\"2\"",
		"Digest a=\"x\001y\"",		/* a control in a quoted string */
		"Digest a=\"x\177y\"",
		"Digest =1",
		"Digest a==1",
		"Digest a=1;b=2",
		"Basic YQ== x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(bad[i]);

		if (rc != -EINVAL) {
			fail_msg("\"%s\": %d, expected -EINVAL", bad[i], rc);
		}
	}
}

static void test_limits(void **state)
{
	char value[AUTH_HEADER_MAX + 2U];
	char list[AUTH_HEADER_MAX];
	size_t len = 0;

	(void)state;
	memset(value, 'a', sizeof(value));
	memcpy(value, "Basic ", 6);
	value[AUTH_HEADER_MAX] = '\0';
	assert_int_equal(parse(value), 0);
	value[AUTH_HEADER_MAX] = 'a';
	value[AUTH_HEADER_MAX + 1U] = '\0';
	assert_int_equal(parse(value), -E2BIG);

	len = (size_t)snprintf(list, sizeof(list), "Digest ");
	for (unsigned int i = 0; i < AUTH_PARAMS_MAX; i++) {
		len += (size_t)snprintf(list + len, sizeof(list) - len, "p%u=%u, ", i, i);
	}
	assert_int_equal(parse(list), 0);
	assert_int_equal(cred.param_count, AUTH_PARAMS_MAX);
	snprintf(list + len, sizeof(list) - len, "one=more");
	assert_int_equal(parse(list), -E2BIG);
}

/* Every prefix of a valid value parses or fails cleanly, never reading past its end. */
static void test_every_prefix(void **state)
{
	static const char full[] = "Digest username=\"Mu\\\"fasa\", nc=00000001, "
				   "qop=\"auth\", response=\"abc\"";
	char prefix[sizeof(full)];

	(void)state;
	for (size_t n = 0; n < sizeof(full); n++) {
		int rc;

		memcpy(prefix, full, n);
		prefix[n] = '\0';
		rc = parse(prefix);
		assert_true(rc == 0 || rc == -EINVAL);
		if (rc == 0 && param("response") != NULL) {
			assert_int_equal(n, sizeof(full) - 1U);
		}
	}
}

static void test_token_equal(void **state)
{
	(void)state;
	assert_true(auth_token_equal("SHA-256", "sha-256"));
	assert_true(auth_token_equal("", ""));
	assert_false(auth_token_equal("MD5", "MD5-sess"));
	assert_false(auth_token_equal("MD5-sess", "MD5"));
	assert_false(auth_token_equal("a", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_params_quoted_and_tokens),
		cmocka_unit_test(test_names_are_case_insensitive),
		cmocka_unit_test(test_whitespace_and_empty_elements_tolerated),
		cmocka_unit_test(test_quoted_pair_unescaped),
		cmocka_unit_test(test_token68_form),
		cmocka_unit_test(test_scheme_alone),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_token_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

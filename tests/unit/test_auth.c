/* sources: mgmt/http/auth.c mgmt/http/auth_verify.c mgmt/http/auth_users.c mgmt/http/auth_credentials.c mgmt/http/auth_digest.c mgmt/http/auth_nonce.c mgmt/http/auth_ratelimit.c mgmt/http/http_message.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/auth.c through its interface, auth_check(): a client written
 * here from RFC 7616 and RFC 7617 alone (straight mbedTLS calls, checked
 * against the RFC's published example) talks to the real code.
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
#include <mbedtls/base64.h>
#include <mbedtls/md5.h>
#include <mbedtls/sha256.h>

#include "mgmt/http/auth.h"


#define USER		"Mufasa"
#define PASSWORD	"Circle of Life"
#define T0		10000000ULL	/* monotonic ms */
#define PEER		0xC0A80105U	/* 192.168.1.5 */
#define CNONCE		"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
#define ALPHABET	"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz"

/* ---- randomness ---- */

/* splitmix64: deterministic, and a different stream per seed. */
static int test_rng(void *ctx, unsigned char *out, size_t len)
{
	uint64_t *state = ctx;

	for (size_t i = 0; i < len; i++) {
		uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
		z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
		out[i] = (uint8_t)(z ^ (z >> 31));
	}
	return 0;
}

static int failing_rng(void *ctx, unsigned char *out, size_t len)
{
	(void)ctx;
	(void)out;
	(void)len;
	return -1;
}

/* Bytes from a script, repeated. */
struct script {
	const uint8_t *bytes;
	size_t len;
	size_t pos;
};

static int scripted_rng(void *ctx, unsigned char *out, size_t len)
{
	struct script *s = ctx;

	for (size_t i = 0; i < len; i++) {
		out[i] = s->bytes[s->pos++ % s->len];
	}
	return 0;
}

/* ---- the client: RFC 7616 3.4.1 written out, nothing from the code under test ---- */

static void hash_hex(const char *alg, const char *text, char hex[65])
{
	unsigned char d[32];
	size_t n = strncmp(alg, "MD5", 3) == 0 ? 16U : 32U;

	if (n == 16U) {
		assert_int_equal(mbedtls_md5_ret((const unsigned char *)text, strlen(text), d), 0);
	} else {
		assert_int_equal(mbedtls_sha256_ret((const unsigned char *)text, strlen(text), d, 0), 0);
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	}
}

struct digest_client {
	const char *user, *password, *realm, *alg, *method, *uri;
	const char *nonce, *opaque, *cnonce, *nc, *qop;
	const char *response;	/* NULL: the right one */
	const char *header_user; /* NULL: user; else sent instead of the user digested */
};

static void client_response(const struct digest_client *c, char hex[65])
{
	char text[1024], ha1[65], ha2[65];
	const char *alg = c->alg != NULL ? c->alg : "MD5";

	snprintf(text, sizeof(text), "%s:%s:%s", c->user, c->realm, c->password);
	hash_hex(alg, text, ha1);
	if (strstr(alg, "-sess") != NULL) {
		snprintf(text, sizeof(text), "%s:%s:%s", ha1, c->nonce, c->cnonce);
		hash_hex(alg, text, ha1);
	}
	snprintf(text, sizeof(text), "%s:%s", c->method, c->uri);
	hash_hex(alg, text, ha2);
	if (c->qop != NULL) {
		snprintf(text, sizeof(text), "%s:%s:%s:%s:%s:%s", ha1, c->nonce, c->nc, c->cnonce,
			 c->qop, ha2);
	} else {	/* RFC 2069 */
		snprintf(text, sizeof(text), "%s:%s:%s", ha1, c->nonce, ha2);
	}
	hash_hex(alg, text, hex);
}

/* The header value, "response" last so that every proper prefix breaks it. */
static void client_header(const struct digest_client *c, char *out, size_t size)
{
	char response[65];
	int n;

	client_response(c, response);
	n = snprintf(out, size, "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\"",
		     c->header_user != NULL ? c->header_user : c->user, c->realm, c->nonce, c->uri);
	if (c->alg != NULL) {
		n += snprintf(out + n, size - (size_t)n, ", algorithm=%s", c->alg);
	}
	if (c->qop != NULL) {
		n += snprintf(out + n, size - (size_t)n, ", qop=%s, nc=%s, cnonce=\"%s\"", c->qop,
			      c->nc, c->cnonce);
	}
	if (c->opaque != NULL) {
		n += snprintf(out + n, size - (size_t)n, ", opaque=\"%s\"", c->opaque);
	}
	snprintf(out + n, size - (size_t)n, ", response=\"%s\"",
		 c->response != NULL ? c->response : response);
}

static void basic_header(const char *user_pass, char *out, size_t size)
{
	size_t olen;

	memcpy(out, "Basic ", 6);
	assert_int_equal(mbedtls_base64_encode((unsigned char *)out + 6, size - 6, &olen,
					       (const unsigned char *)user_pass,
					       strlen(user_pass)), 0);
}

/* ---- the server side: one context per test, one request at a time ---- */

struct challenge {
	char scheme[16];
	char algorithm[16];
	char realm[16];
	char qop[16];
	char nonce[128];
	char opaque[64];
	bool stale;
};

static uint64_t rng_state;
static struct auth_context *auth;
static struct http_response resp;
static struct challenge ch[4];
static size_t ch_count;
static char retry_after[16];

static int setup(void **state)
{
	(void)state;
	rng_state = 42;
	auth = auth_create(USER, PASSWORD, test_rng, &rng_state, NULL);
	assert_non_null(auth);
	http_response_init(&resp, 4096);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	auth_destroy(auth);
	http_response_free(&resp);
	return 0;
}

/* The value of name="..." or name=token in a challenge line. */
static void challenge_param(const char *line, const char *name, char *out, size_t size)
{
	char key[32];
	const char *p;
	size_t n;

	snprintf(key, sizeof(key), " %s=", name);
	out[0] = '\0';
	p = strstr(line, key);
	if (p == NULL) {
		return;
	}
	p += strlen(key);
	if (*p == '"') {
		p++;
		n = strcspn(p, "\"");
	} else {
		n = strcspn(p, ",\r");
	}
	assert_true(n < size);
	memcpy(out, p, n);
	out[n] = '\0';
}

/* resp's WWW-Authenticate and Retry-After headers into ch[] and retry_after. */
static void parse_response_headers(void)
{
	const char *p = resp.headers.data;
	const char *end = p + resp.headers.len;

	ch_count = 0;
	retry_after[0] = '\0';
	while (p != NULL && p < end) {
		const char *eol = strstr(p, "\r\n");
		char line[512];
		char stale[8];

		assert_non_null(eol);
		assert_true((size_t)(eol - p) < sizeof(line));
		memcpy(line, p, (size_t)(eol - p));
		line[eol - p] = '\0';
		if (strncmp(line, "WWW-Authenticate: ", 18) == 0) {
			struct challenge *c = &ch[ch_count++];

			sscanf(line + 18, "%15s", c->scheme);
			challenge_param(line, "algorithm", c->algorithm, sizeof(c->algorithm));
			challenge_param(line, "realm", c->realm, sizeof(c->realm));
			challenge_param(line, "qop", c->qop, sizeof(c->qop));
			challenge_param(line, "nonce", c->nonce, sizeof(c->nonce));
			challenge_param(line, "opaque", c->opaque, sizeof(c->opaque));
			challenge_param(line, "stale", stale, sizeof(stale));
			c->stale = strcmp(stale, "true") == 0;
		} else if (strncmp(line, "Retry-After: ", 13) == 0) {
			assert_true(strlen(line + 13) < sizeof(retry_after));
			strcpy(retry_after, line + 13);
		} else {
			fail_msg("unexpected header: %s", line);
		}
		p = eol + 2;
	}
}

/* One request; the header value is copied into a buffer of exactly its size (ASan). */
static enum auth_result request_full(enum http_method method, const char *target,
				     const char *authorization, bool tls, uint32_t peer,
				     uint64_t now)
{
	struct http_request req;
	char *value = NULL;
	enum auth_result result;

	memset(&req, 0, sizeof(req));
	req.method = method;
	snprintf(req.target, sizeof(req.target), "%s", target);
	req.version_minor = 1;
	req.over_tls = tls;
	req.peer_ipv4 = peer;
	req.header[req.header_count].name = "Host";
	req.header[req.header_count++].value = "192.0.2.1";
	if (authorization != NULL) {
		size_t len = strlen(authorization);

		value = malloc(len + 1U);
		assert_non_null(value);
		memcpy(value, authorization, len + 1U);
		req.header[req.header_count].name = "authorization";
		req.header[req.header_count++].value = value;
	}
	http_response_free(&resp);
	http_response_init(&resp, 4096);
	result = auth_check(auth, &req, &resp, now);
	free(value);
	parse_response_headers();
	return result;
}

static enum auth_result request(const char *authorization, bool tls, uint32_t peer, uint64_t now)
{
	return request_full(HTTP_METHOD_POST, "/wsman", authorization, tls, peer, now);
}

/* A challenge, as a client gets it first; the SHA-256 one. */
static struct challenge challenge_at(uint64_t now)
{
	assert_int_equal(request(NULL, false, PEER, now), AUTH_CHALLENGE);
	assert_int_equal(resp.status, 401);
	assert_true(ch_count >= 2U);
	return ch[0];
}

/* A client for the last challenge: POST /wsman, SHA-256, nc 1. */
static struct digest_client client_for(const struct challenge *c)
{
	struct digest_client cl = {
		.user = USER, .password = PASSWORD, .realm = "vmanhv", .alg = "SHA-256",
		.method = "POST", .uri = "/wsman", .nonce = c->nonce, .opaque = c->opaque,
		.cnonce = CNONCE, .nc = "00000001", .qop = "auth",
	};

	return cl;
}

static enum auth_result digest(const struct digest_client *cl, uint32_t peer, uint64_t now)
{
	char header[1024];

	client_header(cl, header, sizeof(header));
	return request(header, false, peer, now);
}

/* ---- the client against the RFC ---- */

/* The client above reproduces RFC 7616 3.9.1 (its published responses, copied). */
static void test_client_reproduces_rfc7616_3_9_1(void **state)
{
	struct digest_client cl = {
		.user = "Mufasa", .password = "Circle of Life", .realm = "http-auth@example.org",
		.method = "GET", .uri = "/dir/index.html",
		.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
		.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", .nc = "00000001",
		.qop = "auth",
	};
	char hex[65];

	(void)state;
	cl.alg = "MD5";
	client_response(&cl, hex);
	assert_string_equal(hex, "8ca523f5e9506fed4657c9700eebdbec");
	cl.alg = "SHA-256";
	client_response(&cl, hex);
	assert_string_equal(hex, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

/* ---- challenges ---- */

static void test_challenges_sha256_first_then_md5(void **state)
{
	struct challenge first;

	(void)state;
	first = challenge_at(T0);
	assert_int_equal(ch_count, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(ch[i].scheme, "Digest");
		assert_string_equal(ch[i].realm, "vmanhv");
		assert_string_equal(ch[i].qop, "auth");
		assert_string_equal(ch[i].nonce, first.nonce);
		assert_string_equal(ch[i].opaque, first.opaque);
		assert_false(ch[i].stale);
	}
	assert_string_equal(ch[0].algorithm, "SHA-256");
	assert_string_equal(ch[1].algorithm, "MD5");
	assert_int_equal(strspn(first.nonce, "0123456789abcdef"), 64);
	assert_int_equal(strlen(first.nonce), 64);
	assert_false(resp.close);
	/* every challenge has a fresh nonce */
	challenge_at(T0);
	assert_string_not_equal(ch[0].nonce, first.nonce);
}

static void test_basic_offered_over_tls_only(void **state)
{
	(void)state;
	assert_int_equal(request(NULL, true, PEER, T0), AUTH_CHALLENGE);
	assert_int_equal(ch_count, 3);
	assert_string_equal(ch[2].scheme, "Basic");
	assert_string_equal(ch[2].realm, "vmanhv");
	assert_int_equal(request(NULL, false, PEER, T0), AUTH_CHALLENGE);
	assert_int_equal(ch_count, 2);
}

/* ---- Digest accepted ---- */

/* RFC 7616 3.9.1's user, password, method and URI, in realm "vmanhv", both algorithms. */
static void test_rfc7616_example_credentials_accepted(void **state)
{
	static const char *const algs[] = { "SHA-256", "MD5" };
	char header[1024];

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct challenge c = challenge_at(T0);
		struct digest_client cl = client_for(&c);

		cl.alg = algs[i];
		cl.method = "GET";
		cl.uri = "/dir/index.html";
		client_header(&cl, header, sizeof(header));
		assert_int_equal(request_full(HTTP_METHOD_GET, "/dir/index.html", header, false,
					      PEER, T0 + 1U), AUTH_OK);
	}
}

static void test_digest_algorithms(void **state)
{
	static const char *const algs[] = { "SHA-256", "MD5", "SHA-256-sess", "MD5-sess",
					    "sha-256", NULL /* MD5, RFC 7616 3.4 */ };

	(void)state;
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		struct challenge c = challenge_at(T0);
		struct digest_client cl = client_for(&c);

		cl.alg = algs[i];
		assert_int_equal(digest(&cl, PEER, T0), AUTH_OK);
	}
}

static void test_digest_over_tls(void **state)
{
	struct challenge c;
	struct digest_client cl;
	char header[1024];

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	client_header(&cl, header, sizeof(header));
	assert_int_equal(request(header, true, PEER, T0), AUTH_OK);
}

static void test_opaque_may_be_left_out(void **state)
{
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	cl.opaque = NULL;
	assert_int_equal(digest(&cl, PEER, T0), AUTH_OK);
}

/* RFC 7616 3.4 / RFC 9110 11.6.2: order, quoting, whitespace, case of the scheme. */
static void test_header_syntax_tolerated(void **state)
{
	struct challenge c;
	struct digest_client cl;
	char response[65], header[1024];

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	client_response(&cl, response);
	snprintf(header, sizeof(header),
		 "dIgEsT  response = \"%s\" ,qop=\"auth\",\tnc=\"00000001\" , ,"
		 "cnonce=\"%s\",uri=\"/wsman\", algorithm=\"SHA-256\", nonce=%s,"
		 "realm=\"vmanhv\", opaque=\"%s\", username=\"Mufasa\" ,",
		 response, CNONCE, c.nonce, c.opaque);
	assert_int_equal(request(header, false, PEER, T0), AUTH_OK);
}

/* ---- Digest refused ---- */

static void expect_denied(const struct digest_client *cl, uint32_t peer)
{
	assert_int_equal(digest(cl, peer, T0), AUTH_CHALLENGE);
	assert_int_equal(resp.status, 401);
	assert_int_equal(ch_count, 2);
	assert_false(ch[0].stale);
}

static void test_wrong_password(void **state)
{
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	cl.password = "Circle of life";
	expect_denied(&cl, PEER);
	cl.alg = "MD5";
	expect_denied(&cl, PEER);
}

static void test_wrong_user(void **state)
{
	static const char *const users[] = { "mufasa", "MUFASA", "Mufasa ", " Mufasa", "Mufas", "admin" };
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		cl = client_for(&c);
		cl.user = users[i];
		expect_denied(&cl, PEER + (uint32_t)i);
		/* digested with the right name, another one sent: still compared exactly */
		cl = client_for(&c);
		cl.header_user = users[i];
		expect_denied(&cl, PEER + 10U + (uint32_t)i);
	}
}

/* RFC 7616 3.4.6: the "uri" parameter must be the request-target. */
static void test_wrong_uri(void **state)
{
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	cl.uri = "/other";
	expect_denied(&cl, PEER);
	cl.uri = "/WSMAN";
	expect_denied(&cl, PEER);
	cl.uri = "/wsman/";
	expect_denied(&cl, PEER);
}

static void test_wrong_realm_method_opaque(void **state)
{
	struct challenge c;
	struct digest_client cl;
	char header[1024];

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	cl.realm = "VMANHV";
	expect_denied(&cl, PEER);
	cl = client_for(&c);
	cl.method = "GET";
	expect_denied(&cl, PEER);
	cl = client_for(&c);
	cl.opaque = "00000000000000000000000000000000";
	expect_denied(&cl, PEER + 1U);
	/* a method the server does not know cannot be digested */
	cl = client_for(&c);
	client_header(&cl, header, sizeof(header));
	assert_int_equal(request_full(HTTP_METHOD_OTHER, "/wsman", header, false, PEER + 2U, T0),
			 AUTH_CHALLENGE);
}

static void test_replayed_nonce_count(void **state)
{
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	assert_int_equal(digest(&cl, PEER, T0), AUTH_OK);
	expect_denied(&cl, PEER);
	cl.nc = "00000002";
	assert_int_equal(digest(&cl, PEER, T0 + 1000U), AUTH_OK);
	expect_denied(&cl, PEER);
	cl.nc = "00000001";
	expect_denied(&cl, PEER);
	cl.nc = "00000003";
	assert_int_equal(digest(&cl, PEER, T0 + 2000U), AUTH_OK);
}

/* RFC 7616 3.3: a right digest on an expired nonce gets stale=true and a new nonce. */
static void test_expired_nonce_is_stale(void **state)
{
	struct challenge c;
	struct digest_client cl;
	uint64_t later = T0 + 5U * 60U * 1000U + 1U;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	assert_int_equal(digest(&cl, PEER, T0 + 5U * 60U * 1000U), AUTH_OK);
	cl.nc = "00000002";
	assert_int_equal(digest(&cl, PEER, later), AUTH_CHALLENGE);
	assert_int_equal(resp.status, 401);
	assert_int_equal(ch_count, 2);
	assert_true(ch[0].stale);
	assert_true(ch[1].stale);
	assert_string_not_equal(ch[0].nonce, c.nonce);
	/* the client retries on the new nonce */
	c = ch[0];
	cl = client_for(&c);
	assert_int_equal(digest(&cl, PEER, later), AUTH_OK);
}

static void test_expired_nonce_wrong_password_not_stale(void **state)
{
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	cl.password = "guess";
	assert_int_equal(digest(&cl, PEER, T0 + 10U * 60U * 1000U), AUTH_CHALLENGE);
	assert_false(ch[0].stale);
}

/* A nonce this boot did not issue (a reboot, a forgery): stale only with the right digest. */
static void test_unknown_nonce(void **state)
{
	static const char *const nonces[] = {
		"0000000000000000000000000000000000000000000000000000000000000000",
		"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
		"",
	};
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	for (size_t i = 0; i < sizeof(nonces) / sizeof(nonces[0]); i++) {
		cl = client_for(&c);
		cl.nonce = nonces[i];
		assert_int_equal(digest(&cl, PEER, T0), AUTH_CHALLENGE);
		assert_true(ch[0].stale);
		cl.password = "guess";
		expect_denied(&cl, PEER);
	}
}

/* RFC 2069 digest (no qop, nc, cnonce) is refused, even with the right password. */
static void test_rfc2069_digest_refused(void **state)
{
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	cl.qop = NULL;
	expect_denied(&cl, PEER);
	cl = client_for(&c);
	cl.qop = "auth-int";
	expect_denied(&cl, PEER);
}

static void test_unsupported_parameters_refused(void **state)
{
	struct challenge c;
	struct digest_client cl;
	char header[1024];

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	cl.alg = "SHA-512-256";
	expect_denied(&cl, PEER);
	cl = client_for(&c);
	client_header(&cl, header, sizeof(header));
	strcat(header, ", userhash=true");
	assert_int_equal(request(header, false, PEER, T0), AUTH_CHALLENGE);
}

/*
 * CVE-2017-5689 (Intel AMT): the firmware compared the response with
 * strncmp(expected, given, strlen(given)), so an empty response matched.
 * Empty and prefix responses must be refused.
 */
static void test_cve_2017_5689_empty_response_refused(void **state)
{
	struct challenge c;
	struct digest_client cl;
	char right[65], prefix[65];

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	client_response(&cl, right);
	cl.response = "";
	expect_denied(&cl, PEER);
	for (size_t n = 1; n < strlen(right); n += 7U) {
		memcpy(prefix, right, n);
		prefix[n] = '\0';
		cl.response = prefix;
		expect_denied(&cl, PEER + 1U + (uint32_t)n);
	}
	/* the right response in upper case is the same digest */
	for (size_t i = 0; right[i] != '\0'; i++) {
		prefix[i] = (char)(right[i] >= 'a' ? right[i] - 'a' + 'A' : right[i]);
	}
	prefix[strlen(right)] = '\0';
	cl.response = prefix;
	assert_int_equal(digest(&cl, PEER + 100U, T0), AUTH_OK);
}

static void test_malformed_headers_bad_request(void **state)
{
	static const char *const bad[] = {
		"",
		" ",
		"Digest",
		"Digest ",
		"Digest username=\"Mufasa\"",
		"Digest username=\"Mufasa\", username=\"Mufasa\"",
		"Digest username=\"Mufasa",
		"Digest dXNlcjpwYXNz",
		"Basic",
		"Basic a=b",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(request(bad[i], true, PEER + (uint32_t)i, T0), AUTH_BAD_REQUEST);
		assert_int_equal(resp.status, 400);
		assert_true(resp.close);
	}
}

static void test_bad_nonce_count_bad_request(void **state)
{
	static const char *const ncs[] = { "0", "00000000", "xyz", "000000001", "-1" };
	struct challenge c;
	struct digest_client cl;

	(void)state;
	c = challenge_at(T0);
	for (size_t i = 0; i < sizeof(ncs) / sizeof(ncs[0]); i++) {
		cl = client_for(&c);
		cl.nc = ncs[i];
		assert_int_equal(digest(&cl, PEER + (uint32_t)i, T0), AUTH_BAD_REQUEST);
	}
	cl = client_for(&c);
	cl.nc = "1";	/* fewer than 8 digits: tolerated */
	assert_int_equal(digest(&cl, PEER, T0), AUTH_OK);
}

static void test_two_authorization_headers_bad_request(void **state)
{
	struct http_request req;
	struct challenge c;
	struct digest_client cl;
	char header[1024];

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	client_header(&cl, header, sizeof(header));
	memset(&req, 0, sizeof(req));
	req.method = HTTP_METHOD_POST;
	strcpy(req.target, "/wsman");
	req.peer_ipv4 = PEER;
	req.header[0].name = "Authorization";
	req.header[0].value = header;
	req.header[1].name = "AUTHORIZATION";
	req.header[1].value = "Basic YWRtaW46eA==";
	req.header_count = 2;
	http_response_free(&resp);
	http_response_init(&resp, 4096);
	assert_int_equal(auth_check(auth, &req, &resp, T0), AUTH_BAD_REQUEST);
}

static void test_unknown_scheme_challenged(void **state)
{
	(void)state;
	assert_int_equal(request("Bearer abc.def.ghi", false, PEER, T0), AUTH_CHALLENGE);
	assert_int_equal(ch_count, 2);
	assert_int_equal(request("Negotiate YIIG", true, PEER, T0), AUTH_CHALLENGE);
	assert_int_equal(ch_count, 3);
}

/* Every proper prefix of a valid header is refused, and read only within its bytes. */
static void test_truncated_headers_every_length(void **state)
{
	struct challenge c;
	struct digest_client cl;
	char header[1024], basic[128], prefix[1024];

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	client_header(&cl, header, sizeof(header));
	basic_header(USER ":" PASSWORD, basic, sizeof(basic));
	for (size_t n = 0; n < strlen(header); n++) {
		memcpy(prefix, header, n);
		prefix[n] = '\0';
		assert_int_not_equal(request(prefix, false, (uint32_t)n, T0), AUTH_OK);
	}
	for (size_t n = 0; n < strlen(basic); n++) {
		memcpy(prefix, basic, n);
		prefix[n] = '\0';
		assert_int_not_equal(request(prefix, true, 0x01000000U + (uint32_t)n, T0), AUTH_OK);
	}
	assert_int_equal(request(header, false, PEER, T0), AUTH_OK);
	assert_int_equal(request(basic, true, PEER, T0), AUTH_OK);
}

static void test_overlong_header_bad_request(void **state)
{
	char header[2048];

	(void)state;
	memset(header, 'A', sizeof(header) - 1U);
	memcpy(header, "Basic ", 6);
	header[sizeof(header) - 1U] = '\0';
	assert_int_equal(request(header, true, PEER, T0), AUTH_BAD_REQUEST);
}

/* ---- Basic ---- */

static void test_basic_over_tls_accepted(void **state)
{
	char header[128];

	(void)state;
	basic_header(USER ":" PASSWORD, header, sizeof(header));
	assert_int_equal(request(header, true, PEER, T0), AUTH_OK);
}

/* RFC 7617 4: the password in clear; on plain HTTP refused with Digest challenges. */
static void test_basic_over_http_refused_with_digest_challenge(void **state)
{
	char header[128];

	(void)state;
	basic_header(USER ":" PASSWORD, header, sizeof(header));
	assert_int_equal(request(header, false, PEER, T0), AUTH_CHALLENGE);
	assert_int_equal(resp.status, 401);
	assert_int_equal(ch_count, 2);
	assert_string_equal(ch[0].scheme, "Digest");
	assert_string_equal(ch[1].scheme, "Digest");
}

static void test_basic_refused(void **state)
{
	static const char *const denied[] = {
		USER ":circle of Life", USER ":", "mufasa:" PASSWORD, USER ":" PASSWORD " ",
		":" PASSWORD,
	};
	static const char *const malformed[] = { USER, USER "\001:" PASSWORD, USER ":pass\tword" };
	char header[512];

	(void)state;
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		basic_header(denied[i], header, sizeof(header));
		assert_int_equal(request(header, true, PEER + (uint32_t)i, T0), AUTH_CHALLENGE);
		assert_int_equal(ch_count, 3);
	}
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		basic_header(malformed[i], header, sizeof(header));
		assert_int_equal(request(header, true, PEER + 10U + (uint32_t)i, T0),
				 AUTH_BAD_REQUEST);
	}
	assert_int_equal(request("Basic !!!!", true, PEER + 20U, T0), AUTH_BAD_REQUEST);
	assert_int_equal(request("Basic QQ=QQ", true, PEER + 21U, T0), AUTH_BAD_REQUEST);
}

/* ---- rate limiting ---- */

static void test_rate_limited_after_five_failures(void **state)
{
	struct challenge c;
	struct digest_client cl, bad;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	bad = cl;
	bad.password = "guess";
	for (int i = 0; i < 5; i++) {
		assert_int_equal(digest(&bad, PEER, T0 + (uint64_t)i), AUTH_CHALLENGE);
	}
	/* locked: even the right password, even without credentials */
	assert_int_equal(digest(&cl, PEER, T0 + 5U), AUTH_RATE_LIMITED);
	assert_int_equal(resp.status, 429);
	assert_true(resp.close);
	assert_string_equal(retry_after, "60");
	assert_int_equal(ch_count, 0);
	assert_int_equal(request(NULL, false, PEER, T0 + 30004U), AUTH_RATE_LIMITED);
	assert_string_equal(retry_after, "30");
	/* others are not affected */
	assert_int_equal(digest(&cl, PEER + 1U, T0 + 6U), AUTH_OK);
	/* after the window the right password works */
	cl.nc = "00000002";
	assert_int_equal(digest(&cl, PEER, T0 + 4U + 60000U), AUTH_OK);
}

static void test_success_resets_failure_count(void **state)
{
	struct challenge c;
	struct digest_client cl, bad;

	(void)state;
	c = challenge_at(T0);
	cl = client_for(&c);
	bad = cl;
	bad.password = "guess";
	for (int round = 0; round < 3; round++) {
		char nc[9];

		for (int i = 0; i < 4; i++) {
			assert_int_equal(digest(&bad, PEER, T0), AUTH_CHALLENGE);
		}
		snprintf(nc, sizeof(nc), "%08x", round + 1);
		cl.nc = nc;
		assert_int_equal(digest(&cl, PEER, T0), AUTH_OK);
	}
}

static void test_what_counts_as_failure(void **state)
{
	struct challenge c;
	struct digest_client cl;

	(void)state;
	/* no credentials: not a failure */
	for (int i = 0; i < 10; i++) {
		assert_int_equal(request(NULL, false, PEER, T0), AUTH_CHALLENGE);
	}
	/* stale: the client knows the password */
	c = challenge_at(T0);
	for (int i = 0; i < 10; i++) {
		cl = client_for(&c);
		assert_int_equal(digest(&cl, PEER, T0 + 10U * 60U * 1000U), AUTH_CHALLENGE);
		assert_true(ch[0].stale);
	}
	/* malformed: a failure */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(request("Digest", false, PEER + 1U, T0), AUTH_BAD_REQUEST);
	}
	assert_int_equal(request("Digest", false, PEER + 1U, T0), AUTH_RATE_LIMITED);
	/* Basic on plain HTTP: a failure */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(request("Basic YWRtaW46eA==", false, PEER + 2U, T0), AUTH_CHALLENGE);
	}
	assert_int_equal(request(NULL, false, PEER + 2U, T0), AUTH_RATE_LIMITED);
	c = challenge_at(T0 + 10U * 60U * 1000U);
	cl = client_for(&c);
	assert_int_equal(digest(&cl, PEER, T0 + 10U * 60U * 1000U), AUTH_OK);
}

/* ---- nonce table ---- */

/* 65 nonces each used once: the first is evicted and stale from then on; the rest work. */
static void test_nonce_table_eviction(void **state)
{
	struct challenge c[65];
	struct digest_client cl;

	(void)state;
	for (size_t i = 0; i < 65; i++) {
		c[i] = challenge_at(T0 + i);
		cl = client_for(&c[i]);
		assert_int_equal(digest(&cl, PEER, T0 + 100U), AUTH_OK);
	}
	cl = client_for(&c[0]);
	cl.nc = "00000002";
	assert_int_equal(digest(&cl, PEER, T0 + 100U), AUTH_CHALLENGE);
	assert_true(ch[0].stale);
	for (size_t i = 1; i < 65; i++) {
		cl = client_for(&c[i]);
		cl.nc = "00000002";
		assert_int_equal(digest(&cl, PEER, T0 + 100U), AUTH_OK);
	}
}

/* ---- credentials ---- */

static bool in_alphabet(const char *s)
{
	return strspn(s, ALPHABET) == strlen(s);
}

static void test_generated_password(void **state)
{
	const char *first = NULL, *second = NULL;
	struct auth_context *a, *b;
	char header[128], user_pass[64];

	(void)state;
	a = auth_create(NULL, NULL, test_rng, &rng_state, &first);
	b = auth_create(NULL, NULL, test_rng, &rng_state, &second);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(first);
	assert_non_null(second);
	assert_int_equal(strlen(first), 16);
	assert_int_equal(strlen(second), 16);
	assert_true(in_alphabet(first));
	assert_true(in_alphabet(second));
	assert_string_not_equal(first, second);
	assert_null(strpbrk(first, "0O1lIo"));
	/* it is the password, for user "admin" */
	auth_destroy(auth);
	auth = a;
	snprintf(user_pass, sizeof(user_pass), "admin:%s", first);
	basic_header(user_pass, header, sizeof(header));
	assert_int_equal(request(header, true, PEER, T0), AUTH_OK);
	snprintf(user_pass, sizeof(user_pass), "admin:%s", second);
	basic_header(user_pass, header, sizeof(header));
	assert_int_equal(request(header, true, PEER, T0), AUTH_CHALLENGE);
	auth_destroy(b);
}

/*
 * Rejection sampling: a byte b < 224 (= 4 * 56) is ALPHABET[b % 56], a byte
 * from 224 up is drawn again; so 224..255 then 56..71 give ALPHABET[0..15].
 */
static void test_generated_password_unbiased(void **state)
{
	uint8_t bytes[64];
	struct script s = { bytes, sizeof(bytes), 0 };
	const char *generated;
	struct auth_context *a;

	(void)state;
	for (size_t i = 0; i < 32; i++) {
		bytes[i] = (uint8_t)(224U + i);
		bytes[32 + i] = (uint8_t)(56U + i);
	}
	a = auth_create("root", NULL, scripted_rng, &s, &generated);
	assert_non_null(a);
	assert_string_equal(generated, "23456789ABCDEFGH");
	auth_destroy(a);
	for (size_t i = 0; i < 64; i++) {
		bytes[i] = (uint8_t)(167U + i % 16U);	/* 167 % 56 = 55 */
	}
	s.pos = 0;
	a = auth_create("root", NULL, scripted_rng, &s, &generated);
	assert_non_null(a);
	assert_string_equal(generated, "z23456789ABCDEFG");
	auth_destroy(a);
}

static void test_generated_password_needs_working_rng(void **state)
{
	uint8_t high = 0xFF;
	struct script s = { &high, 1, 0 };
	const char *generated = "untouched";

	(void)state;
	assert_null(auth_create(NULL, NULL, scripted_rng, &s, &generated));
	assert_null(generated);
	assert_null(auth_create(NULL, NULL, failing_rng, NULL, &generated));
	assert_null(auth_create(USER, PASSWORD, failing_rng, NULL, &generated));
	assert_null(auth_create(NULL, NULL, test_rng, &rng_state, NULL));
	assert_null(auth_create(USER, PASSWORD, NULL, NULL, NULL));
}

static void test_given_password_not_reported(void **state)
{
	const char *generated = "untouched";
	struct auth_context *a = auth_create(NULL, "secret", test_rng, &rng_state, &generated);
	char header[128];

	(void)state;
	assert_non_null(a);
	assert_null(generated);
	auth_destroy(auth);
	auth = a;
	basic_header("admin:secret", header, sizeof(header));
	assert_int_equal(request(header, true, PEER, T0), AUTH_OK);
}

static void test_credentials_that_cannot_be_sent_refused(void **state)
{
	char user[AUTH_USER_MAX + 2U], password[AUTH_PASSWORD_MAX + 2U];
	struct auth_context *a;

	(void)state;
	assert_null(auth_create("ad:min", "x", test_rng, &rng_state, NULL));
	assert_null(auth_create("", "x", test_rng, &rng_state, NULL));
	assert_null(auth_create("ad\nmin", "x", test_rng, &rng_state, NULL));
	assert_null(auth_create("admin", "", test_rng, &rng_state, NULL));
	assert_null(auth_create("admin", "pass\rword", test_rng, &rng_state, NULL));
	memset(user, 'u', sizeof(user));
	user[AUTH_USER_MAX] = '\0';
	memset(password, 'p', sizeof(password));
	password[AUTH_PASSWORD_MAX] = '\0';
	a = auth_create(user, password, test_rng, &rng_state, NULL);
	assert_non_null(a);
	auth_destroy(a);
	user[AUTH_USER_MAX] = 'u';
	user[AUTH_USER_MAX + 1U] = '\0';
	assert_null(auth_create(user, "x", test_rng, &rng_state, NULL));
	password[AUTH_PASSWORD_MAX] = 'p';
	password[AUTH_PASSWORD_MAX + 1U] = '\0';
	assert_null(auth_create("admin", password, test_rng, &rng_state, NULL));
	/* ":" is fine in a password (RFC 7617 2 splits at the first one) */
	a = auth_create("admin", "a:b", test_rng, &rng_state, NULL);
	assert_non_null(a);
	auth_destroy(auth);
	auth = a;
	{
		char header[64];

		basic_header("admin:a:b", header, sizeof(header));
		assert_int_equal(request(header, true, PEER, T0), AUTH_OK);
	}
}

/* A reply that cannot be built is a 500, never a 401 without challenges. */
static void test_unbuildable_reply_is_500(void **state)
{
	struct http_request req;

	(void)state;
	memset(&req, 0, sizeof(req));
	req.method = HTTP_METHOD_POST;
	strcpy(req.target, "/wsman");
	http_response_free(&resp);
	http_response_init(&resp, 4096);
	resp.headers.max = 20;
	assert_int_equal(auth_check(auth, &req, &resp, T0), AUTH_CHALLENGE);
	assert_int_equal(resp.status, 500);
	assert_true(resp.close);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_reproduces_rfc7616_3_9_1),
		T(test_challenges_sha256_first_then_md5),
		T(test_basic_offered_over_tls_only),
		T(test_rfc7616_example_credentials_accepted),
		T(test_digest_algorithms),
		T(test_digest_over_tls),
		T(test_opaque_may_be_left_out),
		T(test_header_syntax_tolerated),
		T(test_wrong_password),
		T(test_wrong_user),
		T(test_wrong_uri),
		T(test_wrong_realm_method_opaque),
		T(test_replayed_nonce_count),
		T(test_expired_nonce_is_stale),
		T(test_expired_nonce_wrong_password_not_stale),
		T(test_unknown_nonce),
		T(test_rfc2069_digest_refused),
		T(test_unsupported_parameters_refused),
		T(test_cve_2017_5689_empty_response_refused),
		T(test_malformed_headers_bad_request),
		T(test_bad_nonce_count_bad_request),
		T(test_two_authorization_headers_bad_request),
		T(test_unknown_scheme_challenged),
		T(test_truncated_headers_every_length),
		T(test_overlong_header_bad_request),
		T(test_basic_over_tls_accepted),
		T(test_basic_over_http_refused_with_digest_challenge),
		T(test_basic_refused),
		T(test_rate_limited_after_five_failures),
		T(test_success_resets_failure_count),
		T(test_what_counts_as_failure),
		T(test_nonce_table_eviction),
		T(test_generated_password),
		T(test_generated_password_unbiased),
		T(test_generated_password_needs_working_rng),
		T(test_given_password_not_reported),
		T(test_credentials_that_cannot_be_sent_refused),
		T(test_unbuildable_reply_is_500),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

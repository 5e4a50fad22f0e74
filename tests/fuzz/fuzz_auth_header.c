/* sources: mgmt/http/auth.c mgmt/http/auth_verify.c mgmt/http/auth_users.c mgmt/http/auth_credentials.c mgmt/http/auth_digest.c mgmt/http/auth_nonce.c mgmt/http/auth_ratelimit.c mgmt/http/http_message.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary Authorization header values through auth_check()
 * (mgmt/http/auth.c and its parser, Digest and Basic verification, nonce
 * and rate-limit tables).  Build, from the top of the tree:
 *
 *   clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -I. \
 *       tests/fuzz/fuzz_auth_header.c mgmt/http/auth.c mgmt/http/auth_verify.c \
 *       mgmt/http/auth_credentials.c mgmt/http/auth_digest.c mgmt/http/auth_nonce.c \
 *       mgmt/http/auth_ratelimit.c mgmt/http/http_message.c -lmbedcrypto
 *
 * Input: one byte of request flags (bit 0 TLS, bit 1 GET instead of POST,
 * bits 2-4 zero: the one source address that gets locked out, else a new
 * address per input, so that most inputs reach the parser), then the header
 * value; a NUL in it ends the value early, as it would a C string from the
 * HTTP parser.  Each input is one second after the previous one, so
 * lock-outs begin and end and nonces expire.  Nothing the fuzzer can write knows the random
 * password, so AUTH_OK is a bug; so is a status that does not match the
 * result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/http/auth.h"

#define FLAG_TLS	0x01U
#define FLAG_GET	0x02U
#define PEER_SHIFT	2U
#define PEER_MASK	0x07U
#define PEER_LOCKED	0x0A000001U	/* 10.0.0.1 */

static struct auth_context *auth;
static uint64_t now_ms = 1000000U;
static uint32_t runs;

/* xorshift64: deterministic runs, so a crash reproduces from its input alone. */
static int fuzz_rng(void *ctx, unsigned char *out, size_t len)
{
	uint64_t *s = ctx;

	for (size_t i = 0; i < len; i++) {
		*s ^= *s << 13;
		*s ^= *s >> 7;
		*s ^= *s << 17;
		out[i] = (unsigned char)*s;
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
	const char *generated;

	(void)argc;
	(void)argv;
	auth = auth_create("admin", NULL, fuzz_rng, &rng_state, &generated);
	if (auth == NULL) {
		abort();
	}
	return 0;
}

static int expected_status(enum auth_result result)
{
	switch (result) {
	case AUTH_CHALLENGE:
		return 401;
	case AUTH_RATE_LIMITED:
		return 429;
	case AUTH_BAD_REQUEST:
		return 400;
	default:
		abort();	/* AUTH_OK without the password */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request req;
	struct http_response resp;
	enum auth_result result;
	char *value;

	if (size == 0U) {
		return 0;
	}
	/* exactly the bytes of the value and its NUL: ASan catches a read past them */
	value = malloc(size);
	if (value == NULL) {
		return 0;
	}
	memcpy(value, data + 1, size - 1U);
	value[size - 1U] = '\0';

	memset(&req, 0, sizeof(req));
	req.method = (data[0] & FLAG_GET) != 0U ? HTTP_METHOD_GET : HTTP_METHOD_POST;
	strcpy(req.target, "/wsman");
	req.version_minor = 1;
	req.over_tls = (data[0] & FLAG_TLS) != 0U;
	runs++;
	req.peer_ipv4 = ((data[0] >> PEER_SHIFT) & PEER_MASK) == 0U ? PEER_LOCKED : 0x0B000000U + runs;
	req.header[0].name = "Authorization";
	req.header[0].value = value;
	req.header_count = 1;

	http_response_init(&resp, 4096);
	now_ms += 1000U;
	result = auth_check(auth, &req, &resp, now_ms);
	if (resp.status != expected_status(result)) {
		abort();
	}
	http_response_free(&resp);
	free(value);
	return 0;
}

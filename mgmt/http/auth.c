/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/platform_util.h>

#include "mgmt/http/auth_internal.h"

/*
 * No 0/O/o or 1/l/I: the password is read off a console and typed.  56
 * characters; 16 of them are log2(56) * 16 = 92.9 bits.
 */
static const char password_alphabet[] =
	"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";
#define ALPHABET_SIZE	(sizeof(password_alphabet) - 1U)
/* Bytes below this map onto the alphabet evenly (224 = 4 * 56); the rest are redrawn. */
#define UNBIASED_LIMIT	(256U - 256U % ALPHABET_SIZE)
/* A working rng accepts 7 of 8 bytes; one that stays above the limit this long is broken. */
#define PASSWORD_DRAWS_MAX	16U

static bool is_ctl(unsigned char c)
{
	return c < 0x20U || c == 0x7FU;
}

static bool is_sendable(const char *s, size_t max, bool colon_ok)
{
	size_t len = strnlen(s, max + 1U);

	if (len == 0U || len > max) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (is_ctl((unsigned char)s[i]) || (!colon_ok && s[i] == ':')) {
			return false;
		}
	}
	return true;
}

/* A one-time password, uniformly from the alphabet by rejection sampling. */
static int password_generate(auth_random_fn rng, void *rng_ctx,
			     char out[AUTH_GENERATED_PASSWORD_LEN + 1U])
{
	unsigned char pool[32];
	size_t have = 0;
	int rc = -EIO;

	for (uint32_t draw = 0; draw < PASSWORD_DRAWS_MAX && rc != 0; draw++) {
		if (rng(rng_ctx, pool, sizeof(pool)) != 0) {
			break;
		}
		for (size_t i = 0; i < sizeof(pool) && have < AUTH_GENERATED_PASSWORD_LEN; i++) {
			if (pool[i] < UNBIASED_LIMIT) {
				out[have++] = password_alphabet[pool[i] % ALPHABET_SIZE];
			}
		}
		rc = have == AUTH_GENERATED_PASSWORD_LEN ? 0 : -EIO;
	}
	out[have] = '\0';
	mbedtls_platform_zeroize(pool, sizeof(pool));
	return rc;
}

/* H(A1) for every algorithm, then the password is not needed any more. */
static int credentials_store(struct auth_context *auth, const char *user, const char *password)
{
	return auth_users_put(&auth->users, user, password, true);
}

int auth_user_add(struct auth_context *auth, const char *user, const char *password)
{
	if (!is_sendable(user, AUTH_USER_MAX, false) ||
	    !is_sendable(password, AUTH_PASSWORD_MAX, true)) {
		return -EINVAL;
	}
	return auth_users_put(&auth->users, user, password, true);
}

int auth_user_set_password(struct auth_context *auth, const char *user, const char *password)
{
	if (!is_sendable(password, AUTH_PASSWORD_MAX, true)) {
		return -EINVAL;
	}
	return auth_users_put(&auth->users, user, password, false);
}

int auth_user_remove(struct auth_context *auth, const char *user)
{
	return auth_users_remove(&auth->users, user);
}

const char *auth_user_name(const struct auth_context *auth, uint32_t i)
{
	return i < auth->users.count ? auth->users.user[i].name : NULL;
}

/* The per-boot secrets: the nonces' HMAC key and the opaque value. */
static int secrets_draw(struct auth_context *auth)
{
	uint8_t key[AUTH_NONCE_KEY_BYTES];
	uint8_t opaque[AUTH_OPAQUE_BYTES];
	int rc = -EIO;

	if (auth->rng(auth->rng_ctx, key, sizeof(key)) == 0 &&
	    auth->rng(auth->rng_ctx, opaque, sizeof(opaque)) == 0) {
		auth_nonces_init(&auth->nonces, key);
		auth_hex_encode(opaque, sizeof(opaque), auth->opaque);
		rc = 0;
	}
	mbedtls_platform_zeroize(key, sizeof(key));
	return rc;
}

struct auth_context *auth_create(const char *user, const char *password, auth_random_fn rng,
				 void *rng_ctx, const char **generated)
{
	struct auth_context *auth;

	if (generated != NULL) {
		*generated = NULL;
	}
	user = user != NULL ? user : "admin";
	if (rng == NULL || !is_sendable(user, AUTH_USER_MAX, false) ||
	    (password != NULL && !is_sendable(password, AUTH_PASSWORD_MAX, true)) ||
	    (password == NULL && generated == NULL)) {
		return NULL;
	}
	auth = calloc(1, sizeof(*auth));
	if (auth == NULL) {
		return NULL;
	}
	auth->rng = rng;
	auth->rng_ctx = rng_ctx;
	auth_ratelimit_init(&auth->ratelimit);
	if (password == NULL) {
		if (password_generate(rng, rng_ctx, auth->generated) != 0) {
			goto fail_destroy;
		}
		password = auth->generated;
	}
	if (credentials_store(auth, user, password) != 0 || secrets_draw(auth) != 0) {
		goto fail_destroy;
	}
	if (password == auth->generated) {
		*generated = auth->generated;
	}
	return auth;

fail_destroy:
	auth_destroy(auth);
	return NULL;
}

void auth_destroy(struct auth_context *auth)
{
	if (auth != NULL) {
		mbedtls_platform_zeroize(auth, sizeof(*auth));
		free(auth);
	}
}

/* Nothing to send but an error: the reply could not be built (no memory, no randomness). */
static enum auth_result reply_internal_error(struct http_response *resp)
{
	resp->status = 500;
	resp->close = true;
	return AUTH_CHALLENGE;
}

/* One Digest challenge (RFC 7616 3.3), in the order of its example (3.9.1). */
static int add_digest_challenge(const struct auth_context *auth, struct http_response *resp,
				enum auth_digest_alg alg, const char *nonce, bool stale)
{
	char value[256];
	int len = snprintf(value, sizeof(value),
			   "Digest realm=\"%s\", qop=\"auth\", algorithm=%s, nonce=\"%s\", "
			   "opaque=\"%s\"%s",
			   AUTH_REALM, auth_digest_alg_name(alg), nonce, auth->opaque,
			   stale ? ", stale=true" : "");

	if (len < 0 || (size_t)len >= sizeof(value)) {
		return -E2BIG;
	}
	return http_response_add_header(resp, "WWW-Authenticate", value);
}

/*
 * 401 with a challenge per algorithm, the preferred first (RFC 7616 3.7:
 * clients pick the first they support), all with one fresh nonce; over TLS
 * Basic too (RFC 7617 2, charset: 2.1).
 */
static enum auth_result reply_challenge(struct auth_context *auth,
					const struct http_request *req,
					struct http_response *resp, uint64_t now_ms, bool stale)
{
	uint8_t random[AUTH_NONCE_RANDOM_BYTES];
	char nonce[AUTH_NONCE_HEX_LEN + 1U];
	int rc = auth->rng(auth->rng_ctx, random, sizeof(random)) == 0 ? 0 : -EIO;

	rc = rc == 0 ? auth_nonce_issue(&auth->nonces, random, now_ms, nonce) : rc;
	for (uint32_t alg = 0; alg < AUTH_DIGEST_ALG_COUNT && rc == 0; alg++) {
		rc = add_digest_challenge(auth, resp, (enum auth_digest_alg)alg, nonce, stale);
	}
	if (rc == 0 && req->over_tls) {
		rc = http_response_add_header(resp, "WWW-Authenticate",
					      "Basic realm=\"" AUTH_REALM "\", charset=\"UTF-8\"");
	}
	if (rc != 0) {
		return reply_internal_error(resp);
	}
	resp->status = 401;
	return AUTH_CHALLENGE;
}

/* 429 (RFC 6585 4) with the seconds until the lock-out ends (RFC 9110 10.2.3). */
static enum auth_result reply_rate_limited(struct http_response *resp, uint32_t retry_after_s)
{
	char seconds[12];

	snprintf(seconds, sizeof(seconds), "%u", (unsigned int)retry_after_s);
	if (http_response_add_header(resp, "Retry-After", seconds) != 0) {
		reply_internal_error(resp);
		return AUTH_RATE_LIMITED;
	}
	resp->status = 429;
	resp->close = true;
	return AUTH_RATE_LIMITED;
}

static enum auth_result reply_bad_request(struct http_response *resp)
{
	resp->status = 400;
	resp->close = true;
	return AUTH_BAD_REQUEST;
}

/*
 * The Authorization header through *value, and how many there are: two are
 * ambiguous (RFC 9110 5.3: a field that is not a list must occur once).
 */
static uint32_t authorization_header(const struct http_request *req, const char **value)
{
	uint32_t count = 0;
	uint32_t n = req->header_count < HTTP_HEADERS_MAX ? req->header_count : HTTP_HEADERS_MAX;

	for (uint32_t i = 0; i < n; i++) {
		if (auth_token_equal(req->header[i].name, "Authorization")) {
			if (count == 0U) {
				*value = req->header[i].value;
			}
			count++;
		}
	}
	return count;
}

static enum auth_verdict credentials_verify(struct auth_context *auth, const char *value,
					    const struct http_request *req, uint64_t now_ms)
{
	struct auth_credentials cred;
	enum auth_verdict verdict = AUTH_VERDICT_DENIED;

	if (auth_credentials_parse(value, &cred) != 0) {
		verdict = AUTH_VERDICT_MALFORMED;
	} else if (auth_token_equal(cred.scheme, "Digest")) {
		verdict = auth_verify_digest(auth, &cred, req, now_ms);
	} else if (auth_token_equal(cred.scheme, "Basic") && req->over_tls) {
		/* Basic sends the password itself: only inside TLS (RFC 7617 4, DESIGN.md 6). */
		verdict = auth_verify_basic(auth, &cred);
	}
	mbedtls_platform_zeroize(&cred, sizeof(cred));
	return verdict;
}

enum auth_result auth_check(struct auth_context *auth, const struct http_request *req,
			    struct http_response *resp, uint64_t now_ms)
{
	uint32_t retry_after_s = auth_ratelimit_retry_after(&auth->ratelimit, req->peer_ipv4, now_ms);
	const char *value = NULL;
	uint32_t authorizations;
	enum auth_verdict verdict;

	if (retry_after_s != 0U) {
		return reply_rate_limited(resp, retry_after_s);
	}
	authorizations = authorization_header(req, &value);
	if (authorizations == 0U) {
		return reply_challenge(auth, req, resp, now_ms, false);
	}
	verdict = authorizations > 1U ? AUTH_VERDICT_MALFORMED
				      : credentials_verify(auth, value, req, now_ms);
	switch (verdict) {
	case AUTH_VERDICT_OK:
		auth_ratelimit_success(&auth->ratelimit, req->peer_ipv4);
		return AUTH_OK;
	case AUTH_VERDICT_STALE:
		return reply_challenge(auth, req, resp, now_ms, true);
	case AUTH_VERDICT_MALFORMED:
		auth_ratelimit_failure(&auth->ratelimit, req->peer_ipv4, now_ms);
		return reply_bad_request(resp);
	default:
		auth_ratelimit_failure(&auth->ratelimit, req->peer_ipv4, now_ms);
		return reply_challenge(auth, req, resp, now_ms, false);
	}
}

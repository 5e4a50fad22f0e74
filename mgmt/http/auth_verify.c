/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <mbedtls/base64.h>
#include <mbedtls/constant_time.h>
#include <mbedtls/platform_util.h>

#include "mgmt/http/auth_internal.h"

/* The parameters of a Digest Authorization header (RFC 7616 3.4). */
struct digest_params {
	const char *username;
	const char *realm;
	const char *nonce;
	const char *uri;
	const char *response;
	const char *qop;
	const char *nc;
	const char *cnonce;
	const char *opaque;	/* optional */
	const char *algorithm;	/* optional: MD5 when absent */
	const char *userhash;	/* optional */
	uint32_t nc_value;
	enum auth_digest_alg alg;
	bool sess;
};

static const char *param_value(const struct auth_credentials *cred, const char *name)
{
	const struct auth_param *p = auth_credentials_param(cred, name);

	return p != NULL ? p->value : NULL;
}

/* nc = 8LHEX (RFC 7616 3.4); fewer digits are tolerated, zero is not a count. */
static bool parse_nc(const char *nc, uint32_t *value)
{
	uint8_t bytes[4] = { 0 };
	char padded[9] = "00000000";
	size_t len = strnlen(nc, 9);

	if (len == 0U || len > 8U) {
		return false;
	}
	memcpy(padded + 8U - len, nc, len);
	if (auth_hex_decode(padded, bytes, sizeof(bytes)) != 0) {
		return false;
	}
	*value = (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 |
		 (uint32_t)bytes[2] << 8 | bytes[3];
	return *value != 0U;
}

static void digest_params_get(const struct auth_credentials *cred, struct digest_params *d)
{
	memset(d, 0, sizeof(*d));
	d->username = param_value(cred, "username");
	d->realm = param_value(cred, "realm");
	d->nonce = param_value(cred, "nonce");
	d->uri = param_value(cred, "uri");
	d->response = param_value(cred, "response");
	d->qop = param_value(cred, "qop");
	d->nc = param_value(cred, "nc");
	d->cnonce = param_value(cred, "cnonce");
	d->opaque = param_value(cred, "opaque");
	d->algorithm = param_value(cred, "algorithm");
	d->userhash = param_value(cred, "userhash");
}

/*
 * Whether the parameters can be checked at all.  A missing required one is
 * malformed (400).  No qop is RFC 2069 digest, which protects neither
 * against chosen plaintext nor replay: refused with a fresh challenge, as are
 * qop=auth-int, userhash and algorithms not offered (RFC 7616 3.7).
 */
static enum auth_verdict digest_params_check(const struct auth_credentials *cred,
					     struct digest_params *d)
{
	digest_params_get(cred, d);
	if (cred->token68 != NULL || d->username == NULL || d->realm == NULL ||
	    d->nonce == NULL || d->uri == NULL || d->response == NULL) {
		return AUTH_VERDICT_MALFORMED;
	}
	if (d->qop == NULL || !auth_token_equal(d->qop, "auth")) {
		return AUTH_VERDICT_DENIED;
	}
	if (d->nc == NULL || d->cnonce == NULL || !parse_nc(d->nc, &d->nc_value)) {
		return AUTH_VERDICT_MALFORMED;
	}
	if ((d->userhash != NULL && !auth_token_equal(d->userhash, "false")) ||
	    auth_digest_alg_parse(d->algorithm, &d->alg, &d->sess) != 0) {
		return AUTH_VERDICT_DENIED;
	}
	return AUTH_VERDICT_OK;
}

/* Whether the response digest is the one H(A1) gives; compared in constant time. */
static bool digest_response_matches(const struct auth_context *auth,
				    const struct digest_params *d, const char *method)
{
	const struct auth_digest_input in = {
		.nonce = d->nonce, .nc = d->nc, .cnonce = d->cnonce,
		.qop = d->qop, .method = method, .uri = d->uri,
	};
	uint8_t expected[AUTH_DIGEST_BYTES_MAX];
	uint8_t given[AUTH_DIGEST_BYTES_MAX] = { 0 };
	size_t size = auth_digest_size(d->alg);
	bool ok;

	ok = auth_digest_response(d->alg, d->sess,
				  auth_users_ha1(&auth->users, d->username, d->alg), &in,
				  expected) == 0;
	ok &= auth_hex_decode(d->response, given, size) == 0;
	ok &= mbedtls_ct_memcmp(expected, given, size) == 0;
	mbedtls_platform_zeroize(expected, sizeof(expected));
	return ok;
}

/*
 * Everything that must match for the digest to prove the password: the user
 * (exactly), our realm, the request-target (RFC 7616 3.4.6: "uri" must be the
 * target, or a digest could be replayed against another resource) and opaque
 * when the client returns it.
 */
static bool digest_matches(const struct auth_context *auth, const struct digest_params *d,
			   const struct http_request *req)
{
	const char *method = http_method_name(req->method);
	bool ok = method != NULL && digest_response_matches(auth, d, method);

	ok &= auth_users_find(&auth->users, d->username) != NULL;
	ok &= strcmp(d->realm, AUTH_REALM) == 0;
	ok &= strcmp(d->uri, req->target) == 0;
	ok &= d->opaque == NULL || strcmp(d->opaque, auth->opaque) == 0;
	return ok;
}

enum auth_verdict auth_verify_digest(struct auth_context *auth,
				     const struct auth_credentials *cred,
				     const struct http_request *req, uint64_t now_ms)
{
	struct digest_params d;
	enum auth_verdict verdict = digest_params_check(cred, &d);

	if (verdict != AUTH_VERDICT_OK) {
		return verdict;
	}
	if (!digest_matches(auth, &d, req)) {
		return AUTH_VERDICT_DENIED;
	}
	switch (auth_nonce_use(&auth->nonces, d.nonce, d.nc_value, now_ms)) {
	case AUTH_NONCE_FRESH:
		return AUTH_VERDICT_OK;
	case AUTH_NONCE_STALE:
	case AUTH_NONCE_UNKNOWN:
		/* The client knows the password; only the nonce is old (RFC 7616 3.3). */
		return AUTH_VERDICT_STALE;
	default:
		return AUTH_VERDICT_DENIED;	/* a replayed nonce-count */
	}
}

/* RFC 7617 2: user-id and password contain no CTL; user-id no ":". */
static bool has_ctl(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x20U || s[i] == 0x7FU) {
			return true;
		}
	}
	return false;
}

/*
 * user-pass against the stored SHA-256 H(A1): H(user ":" realm ":" password)
 * is what the password would give, so nothing else need be kept.
 */
static enum auth_verdict basic_user_pass_check(const struct auth_context *auth, char *user_pass,
					       size_t len)
{
	char ha1[AUTH_DIGEST_HEX_MAX + 1U];
	char *colon = memchr(user_pass, ':', len);
	bool ok;

	if (colon == NULL || has_ctl((const unsigned char *)user_pass, len)) {
		return AUTH_VERDICT_MALFORMED;
	}
	*colon = '\0';
	ok = auth_digest_ha1(AUTH_DIGEST_SHA256, user_pass, AUTH_REALM, colon + 1, ha1) == 0;
	ok &= mbedtls_ct_memcmp(ha1, auth_users_ha1(&auth->users, user_pass, AUTH_DIGEST_SHA256),
				sizeof(ha1)) == 0;
	ok &= auth_users_find(&auth->users, user_pass) != NULL;
	mbedtls_platform_zeroize(ha1, sizeof(ha1));
	return ok ? AUTH_VERDICT_OK : AUTH_VERDICT_DENIED;
}

enum auth_verdict auth_verify_basic(const struct auth_context *auth,
				    const struct auth_credentials *cred)
{
	/* user-id ":" password, as long as auth_create accepts them, and a NUL */
	unsigned char user_pass[AUTH_USER_MAX + 1U + AUTH_PASSWORD_MAX + 1U];
	size_t len = 0;
	enum auth_verdict verdict = AUTH_VERDICT_MALFORMED;

	if (cred->token68 != NULL &&
	    mbedtls_base64_decode(user_pass, sizeof(user_pass) - 1U, &len,
				  (const unsigned char *)cred->token68,
				  strlen(cred->token68)) == 0) {
		user_pass[len] = '\0';
		verdict = basic_user_pass_check(auth, (char *)user_pass, len);
	}
	mbedtls_platform_zeroize(user_pass, sizeof(user_pass));
	return verdict;
}

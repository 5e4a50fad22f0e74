/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <mbedtls/md5.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

#include "mgmt/http/auth_credentials.h"
#include "mgmt/http/auth_digest.h"
#include "mgmt/http/http.h"

/* One running hash of either algorithm, with no allocation (mbedtls_md_setup would). */
struct digest_hash {
	enum auth_digest_alg alg;
	union {
		mbedtls_md5_context md5;
		mbedtls_sha256_context sha256;
	} ctx;
};

static int hash_start(struct digest_hash *h, enum auth_digest_alg alg)
{
	h->alg = alg;
	if (alg == AUTH_DIGEST_MD5) {
		mbedtls_md5_init(&h->ctx.md5);
		return mbedtls_md5_starts_ret(&h->ctx.md5);
	}
	mbedtls_sha256_init(&h->ctx.sha256);
	return mbedtls_sha256_starts_ret(&h->ctx.sha256, 0);
}

static int hash_update(struct digest_hash *h, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	if (h->alg == AUTH_DIGEST_MD5) {
		return mbedtls_md5_update_ret(&h->ctx.md5, p, strlen(text));
	}
	return mbedtls_sha256_update_ret(&h->ctx.sha256, p, strlen(text));
}

/* Finish into out and wipe the state (the *_free functions zeroize). */
static int hash_finish(struct digest_hash *h, uint8_t *out)
{
	int rc;

	if (h->alg == AUTH_DIGEST_MD5) {
		rc = mbedtls_md5_finish_ret(&h->ctx.md5, out);
		mbedtls_md5_free(&h->ctx.md5);
	} else {
		rc = mbedtls_sha256_finish_ret(&h->ctx.sha256, out);
		mbedtls_sha256_free(&h->ctx.sha256);
	}
	return rc;
}

/* H(part[0] ":" part[1] ":" ...): every Digest hash has this shape (RFC 7616 3.4.1). */
static int hash_join(enum auth_digest_alg alg, const char *const *part, size_t count,
		     uint8_t out[AUTH_DIGEST_BYTES_MAX])
{
	struct digest_hash h;
	int rc = hash_start(&h, alg);

	for (size_t i = 0; i < count && rc == 0; i++) {
		rc = i > 0U ? hash_update(&h, ":") : 0;
		rc = rc == 0 ? hash_update(&h, part[i]) : rc;
	}
	if (hash_finish(&h, out) != 0 || rc != 0) {
		return -EIO;
	}
	return 0;
}

/* hash_join, as the lower-case hex that enters the next hash (RFC 7616 3.4.1). */
static int hash_join_hex(enum auth_digest_alg alg, const char *const *part, size_t count,
			 char hex[AUTH_DIGEST_HEX_MAX + 1U])
{
	uint8_t raw[AUTH_DIGEST_BYTES_MAX];
	int rc = hash_join(alg, part, count, raw);

	if (rc == 0) {
		auth_hex_encode(raw, auth_digest_size(alg), hex);
	}
	return rc;
}

size_t auth_digest_size(enum auth_digest_alg alg)
{
	return alg == AUTH_DIGEST_MD5 ? 16U : 32U;
}

const char *auth_digest_alg_name(enum auth_digest_alg alg)
{
	return alg == AUTH_DIGEST_MD5 ? "MD5" : "SHA-256";
}

int auth_digest_alg_parse(const char *name, enum auth_digest_alg *alg, bool *sess)
{
	static const struct {
		const char *name;
		enum auth_digest_alg alg;
		bool sess;
	} known[] = {
		{ "SHA-256", AUTH_DIGEST_SHA256, false },
		{ "SHA-256-sess", AUTH_DIGEST_SHA256, true },
		{ "MD5", AUTH_DIGEST_MD5, false },
		{ "MD5-sess", AUTH_DIGEST_MD5, true },
	};

	if (name == NULL) {
		name = "MD5";
	}
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (auth_token_equal(name, known[i].name)) {
			*alg = known[i].alg;
			*sess = known[i].sess;
			return 0;
		}
	}
	return -ENOTSUP;
}

int auth_digest_ha1(enum auth_digest_alg alg, const char *user, const char *realm,
		    const char *password, char ha1_hex[AUTH_DIGEST_HEX_MAX + 1U])
{
	const char *a1[] = { user, realm, password };

	return hash_join_hex(alg, a1, 3, ha1_hex);
}

int auth_digest_response(enum auth_digest_alg alg, bool sess, const char *ha1_hex,
			 const struct auth_digest_input *in, uint8_t out[AUTH_DIGEST_BYTES_MAX])
{
	char ha1_sess[AUTH_DIGEST_HEX_MAX + 1U];
	char ha2[AUTH_DIGEST_HEX_MAX + 1U];
	const char *sess_a1[] = { ha1_hex, in->nonce, in->cnonce };
	const char *a2[] = { in->method, in->uri };
	const char *kd[] = { ha1_hex, in->nonce, in->nc, in->cnonce, in->qop, ha2 };
	int rc = 0;

	if (sess) {
		rc = hash_join_hex(alg, sess_a1, 3, ha1_sess);
		kd[0] = ha1_sess;
	}
	rc = rc == 0 ? hash_join_hex(alg, a2, 2, ha2) : rc;
	rc = rc == 0 ? hash_join(alg, kd, 6, out) : rc;
	mbedtls_platform_zeroize(ha1_sess, sizeof(ha1_sess));	/* as secret as H(A1) */
	return rc;
}

void auth_hex_encode(const uint8_t *bytes, size_t n, char *hex)
{
	static const char digit[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		hex[2U * i] = digit[bytes[i] >> 4];
		hex[2U * i + 1U] = digit[bytes[i] & 0x0FU];
	}
	hex[2U * n] = '\0';
}

int auth_hex_decode(const char *hex, uint8_t *bytes, size_t n)
{
	if (strnlen(hex, 2U * n + 1U) != 2U * n) {
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		int hi = http_hex_digit(hex[2U * i]);
		int lo = http_hex_digit(hex[2U * i + 1U]);

		if (hi < 0 || lo < 0) {
			return -EINVAL;
		}
		bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

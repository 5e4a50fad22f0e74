/* SPDX-License-Identifier: MIT */
/*
 * The arithmetic of HTTP Digest (RFC 7616 3.4.1-3.4.3): H(A1), H(A2) and the
 * request digest, for SHA-256 and MD5, plain and "-sess".  Pure functions of
 * their inputs, so the RFC's own examples (3.9.1) test them directly.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_DIGEST_H
#define VMANHV_MGMT_HTTP_AUTH_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum auth_digest_alg {
	AUTH_DIGEST_SHA256 = 0,	/* preferred: challenged first (RFC 7616 3.7) */
	AUTH_DIGEST_MD5,	/* for clients that know nothing else */
	AUTH_DIGEST_ALG_COUNT,
};

#define AUTH_DIGEST_BYTES_MAX	32U
#define AUTH_DIGEST_HEX_MAX	(2U * AUTH_DIGEST_BYTES_MAX)

/* The request's fields that enter the digest (RFC 7616 3.4.1, qop=auth). */
struct auth_digest_input {
	const char *nonce;
	const char *nc;		/* as sent: its digits enter the hash */
	const char *cnonce;
	const char *qop;
	const char *method;
	const char *uri;	/* the "uri" parameter, equal to the request-target */
};

/* Output bytes of alg: 32 for SHA-256, 16 for MD5. */
size_t auth_digest_size(enum auth_digest_alg alg);

/* "SHA-256" or "MD5", as written in challenges. */
const char *auth_digest_alg_name(enum auth_digest_alg alg);

/*
 * An "algorithm" parameter (case-insensitive): "SHA-256", "MD5" and their
 * "-sess" forms.  NULL means MD5 (RFC 7616 3.4: "If this is not present, it
 * is assumed to be MD5").  Returns 0 or -ENOTSUP (e.g. SHA-512-256).
 */
int auth_digest_alg_parse(const char *name, enum auth_digest_alg *alg, bool *sess);

/* H(A1) = H(user ":" realm ":" password) in lower-case hex (RFC 7616 3.4.2). 0 or -EIO. */
int auth_digest_ha1(enum auth_digest_alg alg, const char *user, const char *realm,
		    const char *password, char ha1_hex[AUTH_DIGEST_HEX_MAX + 1U]);

/*
 * The request digest, raw bytes (auth_digest_size(alg) of them):
 * H(H(A1) ":" nonce ":" nc ":" cnonce ":" qop ":" H(A2)), with
 * H(A2) = H(method ":" uri) (RFC 7616 3.4.1, 3.4.3) and, for "-sess",
 * H(A1) replaced by H(H(A1) ":" nonce ":" cnonce) (3.4.2).  0 or -EIO.
 */
int auth_digest_response(enum auth_digest_alg alg, bool sess, const char *ha1_hex,
			 const struct auth_digest_input *in, uint8_t out[AUTH_DIGEST_BYTES_MAX]);

/* bytes as lower-case hex, NUL-terminated (2n + 1 bytes). */
void auth_hex_encode(const uint8_t *bytes, size_t n, char *hex);

/* Exactly 2n hex digits (either case) into n bytes: 0, or -EINVAL. */
int auth_hex_decode(const char *hex, uint8_t *bytes, size_t n);

#endif

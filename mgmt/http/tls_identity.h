/* SPDX-License-Identifier: MIT */
/*
 * The HTTPS server's identity: an ECDSA P-256 key and a self-signed X.509 v3
 * certificate for it (RFC 5280), made on first boot and kept in the
 * configuration store (docs/store.md).  Operators check the certificate by
 * the SHA-256 fingerprint printed on the console (docs/http.md).  No lwIP: the unit tests build and parse one.
 */
#ifndef VMANHV_MGMT_HTTP_TLS_IDENTITY_H
#define VMANHV_MGMT_HTTP_TLS_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

/* A P-256 certificate with our extensions is about 600 bytes; the key 121. */
#define TLS_CERT_DER_MAX	1024U
#define TLS_KEY_DER_MAX		256U
#define TLS_FINGERPRINT_LEN	32U		/* SHA-256 */
/* "AA:BB:...": three characters a byte, the last without colon, and a NUL. */
#define TLS_FINGERPRINT_TEXT_LEN	(3U * TLS_FINGERPRINT_LEN)
/* The validity period (RFC 5280 4.1.2.5), as mbedTLS wants it: YYYYMMDDhhmmss, UTC. */
#define TLS_NOT_BEFORE		"20260101000000"
#define TLS_NOT_AFTER		"20460101000000"

struct tls_identity {
	unsigned char cert_der[TLS_CERT_DER_MAX];
	size_t cert_len;
	unsigned char key_der[TLS_KEY_DER_MAX];	/* RFC 5915 ECPrivateKey */
	size_t key_len;
	unsigned char fingerprint[TLS_FINGERPRINT_LEN];	/* SHA-256 of cert_der */
	char common_name[32];			/* "vmanhv-525400123456" */
};

typedef int (*tls_random_fn)(void *rng_ctx, unsigned char *out, size_t len);

/*
 * Generate a key and its certificate: subject and issuer CN=vmanhv-<mac as
 * 12 hex digits> (mac NULL: 12 random hex digits), a random positive
 * 128-bit serial, TLS_NOT_BEFORE to TLS_NOT_AFTER, SHA-256 with ECDSA,
 * basicConstraints CA:false, keyUsage digitalSignature (critical),
 * extendedKeyUsage serverAuth, subject and authority key identifiers, and
 * subjectAltName iPAddress ipv4 (host byte order; 0: no subjectAltName).
 * 0, -EIO when mbedTLS fails (the random source included), -E2BIG when an
 * encoding does not fit.  On failure *id holds no key.
 */
int tls_identity_generate(struct tls_identity *id, const uint8_t mac[6], uint32_t ipv4,
			  tls_random_fn rng, void *rng_ctx);

/*
 * An identity read back from the configuration store (docs/store.md) (cert_der/key_der and their lengths set): check
 * that both parse and that the key is the certificate's, then fill in the
 * fingerprint and common_name.  0, or -EINVAL (the key is wiped).
 */
int tls_identity_finish(struct tls_identity *id);

/* The fingerprint as "AA:BB:..." (uppercase, colon-separated, like OpenSSL). */
void tls_identity_fingerprint_text(const struct tls_identity *id,
				   char out[TLS_FINGERPRINT_TEXT_LEN]);

/* Overwrite the private key once it has been handed to TLS. */
void tls_identity_wipe_key(struct tls_identity *id);

#endif

/*
 * mbedTLS 2.28 configuration for vmanhv (selected with
 * -DMBEDTLS_CONFIG_FILE, see docs/dependencies.md; the meaning of every option
 * is in mbedTLS's include/mbedtls/config.h).
 *
 * What it is for: the WS-Man endpoint's HTTPS server (TLS 1.2, server side
 * only, through lwIP's altcp_tls_mbedtls), self-signed X.509 certificates made
 * on first boot, PBKDF2 for stored credentials, SHA-256 and MD5 for HTTP
 * Digest authentication, and a CTR-DRBG seeded from RDSEED/RDRAND.
 *
 * What it leaves out: sockets (lwIP carries the bytes), files, timing, time of
 * day (certificate validity is not checked: the server does not verify peer
 * certificates), OS entropy sources, threads, the PSA API, CBC and every
 * legacy cipher.
 *
 * This file is self-contained: nothing from mbedTLS's default config.h
 * applies. Changing it changes the cache key of mbedTLS and lwIP (whose
 * altcp_tls_mbedtls.c sees these structures): the next `make` rebuilds both.
 */
#ifndef VMANHV_MBEDTLS_CONFIG_H
#define VMANHV_MBEDTLS_CONFIG_H

/* ---- Platform ---- */
#define MBEDTLS_HAVE_ASM		/* x86_64 inline assembly for bignum multiplication */
#define MBEDTLS_AESNI_C			/* AES-NI when CPUID has it, portable C otherwise */
#define MBEDTLS_AES_ROM_TABLES		/* AES tables in .rodata: no first-use generation */
#define MBEDTLS_PLATFORM_C		/* calloc/free/snprintf from newlib (the defaults) */
/* No MBEDTLS_HAVE_TIME / MBEDTLS_HAVE_TIME_DATE, no MBEDTLS_FS_IO,
 * no MBEDTLS_NET_C, no MBEDTLS_TIMING_C, no MBEDTLS_THREADING_C. */

/* ---- Entropy and random numbers ----
 * The only entropy source is the firmware's mbedtls_hardware_poll() (RDSEED,
 * falling back to RDRAND), registered as a strong source. */
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_HMAC_DRBG_C		/* for deterministic ECDSA (RFC 6979) */

/* ---- Hashes and MACs ---- */
#define MBEDTLS_MD_C
#define MBEDTLS_MD5_C			/* HTTP Digest's legacy MD5 algorithm (RFC 7616) */
#define MBEDTLS_SHA1_C			/* X.509 and TLS internals only */
#define MBEDTLS_SHA256_C		/* Digest SHA-256, TLS PRF, certificates */
#define MBEDTLS_SHA512_C		/* SHA-384 suites, entropy accumulator */
#define MBEDTLS_PKCS5_C			/* PBKDF2-HMAC for the credential store */

/* ---- Symmetric ciphers: AEAD only ---- */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C

/* ---- Public key ---- */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_GENPRIME		/* RSA key generation, if an operator asks for RSA */
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15		/* RSA signatures of TLS 1.2 and X.509 */
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED	/* x25519 key exchange */
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC	/* signatures do not depend on the DRBG */
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C		/* store the generated key */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C

/* ---- X.509 and PEM ---- */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CRT_WRITE_C	/* the self-signed certificate */
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_PEM_WRITE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_ERROR_C			/* mbedtls_strerror() for logs and CIM errors */

/* ---- TLS 1.2 server ---- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET	/* RFC 7627 */
#define MBEDTLS_SSL_ALL_ALERT_MESSAGES
/* Forward-secret AEAD suites only, strongest first. */
#define MBEDTLS_SSL_CIPHERSUITES \
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, \
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, \
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, \
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, \
	MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, \
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
/* Clients may send full 16 KiB records. What we send we size ourselves; 8 KiB
 * still holds the Certificate message in one record (mbedTLS 2.28 does not
 * fragment outgoing TLS handshake messages), for chains of a few certificates.
 * Record buffers: 24 KiB per connection instead of 32. */
#define MBEDTLS_SSL_IN_CONTENT_LEN	16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN	8192

#include "mbedtls/check_config.h"

#endif /* VMANHV_MBEDTLS_CONFIG_H */

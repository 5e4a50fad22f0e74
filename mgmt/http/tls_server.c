/* SPDX-License-Identifier: MIT */
/*
 * The HTTPS server's TLS settings on top of lwIP's altcp_tls_mbedtls
 * (tls_server.h).  mbedTLS itself is built for TLS 1.2 only with forward-
 * secret AEAD suites (mbedtls_config.h); this file narrows the server's
 * configuration to what its certificate can use and makes it draw on the
 * management core's DRBG.
 */
#include <lwip/altcp.h>
#include <lwip/altcp_tls.h>
#include <lwip/init.h>
#include <mbedtls/ssl.h>

#include "mgmt/http/tls_server.h"

/*
 * lwIP 2.1 keeps the mbedTLS configuration private: struct altcp_tls_config
 * begins with its mbedtls_ssl_config (altcp_tls_mbedtls.c), and C lets a
 * pointer to a structure be used as a pointer to its first member
 * (C11 6.7.2.1p15).  The layout was checked for 2.1 (mk/deps.mk pins
 * 2.1.3); another version must be checked again.
 */
#if LWIP_VERSION_MAJOR != 2 || LWIP_VERSION_MINOR != 1
#error "check struct altcp_tls_config in altcp_tls_mbedtls.c: is its mbedtls_ssl_config first?"
#endif

static mbedtls_ssl_config *ssl_config_of(struct altcp_tls_config *config)
{
	return (mbedtls_ssl_config *)(void *)config;
}

/* The certificate's key is ECDSA: only these suites can use it (RFC 8422 6, RFC 7905). */
static const int tls_server_suites[] = {
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	0,
};

/* Key exchange groups in order of preference (RFC 8422 5.1.1). */
static const mbedtls_ecp_group_id tls_server_groups[] = {
	MBEDTLS_ECP_DP_CURVE25519,
	MBEDTLS_ECP_DP_SECP256R1,
	MBEDTLS_ECP_DP_SECP384R1,
	MBEDTLS_ECP_DP_NONE,
};

static void tls_server_restrict(mbedtls_ssl_config *conf, struct mgmt_rng *rng)
{
	/* TLS 1.2 (RFC 5246) only: 1.0 and 1.1 are deprecated by RFC 8996. */
	mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_ciphersuites(conf, tls_server_suites);
	mbedtls_ssl_conf_curves(conf, tls_server_groups);
	/* lwIP sets VERIFY_OPTIONAL, which makes a server ask every client for a
	 * certificate (CertificateRequest); clients authenticate over HTTP instead. */
	mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_NONE);
	mbedtls_ssl_conf_rng(conf, mgmt_rng, rng);
}

struct altcp_tls_config *tls_server_config_create(const struct tls_identity *id,
						  struct mgmt_rng *rng)
{
	struct altcp_tls_config *config;

	config = altcp_tls_create_config_server_privkey_cert(id->key_der, id->key_len, NULL, 0,
							     id->cert_der, id->cert_len);
	if (config != NULL) {
		tls_server_restrict(ssl_config_of(config), rng);
	}
	return config;
}

size_t tls_server_record_max(struct altcp_pcb *conn)
{
	mbedtls_ssl_context *ssl = altcp_tls_context(conn);
	int max = ssl != NULL ? mbedtls_ssl_get_max_out_record_payload(ssl) : 0;

	return max > 0 ? (size_t)max : 0U;
}

bool tls_server_output_pending(struct altcp_pcb *conn)
{
	mbedtls_ssl_context *ssl = altcp_tls_context(conn);

	return ssl != NULL && ssl->out_left > 0U;
}

void tls_server_close_notify(struct altcp_pcb *conn)
{
	mbedtls_ssl_context *ssl = altcp_tls_context(conn);

	if (ssl != NULL && ssl->out_left == 0U) {
		(void)mbedtls_ssl_close_notify(ssl);
	}
}

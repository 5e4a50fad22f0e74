/* SPDX-License-Identifier: MIT */
/*
 * The self-signed server certificate (tls_identity.h), written with
 * mbedTLS's x509write API.  mbedTLS 2.28 has no helpers for
 * extendedKeyUsage or subjectAltName, so those two extension values are
 * DER-encoded here with its asn1write functions (which write backwards,
 * from the end of a buffer).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/asn1write.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

#include "mgmt/http/tls_identity.h"

/* RFC 5280 4.1.2.2: a positive serial of at most 20 octets; 16 random ones. */
#define SERIAL_LEN		16U
/* RFC 5280 4.2.1.6: GeneralName iPAddress is [7] IMPLICIT OCTET STRING. */
#define ASN1_TAG_SAN_IP		(MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7)

/* asn1write's convention: the value ends at *end, *start moves back over it. */
static int der_wrap(unsigned char **p, unsigned char *start, size_t len, unsigned char tag,
		    size_t *total)
{
	int ret = mbedtls_asn1_write_len(p, start, len);

	if (ret < 0) {
		return ret;
	}
	*total = len + (size_t)ret;
	ret = mbedtls_asn1_write_tag(p, start, tag);
	if (ret < 0) {
		return ret;
	}
	*total += (size_t)ret;
	return 0;
}

/* RFC 5280 4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE OF KeyPurposeId (id-kp-serverAuth). */
static int set_ext_key_usage(mbedtls_x509write_cert *crt)
{
	unsigned char buf[32];
	unsigned char *p = buf + sizeof(buf);
	size_t len;
	int ret = mbedtls_asn1_write_oid(&p, buf, MBEDTLS_OID_SERVER_AUTH,
					 MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH));

	if (ret < 0) {
		return ret;
	}
	ret = der_wrap(&p, buf, (size_t)ret, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE,
		       &len);
	if (ret != 0) {
		return ret;
	}
	return mbedtls_x509write_crt_set_extension(crt, MBEDTLS_OID_EXTENDED_KEY_USAGE,
						   MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE),
						   0, p, len);
}

/* RFC 5280 4.2.1.6: GeneralNames ::= SEQUENCE OF GeneralName, one iPAddress. */
static int set_subject_alt_ip(mbedtls_x509write_cert *crt, uint32_t ipv4)
{
	unsigned char buf[32];
	unsigned char *p = buf + sizeof(buf);
	const unsigned char addr[4] = {
		(unsigned char)(ipv4 >> 24), (unsigned char)(ipv4 >> 16),
		(unsigned char)(ipv4 >> 8), (unsigned char)ipv4,
	};
	size_t len;
	int ret = mbedtls_asn1_write_raw_buffer(&p, buf, addr, sizeof(addr));

	if (ret < 0) {
		return ret;
	}
	ret = der_wrap(&p, buf, sizeof(addr), ASN1_TAG_SAN_IP, &len);
	if (ret == 0) {
		ret = der_wrap(&p, buf, len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE,
			       &len);
	}
	if (ret != 0) {
		return ret;
	}
	return mbedtls_x509write_crt_set_extension(crt, MBEDTLS_OID_SUBJECT_ALT_NAME,
						   MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME),
						   0, p, len);
}

static int set_serial(mbedtls_x509write_cert *crt, tls_random_fn rng, void *rng_ctx)
{
	unsigned char bytes[SERIAL_LEN];
	mbedtls_mpi serial;
	int ret = rng(rng_ctx, bytes, sizeof(bytes));

	if (ret != 0) {
		return ret;
	}
	/* Positive (top bit clear) and never shorter than 16 octets. */
	bytes[0] = (unsigned char)((bytes[0] & 0x7FU) | 0x40U);
	mbedtls_mpi_init(&serial);
	ret = mbedtls_mpi_read_binary(&serial, bytes, sizeof(bytes));
	if (ret == 0) {
		ret = mbedtls_x509write_crt_set_serial(crt, &serial);
	}
	mbedtls_mpi_free(&serial);
	return ret;
}

static int set_common_name(struct tls_identity *id, const uint8_t mac[6], tls_random_fn rng,
			   void *rng_ctx)
{
	uint8_t random[6];

	if (mac == NULL) {
		int ret = rng(rng_ctx, random, sizeof(random));

		if (ret != 0) {
			return ret;
		}
		mac = random;
	}
	snprintf(id->common_name, sizeof(id->common_name), "vmanhv-%02x%02x%02x%02x%02x%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return 0;
}

/* Everything of the certificate but the signature. */
static int describe(mbedtls_x509write_cert *crt, struct tls_identity *id, mbedtls_pk_context *key,
		    uint32_t ipv4, tls_random_fn rng, void *rng_ctx)
{
	char name[sizeof(id->common_name) + 3U];
	int ret;

	snprintf(name, sizeof(name), "CN=%s", id->common_name);
	mbedtls_x509write_crt_set_version(crt, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(crt, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(crt, key);
	mbedtls_x509write_crt_set_issuer_key(crt, key);
	ret = set_serial(crt, rng, rng_ctx);
	ret = ret != 0 ? ret : mbedtls_x509write_crt_set_subject_name(crt, name);
	ret = ret != 0 ? ret : mbedtls_x509write_crt_set_issuer_name(crt, name);
	ret = ret != 0 ? ret : mbedtls_x509write_crt_set_validity(crt, TLS_NOT_BEFORE,
								 TLS_NOT_AFTER);
	ret = ret != 0 ? ret : mbedtls_x509write_crt_set_basic_constraints(crt, 0, -1);
	ret = ret != 0 ? ret : mbedtls_x509write_crt_set_key_usage(crt,
								  MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
	ret = ret != 0 ? ret : set_ext_key_usage(crt);
	ret = ret != 0 ? ret : mbedtls_x509write_crt_set_subject_key_identifier(crt);
	ret = ret != 0 ? ret : mbedtls_x509write_crt_set_authority_key_identifier(crt);
	if (ret == 0 && ipv4 != 0U) {
		ret = set_subject_alt_ip(crt, ipv4);
	}
	return ret;
}

/* An mbedTLS error as an errno value. */
static int tls_errno(int ret)
{
	if (ret == MBEDTLS_ERR_ASN1_BUF_TOO_SMALL || ret == MBEDTLS_ERR_X509_BUFFER_TOO_SMALL) {
		return -E2BIG;
	}
	return ret == MBEDTLS_ERR_X509_ALLOC_FAILED || ret == MBEDTLS_ERR_PK_ALLOC_FAILED ?
	       -ENOMEM : -EIO;
}

/* mbedTLS writes DER at the end of the buffer it is given: move it to the front. */
static int der_to_front(unsigned char *buf, size_t size, int written, size_t *len)
{
	if (written <= 0) {
		return written == 0 ? -EIO : tls_errno(written);
	}
	*len = (size_t)written;
	memmove(buf, buf + size - *len, *len);
	return 0;
}

static int encode(struct tls_identity *id, mbedtls_x509write_cert *crt, mbedtls_pk_context *key,
		  tls_random_fn rng, void *rng_ctx)
{
	int n = mbedtls_x509write_crt_der(crt, id->cert_der, sizeof(id->cert_der), rng, rng_ctx);
	int err = der_to_front(id->cert_der, sizeof(id->cert_der), n, &id->cert_len);

	if (err != 0) {
		return err;
	}
	n = mbedtls_pk_write_key_der(key, id->key_der, sizeof(id->key_der));
	err = der_to_front(id->key_der, sizeof(id->key_der), n, &id->key_len);
	if (err != 0) {
		return err;
	}
	return mbedtls_sha256_ret(id->cert_der, id->cert_len, id->fingerprint, 0) == 0 ? 0 : -EIO;
}

/* FIPS 186-4 B.4 key pair on P-256, the curve every TLS 1.2 client offers. */
static int make_key(mbedtls_pk_context *key, tls_random_fn rng, void *rng_ctx)
{
	int ret = mbedtls_pk_setup(key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));

	return ret != 0 ? ret : mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*key),
						    rng, rng_ctx);
}

int tls_identity_generate(struct tls_identity *id, const uint8_t mac[6], uint32_t ipv4,
			  tls_random_fn rng, void *rng_ctx)
{
	mbedtls_x509write_cert crt;
	mbedtls_pk_context key;
	int ret, err;

	memset(id, 0, sizeof(*id));
	mbedtls_pk_init(&key);
	mbedtls_x509write_crt_init(&crt);
	ret = make_key(&key, rng, rng_ctx);
	if (ret == 0) {
		ret = set_common_name(id, mac, rng, rng_ctx);
	}
	if (ret == 0) {
		ret = describe(&crt, id, &key, ipv4, rng, rng_ctx);
	}
	err = ret != 0 ? tls_errno(ret) : encode(id, &crt, &key, rng, rng_ctx);
	mbedtls_x509write_crt_free(&crt);
	mbedtls_pk_free(&key);
	if (err != 0) {
		tls_identity_wipe_key(id);
	}
	return err;
}

/* The subject's CN into id->common_name ("" when it has none). */
static void read_common_name(struct tls_identity *id, const mbedtls_x509_crt *crt)
{
	for (const mbedtls_x509_name *n = &crt->subject; n != NULL; n = n->next) {
		if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0) {
			snprintf(id->common_name, sizeof(id->common_name), "%.*s",
				 (int)n->val.len, (const char *)n->val.p);
			return;
		}
	}
	id->common_name[0] = '\0';
}

int tls_identity_finish(struct tls_identity *id)
{
	mbedtls_x509_crt crt;
	mbedtls_pk_context key;
	int ret;

	mbedtls_x509_crt_init(&crt);
	mbedtls_pk_init(&key);
	ret = mbedtls_x509_crt_parse_der(&crt, id->cert_der, id->cert_len);
	if (ret == 0) {
		ret = mbedtls_pk_parse_key(&key, id->key_der, id->key_len, NULL, 0);
	}
	if (ret == 0) {
		ret = mbedtls_pk_check_pair(&crt.pk, &key);	/* the key is the certificate's */
	}
	if (ret == 0) {
		read_common_name(id, &crt);
		ret = mbedtls_sha256_ret(id->cert_der, id->cert_len, id->fingerprint, 0);
	}
	mbedtls_pk_free(&key);
	mbedtls_x509_crt_free(&crt);
	if (ret != 0) {
		tls_identity_wipe_key(id);
		return -EINVAL;
	}
	return 0;
}

void tls_identity_fingerprint_text(const struct tls_identity *id,
				   char out[TLS_FINGERPRINT_TEXT_LEN])
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < TLS_FINGERPRINT_LEN; i++) {
		out[3U * i] = hex[id->fingerprint[i] >> 4];
		out[3U * i + 1U] = hex[id->fingerprint[i] & 0x0FU];
		out[3U * i + 2U] = i + 1U < TLS_FINGERPRINT_LEN ? ':' : '\0';
	}
}

void tls_identity_wipe_key(struct tls_identity *id)
{
	mbedtls_platform_zeroize(id->key_der, sizeof(id->key_der));
	id->key_len = 0;
}

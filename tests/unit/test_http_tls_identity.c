/* sources: mgmt/http/tls_identity.c mgmt/http/rng.c */
/* libs: -lmbedx509 -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/tls_identity.c and rng.c against the host's mbedTLS 2.28 (the
 * same version the firmware links; the host's entropy instead of RDRAND).
 * The certificate is parsed back with mbedTLS's X.509 parser and every
 * field docs/http.md promises is checked, its signature verified and its
 * key matched against the private key.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

#include "mgmt/http/rng.h"
#include "mgmt/http/tls_identity.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
#define IP_10_0_2_15	0x0A00020FU

static struct mgmt_rng rng;
static struct tls_identity id;

static int setup(void **state)
{
	const char *why = NULL;

	assert_int_equal(mgmt_rng_init(&rng, &why), 0);
	assert_string_equal(why, "");
	return 0;
}

static int teardown(void **state)
{
	mgmt_rng_free(&rng);
	return 0;
}

static void parse(mbedtls_x509_crt *crt)
{
	mbedtls_x509_crt_init(crt);
	assert_int_equal(mbedtls_x509_crt_parse_der(crt, id.cert_der, id.cert_len), 0);
}

static void rng_fills_and_refuses_unseeded(void **state)
{
	static unsigned char a[5000], b[5000];
	struct mgmt_rng unseeded;

	/* More than one CTR-DRBG request (1024 bytes) at once. */
	assert_int_equal(mgmt_rng(&rng, a, sizeof(a)), 0);
	assert_int_equal(mgmt_rng(&rng, b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	memset(&unseeded, 0, sizeof(unseeded));
	assert_int_not_equal(mgmt_rng(&unseeded, a, 16), 0);
	assert_int_not_equal(mgmt_rng(NULL, a, 16), 0);
}

static void certificate_fields(void **state)
{
	mbedtls_x509_crt crt;
	char dn[128];

	assert_int_equal(tls_identity_generate(&id, mac, IP_10_0_2_15, mgmt_rng, &rng), 0);
	assert_string_equal(id.common_name, "vmanhv-525400123456");
	parse(&crt);
	assert_int_equal(crt.version, 3);
	assert_true(mbedtls_x509_dn_gets(dn, sizeof(dn), &crt.subject) > 0);
	assert_string_equal(dn, "CN=vmanhv-525400123456");
	assert_true(mbedtls_x509_dn_gets(dn, sizeof(dn), &crt.issuer) > 0);
	assert_string_equal(dn, "CN=vmanhv-525400123456");
	assert_int_equal(crt.valid_from.year, 2026);
	assert_int_equal(crt.valid_from.mon, 1);
	assert_int_equal(crt.valid_from.day, 1);
	assert_int_equal(crt.valid_to.year, 2046);
	assert_int_equal(crt.sig_md, MBEDTLS_MD_SHA256);
	assert_int_equal(crt.sig_pk, MBEDTLS_PK_ECDSA);
	assert_true(mbedtls_pk_can_do(&crt.pk, MBEDTLS_PK_ECKEY));
	assert_int_equal(mbedtls_pk_ec(crt.pk)->grp.id, MBEDTLS_ECP_DP_SECP256R1);
	/* RFC 5280 4.1.2.2: positive, 16 octets. */
	assert_int_equal(crt.serial.len, 16);
	assert_true((crt.serial.p[0] & 0x80U) == 0U);
	mbedtls_x509_crt_free(&crt);
}

static void certificate_extensions(void **state)
{
	mbedtls_x509_crt crt;
	const mbedtls_x509_sequence *san;
	int want = MBEDTLS_X509_EXT_BASIC_CONSTRAINTS | MBEDTLS_X509_EXT_KEY_USAGE |
		   MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE | MBEDTLS_X509_EXT_SUBJECT_ALT_NAME;

	assert_int_equal(tls_identity_generate(&id, mac, IP_10_0_2_15, mgmt_rng, &rng), 0);
	parse(&crt);
	assert_int_equal(crt.ext_types & want, want);
	/* mbedTLS 2.28 skips the key identifiers when parsing: look for their OIDs. */
	assert_non_null(memmem(id.cert_der, id.cert_len, "\x06\x03\x55\x1d\x0e", 5));
	assert_non_null(memmem(id.cert_der, id.cert_len, "\x06\x03\x55\x1d\x23", 5));
	assert_int_equal(crt.ca_istrue, 0);
	assert_int_equal(mbedtls_x509_crt_check_key_usage(&crt, MBEDTLS_X509_KU_DIGITAL_SIGNATURE),
			 0);
	assert_int_not_equal(mbedtls_x509_crt_check_key_usage(&crt, MBEDTLS_X509_KU_KEY_CERT_SIGN),
			     0);
	assert_int_equal(mbedtls_x509_crt_check_extended_key_usage(&crt, MBEDTLS_OID_SERVER_AUTH,
				MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH)), 0);
	assert_int_not_equal(mbedtls_x509_crt_check_extended_key_usage(&crt,
				MBEDTLS_OID_CLIENT_AUTH, MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH)), 0);
	/* One iPAddress: [7] with the four octets of 10.0.2.15. */
	san = &crt.subject_alt_names;
	assert_int_equal(san->buf.tag, MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7);
	assert_int_equal(san->buf.len, 4);
	assert_memory_equal(san->buf.p, "\x0a\x00\x02\x0f", 4);
	assert_null(san->next);
	mbedtls_x509_crt_free(&crt);
}

static void signature_and_key_match(void **state)
{
	mbedtls_x509_crt crt;
	mbedtls_pk_context key;
	unsigned char hash[32], digest[32];

	assert_int_equal(tls_identity_generate(&id, mac, IP_10_0_2_15, mgmt_rng, &rng), 0);
	parse(&crt);
	/* Self-signed: the certificate's own key verifies its signature. */
	assert_int_equal(mbedtls_sha256_ret(crt.tbs.p, crt.tbs.len, hash, 0), 0);
	assert_int_equal(mbedtls_pk_verify(&crt.pk, MBEDTLS_MD_SHA256, hash, sizeof(hash),
					   crt.sig.p, crt.sig.len), 0);
	mbedtls_pk_init(&key);
	assert_int_equal(mbedtls_pk_parse_key(&key, id.key_der, id.key_len, NULL, 0), 0);
	assert_int_equal(mbedtls_pk_check_pair(&crt.pk, &key), 0);
	/* The fingerprint is the SHA-256 of the DER. */
	assert_int_equal(mbedtls_sha256_ret(id.cert_der, id.cert_len, digest, 0), 0);
	assert_memory_equal(digest, id.fingerprint, sizeof(digest));
	mbedtls_pk_free(&key);
	mbedtls_x509_crt_free(&crt);
	tls_identity_wipe_key(&id);
	assert_int_equal(id.key_len, 0);
	for (size_t i = 0; i < sizeof(id.key_der); i++) {
		assert_int_equal(id.key_der[i], 0);
	}
}

static void fingerprint_text(void **state)
{
	char text[TLS_FINGERPRINT_TEXT_LEN];

	memset(&id, 0, sizeof(id));
	for (size_t i = 0; i < TLS_FINGERPRINT_LEN; i++) {
		id.fingerprint[i] = (unsigned char)(i * 9U + 0x0AU);
	}
	tls_identity_fingerprint_text(&id, text);
	assert_int_equal(strlen(text), 95);
	assert_memory_equal(text, "0A:13:1C:25:2E:37:40:49:", 24);
	assert_string_equal(text + 93, "21");
}

static void without_mac_or_address(void **state)
{
	mbedtls_x509_crt crt;
	unsigned char first[TLS_FINGERPRINT_LEN];

	assert_int_equal(tls_identity_generate(&id, NULL, 0, mgmt_rng, &rng), 0);
	assert_int_equal(strlen(id.common_name), strlen("vmanhv-") + 12U);
	assert_memory_equal(id.common_name, "vmanhv-", 7);
	parse(&crt);
	assert_int_equal(crt.ext_types & MBEDTLS_X509_EXT_SUBJECT_ALT_NAME, 0);
	mbedtls_x509_crt_free(&crt);
	/* Every generation is a new key and serial. */
	memcpy(first, id.fingerprint, sizeof(first));
	assert_int_equal(tls_identity_generate(&id, mac, 0, mgmt_rng, &rng), 0);
	assert_memory_not_equal(first, id.fingerprint, sizeof(first));
}

static int failing_after;

static int failing_rng(void *ctx, unsigned char *out, size_t len)
{
	if (failing_after-- <= 0) {
		return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
	}
	return mgmt_rng(ctx, out, len);
}

static void failing_random_source(void **state)
{
	/* Fail at each draw in turn: every failure is reported, none leaves a key behind. */
	for (int n = 0; n < 64; n++) {
		int err;

		failing_after = n;
		err = tls_identity_generate(&id, mac, IP_10_0_2_15, failing_rng, &rng);
		if (err == 0) {
			assert_true(n > 0);
			return;
		}
		assert_int_equal(err, -EIO);
		assert_int_equal(id.key_len, 0);
	}
	fail_msg("generation never succeeded with 64 draws");
}

/* An identity read back from the configuration store (docs/store.md). */
static void restored_identity(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static struct tls_identity made, other, back;

	(void)state;
	assert_int_equal(tls_identity_generate(&made, mac, IP_10_0_2_15, mgmt_rng, &rng), 0);
	assert_int_equal(tls_identity_generate(&other, NULL, 0, mgmt_rng, &rng), 0);
	memset(&back, 0, sizeof(back));
	memcpy(back.cert_der, made.cert_der, made.cert_len);
	back.cert_len = made.cert_len;
	memcpy(back.key_der, made.key_der, made.key_len);
	back.key_len = made.key_len;
	assert_int_equal(tls_identity_finish(&back), 0);
	assert_memory_equal(back.fingerprint, made.fingerprint, sizeof(made.fingerprint));
	assert_string_equal(back.common_name, "vmanhv-525400123456");

	/* another identity's key with this certificate */
	memcpy(back.key_der, other.key_der, other.key_len);
	back.key_len = other.key_len;
	assert_int_equal(tls_identity_finish(&back), -EINVAL);
	assert_int_equal(back.key_len, 0);		/* wiped */
	/* a certificate cut short */
	memcpy(back.key_der, made.key_der, made.key_len);
	back.key_len = made.key_len;
	back.cert_len = made.cert_len - 10;
	assert_int_equal(tls_identity_finish(&back), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rng_fills_and_refuses_unseeded),
		cmocka_unit_test(certificate_fields),
		cmocka_unit_test(restored_identity),
		cmocka_unit_test(certificate_extensions),
		cmocka_unit_test(signature_and_key_match),
		cmocka_unit_test(fingerprint_text),
		cmocka_unit_test(without_mac_or_address),
		cmocka_unit_test(failing_random_source),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

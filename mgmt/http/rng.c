/* SPDX-License-Identifier: MIT */
/*
 * The management core's CTR-DRBG (rng.h).  mbedtls_entropy_init() registers
 * the hardware source (MBEDTLS_ENTROPY_HARDWARE_ALT) as the one strong
 * source; mbedtls_entropy_func() fails when it cannot gather
 * MBEDTLS_ENTROPY_MIN_HARDWARE bytes in MBEDTLS_ENTROPY_MAX_LOOP polls, and
 * seeding fails with it.  The DRBG reseeds from the pool every
 * MBEDTLS_CTR_DRBG_RESEED_INTERVAL requests (SP 800-90A 10.2.1).
 */
#include <errno.h>
#include <string.h>

#include <mbedtls/entropy.h>

#include "mgmt/http/rng.h"

/* SP 800-90A 8.7.1: a personalization string sets this instance apart. */
static const unsigned char rng_personalization[] = "vmanhv management core";

int mgmt_rng_init(struct mgmt_rng *rng, const char **why)
{
	int ret;

	memset(rng, 0, sizeof(*rng));
	mbedtls_entropy_init(&rng->entropy);
	mbedtls_ctr_drbg_init(&rng->drbg);
	ret = mbedtls_ctr_drbg_seed(&rng->drbg, mbedtls_entropy_func, &rng->entropy,
				    rng_personalization, sizeof(rng_personalization) - 1U);
	if (ret == MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED) {
		*why = "the CPU gives no entropy (no working RDSEED or RDRAND; "
		       "QEMU needs -cpu max)";
		return -ENODEV;
	}
	if (ret != 0) {
		*why = "the CTR-DRBG could not be seeded";
		return -EIO;
	}
	rng->seeded = true;
	*why = "";
	return 0;
}

int mgmt_rng(void *ctx, unsigned char *out, size_t len)
{
	struct mgmt_rng *rng = ctx;

	if (rng == NULL || !rng->seeded) {
		return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
	}
	/* One generate call yields at most MBEDTLS_CTR_DRBG_MAX_REQUEST bytes. */
	while (len > 0U) {
		size_t n = len < MBEDTLS_CTR_DRBG_MAX_REQUEST ? len : MBEDTLS_CTR_DRBG_MAX_REQUEST;
		int ret = mbedtls_ctr_drbg_random(&rng->drbg, out, n);

		if (ret != 0) {
			return ret;
		}
		out += n;
		len -= n;
	}
	return 0;
}

void mgmt_rng_free(struct mgmt_rng *rng)
{
	mbedtls_ctr_drbg_free(&rng->drbg);
	mbedtls_entropy_free(&rng->entropy);
	rng->seeded = false;
}

/* SPDX-License-Identifier: MIT */
/*
 * The management core's random numbers (DESIGN.md section 3): one
 * CTR-DRBG (NIST SP 800-90A, AES-256) seeded from mbedTLS's entropy pool,
 * whose only source in the firmware is the CPU (RDSEED, else RDRAND:
 * mbedtls_hardware_poll in arch/x86_64/rand.c).  Nonces, the TLS key, the
 * certificate serial, generated passwords and expat's hash salt come from
 * here.  No lwIP; hosted builds seed from the host's entropy instead.
 */
#ifndef VMANHV_MGMT_HTTP_RNG_H
#define VMANHV_MGMT_HTTP_RNG_H

#include <stdbool.h>
#include <stddef.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>

struct mgmt_rng {
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	bool seeded;
};

/*
 * Seed rng.  0; -ENODEV when the entropy pool gets nothing from its
 * sources (a CPU without working RDSEED and RDRAND, e.g. QEMU's default
 * qemu64 model: run it with `-cpu max`); -EIO on any other mbedTLS error.
 * *why names the failure for the console (a static string).  On failure
 * the generator refuses every request: nothing falls back to a weak source.
 */
int mgmt_rng_init(struct mgmt_rng *rng, const char **why);

/*
 * mbedTLS's f_rng: fill out with len random bytes.  ctx is a struct
 * mgmt_rng.  0, or an mbedTLS error (never predictable bytes) when rng was
 * not seeded or reseeding failed.
 */
int mgmt_rng(void *ctx, unsigned char *out, size_t len);

void mgmt_rng_free(struct mgmt_rng *rng);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Hardware randomness.  mbedTLS's entropy pool calls mbedtls_hardware_poll()
 * (MBEDTLS_ENTROPY_HARDWARE_ALT); lwIP wants a 32-bit number for port and
 * ISN choice (LWIP_RAND), which may fall back to a TSC-mixed generator on a
 * CPU without RDRAND because it is not a secret.
 */
#include <string.h>

#include <mbedtls/entropy_poll.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/rand.h"

#define CPUID1_ECX_RDRAND	(1U << 30)
#define CPUID7_EBX_RDSEED	(1U << 18)
/* Intel's DRNG guide recommends 10 retries before declaring RDRAND failed. */
#define RDRAND_RETRIES		10U

static bool have_rdrand(void)
{
	return (cpuid(1, 0).ecx & CPUID1_ECX_RDRAND) != 0U;
}

static bool have_rdseed(void)
{
	return cpuid(0, 0).eax >= 7U && (cpuid(7, 0).ebx & CPUID7_EBX_RDSEED) != 0U;
}

bool rand_hw_available(void)
{
	return have_rdrand() || have_rdseed();
}

static bool rand_word(bool seed, bool rdrand, uint64_t *out)
{
	for (uint32_t i = 0; i < RDRAND_RETRIES; i++) {
		if (seed && rdseed64(out)) {
			return true;
		}
		if (rdrand && rdrand64(out)) {
			return true;
		}
	}
	return false;
}

size_t rand_hw_fill(uint8_t *buf, size_t len)
{
	bool seed = have_rdseed(), rdrand = have_rdrand();
	size_t done = 0;

	while (done < len) {
		uint64_t word;
		size_t n = len - done < sizeof(word) ? len - done : sizeof(word);

		if (!rand_word(seed, rdrand, &word)) {
			break;
		}
		memcpy(buf + done, &word, n);
		done += n;
	}
	return done;
}

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
	(void)data;
	*olen = rand_hw_fill(output, len);
	return 0;
}

uint32_t vmanhv_random32(void);
uint32_t vmanhv_random32(void)
{
	static uint64_t state;
	uint64_t word;

	if (rand_hw_fill((uint8_t *)&word, sizeof(word)) == sizeof(word)) {
		return (uint32_t)word;
	}
	/* xorshift64 stirred with the TSC: fine for port numbers, never for keys. */
	state ^= rdtsc() + 0x9E3779B97F4A7C15ULL;
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)state;
}

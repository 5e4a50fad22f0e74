/* SPDX-License-Identifier: MIT */
/*
 * Memory units as clients write them.  DSP0004 Annex C defines programmatic
 * units ("byte*2^20"); DSP1045 wants them in AllocationUnits.  Clients in
 * the wild also send "byte * 2^20" with spaces, "MegaBytes" (libvirt-cim
 * emits "KiloBytes") or "MB" (dmtf-profiles.md section 8, point 7): all are
 * read, and only the canonical form is ever written.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "mgmt/profiles/units.h"

/* Spellings that name a power of two bytes without the PUnit grammar. */
static const struct {
	const char *name;
	unsigned shift;
} byte_words[] = {
	{ "byte", 0 },	    { "bytes", 0 },	{ "b", 0 },
	{ "kilobyte", 10 }, { "kilobytes", 10 }, { "kb", 10 }, { "kib", 10 },
	{ "megabyte", 20 }, { "megabytes", 20 }, { "mb", 20 }, { "mib", 20 },
	{ "gigabyte", 30 }, { "gigabytes", 30 }, { "gb", 30 }, { "gib", 30 },
};

/* units without whitespace into out; false when it does not fit. */
static bool squeeze(const char *units, char *out, size_t size)
{
	size_t n = 0;

	for (; *units != '\0'; units++) {
		if (*units == ' ' || *units == '\t') {
			continue;
		}
		if (n + 1U >= size) {
			return false;
		}
		out[n++] = *units;
	}
	out[n] = '\0';
	return true;
}

/* A decimal exponent of at most two digits: "20" -> 20. */
static bool small_number(const char *s, unsigned *out)
{
	size_t len = strlen(s);

	if (len == 0U || len > 2U || strspn(s, "0123456789") != len) {
		return false;
	}
	*out = len == 1U ? (unsigned)(s[0] - '0') : (unsigned)((s[0] - '0') * 10 + (s[1] - '0'));
	return true;
}

/* "byte*2^N" (DSP0004 C.1: the base unit times a power of two), N <= 40. */
static int punit_bytes(const char *s, uint64_t *multiplier)
{
	unsigned exp;

	if (strncasecmp(s, "byte*2^", 7) != 0 || !small_number(s + 7, &exp) || exp > 40U) {
		return -EINVAL;
	}
	*multiplier = 1ULL << exp;
	return 0;
}

int units_bytes_multiplier(const char *units, uint64_t *multiplier)
{
	char s[32];

	if (units == NULL || !squeeze(units, s, sizeof(s)) || s[0] == '\0') {
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(byte_words) / sizeof(byte_words[0]); i++) {
		if (strcasecmp(s, byte_words[i].name) == 0) {
			*multiplier = 1ULL << byte_words[i].shift;
			return 0;
		}
	}
	return punit_bytes(s, multiplier);
}

int units_bytes(uint64_t quantity, const char *units, uint64_t *bytes)
{
	uint64_t m;
	int err = units_bytes_multiplier(units, &m);

	if (err != 0) {
		return err;
	}
	if (quantity > UINT64_MAX / m) {
		return -ERANGE;
	}
	*bytes = quantity * m;
	return 0;
}

int units_processor_count(uint64_t value, const char *units, uint64_t *count)
{
	char s[32];

	if (units == NULL) {
		*count = value;
		return 0;
	}
	if (!squeeze(units, s, sizeof(s))) {
		return -EINVAL;
	}
	if (s[0] == '\0' || strcasecmp(s, "count") == 0) {
		*count = value;
		return 0;
	}
	if (strcasecmp(s, "percent") != 0) {
		return -EINVAL;
	}
	if (value % 100U != 0U) {
		return -EDOM;	/* no fraction of a CPU can be dedicated (docs/allocation.md) */
	}
	*count = value / 100U;
	return 0;
}

const char *units_memory_emit(uint64_t bytes, uint64_t *quantity)
{
	if (bytes % (1ULL << 20) == 0U) {
		*quantity = bytes >> 20;
		return UNITS_MEMORY_CANONICAL;
	}
	*quantity = bytes >> 10;
	return UNITS_MEMORY_FINE;
}

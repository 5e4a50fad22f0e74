/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>

#include "tools/vmanctl/size.h"

struct size_unit {
	const char *name;
	unsigned shift;		/* the unit is 2^shift bytes */
};

/* Every spelling is binary: the firmware allocates in byte*2^N (DSP1045). */
static const struct size_unit units[] = {
	{ "", 20 }, { "b", 0 },
	{ "k", 10 }, { "kb", 10 }, { "kib", 10 },
	{ "m", 20 }, { "mb", 20 }, { "mib", 20 },
	{ "g", 30 }, { "gb", 30 }, { "gib", 30 },
	{ "t", 40 }, { "tb", 40 }, { "tib", 40 },
};

static const struct size_unit *unit_find(const char *suffix)
{
	for (unsigned i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(units[i].name, suffix) == 0) {
			return &units[i];
		}
	}
	return NULL;
}

int size_parse(const char *text, uint64_t *bytes, const char **why)
{
	const struct size_unit *unit;
	uint64_t n = 0;
	const char *p = text;

	if (text == NULL || !isdigit((unsigned char)*p)) {
		*why = "a size is a whole number with an optional unit (64M, 1G, 512MiB)";
		return -EINVAL;
	}
	for (; isdigit((unsigned char)*p); p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (n > (UINT64_MAX - digit) / 10) {
			*why = "the size is too large";
			return -ERANGE;
		}
		n = n * 10 + digit;
	}
	unit = unit_find(p);
	if (unit == NULL) {
		*why = "unknown unit (B, K, M, G or T, optionally with B or iB)";
		return -EINVAL;
	}
	if (n == 0) {
		*why = "the size must not be zero";
		return -EINVAL;
	}
	if (unit->shift > 0 && n > (UINT64_MAX >> unit->shift)) {
		*why = "the size is too large";
		return -ERANGE;
	}
	*bytes = n << unit->shift;
	return 0;
}

void size_format(uint64_t bytes, char *buf, unsigned len)
{
	static const char *const names[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned i = 0;

	while (i + 1 < sizeof(names) / sizeof(names[0]) && bytes != 0 && (bytes & 1023) == 0) {
		bytes >>= 10;
		i++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)bytes, names[i]);
}

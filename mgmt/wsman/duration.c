/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "mgmt/wsman/duration.h"

#define MS_PER_SECOND	1000ULL
#define MS_PER_MINUTE	(60ULL * MS_PER_SECOND)
#define MS_PER_HOUR	(60ULL * MS_PER_MINUTE)
#define MS_PER_DAY	(24ULL * MS_PER_HOUR)

struct duration_unit {
	char designator;
	uint64_t ms;
};

/* The designators of each part, in the order XML Schema Part 2 3.2.6.1
 * requires them. */
static const struct duration_unit date_units[] = {
	{ 'Y', 365ULL * MS_PER_DAY }, { 'M', 30ULL * MS_PER_DAY }, { 'D', MS_PER_DAY },
};
static const struct duration_unit time_units[] = {
	{ 'H', MS_PER_HOUR }, { 'M', MS_PER_MINUTE }, { 'S', MS_PER_SECOND },
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static uint64_t add_saturated(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t mul_saturated(uint64_t a, uint64_t b)
{
	return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

static uint64_t parse_digits(const char **p)
{
	uint64_t v = 0;

	while (is_digit(**p)) {
		v = add_saturated(mul_saturated(v, 10), (uint64_t)(**p - '0'));
		(*p)++;
	}
	return v;
}

/* ".ddd": the milliseconds of a fraction of a second; -EINVAL without digits. */
static int parse_fraction_ms(const char **p, uint64_t *ms)
{
	uint64_t scale = 100;

	(*p)++;
	if (!is_digit(**p)) {
		return -EINVAL;
	}
	*ms = 0;
	for (; is_digit(**p); (*p)++) {
		*ms += (uint64_t)(**p - '0') * scale;
		scale /= 10;
	}
	return 0;
}

/* "nX" components of one part, each designator at most once and in order. */
static int parse_part(const char **p, const struct duration_unit *units, size_t count,
		      uint64_t *total, unsigned *components)
{
	size_t next = 0;

	while (is_digit(**p)) {
		uint64_t value = parse_digits(p);
		uint64_t fraction = 0;
		bool has_fraction = **p == '.';

		if (has_fraction && parse_fraction_ms(p, &fraction) != 0) {
			return -EINVAL;
		}
		while (next < count && units[next].designator != **p) {
			next++;
		}
		if (next == count || (has_fraction && units[next].designator != 'S')) {
			return -EINVAL;
		}
		*total = add_saturated(*total, mul_saturated(value, units[next].ms));
		*total = add_saturated(*total, fraction);
		(*components)++;
		(*p)++;
		next++;
	}
	return 0;
}

int wsman_duration_parse_ms(const char *s, uint64_t *ms)
{
	const char *p = s;
	uint64_t total = 0;
	unsigned components = 0;

	if (*p++ != 'P') {
		return -EINVAL;	/* also a leading '-': a negative time-out */
	}
	if (parse_part(&p, date_units, 3, &total, &components) != 0) {
		return -EINVAL;
	}
	if (*p == 'T') {
		unsigned date_components = components;

		p++;
		if (parse_part(&p, time_units, 3, &total, &components) != 0 ||
		    components == date_components) {
			return -EINVAL;	/* "T" must be followed by a time component */
		}
	}
	if (*p != '\0' || components == 0) {
		return -EINVAL;
	}
	*ms = total;
	return 0;
}

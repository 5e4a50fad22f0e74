/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "mgmt/profiles/job_timeout.h"
#include "mgmt/wsman/duration.h"

/* A DSP0004 interval "ddddddddhhmmss.mmmmmm:000" in milliseconds: 0 or -EINVAL. */
static int cim_interval_ms(const char *s, uint64_t *ms)
{
	static const uint64_t unit_ms[] = { 86400000U, 3600000U, 60000U, 1000U };
	static const uint8_t widths[] = { 8, 2, 2, 2 };
	uint64_t total = 0;

	if (strlen(s) != 25U || s[14] != '.' || strcmp(s + 21, ":000") != 0) {
		return -EINVAL;
	}
	for (size_t i = 0; i < 21U; i++) {
		if (i != 14U && (s[i] < '0' || s[i] > '9')) {
			return -EINVAL;
		}
	}
	for (size_t f = 0, at = 0; f < 4U; at += widths[f], f++) {
		uint64_t v = 0;

		for (size_t k = 0; k < widths[f]; k++) {
			v = v * 10U + (uint64_t)(s[at + k] - '0');
		}
		total += v * unit_ms[f];
	}
	*ms = total + (uint64_t)((s[15] - '0') * 100 + (s[16] - '0') * 10 + (s[17] - '0'));
	return 0;
}

const char *job_timeout(const struct cim_value *v, uint64_t *ms)
{
	uint64_t given = 0;

	*ms = JOB_TIMEOUT_DEFAULT_MS;
	if (v->is_null || v->s == NULL) {
		return NULL;
	}
	if (wsman_duration_parse_ms(v->s, &given) != 0 && cim_interval_ms(v->s, &given) != 0) {
		return "TimeoutPeriod is not an interval (xs:duration such as PT2M, or "
		       "ddddddddhhmmss.mmmmmm:000)";
	}
	if (given > JOB_TIMEOUT_MAX_MS) {
		return "TimeoutPeriod is longer than the maximum of one hour (PT1H)";
	}
	*ms = given != 0U ? given : JOB_TIMEOUT_DEFAULT_MS;
	return NULL;
}

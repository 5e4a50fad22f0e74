/* SPDX-License-Identifier: MIT */
/* The `lifecycle=` option's parser (hv/lifecycle_plan.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/lifecycle_plan.h"

static const char *const verb_names[] = {
	[LIFECYCLE_PAUSE] = "pause",
	[LIFECYCLE_RESUME] = "resume",
	[LIFECYCLE_RESET] = "reset",
	[LIFECYCLE_STOP] = "stop",
	[LIFECYCLE_DESTROY] = "destroy",
};

const char *lifecycle_verb_name(enum lifecycle_verb verb)
{
	return (size_t)verb < sizeof(verb_names) / sizeof(verb_names[0]) ? verb_names[verb] : "?";
}

static bool verb_parse(const char *word, size_t len, enum lifecycle_verb *verb)
{
	for (size_t i = 0; i < sizeof(verb_names) / sizeof(verb_names[0]); i++) {
		if (strlen(verb_names[i]) == len && memcmp(word, verb_names[i], len) == 0) {
			*verb = (enum lifecycle_verb)i;
			return true;
		}
	}
	return false;
}

/* One `VERB:NAME@MS` of `len` bytes into *step; NULL, or what is wrong. */
static const char *step_parse(const char *item, size_t len, struct lifecycle_step *step)
{
	const char *colon = memchr(item, ':', len);
	const char *at = colon != NULL ? memchr(colon, '@', len - (size_t)(colon - item)) : NULL;
	size_t name_len;
	char *end;

	if (colon == NULL || at == NULL) {
		return "expected VERB:NAME@MS";
	}
	if (!verb_parse(item, (size_t)(colon - item), &step->verb)) {
		return "unknown verb (pause, resume, reset, stop, destroy)";
	}
	name_len = (size_t)(at - colon - 1);
	if (name_len == 0 || name_len >= sizeof(step->name)) {
		return "VM name empty or too long";
	}
	memcpy(step->name, colon + 1, name_len);
	step->name[name_len] = '\0';
	if (at + 1 == item + len || at[1] < '0' || at[1] > '9') {
		return "time is not a number of milliseconds";
	}
	step->at_ms = strtoull(at + 1, &end, 10);
	return end == item + len ? NULL : "time is not a number of milliseconds";
}

int lifecycle_plan_parse(const char *text, struct lifecycle_step *steps, uint32_t max,
			 uint32_t *count, char *why, size_t why_len)
{
	const char *item = text, *problem = NULL;

	*count = 0;
	while (problem == NULL && *item != '\0') {
		const char *comma = strchr(item, ',');
		size_t len = comma != NULL ? (size_t)(comma - item) : strlen(item);

		if (*count == max) {
			problem = "too many steps";
		} else {
			problem = step_parse(item, len, &steps[*count]);
		}
		if (problem == NULL && *count > 0U &&
		    steps[*count].at_ms < steps[*count - 1U].at_ms) {
			problem = "times go back (steps run in order)";
		}
		if (problem == NULL) {
			(*count)++;
			item += len + (comma != NULL ? 1U : 0U);
		} else {
			snprintf(why, why_len, "step %u `%.*s`: %s", *count + 1U, (int)len, item,
				 problem);
		}
	}
	if (problem == NULL && *count == 0U) {
		snprintf(why, why_len, "no steps");
		problem = why;
	}
	return problem == NULL ? 0 : -EINVAL;
}

/* SPDX-License-Identifier: MIT */
/*
 * The `lifecycle=` test option (docs/console.md): a list of hv/api.h
 * lifecycle verbs, each aimed at a VM by name at a time in milliseconds,
 * e.g. `pause:tick-2@1000,resume:tick-2@2500,destroy:tick-3@3500`.  This
 * file only parses (portable, unit-tested); hv/vm_lifecycle_hook.c runs
 * the steps.
 */
#ifndef VMANHV_HV_LIFECYCLE_PLAN_H
#define VMANHV_HV_LIFECYCLE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "hv/api.h"

#define LIFECYCLE_STEPS_MAX	8U

enum lifecycle_verb {
	LIFECYCLE_PAUSE,
	LIFECYCLE_RESUME,
	LIFECYCLE_RESET,
	LIFECYCLE_STOP,
	LIFECYCLE_DESTROY,	/* stop if running, wait until stopped, destroy */
};

struct lifecycle_step {
	enum lifecycle_verb verb;
	char name[HV_VM_NAME_LEN];
	uint64_t at_ms;
};

/*
 * Parse `text` into steps[0..*count).  Steps run in the order given, so
 * their times may not decrease.  0, or -EINVAL with `why` saying what is
 * wrong (an unknown verb, no `:NAME@MS`, a name too long, a time that is
 * no number or goes back, more than `max` steps).
 */
int lifecycle_plan_parse(const char *text, struct lifecycle_step *steps, uint32_t max,
			 uint32_t *count, char *why, size_t why_len);
/* "pause", "resume", ... */
const char *lifecycle_verb_name(enum lifecycle_verb verb);

#endif

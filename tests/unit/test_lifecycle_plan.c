/* sources: hv/lifecycle_plan.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/lifecycle_plan.c: `lifecycle=VERB:NAME@MS,...` into steps, in order;
 * every malformed step is refused with a reason naming it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hv/lifecycle_plan.h"

static struct lifecycle_step steps[LIFECYCLE_STEPS_MAX];
static char why[128];

static int parse(const char *text, uint32_t *count)
{
	memset(why, 0, sizeof(why));
	return lifecycle_plan_parse(text, steps, LIFECYCLE_STEPS_MAX, count, why, sizeof(why));
}

static void every_verb_in_order(void **state)
{
	uint32_t n;

	assert_int_equal(parse("pause:tick-2@1500,resume:tick-2@3000,reset:tick@3500,"
			       "destroy:tick-3@4000,stop:tick@4000", &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(steps[0].verb, LIFECYCLE_PAUSE);
	assert_string_equal(steps[0].name, "tick-2");
	assert_int_equal(steps[0].at_ms, 1500);
	assert_int_equal(steps[1].verb, LIFECYCLE_RESUME);
	assert_int_equal(steps[2].verb, LIFECYCLE_RESET);
	assert_string_equal(steps[2].name, "tick");
	assert_int_equal(steps[3].verb, LIFECYCLE_DESTROY);
	assert_int_equal(steps[3].at_ms, 4000);
	assert_int_equal(steps[4].verb, LIFECYCLE_STOP);
	assert_string_equal(lifecycle_verb_name(steps[3].verb), "destroy");
}

static void refused(const char *text, const char *reason)
{
	uint32_t n;

	assert_int_equal(parse(text, &n), -EINVAL);
	assert_non_null(strstr(why, reason));
}

static void malformed_steps_are_refused(void **state)
{
	refused("", "no steps");
	refused("pause:a@1,halt:a@2", "step 2 `halt:a@2`: unknown verb");
	refused("pause:a", "expected VERB:NAME@MS");
	refused("pause@5", "expected VERB:NAME@MS");
	refused("pause:@5", "VM name empty or too long");
	refused("pause:a-name-longer-than-the-24-bytes@5", "VM name empty or too long");
	refused("pause:a@", "time is not a number");
	refused("pause:a@-5", "time is not a number");
	refused("pause:a@5ms", "time is not a number");
	refused("pause:a@50,resume:a@40", "times go back");
}

static void at_most_max_steps(void **state)
{
	uint32_t n;

	assert_int_equal(parse("stop:a@1,stop:a@2,stop:a@3,stop:a@4,stop:a@5,stop:a@6,stop:a@7,"
			       "stop:a@8", &n), 0);
	assert_int_equal(n, LIFECYCLE_STEPS_MAX);
	refused("stop:a@1,stop:a@2,stop:a@3,stop:a@4,stop:a@5,stop:a@6,stop:a@7,stop:a@8,"
		"stop:a@9", "step 9 `stop:a@9`: too many steps");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_verb_in_order),
		cmocka_unit_test(malformed_steps_are_refused),
		cmocka_unit_test(at_most_max_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: boot/cmdline.c */
/* SPDX-License-Identifier: MIT */
/* boot/cmdline.c: `key` and `key=value` words (docs/console.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "boot/cmdline.h"

static void has_bare_key(void **state)
{
	assert_true(cmdline_has("console=serial exit", "exit"));
	assert_true(cmdline_has("exit console=serial", "exit"));
	assert_true(cmdline_has("exit", "exit"));
}

static void has_key_with_value(void **state)
{
	assert_true(cmdline_has("exit fault=pagefault", "fault"));
}

static void has_absent_key(void **state)
{
	assert_false(cmdline_has("console=serial exit", "loglevel"));
}

static void has_ignores_longer_word(void **state)
{
	assert_false(cmdline_has("exitnow", "exit"));
	assert_false(cmdline_has("faults=1", "fault"));
	assert_false(cmdline_has("noexit", "exit"));
}

static void has_ignores_shorter_word(void **state)
{
	assert_false(cmdline_has("exit", "exitnow"));
	assert_false(cmdline_has("ex it", "exit"));
}

static void has_does_not_match_a_value(void **state)
{
	assert_false(cmdline_has("mode=exit", "exit"));
}

static void has_finds_key_after_prefix_word(void **state)
{
	assert_true(cmdline_has("exitnow exit", "exit"));
	assert_true(cmdline_has("faults=1 fault", "fault"));
}

static void has_with_tabs_and_extra_spaces(void **state)
{
	assert_true(cmdline_has("\texit\t", "exit"));
	assert_true(cmdline_has("   a \t  exit   ", "exit"));
	assert_true(cmdline_has("a\t\tb", "b"));
	assert_false(cmdline_has("   ", "exit"));
}

static void has_on_empty_cmdline(void **state)
{
	assert_false(cmdline_has("", "exit"));
}

static void has_on_null_cmdline(void **state)
{
	assert_false(cmdline_has(NULL, "exit"));
}

static void has_empty_key_is_false(void **state)
{
	assert_false(cmdline_has("exit", ""));
	assert_false(cmdline_has("=x", ""));
	assert_false(cmdline_has("", ""));
	assert_false(cmdline_has("  ", ""));
}

static void value_of_key(void **state)
{
	char out[32];

	assert_true(cmdline_value("exit fault=pagefault loglevel=3", "fault", out, sizeof(out)));
	assert_string_equal(out, "pagefault");
	assert_true(cmdline_value("exit fault=pagefault loglevel=3", "loglevel", out, sizeof(out)));
	assert_string_equal(out, "3");
}

static void value_of_bare_key_is_false(void **state)
{
	char out[8] = "keep";

	assert_false(cmdline_value("exit", "exit", out, sizeof(out)));
	assert_string_equal(out, "keep");
}

static void value_of_absent_key_is_false(void **state)
{
	char out[8] = "keep";

	assert_false(cmdline_value("a=1 b=2", "c", out, sizeof(out)));
	assert_string_equal(out, "keep");
}

static void value_skips_longer_key(void **state)
{
	char out[8];

	assert_false(cmdline_value("faults=1", "fault", out, sizeof(out)));
	assert_true(cmdline_value("faults=1 fault=2", "fault", out, sizeof(out)));
	assert_string_equal(out, "2");
}

static void value_first_occurrence_wins(void **state)
{
	char out[8];

	assert_true(cmdline_value("a=1 a=2", "a", out, sizeof(out)));
	assert_string_equal(out, "1");
}

static void value_ends_at_tab(void **state)
{
	char out[16];

	assert_true(cmdline_value("x\tfault=pagefault\texit", "fault", out, sizeof(out)));
	assert_string_equal(out, "pagefault");
}

static void value_with_leading_and_trailing_spaces(void **state)
{
	char out[16];

	assert_true(cmdline_value("   loglevel=7   ", "loglevel", out, sizeof(out)));
	assert_string_equal(out, "7");
}

static void value_keeps_later_equals_signs(void **state)
{
	char out[16];

	assert_true(cmdline_value("opt=a=b", "opt", out, sizeof(out)));
	assert_string_equal(out, "a=b");
}

static void value_is_truncated_to_out_len_minus_one(void **state)
{
	char out[8];

	memset(out, 'X', sizeof(out));
	assert_true(cmdline_value("fault=pagefault", "fault", out, 4));
	assert_string_equal(out, "pag");
	assert_int_equal(out[4], 'X');		/* nothing written past out_len */
}

static void value_with_out_len_one_is_empty(void **state)
{
	char out[2] = { 'X', 'X' };

	assert_true(cmdline_value("fault=pagefault", "fault", out, 1));
	assert_int_equal(out[0], '\0');
	assert_int_equal(out[1], 'X');
}

static void value_with_out_len_zero_is_false(void **state)
{
	char out[1] = { 'X' };

	assert_false(cmdline_value("fault=pagefault", "fault", out, 0));
	assert_int_equal(out[0], 'X');
}

static void value_exactly_fitting(void **state)
{
	char out[10];

	assert_true(cmdline_value("fault=pagefault", "fault", out, sizeof(out)));
	assert_string_equal(out, "pagefault");
}

static void value_empty_key_is_false(void **state)
{
	char out[8];

	assert_false(cmdline_value("=x", "", out, sizeof(out)));
}

static void value_on_empty_cmdline(void **state)
{
	char out[8];

	assert_false(cmdline_value("", "fault", out, sizeof(out)));
}

static void redact_hides_password_value(void **state)
{
	char out[128];

	(void)state;
	cmdline_redact("user=admin password=s3cret exit", out, sizeof(out));
	assert_string_equal(out, "user=admin password=*** exit");
}

static void redact_keeps_everything_else(void **state)
{
	char out[128];

	(void)state;
	cmdline_redact("  fault=pagefault\tpasswords=1 xpassword=2 password", out, sizeof(out));
	assert_string_equal(out, "  fault=pagefault\tpasswords=1 xpassword=2 password");
}

static void redact_every_password_word(void **state)
{
	char out[128];

	(void)state;
	cmdline_redact("password=a password=bb", out, sizeof(out));
	assert_string_equal(out, "password=*** password=***");
}

static void redact_cuts_at_buffer_end(void **state)
{
	char out[12];

	(void)state;
	cmdline_redact("password=verylongsecret", out, sizeof(out));
	assert_string_equal(out, "password=**");
	assert_null(strstr(out, "very"));
}

static void split_guest_command_line(void **state)
{
	char line[128], guest[32];

	(void)state;
	strcpy(line, "guest=vmlinuz exit -- console=ttyS0 quiet exit");
	cmdline_split_guest(line, guest, sizeof(guest));
	assert_string_equal(line, "guest=vmlinuz exit");
	assert_string_equal(guest, "console=ttyS0 quiet exit");
	assert_false(cmdline_has("guest=vmlinuz -- exit", "fault"));

	strcpy(line, "guest=vmlinuz");
	cmdline_split_guest(line, guest, sizeof(guest));
	assert_string_equal(line, "guest=vmlinuz");
	assert_string_equal(guest, "");

	strcpy(line, "-- root=/dev/vda");
	cmdline_split_guest(line, guest, sizeof(guest));
	assert_string_equal(line, "");
	assert_string_equal(guest, "root=/dev/vda");

	strcpy(line, "exit --");
	cmdline_split_guest(line, guest, sizeof(guest));
	assert_string_equal(line, "exit");
	assert_string_equal(guest, "");

	/* "--" inside a word is no separator; a long guest line is cut */
	strcpy(line, "ip=a--b -- 0123456789012345678901234567890123456789");
	cmdline_split_guest(line, guest, sizeof(guest));
	assert_string_equal(line, "ip=a--b");
	assert_string_equal(guest, "0123456789012345678901234567890");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(has_bare_key),
		cmocka_unit_test(has_key_with_value),
		cmocka_unit_test(has_absent_key),
		cmocka_unit_test(has_ignores_longer_word),
		cmocka_unit_test(has_ignores_shorter_word),
		cmocka_unit_test(has_does_not_match_a_value),
		cmocka_unit_test(has_finds_key_after_prefix_word),
		cmocka_unit_test(has_with_tabs_and_extra_spaces),
		cmocka_unit_test(has_on_empty_cmdline),
		cmocka_unit_test(has_on_null_cmdline),
		cmocka_unit_test(has_empty_key_is_false),
		cmocka_unit_test(value_of_key),
		cmocka_unit_test(value_of_bare_key_is_false),
		cmocka_unit_test(value_of_absent_key_is_false),
		cmocka_unit_test(value_skips_longer_key),
		cmocka_unit_test(value_first_occurrence_wins),
		cmocka_unit_test(value_ends_at_tab),
		cmocka_unit_test(value_with_leading_and_trailing_spaces),
		cmocka_unit_test(value_keeps_later_equals_signs),
		cmocka_unit_test(value_is_truncated_to_out_len_minus_one),
		cmocka_unit_test(value_with_out_len_one_is_empty),
		cmocka_unit_test(value_with_out_len_zero_is_false),
		cmocka_unit_test(value_exactly_fitting),
		cmocka_unit_test(value_empty_key_is_false),
		cmocka_unit_test(value_on_empty_cmdline),
		cmocka_unit_test(redact_hides_password_value),
		cmocka_unit_test(redact_keeps_everything_else),
		cmocka_unit_test(redact_every_password_word),
		cmocka_unit_test(redact_cuts_at_buffer_end),
		cmocka_unit_test(split_guest_command_line),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}

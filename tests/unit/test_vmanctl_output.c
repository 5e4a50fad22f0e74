/* sources: tools/vmanctl/output.c */
/* SPDX-License-Identifier: MIT */
/* tools/vmanctl/output.c: text tables, records and their JSON (RFC 8259). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/vmanctl/output.h"

static const struct column cols[] = {
	{ "NAME", "name", JSON_TEXT }, { "STATE", "state", JSON_TEXT }, { "ENABLED", "enabled_state", JSON_NUMBER },
};

struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *capture_open(struct capture *c)
{
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static const char *capture_text(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

static void table_of_two(struct table *t)
{
	const char *a[] = { "vm1", "off", "3" };
	const char *b[] = { "long-vm-name", NULL, "2" };

	table_init(t, cols, 3);
	assert_int_equal(table_add_row(t, a), 0);
	assert_int_equal(table_add_row(t, b), 0);
}

static void text_columns_padded(void **state)
{
	struct capture c;
	struct table t;

	table_of_two(&t);
	table_print(&t, false, capture_open(&c));
	assert_string_equal(capture_text(&c),
			    "NAME          STATE  ENABLED\n"
			    "vm1           off    3\n"
			    "long-vm-name  -      2\n");
	free(c.buf);
	table_free(&t);
}

static void json_array_with_types(void **state)
{
	struct capture c;
	struct table t;

	table_of_two(&t);
	table_print(&t, true, capture_open(&c));
	assert_string_equal(capture_text(&c),
			    "[{\"name\": \"vm1\", \"state\": \"off\", \"enabled_state\": 3},\n"
			    " {\"name\": \"long-vm-name\", \"state\": null, \"enabled_state\": 2}]\n");
	free(c.buf);
	table_free(&t);
}

static void json_empty_and_non_numbers(void **state)
{
	const char *row[] = { "x", "y", "not-a-number" };
	struct capture c;
	struct table t;

	table_init(&t, cols, 3);
	table_print(&t, true, capture_open(&c));
	assert_string_equal(capture_text(&c), "[]\n");
	free(c.buf);
	/* a numeric column holding text stays a string: the JSON stays valid */
	table_add_row(&t, row);
	table_print(&t, true, capture_open(&c));
	assert_string_equal(capture_text(&c),
			    "[{\"name\": \"x\", \"state\": \"y\", \"enabled_state\": \"not-a-number\"}]\n");
	free(c.buf);
	table_free(&t);
}

static void json_numbers_strict(void **state)
{
	static const char *const numbers[] = { "0", "7", "-3", "12.5", "-0.25" };
	static const char *const texts[] = { "0x10", "inf", "nan", "1e5", "01", "-", "1.",
					     ".5", " 1", "1 ", "" };
	char expect[64];

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		const char *row[] = { "n", "s", numbers[i] };
		struct capture c;
		struct table t;

		table_init(&t, cols, 3);
		table_add_row(&t, row);
		table_print_record(&t, true, capture_open(&c));
		snprintf(expect, sizeof(expect),
			 "{\"name\": \"n\", \"state\": \"s\", \"enabled_state\": %s}\n", numbers[i]);
		assert_string_equal(capture_text(&c), expect);
		free(c.buf);
		table_free(&t);
	}
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *row[] = { "n", "s", texts[i] };
		struct capture c;
		struct table t;

		table_init(&t, cols, 3);
		table_add_row(&t, row);
		table_print_record(&t, true, capture_open(&c));
		snprintf(expect, sizeof(expect),
			 "{\"name\": \"n\", \"state\": \"s\", \"enabled_state\": \"%s\"}\n", texts[i]);
		assert_string_equal(capture_text(&c), expect);
		free(c.buf);
		table_free(&t);
	}
}

static void json_booleans(void **state)
{
	static const struct column bcols[] = {
		{ "NAME", "name", JSON_TEXT }, { "PRIMORDIAL", "primordial", JSON_BOOL },
	};
	const char *yes[] = { "p", "true" }, *no[] = { "q", "false" }, *odd[] = { "r", "TRUE" };
	struct capture c;
	struct table t;

	table_init(&t, bcols, 2);
	table_add_row(&t, yes);
	table_add_row(&t, no);
	table_add_row(&t, odd);
	table_print(&t, true, capture_open(&c));
	assert_string_equal(capture_text(&c),
			    "[{\"name\": \"p\", \"primordial\": true},\n"
			    " {\"name\": \"q\", \"primordial\": false},\n"
			    " {\"name\": \"r\", \"primordial\": \"TRUE\"}]\n");
	free(c.buf);
	table_free(&t);
}

static void json_string_escapes(void **state)
{
	struct capture c;

	json_string(capture_open(&c), "a\"b\\c\nd\re\tf\x01g\x1fh\xc3\xa9");
	assert_string_equal(capture_text(&c),
			    "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\xc3\xa9\"");
	free(c.buf);
}

static void record_skips_absent(void **state)
{
	const char *row[] = { "vm1", NULL, "3" };
	struct capture c;
	struct table t;

	table_init(&t, cols, 3);
	table_add_row(&t, row);
	table_print_record(&t, false, capture_open(&c));
	assert_string_equal(capture_text(&c), "NAME:    vm1\nENABLED: 3\n");
	free(c.buf);
	table_print_record(&t, true, capture_open(&c));
	assert_string_equal(capture_text(&c),
			    "{\"name\": \"vm1\", \"state\": null, \"enabled_state\": 3}\n");
	free(c.buf);
	table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_columns_padded),
		cmocka_unit_test(json_array_with_types),
		cmocka_unit_test(json_empty_and_non_numbers),
		cmocka_unit_test(json_numbers_strict),
		cmocka_unit_test(json_booleans),
		cmocka_unit_test(json_string_escapes),
		cmocka_unit_test(record_skips_absent),
	};

	return cmocka_run_group_tests_name("vmanctl_output", tests, NULL, NULL);
}

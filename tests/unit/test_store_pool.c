/* sources: mgmt/store/fields.c mgmt/store/record_table.c mgmt/store/pool.c */
/* SPDX-License-Identifier: MIT */
/*
 * A child pool's stored record (mgmt/store/pool.h): it round-trips at its
 * largest, fields this firmware does not know are skipped on read and
 * carried over on write, a newer format, a missing name, type or capacity
 * and values out of range are refused, and every truncation is refused or
 * reads differently, never as the whole.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/store/fields.h"
#include "mgmt/store/pool.h"

static struct pool_record sample(void)
{
	struct pool_record p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "fast");
	p.resource_type = 3;
	p.capacity = 2;
	return p;
}

static void test_roundtrip_largest(void **state)
{
	struct pool_record p = sample(), back;
	uint8_t buf[POOL_RECORD_MAX];
	size_t len;

	(void)state;
	assert_int_equal(pool_encode(&p, NULL, 0, buf, sizeof(buf), &len), 0);
	assert_int_equal(pool_decode(buf, len, &back, NULL, NULL), 0);
	assert_memory_equal(&p, &back, sizeof(p));
	memset(p.name, 'n', sizeof(p.name) - 1);
	p.resource_type = 4;
	p.capacity = POOL_CAPACITY_MAX;
	assert_int_equal(pool_encode(&p, NULL, 0, buf, sizeof(buf), &len), 0);
	assert_int_equal(pool_decode(buf, len, &back, NULL, NULL), 0);
	assert_memory_equal(&p, &back, sizeof(p));
	assert_int_equal(pool_encode(&p, NULL, 0, buf, len - 1, &len), -ENOSPC);
}

static char skipped[128];

static void note_unknown(void *ctx, const char *pool, const char *field)
{
	(void)ctx;
	snprintf(skipped + strlen(skipped), sizeof(skipped) - strlen(skipped), "%s.%s;", pool,
		 field);
}

static void test_unknown_fields_skipped_and_carried(void **state)
{
	struct pool_record p = sample(), back;
	uint8_t old[POOL_RECORD_MAX], buf[POOL_RECORD_MAX];
	struct fields_writer w;
	size_t len, off = 0;
	struct field f;
	char text[32];
	int found = 0;

	(void)state;
	assert_int_equal(pool_encode(&p, NULL, 0, old, sizeof(old), &len), 0);
	fields_writer_init(&w, old, sizeof(old));
	w.used = len;
	fields_put_text(&w, "parent", "vmanhv:pool:processor");
	skipped[0] = '\0';
	assert_int_equal(pool_decode(old, w.used, &back, note_unknown, NULL), 0);
	assert_string_equal(skipped, "fast.parent;");
	back.capacity = 1;
	assert_int_equal(pool_encode(&back, old, w.used, buf, sizeof(buf), &len), 0);
	while (fields_next(buf, len, &off, &f) == 1) {
		if (field_is(&f, "parent") || field_is(&f, "capacity")) {
			assert_int_equal(field_text(&f, text, sizeof(text)), 0);
			assert_string_equal(text, field_is(&f, "parent") ? "vmanhv:pool:processor"
									 : "1");
			found++;
		}
	}
	assert_int_equal(found, 2);
}

static size_t record_without(uint8_t *buf, size_t size, const char *skip, const char *field,
			     const char *value, unsigned format)
{
	static const char *const names[] = { "name", "type", "capacity" };
	static const char *const values[] = { "fast", "3", "2" };
	struct fields_writer w;

	fields_writer_init(&w, buf, size);
	fields_put_uint(&w, "format", format);
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(names[i], skip) != 0) {
			fields_put_text(&w, names[i], strcmp(names[i], field) == 0 ? value
										  : values[i]);
		}
	}
	return w.used;
}

static void test_refusals(void **state)
{
	static const struct {
		const char *skip, *field, *value;
		unsigned format;
		int err;
	} cases[] = {
		{ "", "", "", 1, 0 },
		{ "", "", "", 2, -EPROTONOSUPPORT },
		{ "name", "", "", 1, -EBADMSG },
		{ "type", "", "", 1, -EBADMSG },
		{ "capacity", "", "", 1, -EBADMSG },
		{ "", "type", "5", 1, -EBADMSG },	/* DSP1041: 3 processor, 4 memory */
		{ "", "type", "2", 1, -EBADMSG },
		{ "", "capacity", "0", 1, -EBADMSG },
		{ "", "capacity", "1099511627777", 1, -EBADMSG },	/* > POOL_CAPACITY_MAX */
		{ "", "name", "a-name-longer-than-23-chars", 1, -EBADMSG },
	};
	uint8_t buf[POOL_RECORD_MAX];
	struct pool_record p;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = record_without(buf, sizeof(buf), cases[i].skip, cases[i].field,
					    cases[i].value, cases[i].format);

		assert_int_equal(pool_decode(buf, len, &p, NULL, NULL), cases[i].err);
	}
}

static void test_truncations(void **state)
{
	struct pool_record p = sample(), back;
	uint8_t buf[POOL_RECORD_MAX];
	size_t len;

	(void)state;
	assert_int_equal(pool_encode(&p, NULL, 0, buf, sizeof(buf), &len), 0);
	for (size_t cut = 0; cut < len; cut++) {
		/* every setting is required: nothing short of the whole is read */
		assert_int_not_equal(pool_decode(buf, cut, &back, NULL, NULL), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_largest),
		cmocka_unit_test(test_unknown_fields_skipped_and_carried),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_truncations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

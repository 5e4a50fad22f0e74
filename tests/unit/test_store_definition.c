/* sources: mgmt/store/fields.c mgmt/store/definition.c mgmt/store/record_table.c */
/* SPDX-License-Identifier: MIT */
/*
 * A VM definition's stored record (mgmt/store/definition.h): every setting
 * (the allocation terms too, each a field of its own) round-trips, a record
 * written before the terms were kept reads with their defaults, fields an
 * older firmware does not know are skipped on read and carried over on
 * write, a newer format is refused, and every truncation or corruption of a
 * record is refused, never half read.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/store/definition.h"
#include "mgmt/store/fields.h"

static struct definition sample(void)
{
	struct definition d;

	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "web-1");
	snprintf(d.label, sizeof(d.label), "Web server, rack 4");
	snprintf(d.image, sizeof(d.image), "vmlinuz");
	snprintf(d.initrd, sizeof(d.initrd), "initrd.img");
	snprintf(d.cmdline, sizeof(d.cmdline), "console=ttyS0 root=/dev/vda quiet");
	d.memory_bytes = 64ULL << 20;
	d.vcpus = 2;
	d.startup = DEFINITION_STARTUP_IF_ACTIVE;
	d.active = 1;
	/* every allocation term away from its default, so a record cut before
	 * one of them reads differently (test_truncations) */
	d.terms.cpu_reservation = 1;
	d.terms.cpu_limit = 2;
	d.terms.cpu_weight = 300;
	d.terms.memory_weight = 50;
	snprintf(d.terms.pool_id[ALLOCATION_PROCESSOR], ALLOCATION_POOL_ID_MAX, "vmanhv:pool:fast");
	snprintf(d.terms.pool_id[ALLOCATION_MEMORY], ALLOCATION_POOL_ID_MAX, "vmanhv:pool:small");
	d.terms.cpu_affinity = 0x6;	/* cpu1 and cpu2 */
	return d;
}

static void test_roundtrip(void **state)
{
	struct definition d = sample(), back;
	uint8_t buf[DEFINITION_RECORD_MAX];
	size_t len;

	(void)state;
	assert_int_equal(definition_encode(&d, NULL, 0, buf, sizeof(buf), &len), 0);
	assert_int_equal(definition_decode(buf, len, &back, NULL, NULL), 0);
	assert_memory_equal(&d, &back, sizeof(d));
}

static void test_largest_fits(void **state)
{
	struct definition d = sample(), back;
	uint8_t buf[DEFINITION_RECORD_MAX];
	size_t len;

	(void)state;
	memset(d.name, 'n', sizeof(d.name) - 1);
	memset(d.label, 'l', sizeof(d.label) - 1);
	memset(d.image, 'i', sizeof(d.image) - 1);
	memset(d.initrd, 'r', sizeof(d.initrd) - 1);
	memset(d.cmdline, 'c', sizeof(d.cmdline) - 1);
	d.memory_bytes = HV_VM_MEMORY_MAX;
	d.terms.cpu_reservation = HV_VM_VCPUS_MAX;
	d.terms.cpu_limit = HV_VM_VCPUS_MAX;
	d.terms.cpu_weight = ALLOCATION_WEIGHT_MAX;
	d.terms.memory_weight = ALLOCATION_WEIGHT_MAX;
	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		memset(d.terms.pool_id[k], 'p', ALLOCATION_POOL_ID_MAX - 1);
	}
	assert_int_equal(definition_encode(&d, NULL, 0, buf, sizeof(buf), &len), 0);
	assert_int_equal(definition_decode(buf, len, &back, NULL, NULL), 0);
	assert_memory_equal(&d, &back, sizeof(d));
	/* one byte short: refused whole, not cut */
	assert_int_equal(definition_encode(&d, NULL, 0, buf, len - 1, &len), -ENOSPC);
}

static char skipped[256];

static void note_unknown(void *ctx, const char *vm, const char *field)
{
	(void)ctx;
	snprintf(skipped + strlen(skipped), sizeof(skipped) - strlen(skipped), "%s.%s;", vm,
		 field);
}

/* A record a newer firmware wrote: two fields this one has no setting for. */
static size_t newer_record(uint8_t *buf, size_t size)
{
	struct definition d = sample();
	struct fields_writer w;
	size_t len;

	assert_int_equal(definition_encode(&d, NULL, 0, buf, size, &len), 0);
	fields_writer_init(&w, buf, size);
	w.used = len;
	fields_put_uint(&w, "weight", 300);
	fields_put_text(&w, "pool", "vmanhv:pool:processor");
	assert_false(w.overflow);
	return w.used;
}

static void test_unknown_fields_skipped_and_carried(void **state)
{
	uint8_t old[DEFINITION_RECORD_MAX], buf[DEFINITION_RECORD_MAX];
	size_t old_len = newer_record(old, sizeof(old)), len, off = 0;
	struct definition d;
	struct field f;
	int found = 0;

	(void)state;
	skipped[0] = '\0';
	assert_int_equal(definition_decode(old, old_len, &d, note_unknown, NULL), 0);
	assert_string_equal(skipped, "web-1.weight;web-1.pool;");
	assert_int_equal(d.vcpus, 2);
	/* this firmware changes the label and writes the record again */
	snprintf(d.label, sizeof(d.label), "relabelled");
	assert_int_equal(definition_encode(&d, old, old_len, buf, sizeof(buf), &len), 0);
	while (fields_next(buf, len, &off, &f) == 1) {
		char text[64];

		if (field_is(&f, "weight")) {
			assert_int_equal(field_text(&f, text, sizeof(text)), 0);
			assert_string_equal(text, "300");
			found++;
		} else if (field_is(&f, "pool")) {
			assert_int_equal(field_text(&f, text, sizeof(text)), 0);
			assert_string_equal(text, "vmanhv:pool:processor");
			found++;
		} else if (field_is(&f, "label")) {
			assert_int_equal(field_text(&f, text, sizeof(text)), 0);
			assert_string_equal(text, "relabelled");
			found++;
		}
	}
	assert_int_equal(found, 3);
	assert_int_equal(off, len);
}

static void test_defaults_for_missing_settings(void **state)
{
	uint8_t buf[256];
	struct fields_writer w;
	struct definition d;

	(void)state;
	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", 1);
	fields_put_text(&w, "name", "old");
	fields_put_text(&w, "image", "hello");
	assert_int_equal(definition_decode(buf, w.used, &d, NULL, NULL), 0);
	assert_string_equal(d.name, "old");
	assert_int_equal(d.startup, DEFINITION_STARTUP_NONE);
	assert_int_equal(d.active, 0);
	assert_int_equal(d.vcpus, 0);		/* hv_vm_create's default */
	/* written before the allocation terms were kept: none set, the defaults */
	assert_int_equal(d.terms.cpu_reservation, 0);
	assert_int_equal(d.terms.cpu_limit, 0);
	assert_int_equal(d.terms.cpu_weight, 0);
	assert_int_equal(d.terms.memory_weight, 0);
	assert_string_equal(d.terms.pool_id[ALLOCATION_PROCESSOR], "");
	assert_string_equal(d.terms.pool_id[ALLOCATION_MEMORY], "");
}

/* Each allocation term has a field of its own: one changed is one field changed. */
static void test_terms_fields(void **state)
{
	struct definition d = sample();
	uint8_t buf[DEFINITION_RECORD_MAX];
	size_t len, off = 0;
	struct field f;
	char text[64];
	int found = 0;

	(void)state;
	assert_int_equal(definition_encode(&d, NULL, 0, buf, sizeof(buf), &len), 0);
	while (fields_next(buf, len, &off, &f) == 1) {
		static const struct { const char *name, *value; } want[] = {
			{ "cpu_reservation", "1" }, { "cpu_limit", "2" }, { "cpu_weight", "300" },
			{ "memory_weight", "50" }, { "cpu_pool", "vmanhv:pool:fast" },
			{ "memory_pool", "vmanhv:pool:small" },
		};

		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			if (field_is(&f, want[i].name)) {
				assert_int_equal(field_text(&f, text, sizeof(text)), 0);
				assert_string_equal(text, want[i].value);
				found++;
			}
		}
	}
	assert_int_equal(found, 6);
}

static size_t record_with(uint8_t *buf, size_t size, const char *name, const char *value)
{
	struct fields_writer w;

	fields_writer_init(&w, buf, size);
	fields_put_uint(&w, "format", 1);
	fields_put_text(&w, "name", "vm");
	fields_put_text(&w, name, value);
	return w.used;
}

static void test_refusals(void **state)
{
	static const struct { const char *field, *value; int err; } cases[] = {
		{ "vcpus", "5", -EBADMSG },		/* above HV_VM_VCPUS_MAX */
		{ "vcpus", "-1", -EBADMSG },
		{ "vcpus", "", -EBADMSG },
		{ "memory", "2147483648", -EBADMSG },	/* above HV_VM_MEMORY_MAX */
		{ "memory", "99999999999999999999999", -EBADMSG },
		{ "startup", "1", -EBADMSG },
		{ "startup", "5", -EBADMSG },
		{ "active", "2", -EBADMSG },
		{ "image", "a-name-longer-than-23-chars", -EBADMSG },
		{ "cpu_reservation", "5", -EBADMSG },	/* more than HV_VM_VCPUS_MAX */
		{ "cpu_limit", "5", -EBADMSG },
		{ "cpu_weight", "10001", -EBADMSG },	/* DSP1041 Weight: 1 to 10000 */
		{ "memory_weight", "10001", -EBADMSG },
		{ "memory_pool", "vmanhv:pool:a-pool-name-far-longer-than-40-chars", -EBADMSG },
		{ "cpu_weight", "0", 0 },		/* not set: the default */
		{ "startup", "4", 0 },
	};
	uint8_t buf[512];
	struct definition d;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = record_with(buf, sizeof(buf), cases[i].field, cases[i].value);

		assert_int_equal(definition_decode(buf, len, &d, NULL, NULL), cases[i].err);
	}
}

static void test_format_and_name(void **state)
{
	uint8_t buf[256];
	struct fields_writer w;
	struct definition d;

	(void)state;
	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", 2);
	fields_put_text(&w, "name", "future");
	assert_int_equal(definition_decode(buf, w.used, &d, NULL, NULL), -EPROTONOSUPPORT);

	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_text(&w, "name", "no-format");
	assert_int_equal(definition_decode(buf, w.used, &d, NULL, NULL), -EBADMSG);

	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", 1);
	fields_put_text(&w, "image", "nameless");
	assert_int_equal(definition_decode(buf, w.used, &d, NULL, NULL), -EBADMSG);

	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", 1);
	fields_put(&w, "name", "a\0b", 3);	/* a NUL inside a text */
	assert_int_equal(definition_decode(buf, w.used, &d, NULL, NULL), -EBADMSG);
}

/* Every prefix of a record but the whole is refused or reads as fewer whole
 * fields; a cut inside a field is never taken as a shorter value. */
static void test_truncations(void **state)
{
	struct definition d = sample(), back;
	uint8_t buf[DEFINITION_RECORD_MAX];
	size_t len, off;

	(void)state;
	assert_int_equal(definition_encode(&d, NULL, 0, buf, sizeof(buf), &len), 0);
	for (size_t cut = 0; cut < len; cut++) {
		struct field f;
		int rc;

		off = 0;
		while ((rc = fields_next(buf, cut, &off, &f)) == 1) {
		}
		/* the fields before the cut are whole; the one cut through is malformed */
		assert_true(rc == -EBADMSG || off == cut);
		rc = definition_decode(buf, cut, &back, NULL, NULL);
		if (rc == 0) {
			/* only at a field boundary, and then a setting is missing */
			assert_true(memcmp(&d, &back, sizeof(d)) != 0);
		}
	}
}

static void test_fields_writer_limits(void **state)
{
	uint8_t buf[16];
	struct fields_writer w;
	char name[FIELD_NAME_MAX + 2];

	(void)state;
	fields_writer_init(&w, buf, sizeof(buf));
	memset(name, 'k', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	fields_put_text(&w, name, "v");		/* name too long */
	assert_true(w.overflow);
	assert_int_equal(w.used, 0);
	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_text(&w, "", "v");		/* empty name */
	assert_true(w.overflow);
	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_text(&w, "k", "0123456789ab");	/* 1+1+2+12 = 16: fits exactly */
	assert_false(w.overflow);
	fields_put_text(&w, "k", "");
	assert_true(w.overflow);
	assert_int_equal(w.used, 16);
}

static void test_field_uint(void **state)
{
	struct field f = { .name = "n", .name_len = 1 };
	uint64_t v;

	(void)state;
	f.value = (const uint8_t *)"18446744073709551615";
	f.len = 20;
	assert_int_equal(field_uint(&f, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	f.value = (const uint8_t *)"18446744073709551616";
	assert_int_equal(field_uint(&f, UINT64_MAX, &v), -EINVAL);
	f.value = (const uint8_t *)"5";
	f.len = 1;
	assert_int_equal(field_uint(&f, 4, &v), -EINVAL);
	assert_int_equal(field_uint(&f, 0, &v), -EINVAL);
	assert_int_equal(field_uint(&f, 5, &v), 0);
	assert_true(v == 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_largest_fits),
		cmocka_unit_test(test_terms_fields),
		cmocka_unit_test(test_unknown_fields_skipped_and_carried),
		cmocka_unit_test(test_defaults_for_missing_settings),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_format_and_name),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_fields_writer_limits),
		cmocka_unit_test(test_field_uint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

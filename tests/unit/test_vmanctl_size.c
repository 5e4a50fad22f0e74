/* sources: tools/vmanctl/size.c */
/* SPDX-License-Identifier: MIT */
/* tools/vmanctl/size.c: memory sizes as operators write them (vmanctl --memory). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tools/vmanctl/size.h"

static uint64_t parsed(const char *text)
{
	const char *why = NULL;
	uint64_t bytes = 0;

	assert_int_equal(size_parse(text, &bytes, &why), 0);
	return bytes;
}

static int refused(const char *text)
{
	const char *why = NULL;
	uint64_t bytes = 7;
	int rc = size_parse(text, &bytes, &why);

	assert_true(rc < 0);
	assert_non_null(why);
	assert_int_equal(bytes, 7);	/* untouched on error */
	return rc;
}

static void suffixes_are_binary(void **state)
{
	assert_int_equal(parsed("64M"), 64ULL << 20);
	assert_int_equal(parsed("1G"), 1ULL << 30);
	assert_int_equal(parsed("512K"), 512ULL << 10);
	assert_int_equal(parsed("2T"), 2ULL << 40);
	assert_int_equal(parsed("4096B"), 4096);
}

static void long_spellings_and_case(void **state)
{
	assert_int_equal(parsed("64MiB"), 64ULL << 20);
	assert_int_equal(parsed("64mb"), 64ULL << 20);
	assert_int_equal(parsed("1gib"), 1ULL << 30);
	assert_int_equal(parsed("65536KB"), 64ULL << 20);
	assert_int_equal(parsed("1b"), 1);
}

static void bare_number_is_mib(void **state)
{
	assert_int_equal(parsed("128"), 128ULL << 20);
}

static void malformed_refused(void **state)
{
	assert_int_equal(refused(""), -EINVAL);
	assert_int_equal(refused("M"), -EINVAL);
	assert_int_equal(refused("-1M"), -EINVAL);
	assert_int_equal(refused(" 64M"), -EINVAL);
	assert_int_equal(refused("64 M"), -EINVAL);
	assert_int_equal(refused("1.5G"), -EINVAL);
	assert_int_equal(refused("64X"), -EINVAL);
	assert_int_equal(refused("64MiBs"), -EINVAL);
	assert_int_equal(refused("0"), -EINVAL);
	assert_int_equal(refused("0G"), -EINVAL);
	assert_int_equal(refused(NULL), -EINVAL);
}

static void overflow_refused(void **state)
{
	assert_int_equal(refused("18446744073709551616B"), -ERANGE);	/* 2^64 */
	assert_int_equal(parsed("18446744073709551615B"), UINT64_MAX);
	assert_int_equal(refused("16777216T"), -ERANGE);		/* 2^64 bytes */
	assert_int_equal(parsed("16777215T"), 16777215ULL << 40);
	assert_int_equal(refused("99999999999999999999999"), -ERANGE);
}

static void format_largest_exact_unit(void **state)
{
	char buf[32];

	size_format(64ULL << 20, buf, sizeof(buf));
	assert_string_equal(buf, "64 MiB");
	size_format(1ULL << 30, buf, sizeof(buf));
	assert_string_equal(buf, "1 GiB");
	size_format(4100ULL << 10, buf, sizeof(buf));
	assert_string_equal(buf, "4100 KiB");
	size_format(1000, buf, sizeof(buf));
	assert_string_equal(buf, "1000 bytes");
	size_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "0 bytes");
	size_format(1ULL << 50, buf, sizeof(buf));
	assert_string_equal(buf, "1024 TiB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(suffixes_are_binary),
		cmocka_unit_test(long_spellings_and_case),
		cmocka_unit_test(bare_number_is_mib),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(overflow_refused),
		cmocka_unit_test(format_largest_exact_unit),
	};

	return cmocka_run_group_tests_name("vmanctl_size", tests, NULL, NULL);
}

/* sources: tools/vmanctl/netrc.c */
/* SPDX-License-Identifier: MIT */
/* tools/vmanctl/netrc.c: the netrc file as ftp(1) and curl(1) read it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tools/vmanctl/netrc.h"

static int find(const char *text, const char *host, const char *login, struct netrc_entry *e)
{
	unsigned line = 0;

	memset(e, 0x55, sizeof(*e));
	return netrc_find(text, strlen(text), host, login, e, &line);
}

static void machine_on_one_line(void **state)
{
	struct netrc_entry e;

	assert_int_equal(find("machine h1 login alice password s3cret\n", "h1", NULL, &e), 0);
	assert_string_equal(e.login, "alice");
	assert_string_equal(e.password, "s3cret");
}

static void tokens_over_lines_and_tabs(void **state)
{
	struct netrc_entry e;
	const char *text = "machine other login x password y\n"
			   "machine\th2\n\tlogin bob\n\tpassword  pw2\n";

	assert_int_equal(find(text, "h2", NULL, &e), 0);
	assert_string_equal(e.login, "bob");
	assert_string_equal(e.password, "pw2");
}

static void first_machine_wins(void **state)
{
	struct netrc_entry e;
	const char *text = "machine h login a password 1\nmachine h login b password 2\n";

	assert_int_equal(find(text, "h", NULL, &e), 0);
	assert_string_equal(e.login, "a");
	/* with a login given, the entry of that login (curl does the same) */
	assert_int_equal(find(text, "h", "b", &e), 0);
	assert_string_equal(e.password, "2");
	assert_int_equal(find(text, "h", "c", &e), -ENOENT);
}

static void default_when_no_machine(void **state)
{
	struct netrc_entry e;
	const char *text = "default login anon password guest\nmachine h login a password 1\n";

	assert_int_equal(find(text, "h", NULL, &e), 0);
	assert_string_equal(e.login, "a");		/* a machine beats default */
	assert_int_equal(find(text, "elsewhere", NULL, &e), 0);
	assert_string_equal(e.login, "anon");
	assert_string_equal(e.password, "guest");
}

static void missing_host(void **state)
{
	struct netrc_entry e;

	assert_int_equal(find("machine h login a password 1\n", "H", NULL, &e), -ENOENT);
	assert_int_equal(find("", "h", NULL, &e), -ENOENT);
	assert_int_equal(find("  \n\n", "h", NULL, &e), -ENOENT);
}

static void entry_without_password(void **state)
{
	struct netrc_entry e;

	assert_int_equal(find("machine h login a\n", "h", NULL, &e), 0);
	assert_string_equal(e.login, "a");
	assert_string_equal(e.password, "");
}

static void account_and_macdef_skipped(void **state)
{
	struct netrc_entry e;
	const char *text = "machine h login a account acct password p\n"
			   "macdef init\ncd /pub\nmachine evil login x password y\n\n"
			   "machine g login b password q\n";

	assert_int_equal(find(text, "h", NULL, &e), 0);
	assert_string_equal(e.password, "p");
	/* the macro body is text, not an entry */
	assert_int_equal(find(text, "evil", NULL, &e), -ENOENT);
	assert_int_equal(find(text, "g", NULL, &e), 0);
	assert_string_equal(e.login, "b");
}

static void quoted_tokens(void **state)
{
	struct netrc_entry e;

	assert_int_equal(find("machine h login \"a b\" password \"p\\\"w \\\\x\"\n", "h", NULL,
			      &e), 0);
	assert_string_equal(e.login, "a b");
	assert_string_equal(e.password, "p\"w \\x");
}

static void malformed_refused_with_line(void **state)
{
	struct netrc_entry e;
	unsigned line = 0;
	const char *dangling = "machine h login a\nmachine g password";
	const char *stray = "machine h login a\n\nbogus h\n";
	const char *quote = "machine h password \"open\n";
	const char *no_value = "machine h login\n\n";

	assert_int_equal(netrc_find(dangling, strlen(dangling), "g", NULL, &e, &line), -EINVAL);
	assert_int_equal(line, 2);
	assert_int_equal(netrc_find(stray, strlen(stray), "h", NULL, &e, &line), -EINVAL);
	assert_int_equal(line, 3);
	assert_int_equal(netrc_find(quote, strlen(quote), "h", NULL, &e, &line), -EINVAL);
	/* the keyword's line, not the end of the file where its value was missed */
	assert_int_equal(netrc_find(no_value, strlen(no_value), "h", NULL, &e, &line), -EINVAL);
	assert_int_equal(line, 1);
}

static void overlong_token_refused(void **state)
{
	char text[NETRC_TOKEN_MAX + 64];
	struct netrc_entry e;
	unsigned line = 0;

	strcpy(text, "machine h password ");
	memset(text + strlen(text), 'x', NETRC_TOKEN_MAX);
	text[19 + NETRC_TOKEN_MAX] = '\0';
	assert_int_equal(netrc_find(text, strlen(text), "h", NULL, &e, &line), -EINVAL);
	/* one less fits exactly */
	text[19 + NETRC_TOKEN_MAX - 1] = '\0';
	assert_int_equal(netrc_find(text, strlen(text), "h", NULL, &e, &line), 0);
	assert_int_equal(strlen(e.password), NETRC_TOKEN_MAX - 1);
}

static void length_bounds_the_text(void **state)
{
	struct netrc_entry e;
	unsigned line = 0;
	const char *text = "machine h login a password secretTAIL";

	/* no NUL needed: only LEN bytes are read */
	assert_int_equal(netrc_find(text, strlen(text) - 4, "h", NULL, &e, &line), 0);
	assert_string_equal(e.password, "secret");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(machine_on_one_line),
		cmocka_unit_test(tokens_over_lines_and_tabs),
		cmocka_unit_test(first_machine_wins),
		cmocka_unit_test(default_when_no_machine),
		cmocka_unit_test(missing_host),
		cmocka_unit_test(entry_without_password),
		cmocka_unit_test(account_and_macdef_skipped),
		cmocka_unit_test(quoted_tokens),
		cmocka_unit_test(malformed_refused_with_line),
		cmocka_unit_test(overlong_token_refused),
		cmocka_unit_test(length_bounds_the_text),
	};

	return cmocka_run_group_tests_name("vmanctl_netrc", tests, NULL, NULL);
}

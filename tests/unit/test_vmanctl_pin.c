/* sources: tools/vmanctl/pin.c */
/* SPDX-License-Identifier: MIT */
/* tools/vmanctl/pin.c: the known-hosts file of pinned keys, in a temporary directory. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tools/vmanctl/pin.h"

#define PIN_A "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
#define PIN_B "sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

struct fixture {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/vmanctl-pin-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	/* two levels that do not exist yet, as ~/.config/vmanctl on a fresh account */
	snprintf(f->path, sizeof(f->path), "%s/config/vmanctl/known_hosts", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void valid_pins(void **state)
{
	assert_true(pin_is_valid(PIN_A));
	assert_true(pin_is_valid(PIN_B));
	assert_false(pin_is_valid("sha256//AAAA="));
	assert_false(pin_is_valid("sha1//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
	assert_false(pin_is_valid("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="));
	assert_false(pin_is_valid("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!A="));
	assert_false(pin_is_valid(""));
}

static void missing_file_is_no_pin(void **state)
{
	struct fixture *f = *state;
	char pin[PIN_MAX];
	unsigned line = 0;

	assert_int_equal(pin_lookup(f->path, "h:1", pin, &line), -ENOENT);
	assert_int_equal(pin_remove(f->path, "h:1"), 0);
}

static void add_creates_private_file(void **state)
{
	struct fixture *f = *state;
	char pin[PIN_MAX], dir[128];
	unsigned line = 0;
	struct stat st;

	assert_int_equal(pin_add(f->path, "127.0.0.1:5986", PIN_A), 0);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(dir, sizeof(dir), "%s/config/vmanctl", f->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(pin_lookup(f->path, "127.0.0.1:5986", pin, &line), 0);
	assert_string_equal(pin, PIN_A);
	assert_int_equal(line, 1);
}

static void hosts_and_ports_are_apart(void **state)
{
	struct fixture *f = *state;
	char pin[PIN_MAX];
	unsigned line = 0;

	assert_int_equal(pin_add(f->path, "h:5986", PIN_A), 0);
	assert_int_equal(pin_add(f->path, "h:15986", PIN_B), 0);
	assert_int_equal(pin_lookup(f->path, "h:15986", pin, &line), 0);
	assert_string_equal(pin, PIN_B);
	assert_int_equal(line, 2);
	assert_int_equal(pin_lookup(f->path, "h:598", pin, &line), -ENOENT);
	assert_int_equal(pin_lookup(f->path, "h", pin, &line), -ENOENT);
}

static void second_add_refused(void **state)
{
	struct fixture *f = *state;
	char pin[PIN_MAX];
	unsigned line = 0;

	assert_int_equal(pin_add(f->path, "h:1", PIN_A), 0);
	/* a pin is never replaced silently: that is the whole point */
	assert_int_equal(pin_add(f->path, "h:1", PIN_B), -EEXIST);
	assert_int_equal(pin_lookup(f->path, "h:1", pin, &line), 0);
	assert_string_equal(pin, PIN_A);
}

static void bad_input_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pin_add(f->path, "h:1", "sha256//short="), -EINVAL);
	assert_int_equal(pin_add(f->path, "h 1", PIN_A), -EINVAL);
	assert_int_equal(pin_add(f->path, "", PIN_A), -EINVAL);
	assert_int_equal(pin_add(f->path, "#h:1", PIN_A), -EINVAL);
}

static void comments_kept_and_malformed_line_reported(void **state)
{
	struct fixture *f = *state;
	char pin[PIN_MAX], text[512];
	unsigned line = 0;
	FILE *fp;
	size_t n;

	assert_int_equal(pin_add(f->path, "seed:1", PIN_A), 0);	/* makes the directory */
	write_file(f->path, "# my hosts\n\nh:1 " PIN_A "\nbroken:2 sha256//nope\nbare:3\n");
	assert_int_equal(pin_lookup(f->path, "h:1", pin, &line), 0);
	assert_int_equal(line, 3);
	assert_int_equal(pin_lookup(f->path, "broken:2", pin, &line), -EINVAL);
	assert_int_equal(line, 4);
	assert_int_equal(pin_lookup(f->path, "bare:3", pin, &line), -EINVAL);
	assert_int_equal(line, 5);
	/* a malformed pin is not replaced behind the operator's back either */
	assert_int_equal(pin_add(f->path, "broken:2", PIN_B), -EEXIST);

	assert_int_equal(pin_remove(f->path, "broken:2"), 1);
	fp = fopen(f->path, "r");
	assert_non_null(fp);
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	assert_string_equal(text, "# my hosts\n\nh:1 " PIN_A "\nbare:3\n");
}

static void remove_then_pin_again(void **state)
{
	struct fixture *f = *state;
	char pin[PIN_MAX];
	unsigned line = 0;

	assert_int_equal(pin_add(f->path, "a:1", PIN_A), 0);
	assert_int_equal(pin_add(f->path, "b:2", PIN_A), 0);
	assert_int_equal(pin_remove(f->path, "a:1"), 1);
	assert_int_equal(pin_remove(f->path, "a:1"), 0);
	assert_int_equal(pin_lookup(f->path, "a:1", pin, &line), -ENOENT);
	assert_int_equal(pin_lookup(f->path, "b:2", pin, &line), 0);
	assert_int_equal(line, 1);
	assert_int_equal(pin_add(f->path, "a:1", PIN_B), 0);
	assert_int_equal(pin_lookup(f->path, "a:1", pin, &line), 0);
	assert_string_equal(pin, PIN_B);
}

static void default_path(void **state)
{
	char buf[256];
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char *saved_home = home ? strdup(home) : NULL, *saved_xdg = xdg ? strdup(xdg) : NULL;

	setenv("HOME", "/home/op", 1);
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(pin_default_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/op/.config/vmanctl/known_hosts");
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	assert_int_equal(pin_default_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/xdg/vmanctl/known_hosts");
	/* a relative XDG_CONFIG_HOME is ignored (XDG Base Directory spec) */
	setenv("XDG_CONFIG_HOME", "rel", 1);
	assert_int_equal(pin_default_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/op/.config/vmanctl/known_hosts");
	assert_int_equal(pin_default_path(buf, 10), -ENAMETOOLONG);

	if (saved_home) {
		setenv("HOME", saved_home, 1);
	}
	if (saved_xdg) {
		setenv("XDG_CONFIG_HOME", saved_xdg, 1);
	} else {
		unsetenv("XDG_CONFIG_HOME");
	}
	free(saved_home);
	free(saved_xdg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_pins),
		cmocka_unit_test_setup_teardown(missing_file_is_no_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(add_creates_private_file, setup, teardown),
		cmocka_unit_test_setup_teardown(hosts_and_ports_are_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(second_add_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(comments_kept_and_malformed_line_reported, setup,
						teardown),
		cmocka_unit_test_setup_teardown(remove_then_pin_again, setup, teardown),
		cmocka_unit_test(default_path),
	};

	return cmocka_run_group_tests_name("vmanctl_pin", tests, NULL, NULL);
}

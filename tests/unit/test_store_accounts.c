/* sources: mgmt/store/accounts.c mgmt/store/fields.c mgmt/store/store.c mgmt/http/auth.c mgmt/http/auth_keep.c mgmt/http/auth_verify.c mgmt/http/auth_users.c mgmt/http/auth_credentials.c mgmt/http/auth_digest.c mgmt/http/auth_nonce.c mgmt/http/auth_ratelimit.c mgmt/http/http_message.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * The management users through the configuration store and a reboot
 * (mgmt/store/accounts.h) with the real authentication code: H(A1) values
 * are kept, never a password; the stored users come back and log in; the
 * command line's password= resets its user's password (the operator's way
 * back in) and otherwise the store wins; unusable records are refused and
 * left as they are.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/base64.h>

#include "mgmt/http/auth.h"
#include "mgmt/http/auth_keep.h"
#include "mgmt/store/accounts.h"
#include "mgmt/store/fields.h"
#include "mgmt/store/store.h"

#define PART_SECTORS	8192U

static char console[4096];

void hv_log(const char *fmt, ...)
{
	size_t used = strlen(console);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(console + used, sizeof(console) - used, fmt, ap);
	va_end(ap);
}

static int test_rng(void *ctx, unsigned char *out, size_t len)
{
	uint64_t *s = ctx;

	for (size_t i = 0; i < len; i++) {
		*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
		out[i] = (unsigned char)(*s >> 56);
	}
	return 0;
}

static uint64_t rng_state = 11;
static uint32_t peer = 1;
static uint8_t *disk;
static struct store *st;
static struct auth_context *auth;

static int disk_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	(void)ctx;
	memcpy(buf, disk + lba * STORE_SECTOR, (size_t)count * STORE_SECTOR);
	return 0;
}

static int disk_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	(void)ctx;
	memcpy(disk + lba * STORE_SECTOR, buf, (size_t)count * STORE_SECTOR);
	return 0;
}

static const struct store_io io = { disk_read, disk_write, PART_SECTORS, NULL };

static int setup(void **state)
{
	(void)state;
	disk = calloc(PART_SECTORS, STORE_SECTOR);
	st = malloc(sizeof(*st));
	assert_non_null(disk);
	assert_non_null(st);
	auth = NULL;
	console[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	auth_destroy(auth);
	free(disk);
	free(st);
	return 0;
}

/*
 * A boot as http_service.c does it: the store read from disk, auth_create()
 * from the command line (password NULL: generated), then the stored users.
 * On a store without users the command line's seeds it.
 */
static int boot(const char *user, const char *password)
{
	struct store_report r;
	const char *generated;
	bool changed;
	int n;

	auth_destroy(auth);
	assert_int_equal(store_load(st, &io, &r), 0);
	auth = auth_create(user, password, test_rng, &rng_state, &generated);
	assert_non_null(auth);
	n = accounts_restore(st, auth, user, password != NULL, &changed);
	if (n == 0 || changed) {
		assert_int_equal(accounts_write(st, auth), 0);
		assert_int_equal(store_commit(st), 0);
	}
	return n;
}

static void change_saved(void)
{
	assert_int_equal(accounts_write(st, auth), 0);
	assert_int_equal(store_commit(st), 0);
}

/* A Basic login over TLS, each from its own address (no rate limit in the way). */
static bool logs_in(const char *user, const char *password)
{
	char user_pass[256], header[400];
	struct http_request req;
	struct http_response resp;
	size_t n = 0;
	enum auth_result r;

	snprintf(user_pass, sizeof(user_pass), "%s:%s", user, password);
	strcpy(header, "Basic ");
	assert_int_equal(mbedtls_base64_encode((unsigned char *)header + 6, sizeof(header) - 6, &n,
					       (const unsigned char *)user_pass,
					       strlen(user_pass)), 0);
	memset(&req, 0, sizeof(req));
	req.method = HTTP_METHOD_POST;
	snprintf(req.target, sizeof(req.target), "/wsman");
	req.over_tls = true;
	req.peer_ipv4 = peer++;
	req.header[0].name = "Authorization";
	req.header[0].value = header;
	req.header_count = 1;
	http_response_init(&resp, 4096);
	r = auth_check(auth, &req, &resp, 1000);
	http_response_free(&resp);
	return r == AUTH_OK;
}

static bool disk_holds(const char *text)
{
	return memmem(disk, (size_t)PART_SECTORS * STORE_SECTOR, text, strlen(text)) != NULL;
}

static void test_users_survive_reboot(void **state)
{
	(void)state;
	assert_int_equal(boot("admin", "first boot pw"), 0);	/* seeds the store */
	assert_int_equal(auth_user_add(auth, "ops", "ops password 1"), 0);
	change_saved();
	assert_int_equal(auth_user_add(auth, "tmp", "tmp password"), 0);
	change_saved();
	assert_int_equal(auth_user_remove(auth, "tmp"), 0);
	change_saved();

	/* no password= now: the store's users are the users */
	assert_int_equal(boot("admin", NULL), 2);
	assert_true(logs_in("admin", "first boot pw"));
	assert_true(logs_in("ops", "ops password 1"));
	assert_false(logs_in("tmp", "tmp password"));
	assert_string_equal(auth_user_name(auth, 0), "admin");
	assert_string_equal(auth_user_name(auth, 1), "ops");
	assert_null(auth_user_name(auth, 2));
	/* never a password on the disk, only H(A1) */
	assert_false(disk_holds("first boot pw"));
	assert_false(disk_holds("ops password 1"));
	assert_true(disk_holds("ha1/SHA-256"));
}

static void test_command_line_password_resets_its_user(void **state)
{
	(void)state;
	assert_int_equal(boot("admin", "old pw"), 0);
	assert_int_equal(auth_user_add(auth, "ops", "ops pw"), 0);
	change_saved();

	assert_int_equal(boot("admin", "new pw"), 2);
	assert_true(logs_in("admin", "new pw"));
	assert_false(logs_in("admin", "old pw"));
	assert_true(logs_in("ops", "ops pw"));
	/* ... and it is kept: without password= the new one still works */
	assert_int_equal(boot("admin", NULL), 2);
	assert_true(logs_in("admin", "new pw"));

	/* the same password= again: nothing to write */
	struct store_report sr;
	uint64_t generation;
	bool changed;

	assert_int_equal(store_load(st, &io, &sr), 0);
	generation = sr.generation;
	assert_int_equal(boot("admin", "new pw"), 2);
	assert_int_equal(store_load(st, &io, &sr), 0);
	assert_int_equal(sr.generation, generation);
	assert_int_equal(accounts_restore(st, auth, "admin", true, &changed), 2);
	assert_false(changed);

	/* a user the store lacks joins them */
	assert_int_equal(boot("rescue", "rescue pw"), 3);
	assert_true(logs_in("rescue", "rescue pw"));
	assert_true(logs_in("admin", "new pw"));
	assert_string_equal(auth_user_name(auth, 2), "rescue");
}

static void test_generated_password_does_not_override_the_store(void **state)
{
	(void)state;
	assert_int_equal(boot("admin", "stored pw"), 0);
	assert_int_equal(boot("admin", NULL), 1);
	assert_true(logs_in("admin", "stored pw"));
}

static void test_full_store_keeps_its_users(void **state)
{
	char name[16];

	(void)state;
	assert_int_equal(boot("admin", "pw"), 0);
	for (unsigned i = 1; i < AUTH_USERS_MAX; i++) {
		snprintf(name, sizeof(name), "user%u", i);
		assert_int_equal(auth_user_add(auth, name, "pw"), 0);
	}
	change_saved();
	console[0] = '\0';
	assert_int_equal(boot("newcomer", "pw"), (int)AUTH_USERS_MAX);
	assert_non_null(strstr(console, "user newcomer of the command line not added"));
	assert_false(logs_in("newcomer", "pw"));
	assert_true(logs_in("user7", "pw"));
}

/* A record under "auth/users" as another (or a broken) firmware wrote it. */
static void put_users_record(unsigned format, const char *ha1_sha256)
{
	uint8_t buf[512];
	struct fields_writer w;
	struct store_report r;

	assert_int_equal(store_load(st, &io, &r), 0);
	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", format);
	fields_put_text(&w, "user", "someone");
	fields_put_text(&w, "ha1/SHA-256", ha1_sha256);
	fields_put_text(&w, "ha1/MD5", "0123456789abcdef0123456789abcdef");
	fields_put_text(&w, "totp", "future field");
	assert_int_equal(store_set(st, ACCOUNTS_KEY, buf, w.used), 0);
	assert_int_equal(store_commit(st), 0);
}

static void test_unusable_records_are_refused_and_left(void **state)
{
	bool changed;
	const char *good = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	struct store_report r;
	const void *before;
	size_t len;

	(void)state;
	put_users_record(2, good);
	assert_int_equal(store_load(st, &io, &r), 0);
	auth = auth_create("admin", "pw", test_rng, &rng_state, NULL);
	assert_int_equal(accounts_restore(st, auth, "admin", true, &changed), -EPROTONOSUPPORT);
	assert_true(logs_in("admin", "pw"));
	assert_non_null(before = store_get(st, ACCOUNTS_KEY, &len));

	put_users_record(1, "not hex");
	assert_int_equal(store_load(st, &io, &r), 0);
	assert_int_equal(accounts_restore(st, auth, "admin", true, &changed), -EINVAL);
	assert_true(logs_in("admin", "pw"));
	assert_non_null(strstr(console, "auth: the stored users are unusable"));

	/* a field this firmware does not know is skipped, said once */
	console[0] = '\0';
	put_users_record(1, good);
	assert_int_equal(store_load(st, &io, &r), 0);
	assert_int_equal(accounts_restore(st, auth, "admin", true, &changed), 2);
	assert_non_null(strstr(console, "field \"totp\" of the users unknown"));
	assert_true(logs_in("admin", "pw"));
}

static void test_decode_refusals(void **state)
{
	struct auth_users users, back;
	uint8_t buf[ACCOUNTS_RECORD_MAX];
	size_t len;

	(void)state;
	memset(&users, 0, sizeof(users));
	users.count = 1;
	snprintf(users.user[0].name, sizeof(users.user[0].name), "a");
	snprintf(users.user[0].ha1[0], sizeof(users.user[0].ha1[0]), "%064d", 0);
	snprintf(users.user[0].ha1[1], sizeof(users.user[0].ha1[1]), "%032d", 0);
	assert_int_equal(accounts_encode(&users, buf, sizeof(buf), &len), 0);
	assert_int_equal(accounts_decode(buf, len, &back), 0);
	assert_memory_equal(&users, &back, sizeof(users));
	/* every cut short record is refused */
	for (size_t cut = 0; cut < len; cut++) {
		assert_int_not_equal(accounts_decode(buf, cut, &back), 0);
	}
	assert_int_equal(accounts_encode(&users, buf, len - 1, &len), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_users_survive_reboot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_line_password_resets_its_user, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_generated_password_does_not_override_the_store,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_store_keeps_its_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unusable_records_are_refused_and_left, setup,
						teardown),
		cmocka_unit_test(test_decode_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

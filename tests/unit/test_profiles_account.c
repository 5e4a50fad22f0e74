/* sources: mgmt/profiles/account.c mgmt/profiles/account_auth.c mgmt/profiles/account_on_system.c mgmt/profiles/association.c mgmt/profiles/host_ref.c mgmt/cim/cim.c mgmt/cim/status.c mgmt/cim/arena.c mgmt/http/auth.c mgmt/http/auth_verify.c mgmt/http/auth_users.c mgmt/http/auth_credentials.c mgmt/http/auth_digest.c mgmt/http/auth_nonce.c mgmt/http/auth_ratelimit.c mgmt/http/http_message.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * CIM_Account over the real authentication context: the users as
 * instances (UserPassword never read back), Create, Put of the password,
 * Delete but never of the last account, and each change seen by Basic
 * logins through auth_check().
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/base64.h>

#include "mgmt/http/auth.h"
#include "mgmt/profiles/account.h"
#include "mgmt/profiles/account_on_system.h"

static int test_rng(void *ctx, unsigned char *out, size_t len)
{
	uint64_t *s = ctx;

	for (size_t i = 0; i < len; i++) {
		*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
		out[i] = (unsigned char)(*s >> 56);
	}
	return 0;
}

static struct auth_context *auth;
static uint64_t rng_state = 3;
static uint32_t peer = 1;

static int setup(void **state)
{
	(void)state;
	auth = auth_create("admin", "admin password", test_rng, &rng_state, NULL);
	assert_non_null(auth);
	account_attach(auth);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	account_attach(NULL);
	auth_destroy(auth);
	return 0;
}

/* A Basic login over TLS (each from its own address: no rate limit in the way). */
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

struct seen {
	uint32_t n;
	char names[8][70];
	bool password_null[8];
};

static int collect(void *ctx, const struct cim_instance *inst)
{
	struct seen *s = ctx;
	int name = cim_class_property(inst->cls, "Name");
	int uid = cim_class_property(inst->cls, "UserID");
	int pw = cim_class_property(inst->cls, "UserPassword");

	assert_true(s->n < 8U);
	assert_string_equal(inst->values[name].s, inst->values[uid].s);
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", inst->values[name].s);
	s->password_null[s->n] = inst->values[pw].is_null;
	s->n++;
	return 0;
}

static void accounts(struct seen *s, uint32_t from)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(account_provider.enumerate(account_provider.pctx, from, collect, s), 0);
}

/* A Create body: Name (and UserID) and UserPassword. */
struct body {
	struct cim_instance inst;
	const char *pw[2];
};

static void body_init(struct body *b, const char *name, const char *uid, const char *password)
{
	memset(b, 0, sizeof(*b));
	b->inst.cls = &account_class;
	for (uint32_t i = 0; i < account_class.prop_count; i++) {
		b->inst.values[i].is_null = true;
	}
	if (name != NULL) {
		b->inst.values[cim_class_property(&account_class, "Name")] =
			(struct cim_value){ .s = name };
	}
	if (uid != NULL) {
		b->inst.values[cim_class_property(&account_class, "UserID")] =
			(struct cim_value){ .s = uid };
	}
	if (password != NULL) {
		b->pw[0] = password;
		b->inst.values[cim_class_property(&account_class, "UserPassword")] =
			(struct cim_value){ .count = 1, .sa = b->pw };
	}
}

static enum cim_status create(struct body *b, struct cim_ref *created, struct cim_result *res)
{
	static unsigned char buf[1024];
	struct cim_arena arena;

	cim_arena_init(&arena, buf, sizeof(buf));
	memset(res, 0, sizeof(*res));
	memset(created, 0, sizeof(*created));
	return account_provider.create(account_provider.pctx, &b->inst, created, &arena, res);
}

static void test_enumerate(void **state)
{
	struct seen s;

	(void)state;
	accounts(&s, 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.names[0], "admin");
	assert_true(s.password_null[0]);	/* never read back */
	accounts(&s, 1);
	assert_int_equal(s.n, 0);
	account_attach(NULL);
	accounts(&s, 0);
	assert_int_equal(s.n, 0);
}

static int count_and_check_link(void *ctx, const struct cim_instance *inst)
{
	uint32_t *n = ctx;

	assert_string_equal(inst->values[0].ref->keys[1].value, "vmanhv");	/* the host */
	assert_string_equal(inst->values[1].ref->class_name, "CIM_Account");
	assert_string_equal(inst->values[1].ref->keys[1].value, *n == 0 ? "admin" : "ops");
	(*n)++;
	return 0;
}

static void test_account_on_system(void **state)
{
	struct cim_result res;
	struct cim_ref created;
	struct body b;
	uint32_t n = 0;

	(void)state;
	body_init(&b, "ops", NULL, "pw");
	assert_int_equal(create(&b, &created, &res), CIM_OK);
	assert_int_equal(account_on_system_provider.enumerate(NULL, 0, count_and_check_link, &n),
			 0);
	assert_int_equal(n, 2);
	n = 1;
	assert_int_equal(account_on_system_provider.enumerate(NULL, 1, count_and_check_link, &n),
			 0);
	assert_int_equal(n, 2);
}

static void test_create_put_delete(void **state)
{
	struct cim_key keys[4] = { { "SystemCreationClassName", "CIM_ComputerSystem", NULL },
				   { "SystemName", "vmanhv", NULL },
				   { "CreationClassName", "CIM_Account", NULL },
				   { "Name", "ops", NULL } };
	struct cim_result res;
	struct cim_ref created;
	struct body b;
	struct seen s;

	(void)state;
	body_init(&b, "ops", NULL, "ops password");
	assert_int_equal(create(&b, &created, &res), CIM_OK);
	assert_string_equal(created.class_name, "CIM_Account");
	assert_int_equal(created.key_count, 4);
	assert_string_equal(created.keys[1].value, "ops");
	assert_true(logs_in("ops", "ops password"));
	accounts(&s, 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[1], "ops");
	assert_true(s.password_null[1]);
	/* Put: the merged instance with a new UserPassword */
	body_init(&b, "ops", "ops", "new password");
	memset(&res, 0, sizeof(res));
	assert_int_equal(account_provider.put(account_provider.pctx, &b.inst, &res), CIM_OK);
	assert_false(logs_in("ops", "ops password"));
	assert_true(logs_in("ops", "new password"));
	/* Put without a password changes nothing */
	body_init(&b, "ops", "ops", NULL);
	assert_int_equal(account_provider.put(account_provider.pctx, &b.inst, &res), CIM_OK);
	assert_true(logs_in("ops", "new password"));
	body_init(&b, "ghost", NULL, "x");
	assert_int_equal(account_provider.put(account_provider.pctx, &b.inst, &res),
			 CIM_ERR_NOT_FOUND);
	/* Delete */
	assert_int_equal(account_provider.delete(account_provider.pctx, keys, 4, &res), CIM_OK);
	assert_false(logs_in("ops", "new password"));
	assert_int_equal(account_provider.delete(account_provider.pctx, keys, 4, &res),
			 CIM_ERR_NOT_FOUND);
	/* never the last one */
	keys[3].value = "admin";
	assert_int_equal(account_provider.delete(account_provider.pctx, keys, 4, &res),
			 CIM_ERR_ACCESS_DENIED);
	assert_non_null(strstr(res.message, "last account"));
	assert_true(logs_in("admin", "admin password"));
}

static void expect_create_refused(struct body *b, enum cim_status st, const char *words)
{
	struct cim_result res;
	struct cim_ref created;

	assert_int_equal(create(b, &created, &res), st);
	if (strstr(res.message, words) == NULL) {
		fail_msg("\"%s\" not in \"%s\"", words, res.message);
	}
}

static void test_create_refusals(void **state)
{
	struct body b;
	char name[8];

	(void)state;
	body_init(&b, "admin", NULL, "pw");
	expect_create_refused(&b, CIM_ERR_ALREADY_EXISTS, "exists");
	body_init(&b, "x", "y", "pw");
	expect_create_refused(&b, CIM_ERR_INVALID_PARAMETER, "Name and UserID differ");
	body_init(&b, NULL, NULL, "pw");
	expect_create_refused(&b, CIM_ERR_INVALID_PARAMETER, "required");
	body_init(&b, "x", NULL, NULL);
	expect_create_refused(&b, CIM_ERR_INVALID_PARAMETER, "UserPassword is required");
	body_init(&b, "a:b", NULL, "pw");
	expect_create_refused(&b, CIM_ERR_INVALID_PARAMETER, "without ':'");
	body_init(&b, "x", NULL, "pw");
	b.inst.values[cim_class_property(&account_class, "SystemName")] =
		(struct cim_value){ .s = "elsewhere" };
	expect_create_refused(&b, CIM_ERR_INVALID_PARAMETER, "belong to the host");
	/* UserID alone names the account */
	body_init(&b, NULL, "byuid", "pw");
	{
		struct cim_result res;
		struct cim_ref created;

		assert_int_equal(create(&b, &created, &res), CIM_OK);
		assert_string_equal(created.keys[1].value, "byuid");
	}
	for (uint32_t i = 2; i < AUTH_USERS_MAX; i++) {
		struct cim_result res;
		struct cim_ref created;

		snprintf(name, sizeof(name), "u%u", i);
		body_init(&b, name, NULL, "pw");
		assert_int_equal(create(&b, &created, &res), CIM_OK);
	}
	body_init(&b, "onemore", NULL, "pw");
	expect_create_refused(&b, CIM_ERR_FAILED, "at most 8 accounts");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enumerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_put_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_on_system, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

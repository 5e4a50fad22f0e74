/* sources: mgmt/http/http_dispatch.c mgmt/http/http_message.c */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/http_dispatch.c: from a parsed request to the response: 501,
 * 404, 405 with Allow, OPTIONS, authentication before the handler, the
 * unauthenticated Identify of MS-WSMV 3.1.4.1.23 and the challenges added
 * to its refusal.  Test double: auth_check() (auth.h), scripted per test.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/auth.h"
#include "mgmt/http/http_dispatch.h"
#include "mgmt/http/http_message.h"

/* --- test double: auth_check ------------------------------------------------------- */

static enum auth_result auth_answer;
static int auth_calls;

enum auth_result auth_check(struct auth_context *auth, const struct http_request *req,
			    struct http_response *resp, uint64_t now_ms)
{
	(void)auth;
	(void)req;
	assert_int_equal(now_ms, 12345);
	auth_calls++;
	if (auth_answer == AUTH_CHALLENGE) {
		resp->status = 401;
		assert_int_equal(http_response_add_header(resp, "WWW-Authenticate",
							  "Digest realm=\"vmanhv\""), 0);
	}
	return auth_answer;
}

/* --- a handler that records its calls ------------------------------------------------ */

static int handler_calls;
static bool handler_saw_authenticated;
static int handler_status;

static void handler(const struct http_request *req, struct http_response *resp, void *ctx)
{
	assert_ptr_equal(ctx, &handler_calls);
	handler_calls++;
	handler_saw_authenticated = req->authenticated;
	resp->status = handler_status;
	resp->content_type = "application/soap+xml;charset=UTF-8";
}

static uint64_t fixed_now(void)
{
	return 12345;
}

static struct http_route routes[] = {
	{ "/wsman", HTTP_METHOD_POST, handler, &handler_calls, true, true },
	{ "/open", HTTP_METHOD_GET, handler, &handler_calls, false, false },
};

static struct http_server_config cfg = {
	.routes = routes,
	.route_count = 2,
	.auth = (struct auth_context *)&auth_calls,	/* never dereferenced by the double */
	.now_ms = fixed_now,
};

static struct http_request req;
static struct http_response resp;

static int setup(void **state)
{
	memset(&req, 0, sizeof(req));
	req.method = HTTP_METHOD_POST;
	strcpy(req.target, "/wsman");
	req.version_minor = 1;
	req.body = (const uint8_t *)"";
	http_response_init(&resp, 4096);
	auth_answer = AUTH_OK;
	auth_calls = 0;
	handler_calls = 0;
	handler_saw_authenticated = false;
	handler_status = 200;
	cfg.auth = (struct auth_context *)&auth_calls;
	return 0;
}

static int teardown(void **state)
{
	http_response_free(&resp);
	return 0;
}

static void add_header(const char *name, const char *value)
{
	req.header[req.header_count].name = name;
	req.header[req.header_count].value = value;
	req.header_count++;
}

static bool resp_has(const char *line)
{
	return resp.headers.len > 0U && memmem(resp.headers.data, resp.headers.len, line,
					       strlen(line)) != NULL;
}

static void unknown_method_501(void **state)
{
	req.method = HTTP_METHOD_OTHER;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 501);
	assert_int_equal(handler_calls + auth_calls, 0);
}

static void unknown_path_404(void **state)
{
	strcpy(req.target, "/wsmanx");
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 404);
	strcpy(req.target, "/");
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 404);
	assert_int_equal(handler_calls + auth_calls, 0);
}

static void wrong_method_405_with_allow(void **state)
{
	req.method = HTTP_METHOD_GET;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 405);
	assert_true(resp_has("Allow: POST, OPTIONS\r\n"));
	assert_int_equal(handler_calls + auth_calls, 0);
}

static void options_204_with_allow(void **state)
{
	req.method = HTTP_METHOD_OPTIONS;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 204);
	assert_true(resp_has("Allow: POST, OPTIONS\r\n"));
	http_response_free(&resp);
	http_response_init(&resp, 4096);
	strcpy(req.target, "*");
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 204);
	assert_int_equal(handler_calls + auth_calls, 0);
}

static void authenticated_request_reaches_handler(void **state)
{
	strcpy(req.target, "/wsman?with=query");
	add_header("Authorization", "Digest username=\"admin\"");
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(auth_calls, 1);
	assert_int_equal(handler_calls, 1);
	assert_true(handler_saw_authenticated);
	assert_true(req.authenticated);
	assert_int_equal(resp.status, 200);
}

static void refused_request_does_not(void **state)
{
	static const enum auth_result refusals[] = { AUTH_CHALLENGE, AUTH_RATE_LIMITED,
						     AUTH_BAD_REQUEST };

	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		auth_answer = refusals[i];
		http_dispatch(&cfg, &req, &resp);
		assert_int_equal(handler_calls, 0);
		assert_false(req.authenticated);
	}
	assert_int_equal(auth_calls, 3);
}

static void no_auth_context_503(void **state)
{
	cfg.auth = NULL;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 503);
	assert_int_equal(handler_calls + auth_calls, 0);
}

static void anonymous_identify(void **state)
{
	add_header("WSMANIDENTIFY", "Unauthenticated");
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(auth_calls, 0);
	assert_int_equal(handler_calls, 1);
	assert_false(handler_saw_authenticated);
	/* Without an auth context too: Identify stays possible. */
	cfg.auth = NULL;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(handler_calls, 2);
}

static void anonymous_refusal_gets_challenges(void **state)
{
	/* wsman.h: anything but Identify unauthenticated is a 401; the client must
	 * learn how to authenticate (RFC 9110 15.5.2). */
	add_header("WSMANIDENTIFY", "unauthenticated");
	handler_status = 401;
	auth_answer = AUTH_CHALLENGE;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(handler_calls, 1);
	assert_int_equal(auth_calls, 1);
	assert_int_equal(resp.status, 401);
	assert_true(resp_has("WWW-Authenticate: Digest realm=\"vmanhv\"\r\n"));
	assert_string_equal(resp.content_type, "application/soap+xml;charset=UTF-8");
}

static void credentials_win_over_anonymous(void **state)
{
	add_header("WSMANIDENTIFY", "unauthenticated");
	add_header("Authorization", "Digest username=\"admin\"");
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(auth_calls, 1);
	assert_true(handler_saw_authenticated);
	/* Another value of the header is no request for anonymity. */
	setup(state);
	add_header("WSMANIDENTIFY", "please");
	auth_answer = AUTH_CHALLENGE;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(auth_calls, 1);
	assert_int_equal(handler_calls, 0);
}

static void open_route_and_head(void **state)
{
	strcpy(req.target, "/open");
	req.method = HTTP_METHOD_HEAD;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(auth_calls, 0);
	assert_int_equal(handler_calls, 1);
	assert_false(handler_saw_authenticated);
	req.method = HTTP_METHOD_POST;
	http_dispatch(&cfg, &req, &resp);
	assert_int_equal(resp.status, 405);
	assert_true(resp_has("Allow: GET, OPTIONS\r\n"));
}

static void handler_without_final_status_500(void **state)
{
	static const int bad[] = { 0, 100, 199, 600, -1 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		handler_status = bad[i];
		http_dispatch(&cfg, &req, &resp);
		assert_int_equal(resp.status, 500);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(unknown_method_501, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_path_404, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_method_405_with_allow, setup, teardown),
		cmocka_unit_test_setup_teardown(options_204_with_allow, setup, teardown),
		cmocka_unit_test_setup_teardown(authenticated_request_reaches_handler, setup,
						teardown),
		cmocka_unit_test_setup_teardown(refused_request_does_not, setup, teardown),
		cmocka_unit_test_setup_teardown(no_auth_context_503, setup, teardown),
		cmocka_unit_test_setup_teardown(anonymous_identify, setup, teardown),
		cmocka_unit_test_setup_teardown(anonymous_refusal_gets_challenges, setup, teardown),
		cmocka_unit_test_setup_teardown(credentials_win_over_anonymous, setup, teardown),
		cmocka_unit_test_setup_teardown(open_route_and_head, setup, teardown),
		cmocka_unit_test_setup_teardown(handler_without_final_status_500, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

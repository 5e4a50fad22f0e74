/* SPDX-License-Identifier: MIT */
/*
 * The harness the CIM operation tests share: an endpoint with a test
 * registry and clock, one request through wsman_handle() built from an
 * action, a ResourceURI, extra header blocks and a body, the reply read
 * back with expat (test_wsman_xml.h), fault checks and the context of the
 * last EnumerateResponse.  Include once per test program.
 */
#ifndef VMANHV_TESTS_UNIT_TEST_WSMAN_CIM_H
#define VMANHV_TESTS_UNIT_TEST_WSMAN_CIM_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/http.h"
#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/wsman.h"
#include "tests/unit/test_wsman_xml.h"

#define FAULT_PATH	"soap:Envelope/soap:Body/soap:Fault"
#define HEADER		"soap:Envelope/soap:Header"
#define BODY		"soap:Envelope/soap:Body"
#define ENUM_RESP	BODY "/enum:EnumerateResponse"
#define PULL_RESP	BODY "/enum:PullResponse"

static struct wsman_endpoint ep;
static struct wsman_cim_state cim;
static struct http_response resp;
static struct xdoc reply;
static unsigned char rng_state;
static uint64_t now;

static inline uint64_t test_now(void)
{
	return now;
}

static inline int counter_rng(void *ctx, unsigned char *out, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		out[i] = rng_state++;
	}
	return 0;
}

/* A fresh endpoint serving reg, the clock at 1 s. */
static inline void cim_setup(const struct cim_registry *reg)
{
	wsman_endpoint_init(&ep, counter_rng, NULL);
	wsman_cim_enable(&ep, &cim, reg, test_now);
	now = 1000;
	http_response_init(&resp, HTTP_BODY_MAX);
}

static inline int teardown(void **state)
{
	(void)state;
	http_response_free(&resp);
	return 0;
}

static inline void handle(const char *action, const char *uri, const char *extra_header,
		   const char *body)
{
	char xml[8192];
	struct http_request req = { .method = HTTP_METHOD_POST, .authenticated = true };

	snprintf(xml, sizeof(xml),
		 "<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:a=\"" WSMAN_NS_WSA "\" "
		 "xmlns:w=\"" WSMAN_NS_WSMAN "\" xmlns:n=\"" WSMAN_NS_WSEN "\"><s:Header>"
		 "<a:To>http://192.0.2.10:5985/wsman</a:To>"
		 "%s%s%s"
		 "<a:ReplyTo><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address></a:ReplyTo>"
		 "<a:Action>%s</a:Action>"
		 "<a:MessageID>uuid:0AB58087-C2C3-4C1A-8E43-9A3B1F8E1F6A</a:MessageID>%s"
		 "</s:Header><s:Body>%s</s:Body></s:Envelope>",
		 uri != NULL ? "<w:ResourceURI>" : "", uri != NULL ? uri : "",
		 uri != NULL ? "</w:ResourceURI>" : "", action, extra_header, body);
	req.body = (const uint8_t *)xml;
	req.body_len = strlen(xml);
	strcpy(req.target, WSMAN_PATH);
	http_response_free(&resp);
	http_response_init(&resp, HTTP_BODY_MAX);
	wsman_handle(&req, &resp, &ep);
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
}

static inline void assert_fault(const char *subcode, const char *detail)
{
	char uri[256];

	assert_true(resp.status >= 400);
	assert_string_equal(xdoc_qname_at(&reply, FAULT_PATH "/soap:Code/soap:Subcode/soap:Value"),
			    subcode);
	if (detail != NULL) {
		snprintf(uri, sizeof(uri), "%s%s", WSMAN_FAULT_DETAIL_PREFIX, detail);
		assert_string_equal(xdoc_text_at(&reply, FAULT_PATH "/soap:Detail/man:FaultDetail"),
				    uri);
	}
}

static char context[64];

static inline void save_context(const char *path)
{
	const char *c = xdoc_text_at(&reply, path);

	assert_non_null(c);
	assert_true(strncmp(c, "uuid:", 5) == 0);
	assert_true(strlen(c) < sizeof(context));
	memcpy(context, c, strlen(c) + 1);
}

#endif

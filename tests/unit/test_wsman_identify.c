/* sources: mgmt/wsman/wsman.c mgmt/wsman/identify.c mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * wsmid:Identify through wsman_handle() (DSP0226 clause 11): the requests
 * openwsman, WinRM and addressing-minded clients send, with and without
 * authentication, each response read back with expat field by field; and
 * the gate that lets nothing but Identify through unauthenticated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hv/version.h"
#include "mgmt/http/http.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/wsman.h"
#include "tests/unit/test_wsman_xml.h"

#define RESPONSE_PATH	"soap:Envelope/soap:Body/ident:IdentifyResponse"

/* openwsman's `wsman identify` */
static const char openwsman_identify[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
	"xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\">\n"
	"  <s:Header/>\n"
	"  <s:Body>\n"
	"    <wsmid:Identify/>\n"
	"  </s:Body>\n"
	"</s:Envelope>\n";

/* `winrm id` */
static const char winrm_identify[] =
	"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
	"xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\">"
	"<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>";

/* With full WS-Addressing, other prefixes and an action URI instead of a body. */
static const char addressed_identify[] =
	"<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" "
	"xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
	"xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\">"
	"<env:Header><wsa:To>http://192.0.2.10:5985/wsman</wsa:To>"
	"<wsa:ReplyTo><wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
	"</wsa:Address></wsa:ReplyTo>"
	"<wsa:Action env:mustUnderstand=\"true\">"
	"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity/Identify</wsa:Action>"
	"<wsa:MessageID>uuid:6f1c0f9e-3d1f-4b55-9d3c-2a9cfe0e7d10</wsa:MessageID>"
	"<wsman:MaxEnvelopeSize env:mustUnderstand=\"true\">8192</wsman:MaxEnvelopeSize>"
	"</env:Header><env:Body/></env:Envelope>";

static const char get_request[] =
	"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
	"xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
	"xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"><s:Header>"
	"<a:To>http://192.0.2.10:5985/wsman</a:To>"
	"<w:ResourceURI>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem"
	"</w:ResourceURI><a:ReplyTo><a:Address>"
	"http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
	"<a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action>"
	"<a:MessageID>uuid:0AB58087-C2C3-4C1A-8E43-9A3B1F8E1F6A</a:MessageID>"
	"</s:Header><s:Body/></s:Envelope>";

static struct wsman_endpoint ep;
static struct http_response resp;
static struct xdoc reply;
static unsigned char rng_state;

static int counter_rng(void *ctx, unsigned char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out[i] = rng_state++;
	}
	return 0;
}

static int setup(void **state)
{
	wsman_endpoint_init(&ep, counter_rng, NULL);
	http_response_init(&resp, HTTP_BODY_MAX);
	return 0;
}

static int teardown(void **state)
{
	http_response_free(&resp);
	return 0;
}

static void handle_len(const char *xml, size_t len, bool authenticated)
{
	char *body = malloc(len + 1);
	struct http_request req = { .method = HTTP_METHOD_POST, .body = (const uint8_t *)body,
				    .body_len = len, .authenticated = authenticated };

	memcpy(body, xml, len);
	body[len] = '\0';
	strcpy(req.target, WSMAN_PATH);
	http_response_free(&resp);
	http_response_init(&resp, HTTP_BODY_MAX);
	wsman_handle(&req, &resp, &ep);
	free(body);
}

static void handle(const char *xml, bool authenticated)
{
	handle_len(xml, strlen(xml), authenticated);
}

/* DSP0226 clause 11, element by element. */
static void assert_identify_response(void)
{
	static const char *const profiles[] = {
		WSMAN_SECPROFILE_HTTP_DIGEST,
		WSMAN_SECPROFILE_HTTPS_DIGEST,
		WSMAN_SECPROFILE_HTTPS_BASIC,
	};
	const struct xdoc_node *header, *response;

	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "application/soap+xml;charset=UTF-8");
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_string_equal(reply.node[0].path, "soap:Envelope");
	/* no WS-Addressing in the reply either */
	header = xdoc_find(&reply, "soap:Envelope/soap:Header");
	assert_non_null(header);
	assert_int_equal(header->children, 0);
	response = xdoc_find(&reply, RESPONSE_PATH);
	assert_non_null(response);
	assert_int_equal(response->children, 4);
	assert_string_equal(xdoc_text_at(&reply, RESPONSE_PATH "/ident:ProtocolVersion"),
			    "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd");
	assert_string_equal(xdoc_text_at(&reply, RESPONSE_PATH "/ident:ProductVendor"), "vmanhv");
	assert_string_equal(xdoc_text_at(&reply, RESPONSE_PATH "/ident:ProductVersion"),
			    VMANHV_VERSION);
	assert_int_equal(xdoc_count(&reply, RESPONSE_PATH
				    "/ident:SecurityProfiles/ident:SecurityProfileName"), 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_string_equal(xdoc_text_nth(&reply, RESPONSE_PATH "/ident:SecurityProfiles"
						  "/ident:SecurityProfileName", i), profiles[i]);
	}
	/* the document order DSP0226's wsmanidentity.xsd gives */
	assert_string_equal(reply.node[4].path, RESPONSE_PATH "/ident:ProtocolVersion");
	assert_string_equal(reply.node[5].path, RESPONSE_PATH "/ident:ProductVendor");
	assert_string_equal(reply.node[6].path, RESPONSE_PATH "/ident:ProductVersion");
	assert_string_equal(reply.node[7].path, RESPONSE_PATH "/ident:SecurityProfiles");
}

static void assert_access_denied(void)
{
	assert_int_equal(resp.status, 401);
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_string_equal(xdoc_qname_at(&reply, "soap:Envelope/soap:Body/soap:Fault/soap:Code"
					  "/soap:Subcode/soap:Value"),
			    "man:AccessDenied");
	assert_string_equal(xdoc_text_at(&reply, "soap:Envelope/soap:Header/addr:Action"),
			    WSMAN_FAULT_ACTION_WSMAN);
	assert_null(xdoc_find(&reply, "soap:Envelope/soap:Body/ident:IdentifyResponse"));
}

static void test_openwsman_identify_unauthenticated(void **state)
{
	handle(openwsman_identify, false);
	assert_identify_response();
	assert_int_equal(ep.requests, 1);
}

static void test_winrm_identify_unauthenticated(void **state)
{
	handle(winrm_identify, false);
	assert_identify_response();
}

static void test_identify_authenticated(void **state)
{
	handle(openwsman_identify, true);
	assert_identify_response();
	handle(winrm_identify, true);
	assert_identify_response();
}

/* The action URI form, with a MaxEnvelopeSize the reply must respect. */
static void test_addressed_identify(void **state)
{
	handle(addressed_identify, false);
	assert_identify_response();
	assert_true(resp.body.len <= 8192);
	handle(addressed_identify, true);
	assert_identify_response();
}

/* Identify is looked at as any envelope: faults first. */
static void test_identify_faults_when_authenticated(void **state)
{
	static const char doctype[] = "<!DOCTYPE x><s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\">"
				      "<s:Body><i:Identify xmlns:i=\"" WSMAN_NS_WSMID "\"/></s:Body>"
				      "</s:Envelope>";

	handle(doctype, true);
	assert_int_equal(resp.status, 400);
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_string_equal(xdoc_qname_at(&reply, "soap:Envelope/soap:Body/soap:Fault/soap:Code"
					  "/soap:Subcode/soap:Value"),
			    "man:SchemaValidationError");
}

/* --- the gate ------------------------------------------------------------------ */

static void test_unauthenticated_get_denied(void **state)
{
	handle(get_request, false);
	assert_access_denied();
	assert_string_equal(xdoc_text_at(&reply, "soap:Envelope/soap:Header/addr:RelatesTo"),
			    "uuid:0AB58087-C2C3-4C1A-8E43-9A3B1F8E1F6A");
	assert_int_equal(ep.faults[WSMAN_FAULT_ACCESS_DENIED], 1);
}

static void test_unauthenticated_anything_else_denied(void **state)
{
	static const char *const requests[] = {
		/* an Identify that needs a header understood is not answered either */
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Header><x:H xmlns:x=\"urn:x\" "
		"s:mustUnderstand=\"true\"/></s:Header><s:Body><i:Identify xmlns:i=\""
		WSMAN_NS_WSMID "\"/></s:Body></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body><i:Identify xmlns:i=\"urn:x\"/>"
		"</s:Body></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Header><a:Action xmlns:a=\""
		WSMAN_NS_WSA "\">urn:custom</a:Action></s:Header><s:Body><i:Identify xmlns:i=\""
		WSMAN_NS_WSMID "\"/></s:Body></s:Envelope>",
		"<!DOCTYPE s [<!ENTITY a \"b\">]><s/>",
		"garbage",
		"",
	};

	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		handle(requests[i], false);
		assert_access_denied();
	}
	assert_int_equal(ep.faults[WSMAN_FAULT_ACCESS_DENIED], 7);
}

/* Unauthenticated input is not even parsed beyond WSMAN_ANON_ENVELOPE_MAX. */
static void test_unauthenticated_size_limit(void **state)
{
	static char padded[WSMAN_ANON_ENVELOPE_MAX + 2];
	size_t len = strlen(winrm_identify);

	memcpy(padded, winrm_identify, len);
	memset(padded + len, ' ', sizeof(padded) - len);
	handle_len(padded, WSMAN_ANON_ENVELOPE_MAX, false);
	assert_identify_response();
	handle_len(padded, WSMAN_ANON_ENVELOPE_MAX + 1, false);
	assert_access_denied();
	/* authenticated, the same request is fine */
	handle_len(padded, WSMAN_ANON_ENVELOPE_MAX + 1, true);
	assert_identify_response();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_openwsman_identify_unauthenticated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_winrm_identify_unauthenticated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identify_authenticated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addressed_identify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identify_faults_when_authenticated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unauthenticated_get_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unauthenticated_anything_else_denied, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unauthenticated_size_limit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/wsman.c mgmt/wsman/identify.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * Faults (mgmt/wsman/fault.c) and the XML writer under them: the DSP0226
 * table, escaping and limits, and every fault path of wsman_handle() with
 * its SOAP code, subcode, detail, HTTP status and addressing headers, each
 * reply read back with expat.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/http.h"
#include "mgmt/wsman/envelope.h"
#include "mgmt/wsman/fault.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/wsman.h"
#include "mgmt/wsman/xml_writer.h"
#include "tests/unit/test_wsman_xml.h"

#define NS_DECLS \
	"xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:a=\"" WSMAN_NS_WSA "\" xmlns:w=\"" WSMAN_NS_WSMAN "\""
#define MSG_ID	"uuid:11111111-2222-4333-8444-555555555555"
#define ADDRESSING \
	"<a:To>http://192.0.2.10:5985/wsman</a:To><a:MessageID>" MSG_ID "</a:MessageID>" \
	"<a:ReplyTo><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address></a:ReplyTo>"
#define GET_HEADERS	ADDRESSING "<a:Action>" WSMAN_ACTION_URI_GET "</a:Action>"

#define FAULT_PATH	"soap:Envelope/soap:Body/soap:Fault"
#define HEADER_PATH	"soap:Envelope/soap:Header"

static struct wsman_endpoint ep;
static struct http_response resp;
static struct xdoc reply;
static char doc[WSMAN_ENVELOPE_MAX + 4096];
static unsigned char rng_state;

static int counter_rng(void *ctx, unsigned char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out[i] = rng_state++;
	}
	return 0;
}

static int failing_rng(void *ctx, unsigned char *out, size_t len)
{
	return -1;
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

static void handle_len(const char *xml, size_t len, bool authenticated, size_t body_max)
{
	char *body = malloc(len + 1);
	struct http_request req = { .method = HTTP_METHOD_POST, .body = (const uint8_t *)body,
				    .body_len = len, .authenticated = authenticated };

	memcpy(body, xml, len);
	body[len] = '\0';
	strcpy(req.target, WSMAN_PATH);
	http_response_free(&resp);
	http_response_init(&resp, body_max);
	wsman_handle(&req, &resp, &ep);
	free(body);
}

static void handle(const char *xml)
{
	handle_len(xml, strlen(xml), true, HTTP_BODY_MAX);
}

static bool body_contains(const char *needle)
{
	static char copy[HTTP_BODY_MAX + 1];

	memcpy(copy, resp.body.data, resp.body.len);
	copy[resp.body.len] = '\0';
	return strstr(copy, needle) != NULL;
}

static const char *envelope(const char *header, const char *body)
{
	snprintf(doc, sizeof(doc), "<s:Envelope " NS_DECLS "><s:Header>%s</s:Header><s:Body>%s"
		 "</s:Body></s:Envelope>", header, body);
	return doc;
}

static const char *fault_action_for(const char *subcode)
{
	if (subcode == NULL || strncmp(subcode, "addr:", 5) == 0) {
		return WSMAN_FAULT_ACTION_WSA;
	}
	return WSMAN_FAULT_ACTION_WSMAN;
}

static void assert_message_id(const char *id)
{
	assert_non_null(id);
	assert_int_equal(strlen(id), WSMAN_MESSAGE_ID_SIZE - 1);
	assert_memory_equal(id, "uuid:", 5);
	assert_int_equal(id[19], '4');	/* RFC 4122 version 4 */
	assert_non_null(strchr("89ab", id[24]));	/* and its variant */
}

/*
 * The reply is a complete SOAP 1.2 fault: code (resolved QName), subcode or
 * none, wsman:FaultDetail or none, reason in en-US, the fault action,
 * a fresh MessageID, To anonymous, RelatesTo the request's MessageID.
 */
static void assert_fault_reply(int status, const char *code, const char *subcode,
			       const char *detail, const char *relates_to)
{
	char uri[256];

	assert_int_equal(resp.status, status);
	assert_string_equal(resp.content_type, WSMAN_CONTENT_TYPE);
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_string_equal(xdoc_qname_at(&reply, FAULT_PATH "/soap:Code/soap:Value"), code);
	if (subcode != NULL) {
		assert_string_equal(xdoc_qname_at(&reply, FAULT_PATH
						  "/soap:Code/soap:Subcode/soap:Value"), subcode);
	} else {
		assert_null(xdoc_find(&reply, FAULT_PATH "/soap:Code/soap:Subcode"));
	}
	assert_true(strlen(xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text")) > 10);
	assert_true(xdoc_has_attr(&reply, FAULT_PATH "/soap:Reason/soap:Text", "xml:lang=en-US"));
	if (detail != NULL) {
		snprintf(uri, sizeof(uri), "%s%s", WSMAN_FAULT_DETAIL_PREFIX, detail);
		assert_string_equal(xdoc_text_at(&reply, FAULT_PATH "/soap:Detail/man:FaultDetail"),
				    uri);
	} else {
		assert_null(xdoc_find(&reply, FAULT_PATH "/soap:Detail/man:FaultDetail"));
	}
	assert_string_equal(xdoc_text_at(&reply, HEADER_PATH "/addr:Action"),
			    fault_action_for(subcode));
	assert_string_equal(xdoc_text_at(&reply, HEADER_PATH "/addr:To"), WSMAN_WSA_ANONYMOUS);
	assert_message_id(xdoc_text_at(&reply, HEADER_PATH "/addr:MessageID"));
	if (relates_to != NULL) {
		assert_string_equal(xdoc_text_at(&reply, HEADER_PATH "/addr:RelatesTo"), relates_to);
	} else {
		assert_null(xdoc_find(&reply, HEADER_PATH "/addr:RelatesTo"));
	}
}

/* --- the table ------------------------------------------------------------------ */

static void test_fault_table(void **state)
{
	for (int f = 1; f < WSMAN_FAULT_COUNT; f++) {
		const struct wsman_fault_info *fi = wsman_fault_info((enum wsman_fault)f);
		const char *action = NULL;

		assert_non_null(fi->action);
		assert_non_null(fi->reason);
		assert_true(strlen(fi->reason) > 10);
		switch (fi->code) {
		case SOAP_CODE_SENDER:
			assert_int_equal(fi->http_status, f == WSMAN_FAULT_ACCESS_DENIED ? 401 : 400);
			break;
		case SOAP_CODE_RECEIVER:
			assert_int_equal(fi->http_status, 500);
			break;
		default:
			assert_int_equal(fi->http_status, 500);
			assert_int_equal(fi->subcode_ns, WSMAN_XMLNS_NONE);
			assert_string_equal(fi->action, WSMAN_FAULT_ACTION_WSA);
			continue;
		}
		assert_non_null(fi->subcode);
		switch (fi->subcode_ns) {
		case WSMAN_XMLNS_WSA:
			action = WSMAN_FAULT_ACTION_WSA;
			break;
		case WSMAN_XMLNS_WSMAN:
			action = WSMAN_FAULT_ACTION_WSMAN;
			break;
		case WSMAN_XMLNS_WXF:
			action = WSMAN_FAULT_ACTION_WXF;
			break;
		case WSMAN_XMLNS_WSEN:
			action = WSMAN_FAULT_ACTION_WSEN;
			break;
		case WSMAN_XMLNS_WSMB:
			action = WSMAN_FAULT_ACTION_WSMB;
			break;
		default:
			fail_msg("fault %d has no subcode namespace", f);
		}
		assert_string_equal(fi->action, action);
	}
}

static void test_detail_uris(void **state)
{
	char buf[128];

	assert_null(wsman_fault_detail_uri(WSMAN_DETAIL_NONE, buf, sizeof(buf)));
	assert_null(wsman_fault_detail_uri(WSMAN_DETAIL_COUNT, buf, sizeof(buf)));
	for (int d = 1; d < WSMAN_DETAIL_COUNT; d++) {
		const char *uri = wsman_fault_detail_uri((enum wsman_fault_detail)d, buf, sizeof(buf));

		assert_non_null(uri);
		assert_memory_equal(uri, WSMAN_FAULT_DETAIL_PREFIX, strlen(WSMAN_FAULT_DETAIL_PREFIX));
		assert_true(strlen(uri) > strlen(WSMAN_FAULT_DETAIL_PREFIX) + 3);
		assert_null(strchr(uri, ' '));
	}
	assert_string_equal(wsman_fault_detail_uri(WSMAN_DETAIL_URI_LIMIT_EXCEEDED, buf, sizeof(buf)),
			    WSMAN_FAULT_DETAIL_PREFIX "URILimitExceeded");
}

/* --- the writer ------------------------------------------------------------------ */

static void test_writer_escaping(void **state)
{
	static const char nasty[] = "a&b<c>d\"e']]>\r\n\tf\x01g";
	struct xml_writer w;

	xml_writer_init(&w, &resp.body, SIZE_MAX);
	xml_open(&w, "r");
	xml_attr(&w, "at", nasty);
	xml_text(&w, nasty, sizeof(nasty) - 1);
	xml_open(&w, "e");
	xml_close(&w, "e");
	xml_close(&w, "r");
	assert_int_equal(xml_writer_finish(&w), 0);
	assert_int_equal(resp.body.len,
			 strlen("<r at=\"a&amp;b&lt;c&gt;d&quot;e']]&gt;&#13;&#10;&#9;f\xEF\xBF\xBDg\">"
				"a&amp;b&lt;c&gt;d\"e']]&gt;&#13;\n\tf\xEF\xBF\xBDg<e/></r>"));
	assert_memory_equal(resp.body.data,
			    "<r at=\"a&amp;b&lt;c&gt;d&quot;e']]&gt;&#13;&#10;&#9;f\xEF\xBF\xBDg\">"
			    "a&amp;b&lt;c&gt;d\"e']]&gt;&#13;\n\tf\xEF\xBF\xBDg<e/></r>",
			    resp.body.len);
	/* and back: every character but the control one survives */
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_string_equal(xdoc_text_at(&reply, "r"), "a&b<c>d\"e']]>\r\n\tf\xEF\xBF\xBDg");
	assert_true(xdoc_has_attr(&reply, "r", "at=a&b<c>d\"e']]>\r\n\tf\xEF\xBF\xBDg"));
}

static void test_writer_limit(void **state)
{
	struct xml_writer w;

	assert_int_equal(http_buf_append(&resp.body, "keep", 4), 0);
	xml_writer_init(&w, &resp.body, 12);
	xml_text_element(&w, "a", "1234");	/* 11 octets */
	assert_int_equal(w.err, 0);
	xml_text(&w, "56", 2);			/* 13: over */
	assert_int_equal(w.err, -E2BIG);
	xml_text(&w, "", 0);			/* sticky */
	assert_int_equal(xml_writer_finish(&w), -E2BIG);
	assert_int_equal(resp.body.len, 4);	/* what was there before stays */
	assert_memory_equal(resp.body.data, "keep", 4);

	/* the buffer's own cap counts too */
	http_response_free(&resp);
	http_response_init(&resp, 8);
	xml_writer_init(&w, &resp.body, SIZE_MAX);
	xml_text_element(&w, "abc", "x");
	assert_int_equal(xml_writer_finish(&w), -E2BIG);
	assert_int_equal(resp.body.len, 0);
}

/* --- the envelope ----------------------------------------------------------------- */

static void test_fault_write(void **state)
{
	struct wsman_fault_report r = { .fault = WSMAN_FAULT_ENCODING_LIMIT,
					.detail = WSMAN_DETAIL_MAX_ENVELOPE_SIZE,
					.reason = "Too big & <bad>." };
	struct xml_writer w;

	xml_writer_init(&w, &resp.body, SIZE_MAX);
	wsman_fault_write(&w, &r, "uuid:00000000-0000-4000-8000-000000000000", "uuid:a&b");
	assert_int_equal(xml_writer_finish(&w), 0);
	resp.status = 400;
	resp.content_type = WSMAN_CONTENT_TYPE;
	assert_fault_reply(400, "soap:Sender", "man:EncodingLimit", "MaxEnvelopeSize", "uuid:a&b");
	assert_string_equal(xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text"),
			    "Too big & <bad>.");
}

static void test_fault_write_defaults(void **state)
{
	struct wsman_fault_report r = { .fault = WSMAN_FAULT_INVALID_ENUMERATION_CONTEXT };
	struct xml_writer w;

	xml_writer_init(&w, &resp.body, SIZE_MAX);
	wsman_fault_write(&w, &r, NULL, NULL);
	assert_int_equal(xml_writer_finish(&w), 0);
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_string_equal(xdoc_qname_at(&reply, FAULT_PATH "/soap:Code/soap:Value"),
			    "soap:Receiver");
	assert_string_equal(xdoc_qname_at(&reply, FAULT_PATH "/soap:Code/soap:Subcode/soap:Value"),
			    "enum:InvalidEnumerationContext");
	assert_string_equal(xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text"),
			    wsman_fault_info(r.fault)->reason);
	assert_string_equal(xdoc_text_at(&reply, HEADER_PATH "/addr:Action"),
			    WSMAN_FAULT_ACTION_WSEN);
	assert_null(xdoc_find(&reply, HEADER_PATH "/addr:MessageID"));
	assert_null(xdoc_find(&reply, FAULT_PATH "/soap:Detail"));
}

/* --- fault paths of wsman_handle() --------------------------------------------------- */

static void test_missing_action(void **state)
{
	handle(envelope(ADDRESSING, ""));
	assert_fault_reply(400, "soap:Sender", "addr:MessageInformationHeaderRequired", NULL,
			   MSG_ID);
	assert_non_null(strstr(xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text"),
			       "wsa:Action"));
	assert_int_equal(ep.faults[WSMAN_FAULT_MESSAGE_INFORMATION_HEADER_REQUIRED], 1);
}

static void test_missing_to(void **state)
{
	handle(envelope("<a:MessageID>" MSG_ID "</a:MessageID><a:Action>" WSMAN_ACTION_URI_GET
			"</a:Action>", ""));
	assert_fault_reply(400, "soap:Sender", "addr:MessageInformationHeaderRequired", NULL,
			   MSG_ID);
	assert_non_null(strstr(xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text"),
			       "wsa:To"));
}

static void test_missing_message_id(void **state)
{
	handle(envelope("<a:To>http://h/wsman</a:To><a:Action>" WSMAN_ACTION_URI_GET "</a:Action>",
			""));
	assert_fault_reply(400, "soap:Sender", "addr:MessageInformationHeaderRequired", NULL,
			   NULL);
	assert_non_null(strstr(xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text"),
			       "wsa:MessageID"));
}

/* Every action but Identify, for now (WS-Addressing 2004/08 4.4). */
static void test_action_not_supported(void **state)
{
	static const char *const actions[] = {
		WSMAN_ACTION_URI_GET, WSMAN_ACTION_URI_ENUMERATE, WSMAN_ACTION_URI_SUBSCRIBE,
		"urn:x?a=1&amp;b=&lt;2&gt;",
	};
	static const char *const echoed[] = {
		WSMAN_ACTION_URI_GET, WSMAN_ACTION_URI_ENUMERATE, WSMAN_ACTION_URI_SUBSCRIBE,
		"urn:x?a=1&b=<2>",
	};

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		char header[1024];

		snprintf(header, sizeof(header), ADDRESSING "<a:Action>%s</a:Action>", actions[i]);
		handle(envelope(header, ""));
		assert_fault_reply(400, "soap:Sender", "addr:ActionNotSupported", NULL, MSG_ID);
		assert_string_equal(xdoc_text_at(&reply, FAULT_PATH "/soap:Detail/addr:Action"),
				    echoed[i]);
	}
	assert_int_equal(ep.faults[WSMAN_FAULT_ACTION_NOT_SUPPORTED], 4);
}

static void test_version_mismatch(void **state)
{
	handle("<e:Envelope xmlns:e=\"" WSMAN_NS_SOAP11 "\"><e:Body/></e:Envelope>");
	assert_fault_reply(500, "soap:VersionMismatch", NULL, NULL, NULL);
	/* SOAP 1.2 Part 1 5.4.7: the envelopes that are understood */
	assert_non_null(xdoc_find(&reply, HEADER_PATH "/soap:Upgrade/soap:SupportedEnvelope"));
	assert_true(xdoc_has_attr(&reply, HEADER_PATH "/soap:Upgrade/soap:SupportedEnvelope",
				  "qname=s:Envelope"));
}

static void test_must_understand(void **state)
{
	handle(envelope(GET_HEADERS "<v:Secret xmlns:v=\"urn:vendor&amp;co\" "
			"s:mustUnderstand=\"true\"/>", ""));
	assert_fault_reply(500, "soap:MustUnderstand", NULL, NULL, MSG_ID);
	/* SOAP 1.2 Part 1 5.4.8: <s:NotUnderstood qname="nu:Secret" xmlns:nu="urn:vendor&co"/> */
	assert_true(xdoc_has_attr(&reply, HEADER_PATH "/soap:NotUnderstood", "qname=nu:Secret"));
	assert_true(body_contains("xmlns:nu=\"urn:vendor&amp;co\""));
	/* A header block in the XML namespace is named with xml:, which is
	 * never declared (Namespaces in XML 1.0 section 3; fuzz_wsman_envelope
	 * found the reply binding nu to it, which no parser accepts). */
	handle(envelope(GET_HEADERS "<xml:Secret s:mustUnderstand=\"true\"/>", ""));
	assert_fault_reply(500, "soap:MustUnderstand", NULL, NULL, MSG_ID);
	assert_true(xdoc_has_attr(&reply, HEADER_PATH "/soap:NotUnderstood", "qname=xml:Secret"));
	assert_false(body_contains("XML/1998/namespace"));
}

static void test_encoding_limits(void **state)
{
	static char big[WSMAN_ENVELOPE_MAX + 1];

	handle(envelope(GET_HEADERS "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">4096"
			"</w:MaxEnvelopeSize>", ""));
	assert_fault_reply(400, "soap:Sender", "man:EncodingLimit", "MinimumEnvelopeLimit", MSG_ID);

	memset(big, ' ', sizeof(big));
	handle_len(big, sizeof(big), true, HTTP_BODY_MAX);
	assert_fault_reply(400, "soap:Sender", "man:EncodingLimit", "ServiceEnvelopeLimit", NULL);

	handle(envelope(GET_HEADERS "<w:SelectorSet><w:Selector Name=\"a\"/><w:Selector Name=\"b\"/>"
			"<w:Selector Name=\"c\"/><w:Selector Name=\"d\"/><w:Selector Name=\"e\"/>"
			"<w:Selector Name=\"f\"/><w:Selector Name=\"g\"/><w:Selector Name=\"h\"/>"
			"<w:Selector Name=\"i\"/><w:Selector Name=\"j\"/><w:Selector Name=\"k\"/>"
			"<w:Selector Name=\"l\"/><w:Selector Name=\"m\"/><w:Selector Name=\"n\"/>"
			"<w:Selector Name=\"o\"/><w:Selector Name=\"p\"/><w:Selector Name=\"q\"/>"
			"</w:SelectorSet>", ""));
	assert_fault_reply(400, "soap:Sender", "man:EncodingLimit", "SelectorLimit", MSG_ID);
}

static void test_schema_faults(void **state)
{
	handle("<!DOCTYPE d [<!ENTITY e \"x\">]><s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\">"
	       "<s:Body>&e;</s:Body></s:Envelope>");
	assert_fault_reply(400, "soap:Sender", "man:SchemaValidationError", NULL, NULL);
	handle("<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body>");
	assert_fault_reply(400, "soap:Sender", "man:SchemaValidationError", NULL, NULL);
	handle("not xml at all");
	assert_fault_reply(400, "soap:Sender", "man:SchemaValidationError", NULL, NULL);
}

static void test_header_faults(void **state)
{
	handle(envelope(GET_HEADERS "<a:To>http://twice/wsman</a:To>", ""));
	assert_fault_reply(400, "soap:Sender", "addr:InvalidMessageInformationHeader", NULL,
			   MSG_ID);
	handle(envelope("<a:MessageID>" MSG_ID "</a:MessageID><a:ReplyTo><a:Address>"
			"http://elsewhere/</a:Address></a:ReplyTo>", ""));
	assert_fault_reply(400, "soap:Sender", "man:UnsupportedFeature", "AddressingMode", MSG_ID);
	handle(envelope(GET_HEADERS "<w:Locale xml:lang=\"fr\" s:mustUnderstand=\"true\"/>", ""));
	assert_fault_reply(400, "soap:Sender", "man:UnsupportedFeature", "Locale", MSG_ID);
	handle(envelope(GET_HEADERS "<w:FragmentTransfer s:mustUnderstand=\"true\">p"
			"</w:FragmentTransfer>", ""));
	assert_fault_reply(400, "soap:Sender", "man:UnsupportedFeature", "FragmentLevelAccess",
			   MSG_ID);
	handle(envelope(GET_HEADERS "<w:OperationTimeout>soon</w:OperationTimeout>", ""));
	assert_fault_reply(400, "soap:Sender", "addr:InvalidMessageInformationHeader", NULL, MSG_ID);
}

static void test_selector_and_option_faults(void **state)
{
	handle(envelope(GET_HEADERS "<w:SelectorSet><w:Selector Name=\"k\">1</w:Selector>"
			"<w:Selector Name=\"K\">2</w:Selector></w:SelectorSet>", ""));
	assert_fault_reply(400, "soap:Sender", "man:InvalidSelectors", "DuplicateSelectors", MSG_ID);
	/* an EPR-valued selector (DSP0226 7.2.2) with text beside its EPR */
	handle(envelope(GET_HEADERS "<w:SelectorSet><w:Selector Name=\"Dependent\">x"
			"<a:EndpointReference/></w:Selector></w:SelectorSet>", ""));
	assert_fault_reply(400, "soap:Sender", "man:InvalidSelectors", "TypeMismatch", MSG_ID);
	handle(envelope(GET_HEADERS "<w:OptionSet><w:Option/></w:OptionSet>", ""));
	assert_fault_reply(400, "soap:Sender", "man:InvalidOptions", NULL, MSG_ID);
}

static void test_access_denied(void **state)
{
	handle_len(envelope(GET_HEADERS, ""), strlen(doc), false, HTTP_BODY_MAX);
	assert_fault_reply(401, "soap:Sender", "man:AccessDenied", NULL, MSG_ID);
	/* whatever else is wrong with it */
	handle_len("<oops", 5, false, HTTP_BODY_MAX);
	assert_fault_reply(401, "soap:Sender", "man:AccessDenied", NULL, NULL);
	assert_int_equal(ep.faults[WSMAN_FAULT_ACCESS_DENIED], 2);
	assert_int_equal(ep.faults[WSMAN_FAULT_SCHEMA_VALIDATION_ERROR], 0);
}

/* Every request is read into the endpoint's one envelope: a request refused
 * before it is parsed (unauthenticated and over 8 KiB) echoes nothing of
 * the request before it. */
static void test_refusal_before_parse_forgets_previous(void **state)
{
	static char padded[WSMAN_ANON_ENVELOPE_MAX + 256];
	char pad[WSMAN_ANON_ENVELOPE_MAX + 1];

	handle(envelope(GET_HEADERS, ""));
	assert_fault_reply(400, "soap:Sender", "addr:ActionNotSupported", NULL, MSG_ID);
	memset(pad, 'p', sizeof(pad) - 1U);
	pad[sizeof(pad) - 1U] = '\0';
	snprintf(padded, sizeof(padded), "<s:Envelope " NS_DECLS "><s:Header/><s:Body>"
		 "<!--%s--></s:Body></s:Envelope>", pad);
	handle_len(padded, strlen(padded), false, HTTP_BODY_MAX);
	assert_fault_reply(401, "soap:Sender", "man:AccessDenied", NULL, NULL);
	assert_int_equal(ep.requests, 2);
}

/* DSP0226 R6.2-2: a fault that would exceed MaxEnvelopeSize becomes an
 * EncodingLimit that echoes nothing, and fits. */
static void test_fault_within_max_envelope_size(void **state)
{
	static char action[2000 * 5 + 8] = "urn:";
	static char header[sizeof(action) + 1024];

	for (int i = 0; i < 2000; i++) {
		strcat(action, "&amp;");	/* echoed as &amp; again: 10000 octets */
	}
	snprintf(header, sizeof(header),
		 ADDRESSING "<w:MaxEnvelopeSize>8192</w:MaxEnvelopeSize><a:Action>%s</a:Action>",
		 action);
	handle(envelope(header, ""));
	assert_true(resp.body.len <= 8192);
	assert_fault_reply(400, "soap:Sender", "man:EncodingLimit", "MaxEnvelopeSize", NULL);

	/* without the limit the whole action is echoed */
	snprintf(header, sizeof(header), ADDRESSING "<a:Action>%s</a:Action>", action);
	handle(envelope(header, ""));
	assert_fault_reply(400, "soap:Sender", "addr:ActionNotSupported", NULL, MSG_ID);
	assert_true(resp.body.len > 10000);
}

/* Not even a fault fits in the body buffer: 500 and nothing. */
static void test_no_room_at_all(void **state)
{
	const char *get = envelope(GET_HEADERS, "");

	handle_len(get, strlen(get), true, 200);
	assert_int_equal(resp.status, 500);
	assert_int_equal(resp.body.len, 0);
}

/* Without random numbers there is no hash salt and no MessageID: a
 * Receiver fault, still well-formed. */
static void test_random_source_fails(void **state)
{
	wsman_endpoint_init(&ep, failing_rng, NULL);
	handle(envelope(GET_HEADERS, ""));
	assert_int_equal(resp.status, 500);
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_string_equal(xdoc_qname_at(&reply, FAULT_PATH "/soap:Code/soap:Subcode/soap:Value"),
			    "man:InternalError");
	assert_null(xdoc_find(&reply, HEADER_PATH "/addr:MessageID"));
	assert_int_equal(ep.faults[WSMAN_FAULT_INTERNAL_ERROR], 1);
	assert_int_equal(ep.requests, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fault_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusal_before_parse_forgets_previous, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_detail_uris, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_write_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_to, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_message_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_action_not_supported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_must_understand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selector_and_option_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_within_max_envelope_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_room_at_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_source_fails, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * The request envelope reader (mgmt/wsman/envelope.c): envelopes as WinRM,
 * openwsman's wsmancli and other clients send them, prefix independence,
 * every fault the reader raises, its limits, DTDs and entity expansion,
 * truncated input and failing allocations.
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

#include "mgmt/wsman/action.h"
#include "mgmt/wsman/duration.h"
#include "mgmt/wsman/envelope.h"
#include "mgmt/wsman/names.h"

#define NS_DECLS \
	"xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:a=\"" WSMAN_NS_WSA "\" xmlns:w=\"" WSMAN_NS_WSMAN "\""
#define CIM_CS	"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem"
#define MSG_ID	"uuid:0AB58087-C2C3-4C1A-8E43-9A3B1F8E1F6A"

/* `winrm get` (Windows Remote Management client), captured as sent. */
static const char winrm_get[] =
	"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
	"xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
	"xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
	"xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\"><s:Header>"
	"<a:To>http://192.0.2.10:5985/wsman</a:To>"
	"<w:ResourceURI s:mustUnderstand=\"true\">" CIM_CS "</w:ResourceURI>"
	"<a:ReplyTo><a:Address s:mustUnderstand=\"true\">"
	"http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
	"<a:Action s:mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
	"</a:Action>"
	"<w:MaxEnvelopeSize s:mustUnderstand=\"true\">512000</w:MaxEnvelopeSize>"
	"<a:MessageID>" MSG_ID "</a:MessageID>"
	"<w:Locale xml:lang=\"en-US\" s:mustUnderstand=\"false\" />"
	"<p:DataLocale xml:lang=\"en-US\" s:mustUnderstand=\"false\" />"
	"<p:SessionId s:mustUnderstand=\"false\">uuid:2B7B5E5B-2F3C-4F77-9A39-0C3E5A8E9F11"
	"</p:SessionId>"
	"<p:OperationID s:mustUnderstand=\"false\">uuid:7F4C2E0D-7C5B-4E07-8B0A-0D8B3C3F4A21"
	"</p:OperationID>"
	"<p:SequenceId s:mustUnderstand=\"false\">1</p:SequenceId>"
	"<w:SelectorSet><w:Selector Name=\"CreationClassName\">CIM_ComputerSystem</w:Selector>"
	"<w:Selector Name=\"Name\">host</w:Selector></w:SelectorSet>"
	"<w:OperationTimeout>PT60.000S</w:OperationTimeout>"
	"</s:Header><s:Body></s:Body></s:Envelope>";

/* openwsman's wsmancli `enumerate ... -o -m 20`, pretty-printed as it sends it. */
static const char openwsman_enumerate[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
	"xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
	"xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
	"xmlns:wsen=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\">\n"
	"  <s:Header>\n"
	"    <wsa:Action s:mustUnderstand=\"true\">"
	"http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate</wsa:Action>\n"
	"    <wsa:To s:mustUnderstand=\"true\">http://localhost:5985/wsman</wsa:To>\n"
	"    <wsman:ResourceURI s:mustUnderstand=\"true\">" CIM_CS "</wsman:ResourceURI>\n"
	"    <wsa:MessageID s:mustUnderstand=\"true\">uuid:5c3a1f2e-8f83-1f83-8002-0c9b2b0c0a00"
	"</wsa:MessageID>\n"
	"    <wsa:ReplyTo>\n"
	"      <wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
	"</wsa:Address>\n"
	"    </wsa:ReplyTo>\n"
	"    <wsman:OptionSet>\n"
	"      <wsman:Option Name=\"ShowExtensions\"/>\n"
	"    </wsman:OptionSet>\n"
	"  </s:Header>\n"
	"  <s:Body>\n"
	"    <wsen:Enumerate>\n"
	"      <wsman:OptimizeEnumeration/>\n"
	"      <wsman:MaxElements>20</wsman:MaxElements>\n"
	"    </wsen:Enumerate>\n"
	"  </s:Body>\n"
	"</s:Envelope>\n";

/* openwsman's `wsman identify`: no WS-Addressing at all (DSP0226 clause 11). */
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

static struct wsman_envelope env;
static char doc[WSMAN_ENVELOPE_MAX + 4096];

static enum wsman_fault parse_len(const char *xml, size_t len)
{
	struct wsman_parse_config cfg = { .hash_salt = 0x9E3779B97F4A7C15UL };

	return wsman_envelope_parse(&env, xml, len, &cfg);
}

static enum wsman_fault parse(const char *xml)
{
	return parse_len(xml, strlen(xml));
}

/* An envelope with header blocks `header` and body content `body`. */
static const char *envelope(const char *header, const char *body)
{
	snprintf(doc, sizeof(doc), "<s:Envelope " NS_DECLS "><s:Header>%s</s:Header><s:Body>%s"
		 "</s:Body></s:Envelope>", header, body);
	return doc;
}

/* A Get with the usual addressing plus `extra` header blocks. */
static const char *get_with(const char *extra)
{
	static char header[WSMAN_ENVELOPE_MAX];

	snprintf(header, sizeof(header),
		 "<a:To>http://192.0.2.10:5985/wsman</a:To>"
		 "<a:Action>" WSMAN_ACTION_URI_GET "</a:Action>"
		 "<a:MessageID>" MSG_ID "</a:MessageID>"
		 "<a:ReplyTo><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address></a:ReplyTo>"
		 "<w:ResourceURI>" CIM_CS "</w:ResourceURI>%s", extra);
	return envelope(header, "");
}

static void assert_fault(enum wsman_fault got, enum wsman_fault want,
			 enum wsman_fault_detail detail)
{
	if (got != want) {
		fprintf(stderr, "fault %d (%s), wanted %d\n", got,
			env.fault.reason != NULL ? env.fault.reason : "-", want);
	}
	assert_int_equal(got, want);
	assert_int_equal(env.fault.fault, want);
	assert_int_equal(env.fault.detail, detail);
}

/* --- real clients ------------------------------------------------------------- */

static void test_winrm_get(void **state)
{
	assert_fault(parse(winrm_get), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(env.to, "http://192.0.2.10:5985/wsman");
	assert_int_equal(env.action, WSMAN_ACTION_GET);
	assert_string_equal(env.action_uri, WSMAN_ACTION_URI_GET);
	assert_string_equal(env.message_id, MSG_ID);
	assert_string_equal(env.reply_to, WSMAN_WSA_ANONYMOUS);
	assert_string_equal(env.resource_uri, CIM_CS);
	assert_int_equal(env.max_envelope_size, 512000);
	assert_string_equal(env.locale, "en-US");
	assert_true(env.has_operation_timeout);
	assert_int_equal(env.operation_timeout_ms, 60000);
	assert_int_equal(env.selector_count, 2);
	assert_string_equal(env.selector[0].name, "CreationClassName");
	assert_string_equal(env.selector[0].value, "CIM_ComputerSystem");
	assert_string_equal(wsman_selector(&env, "name"), "host");
	assert_null(wsman_selector(&env, "Other"));
	assert_int_equal(env.body_children, 0);
	assert_null(env.body_name);
}

static void test_openwsman_enumerate(void **state)
{
	assert_fault(parse(openwsman_enumerate), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_ENUMERATE);
	assert_string_equal(env.to, "http://localhost:5985/wsman");
	assert_string_equal(env.message_id, "uuid:5c3a1f2e-8f83-1f83-8002-0c9b2b0c0a00");
	assert_string_equal(env.reply_to, WSMAN_WSA_ANONYMOUS);
	assert_int_equal(env.option_count, 1);
	assert_string_equal(env.option[0].name, "ShowExtensions");
	assert_string_equal(env.option[0].value, "");
	assert_null(env.option[0].type);
	assert_false(env.option[0].must_comply);
	assert_string_equal(env.body_ns, WSMAN_NS_WSEN);
	assert_string_equal(env.body_name, "Enumerate");
	assert_int_equal(env.body_children, 1);
	assert_false(env.has_operation_timeout);
	assert_int_equal(env.max_envelope_size, 0);
}

static void test_identify_without_addressing(void **state)
{
	assert_fault(parse(openwsman_identify), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_IDENTIFY);
	assert_null(env.action_uri);
	assert_null(env.message_id);
	assert_string_equal(env.body_ns, WSMAN_NS_WSMID);
	assert_string_equal(env.body_name, "Identify");

	assert_fault(parse(winrm_identify), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_IDENTIFY);
}

/* Some clients send Identify with an action URI and an empty body. */
static void test_identify_addressed(void **state)
{
	parse(envelope("<a:To>http://h/wsman</a:To><a:Action>" WSMAN_ACTION_URI_IDENTIFY
		       "</a:Action><a:MessageID>uuid:1</a:MessageID>", ""));
	assert_int_equal(env.fault.fault, WSMAN_FAULT_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_IDENTIFY);
}

/* A body that is not wsmid:Identify and no action: no action at all. */
static void test_no_action(void **state)
{
	parse(envelope("<a:To>http://h/wsman</a:To>", "<w:Identify/>"));
	assert_int_equal(env.fault.fault, WSMAN_FAULT_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_NONE);
}

/* --- namespaces, not prefixes ------------------------------------------------- */

static void assert_same_get(void)
{
	assert_int_equal(env.fault.fault, WSMAN_FAULT_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_GET);
	assert_string_equal(env.to, "http://h/wsman");
	assert_string_equal(env.message_id, "uuid:42");
	assert_string_equal(env.resource_uri, CIM_CS);
	assert_int_equal(env.selector_count, 1);
	assert_string_equal(env.selector[0].value, "v");
}

static void test_prefix_independence(void **state)
{
	static const char *const variants[] = {
		/* other prefixes */
		"<env:Envelope xmlns:env=\"" WSMAN_NS_SOAP "\" xmlns:wsa=\"" WSMAN_NS_WSA
		"\" xmlns:m=\"" WSMAN_NS_WSMAN "\"><env:Header><wsa:To>http://h/wsman</wsa:To>"
		"<wsa:Action>" WSMAN_ACTION_URI_GET "</wsa:Action><wsa:MessageID>uuid:42"
		"</wsa:MessageID><m:ResourceURI>" CIM_CS "</m:ResourceURI><m:SelectorSet>"
		"<m:Selector Name=\"k\">v</m:Selector></m:SelectorSet></env:Header>"
		"<env:Body/></env:Envelope>",
		/* default namespaces, declared where used */
		"<Envelope xmlns=\"" WSMAN_NS_SOAP "\"><Header>"
		"<To xmlns=\"" WSMAN_NS_WSA "\">http://h/wsman</To>"
		"<Action xmlns=\"" WSMAN_NS_WSA "\">" WSMAN_ACTION_URI_GET "</Action>"
		"<MessageID xmlns=\"" WSMAN_NS_WSA "\">uuid:42</MessageID>"
		"<ResourceURI xmlns=\"" WSMAN_NS_WSMAN "\">" CIM_CS "</ResourceURI>"
		"<SelectorSet xmlns=\"" WSMAN_NS_WSMAN "\"><Selector Name=\"k\">v</Selector>"
		"</SelectorSet></Header><Body/></Envelope>",
		/* one prefix rebound on the way down */
		"<x:Envelope xmlns:x=\"" WSMAN_NS_SOAP "\"><x:Header xmlns:y=\"" WSMAN_NS_WSA "\">"
		"<y:To>http://h/wsman</y:To><y:Action>" WSMAN_ACTION_URI_GET "</y:Action>"
		"<y:MessageID>uuid:42</y:MessageID>"
		"<x:ResourceURI xmlns:x=\"" WSMAN_NS_WSMAN "\">" CIM_CS "</x:ResourceURI>"
		"<y:SelectorSet xmlns:y=\"" WSMAN_NS_WSMAN "\"><y:Selector Name=\"k\">v"
		"</y:Selector></y:SelectorSet></x:Header><x:Body/></x:Envelope>",
	};

	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		parse(variants[i]);
		assert_same_get();
	}
}

/* The prefix a: of another namespace is not WS-Addressing. */
static void test_foreign_namespace(void **state)
{
	parse("<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:a=\"urn:not-addressing\"><s:Header>"
	      "<a:Action>" WSMAN_ACTION_URI_GET "</a:Action><a:To>x</a:To></s:Header>"
	      "<s:Body/></s:Envelope>");
	assert_int_equal(env.fault.fault, WSMAN_FAULT_NONE);
	assert_null(env.action_uri);
	assert_null(env.to);
	assert_int_equal(env.action, WSMAN_ACTION_NONE);
}

/* --- values ------------------------------------------------------------------- */

static void test_values_trimmed_and_decoded(void **state)
{
	parse(envelope("<a:To>\n  http://h/wsman?a=1&amp;b=2 \n</a:To>"
		       "<a:Action><![CDATA[" WSMAN_ACTION_URI_PUT "]]></a:Action>"
		       "<w:SelectorSet><w:Selector Name=\"k\"> spaced </w:Selector></w:SelectorSet>"
		       "<!-- comments are allowed -->", ""));
	assert_int_equal(env.fault.fault, WSMAN_FAULT_NONE);
	assert_string_equal(env.to, "http://h/wsman?a=1&b=2");
	assert_int_equal(env.action, WSMAN_ACTION_PUT);
	assert_string_equal(env.selector[0].value, " spaced ");	/* as written */
}

static void test_invoke_action(void **state)
{
	parse(envelope("<a:Action>" CIM_CS "/RequestStateChange</a:Action>"
		       "<w:ResourceURI>" CIM_CS "</w:ResourceURI>", ""));
	assert_int_equal(env.action, WSMAN_ACTION_INVOKE);
	assert_string_equal(env.method, "RequestStateChange");

	parse(envelope("<a:Action>" CIM_CS "/A/B</a:Action>"
		       "<w:ResourceURI>" CIM_CS "</w:ResourceURI>", ""));
	assert_int_equal(env.action, WSMAN_ACTION_OTHER);
	parse(envelope("<a:Action>" CIM_CS "Extra/M</a:Action>"
		       "<w:ResourceURI>" CIM_CS "</w:ResourceURI>", ""));
	assert_int_equal(env.action, WSMAN_ACTION_OTHER);
	parse(envelope("<a:Action>urn:x</a:Action>", ""));
	assert_int_equal(env.action, WSMAN_ACTION_OTHER);
	assert_null(env.method);
}

static void test_action_table(void **state)
{
	for (int a = 0; a < WSMAN_ACTION_COUNT; a++) {
		const char *uri = wsman_action_uri((enum wsman_action)a);

		if (a == WSMAN_ACTION_NONE || a == WSMAN_ACTION_OTHER || a == WSMAN_ACTION_INVOKE) {
			assert_null(uri);
			continue;
		}
		assert_non_null(uri);
		assert_int_equal(wsman_action_from_uri(uri), a);
	}
	assert_int_equal(wsman_action_from_uri(""), WSMAN_ACTION_OTHER);
	assert_int_equal(wsman_action_from_uri(WSMAN_ACTION_URI_GET "x"), WSMAN_ACTION_OTHER);
}

static void test_every_header_recognised(void **state)
{
	parse(envelope("<a:To>t</a:To><a:Action>" WSMAN_ACTION_URI_DELETE "</a:Action>"
		       "<a:MessageID>m</a:MessageID>"
		       "<a:ReplyTo><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address>"
		       "<a:ReferenceParameters><x:Ref xmlns:x=\"urn:x\">1</x:Ref>"
		       "</a:ReferenceParameters></a:ReplyTo>"
		       "<a:FaultTo><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address></a:FaultTo>"
		       "<a:From><a:Address>urn:whoever</a:Address></a:From>"
		       "<w:ResourceURI>r</w:ResourceURI>"
		       "<w:SelectorSet><w:Selector Name=\"a\">1</w:Selector></w:SelectorSet>"
		       "<w:OptionSet s:mustUnderstand=\"true\"><w:Option Name=\"o\" Type=\"xs:int\" "
		       "MustComply=\" true \">7</w:Option></w:OptionSet>"
		       "<w:OperationTimeout s:mustUnderstand=\"true\">P1DT2H</w:OperationTimeout>"
		       "<w:MaxEnvelopeSize s:mustUnderstand=\"1\">+8192</w:MaxEnvelopeSize>"
		       "<w:Locale xml:lang=\"en-GB\" s:mustUnderstand=\"true\"/>", ""));
	assert_int_equal(env.fault.fault, WSMAN_FAULT_NONE);
	assert_string_equal(env.to, "t");
	assert_int_equal(env.action, WSMAN_ACTION_DELETE);
	assert_string_equal(env.message_id, "m");
	assert_string_equal(env.reply_to, WSMAN_WSA_ANONYMOUS);
	assert_string_equal(env.fault_to, WSMAN_WSA_ANONYMOUS);
	assert_string_equal(env.resource_uri, "r");
	assert_string_equal(env.selector[0].value, "1");
	assert_string_equal(env.option[0].name, "o");
	assert_string_equal(env.option[0].type, "xs:int");
	assert_string_equal(env.option[0].value, "7");
	assert_true(env.option[0].must_comply);
	assert_int_equal(env.operation_timeout_ms, 26ULL * 3600 * 1000);
	assert_int_equal(env.max_envelope_size, 8192);
	assert_string_equal(env.locale, "en-GB");
}

/* UTF-16 with a byte-order mark is XML too (XML 1.0 4.3.3). */
static void test_utf16_envelope(void **state)
{
	static char wide[2 * sizeof(winrm_identify) + 2];
	size_t n = 0;

	wide[n++] = (char)0xFF;
	wide[n++] = (char)0xFE;
	for (size_t i = 0; winrm_identify[i] != '\0'; i++) {
		wide[n++] = winrm_identify[i];
		wide[n++] = '\0';
	}
	assert_fault(parse_len(wide, n), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_IDENTIFY);
}

/* --- the body reader ------------------------------------------------------------ */

struct body_log {
	char text[512];
	unsigned starts, ends, max_depth;
	enum wsman_action action_at_body;
	bool refuse;		/* fail on the first property */
	bool refuse_silently;	/* return -1 without a reason */
};

static int log_start(void *ctx, struct wsman_envelope *e, const struct wsman_qname *name,
		     const char **attrs, unsigned depth)
{
	struct body_log *log = ctx;

	log->starts++;
	log->max_depth = depth > log->max_depth ? depth : log->max_depth;
	if (depth == 1 && log->refuse) {
		wsman_envelope_fail(e, WSMAN_FAULT_INVALID_REPRESENTATION, WSMAN_DETAIL_NONE,
				    "Property %s is read-only.", name->local);
		return -1;
	}
	if (depth == 1 && log->refuse_silently) {
		return -1;
	}
	snprintf(log->text + strlen(log->text), sizeof(log->text) - strlen(log->text), "<%s%s>",
		 name->local, wsman_attr(attrs, "", "id") != NULL ? "#" : "");
	return 0;
}

static int log_end(void *ctx, struct wsman_envelope *e, unsigned depth)
{
	struct body_log *log = ctx;

	log->ends++;
	strncat(log->text, "/", sizeof(log->text) - strlen(log->text) - 1);
	return 0;
}

static int log_text(void *ctx, struct wsman_envelope *e, const char *s, size_t len)
{
	struct body_log *log = ctx;
	size_t have = strlen(log->text);

	if (len < sizeof(log->text) - have) {
		memcpy(log->text + have, s, len);
		log->text[have + len] = '\0';
	}
	return 0;
}

static const struct wsman_body_ops log_ops = { log_start, log_end, log_text };

static const struct wsman_body_ops *select_log(void *ctx, const struct wsman_envelope *e)
{
	((struct body_log *)ctx)->action_at_body = e->action;
	return e->action == WSMAN_ACTION_PUT ? &log_ops : NULL;
}

static enum wsman_fault parse_with_reader(const char *xml, struct body_log *log)
{
	struct wsman_parse_config cfg = { .hash_salt = 1, .select_body = select_log, .body_ctx = log };

	return wsman_envelope_parse(&env, xml, strlen(xml), &cfg);
}

static const char *put_envelope(void)
{
	return envelope("<a:Action>" WSMAN_ACTION_URI_PUT "</a:Action>",
			"<p:CIM_Foo xmlns:p=\"urn:p\"><p:Name id=\"1\">vm1</p:Name>"
			"<p:Count>2</p:Count></p:CIM_Foo>");
}

static void test_body_reader(void **state)
{
	struct body_log log = { 0 };

	assert_int_equal(parse_with_reader(put_envelope(), &log), WSMAN_FAULT_NONE);
	assert_int_equal(log.action_at_body, WSMAN_ACTION_PUT);
	assert_string_equal(log.text, "<CIM_Foo><Name#>vm1/<Count>2//");
	assert_int_equal(log.starts, 3);
	assert_int_equal(log.ends, 3);
	assert_int_equal(log.max_depth, 1);
	assert_string_equal(env.body_name, "CIM_Foo");

	/* not selected for a Get */
	memset(&log, 0, sizeof(log));
	assert_int_equal(parse_with_reader(get_with(""), &log), WSMAN_FAULT_NONE);
	assert_int_equal(log.action_at_body, WSMAN_ACTION_GET);
	assert_int_equal(log.starts, 0);
}

static void test_body_reader_faults(void **state)
{
	struct body_log log = { .refuse = true };

	assert_int_equal(parse_with_reader(put_envelope(), &log),
			 WSMAN_FAULT_INVALID_REPRESENTATION);
	assert_string_equal(env.fault.reason, "Property Name is read-only.");

	memset(&log, 0, sizeof(log));
	log.refuse_silently = true;
	assert_int_equal(parse_with_reader(put_envelope(), &log), WSMAN_FAULT_INTERNAL_ERROR);
}

/* --- xs:duration ------------------------------------------------------------------ */

static void test_duration_valid(void **state)
{
	static const struct {
		const char *text;
		uint64_t ms;
	} cases[] = {
		{ "PT60S", 60000 }, { "PT60.000S", 60000 }, { "PT0.5S", 500 },
		{ "PT0.0019S", 1 }, { "PT1M30.25S", 90250 }, { "PT1H1M1S", 3661000 },
		{ "P1DT2H", 93600000 }, { "P1D", 86400000 }, { "P1Y", 365ULL * 86400000 },
		{ "P1M", 30ULL * 86400000 }, { "P1MT1M", 30ULL * 86400000 + 60000 },
		{ "PT0S", 0 }, { "P0D", 0 },
		{ "PT99999999999999999999999S", UINT64_MAX },
		{ "P99999999999999999Y", UINT64_MAX },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t ms = 42;

		assert_int_equal(wsman_duration_parse_ms(cases[i].text, &ms), 0);
		assert_int_equal(ms, cases[i].ms);
	}
}

static void test_duration_invalid(void **state)
{
	static const char *const cases[] = {
		"", "P", "PT", "-PT1S", "PT1.S", "PT.5S", "P1S", "PT1D", "PT1H1H", "PT1M1H",
		"P1.5D", "PT1,5S", "T1S", "PT1S ", "pt1s", "P1DT", "1S", "PTS", "P-1D", "PT1H.5S",
		"P1D1Y",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t ms = 42;

		assert_int_equal(wsman_duration_parse_ms(cases[i], &ms), -EINVAL);
		assert_int_equal(ms, 42);
	}
}

static void test_operation_timeout_invalid(void **state)
{
	assert_fault(parse(get_with("<w:OperationTimeout>60</w:OperationTimeout>")),
		     WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<w:OperationTimeout>-PT1S</w:OperationTimeout>")),
		     WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<w:OperationTimeout> PT5S </w:OperationTimeout>")),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.operation_timeout_ms, 5000);
}

/* --- DTDs, entities, processing instructions ------------------------------------- */

static void test_doctype_refused(void **state)
{
	assert_fault(parse("<!DOCTYPE s:Envelope><s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\">"
			   "<s:Body/></s:Envelope>"),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	assert_non_null(strstr(env.fault.reason, "document type declaration"));
	assert_fault(parse("<!DOCTYPE s:Envelope SYSTEM \"file:///etc/passwd\">"
			   "<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/></s:Envelope>"),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
}

/* The classic entity-expansion bomb: refused at the doctype, before any
 * entity is declared, so no expansion happens at all. */
static void test_billion_laughs_refused(void **state)
{
	static const char bomb[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE lolz [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header>"
		"<a:To xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">&lol9;</a:To>"
		"</s:Header><s:Body/></s:Envelope>";

	assert_fault(parse(bomb), WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	assert_null(env.to);
	assert_int_equal(env.elements, 0);
}

static void test_entities_without_dtd(void **state)
{
	assert_fault(parse(envelope("<a:To>&undefined;</a:To>", "")),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	assert_fault(parse(envelope("<a:To>&lt;&#x41;&#66;</a:To>", "")), WSMAN_FAULT_NONE,
		     WSMAN_DETAIL_NONE);
	assert_string_equal(env.to, "<AB");
}

static void test_processing_instruction_refused(void **state)
{
	assert_fault(parse("<?xml-stylesheet href=\"x\"?><s:Envelope xmlns:s=\"" WSMAN_NS_SOAP
			   "\"><s:Body/></s:Envelope>"),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	assert_fault(parse(envelope("", "<?evil?>")), WSMAN_FAULT_SCHEMA_VALIDATION_ERROR,
		     WSMAN_DETAIL_NONE);
	/* the XML declaration is not a processing instruction */
	assert_fault(parse(openwsman_identify), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
}

/* --- the envelope's frame ----------------------------------------------------------- */

static void test_soap11_version_mismatch(void **state)
{
	assert_fault(parse("<e:Envelope xmlns:e=\"" WSMAN_NS_SOAP11 "\"><e:Body/></e:Envelope>"),
		     WSMAN_FAULT_VERSION_MISMATCH, WSMAN_DETAIL_NONE);
}

static void test_frame_faults(void **state)
{
	static const char *const cases[] = {
		"<html><body/></html>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Header/></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"/>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/><s:Header/></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/><s:Body/></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Header/><s:Header/><s:Body/>"
		"</s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/><x/></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Trailer/><s:Body/></s:Envelope>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/></s:Envelope><s:Envelope/>",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/></s:Envelope",
		"<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body/></s:Envelope>\x01",
		"<u:Envelope><u:Body/></u:Envelope>",
		"",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_fault(parse(cases[i]), WSMAN_FAULT_SCHEMA_VALIDATION_ERROR,
			     WSMAN_DETAIL_NONE);
		assert_non_null(env.fault.reason);
	}
	parse("<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\">\n<s:Body>\n</s:Bodx></s:Envelope>");
	assert_non_null(strstr(env.fault.reason, "line 3"));
}

static void test_leaf_with_element_refused(void **state)
{
	assert_fault(parse(envelope("<a:To><b>x</b></a:To>", "")),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	assert_fault(parse(envelope("<w:SelectorSet><w:Other/></w:SelectorSet>", "")),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	assert_fault(parse(envelope("<w:OptionSet><w:Selector/></w:OptionSet>", "")),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
}

/* --- header faults ------------------------------------------------------------------- */

static void test_must_understand_unknown_header(void **state)
{
	assert_fault(parse(get_with("<v:Secret xmlns:v=\"urn:vendor\" s:mustUnderstand=\"true\">1"
				    "</v:Secret>")),
		     WSMAN_FAULT_MUST_UNDERSTAND, WSMAN_DETAIL_NONE);
	assert_string_equal(env.fault.header_ns, "urn:vendor");
	assert_string_equal(env.fault.header_name, "Secret");
	/* xs:boolean "1", and an unqualified block */
	assert_fault(parse(get_with("<Plain s:mustUnderstand=\"1\"/>")),
		     WSMAN_FAULT_MUST_UNDERSTAND, WSMAN_DETAIL_NONE);
	assert_string_equal(env.fault.header_ns, "");
	assert_string_equal(env.fault.header_name, "Plain");
	/* known namespace, unknown block */
	assert_fault(parse(get_with("<w:RequestEPR s:mustUnderstand=\"true\"/>")),
		     WSMAN_FAULT_MUST_UNDERSTAND, WSMAN_DETAIL_NONE);
}

static void test_must_understand_ignored(void **state)
{
	/* false, absent, or aimed at another role (SOAP 1.2 Part 1 5.2.2) */
	assert_fault(parse(get_with("<v:X xmlns:v=\"urn:v\" s:mustUnderstand=\"false\"/>"
				    "<v:Y xmlns:v=\"urn:v\"/>"
				    "<v:Z xmlns:v=\"urn:v\" s:mustUnderstand=\"true\" "
				    "s:role=\"http://www.w3.org/2003/05/soap-envelope/role/none\"/>")),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<v:Z xmlns:v=\"urn:v\" s:mustUnderstand=\"true\" "
				    "s:role=\"" WSMAN_SOAP_ROLE_NEXT "\"/>")),
		     WSMAN_FAULT_MUST_UNDERSTAND, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<v:X xmlns:v=\"urn:v\" s:mustUnderstand=\"yes\"/>")),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
}

static void test_duplicate_headers(void **state)
{
	assert_fault(parse(get_with("<a:To>http://other/wsman</a:To>")),
		     WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<w:ResourceURI>x</w:ResourceURI>")),
		     WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE);
}

static void test_reply_to(void **state)
{
	assert_fault(parse(envelope("<a:ReplyTo><a:Address>http://evil/</a:Address></a:ReplyTo>",
				    "")),
		     WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_ADDRESSING_MODE);
	assert_fault(parse(envelope("<a:FaultTo><a:Address>http://evil/</a:Address></a:FaultTo>",
				    "")),
		     WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_ADDRESSING_MODE);
	assert_fault(parse(envelope("<a:ReplyTo/>", "")),
		     WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE);
	assert_fault(parse(envelope("<a:ReplyTo><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address>"
				    "<a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address></a:ReplyTo>",
				    "")),
		     WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE);
}

/* DSP0226 R6.2-4 */
static void test_max_envelope_size(void **state)
{
	assert_fault(parse(get_with("<w:MaxEnvelopeSize s:mustUnderstand=\"true\">4096"
				    "</w:MaxEnvelopeSize>")),
		     WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_MINIMUM_ENVELOPE_LIMIT);
	assert_fault(parse(get_with("<w:MaxEnvelopeSize>8191</w:MaxEnvelopeSize>")),
		     WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_MINIMUM_ENVELOPE_LIMIT);
	assert_fault(parse(get_with("<w:MaxEnvelopeSize>8192</w:MaxEnvelopeSize>")),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<w:MaxEnvelopeSize>99999999999999999999</w:MaxEnvelopeSize>")),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.max_envelope_size, UINT32_MAX);

	static const char *const invalid[] = { "abc", "0", "-5", "", "1e6", "12 34", "+" };

	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		char block[128];

		snprintf(block, sizeof(block), "<w:MaxEnvelopeSize>%s</w:MaxEnvelopeSize>",
			 invalid[i]);
		assert_fault(parse(get_with(block)), WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER,
			     WSMAN_DETAIL_NONE);
	}
}

static void test_locale(void **state)
{
	assert_fault(parse(get_with("<w:Locale xml:lang=\"de-DE\" s:mustUnderstand=\"true\"/>")),
		     WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_LOCALE);
	assert_fault(parse(get_with("<w:Locale xml:lang=\"de-DE\"/>")), WSMAN_FAULT_NONE,
		     WSMAN_DETAIL_NONE);
	assert_string_equal(env.locale, "de-DE");
	assert_fault(parse(get_with("<w:Locale xml:lang=\"EN\" s:mustUnderstand=\"true\"/>")),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
}

static void test_fragment_transfer(void **state)
{
	assert_fault(parse(get_with("<w:FragmentTransfer s:mustUnderstand=\"true\">"
				    "Name</w:FragmentTransfer>")),
		     WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_FRAGMENT_LEVEL_ACCESS);
	assert_fault(parse(get_with("<w:FragmentTransfer>Name</w:FragmentTransfer>")),
		     WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_FRAGMENT_LEVEL_ACCESS);
}

/* --- selectors and options ---------------------------------------------------------- */

static void test_selector_faults(void **state)
{
	/* an association's key: an EPR as the selector's value (DSP0226 7.2.2) */
	assert_fault(parse(get_with("<w:SelectorSet><w:Selector Name=\"Antecedent\">\n "
				    "<a:EndpointReference><a:Address>" WSMAN_WSA_ANONYMOUS
				    "</a:Address><a:ReferenceParameters><w:ResourceURI>urn:x"
				    "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"Id\">7"
				    "</w:Selector></w:SelectorSet></a:ReferenceParameters>"
				    "</a:EndpointReference></w:Selector>"
				    "<w:Selector Name=\"Other\">text</w:Selector></w:SelectorSet>")),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.selector_count, 2);
	assert_non_null(env.selector[0].epr);
	assert_string_equal(env.selector[0].epr->resource_uri, "urn:x");
	assert_int_equal(env.selector[0].epr->selector_count, 1);
	assert_string_equal(env.selector[0].epr->selector[0].name, "Id");
	assert_string_equal(env.selector[0].epr->selector[0].value, "7");
	assert_null(env.selector[1].epr);
	assert_string_equal(env.selector[1].value, "text");
	/* text and an EPR together; an EPR inside an EPR's selector */
	assert_fault(parse(get_with("<w:SelectorSet><w:Selector Name=\"A\">x"
				    "<a:EndpointReference/></w:Selector></w:SelectorSet>")),
		     WSMAN_FAULT_INVALID_SELECTORS, WSMAN_DETAIL_TYPE_MISMATCH);
	assert_fault(parse(get_with("<w:SelectorSet><w:Selector Name=\"A\"><a:EndpointReference>"
				    "<a:ReferenceParameters><w:SelectorSet><w:Selector Name=\"B\">"
				    "<a:EndpointReference/></w:Selector></w:SelectorSet>"
				    "</a:ReferenceParameters></a:EndpointReference></w:Selector>"
				    "</w:SelectorSet>")),
		     WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<w:SelectorSet><w:Selector Name=\"Name\">a</w:Selector>"
				    "<w:Selector Name=\"NAME\">b</w:Selector></w:SelectorSet>")),
		     WSMAN_FAULT_INVALID_SELECTORS, WSMAN_DETAIL_DUPLICATE_SELECTORS);
	assert_fault(parse(get_with("<w:SelectorSet><w:Selector>a</w:Selector></w:SelectorSet>")),
		     WSMAN_FAULT_INVALID_SELECTORS, WSMAN_DETAIL_NONE);
}

static void test_selector_limit(void **state)
{
	char set[4096] = "<w:SelectorSet>";

	for (unsigned i = 0; i < WSMAN_SELECTORS_MAX; i++) {
		snprintf(set + strlen(set), sizeof(set) - strlen(set),
			 "<w:Selector Name=\"k%u\">%u</w:Selector>", i, i);
	}
	strcat(set, "</w:SelectorSet>");
	assert_fault(parse(get_with(set)), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.selector_count, WSMAN_SELECTORS_MAX);
	assert_string_equal(wsman_selector(&env, "K15"), "15");

	set[strlen(set) - strlen("</w:SelectorSet>")] = '\0';
	strcat(set, "<w:Selector Name=\"one-too-many\">x</w:Selector></w:SelectorSet>");
	assert_fault(parse(get_with(set)), WSMAN_FAULT_ENCODING_LIMIT,
		     WSMAN_DETAIL_SELECTOR_LIMIT);
}

static void test_option_faults(void **state)
{
	char set[4096] = "<w:OptionSet>";

	assert_fault(parse(get_with("<w:OptionSet><w:Option>1</w:Option></w:OptionSet>")),
		     WSMAN_FAULT_INVALID_OPTIONS, WSMAN_DETAIL_NONE);
	assert_fault(parse(get_with("<w:OptionSet><w:Option Name=\"a\" MustComply=\"sure\"/>"
				    "</w:OptionSet>")),
		     WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	for (unsigned i = 0; i <= WSMAN_OPTIONS_MAX; i++) {
		snprintf(set + strlen(set), sizeof(set) - strlen(set),
			 "<w:Option Name=\"o%u\">%u</w:Option>", i, i);
	}
	strcat(set, "</w:OptionSet>");
	assert_fault(parse(get_with(set)), WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_OPTION_LIMIT);
}

/* --- limits ------------------------------------------------------------------------ */

static const char *repeat(char c, size_t n)
{
	static char s[WSMAN_ENVELOPE_MAX];

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_uri_limit(void **state)
{
	static char block[WSMAN_ENVELOPE_MAX + 128];

	snprintf(block, sizeof(block), "<w:ResourceURI>%s</w:ResourceURI>",
		 repeat('u', WSMAN_URI_MAX));
	assert_fault(parse(envelope(block, "")), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(strlen(env.resource_uri), WSMAN_URI_MAX);
	snprintf(block, sizeof(block), "<a:To>%s</a:To>", repeat('u', WSMAN_URI_MAX + 1));
	assert_fault(parse(envelope(block, "")), WSMAN_FAULT_ENCODING_LIMIT,
		     WSMAN_DETAIL_URI_LIMIT_EXCEEDED);
	snprintf(block, sizeof(block), "<a:MessageID>%s</a:MessageID>",
		 repeat('m', WSMAN_VALUE_MAX + 1));
	assert_fault(parse(envelope(block, "")), WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE);
	snprintf(block, sizeof(block), "<w:SelectorSet><w:Selector Name=\"%s\"/></w:SelectorSet>",
		 repeat('n', WSMAN_NAME_MAX + 1));
	assert_fault(parse(envelope(block, "")), WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE);
}

/* Every captured string together is bounded too. */
static void test_string_pool_limit(void **state)
{
	static char set[64 * 1024];
	char value[WSMAN_VALUE_MAX + 1];

	memset(value, 'v', WSMAN_VALUE_MAX);
	value[WSMAN_VALUE_MAX] = '\0';
	strcpy(set, "<w:SelectorSet>");
	for (unsigned i = 0; i < WSMAN_SELECTORS_MAX; i++) {
		snprintf(set + strlen(set), sizeof(set) - strlen(set),
			 "<w:Selector Name=\"k%u\">%s</w:Selector>", i, value);
	}
	strcat(set, "</w:SelectorSet>");
	assert_fault(parse(get_with(set)), WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE);
	assert_true(env.strings_used <= WSMAN_STRINGS_MAX);
}

static const char *nested(unsigned levels)
{
	static char body[64 * 1024];

	body[0] = '\0';
	for (unsigned i = 0; i < levels; i++) {
		strcat(body, "<d>");
	}
	for (unsigned i = 0; i < levels; i++) {
		strcat(body, "</d>");
	}
	return envelope("", body);
}

static void test_depth_limit(void **state)
{
	/* Envelope and Body are levels 1 and 2 */
	assert_fault(parse(nested(WSMAN_DEPTH_MAX - 2)), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_fault(parse(nested(WSMAN_DEPTH_MAX - 1)), WSMAN_FAULT_ENCODING_LIMIT,
		     WSMAN_DETAIL_NONE);
	assert_fault(parse(nested(5000)), WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE);
}

static void test_element_limit(void **state)
{
	static char body[64 * 1024];

	body[0] = '\0';
	for (unsigned i = 0; i < WSMAN_ELEMENTS_MAX - 3; i++) {
		strcat(body, "<e/>");
	}
	/* Envelope, Header, Body and the rest */
	assert_fault(parse(envelope("", body)), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.elements, WSMAN_ELEMENTS_MAX);
	strcat(body, "<e/>");
	assert_fault(parse(envelope("", body)), WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE);
}

static void test_attribute_limit(void **state)
{
	char body[4096] = "<e";

	for (unsigned i = 0; i < WSMAN_ATTRS_MAX; i++) {
		snprintf(body + strlen(body), sizeof(body) - strlen(body), " a%u=\"\"", i);
	}
	strcat(body, "/>");
	assert_fault(parse(envelope("", body)), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	memcpy(strrchr(body, '/'), " z=\"\"/>", 8);
	assert_fault(parse(envelope("", body)), WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE);
}

/* The service's own limit, checked before a byte is parsed. */
static void test_oversize_refused(void **state)
{
	static char big[WSMAN_ENVELOPE_MAX + 1];

	memset(big, ' ', sizeof(big));
	assert_fault(parse_len(big, sizeof(big)), WSMAN_FAULT_ENCODING_LIMIT,
		     WSMAN_DETAIL_SERVICE_ENVELOPE_LIMIT);
	assert_int_equal(env.elements, 0);
	/* exactly the limit is read (and this one is fine) */
	memcpy(big, winrm_identify, strlen(winrm_identify));
	assert_fault(parse_len(big, WSMAN_ENVELOPE_MAX), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
}

static void test_parser_memory_budget(void **state)
{
	struct wsman_parse_config cfg = { .hash_salt = 1, .memory_max = 4096 };

	assert_int_equal(wsman_envelope_parse(&env, winrm_get, strlen(winrm_get), &cfg),
			 WSMAN_FAULT_ENCODING_LIMIT);
	cfg.memory_max = 0;
	assert_int_equal(wsman_envelope_parse(&env, winrm_get, strlen(winrm_get), &cfg),
			 WSMAN_FAULT_NONE);
}

/* --- namespaces --------------------------------------------------------------- */

/*
 * What a body reader sees: each element as {ns}local, each attribute as
 * @{ns}local=value (or @local=value in no namespace), in document order.
 */
struct name_log {
	char text[1024];
};

static void name_log_add(struct name_log *log, const char *s, size_t len)
{
	size_t have = strlen(log->text);

	if (len < sizeof(log->text) - have) {
		memcpy(log->text + have, s, len);
		log->text[have + len] = '\0';
	}
}

static void name_log_attr(struct name_log *log, const char *expanded, const char *value)
{
	const char *sep = strchr(expanded, '\x1F');

	name_log_add(log, " @", 2);
	if (sep != NULL) {
		name_log_add(log, "{", 1);
		name_log_add(log, expanded, (size_t)(sep - expanded));
		name_log_add(log, "}", 1);
		expanded = sep + 1;
	}
	name_log_add(log, expanded, strlen(expanded));
	name_log_add(log, "=", 1);
	name_log_add(log, value, strlen(value));
}

static int name_log_start(void *ctx, struct wsman_envelope *e, const struct wsman_qname *name,
			  const char **attrs, unsigned depth)
{
	struct name_log *log = ctx;

	name_log_add(log, "{", 1);
	name_log_add(log, name->ns, name->ns_len);
	name_log_add(log, "}", 1);
	name_log_add(log, name->local, strlen(name->local));
	for (size_t i = 0; attrs[i] != NULL; i += 2) {
		name_log_attr(log, attrs[i], attrs[i + 1]);
	}
	name_log_add(log, ";", 1);
	return 0;
}

static const struct wsman_body_ops name_log_ops = { name_log_start, NULL, NULL };

static const struct wsman_body_ops *select_name_log(void *ctx, const struct wsman_envelope *e)
{
	return &name_log_ops;
}

/* The body `body` in an envelope whose root declares `decls` (s: is SOAP). */
static enum wsman_fault parse_names(const char *decls, const char *body, struct name_log *log)
{
	struct wsman_parse_config cfg = { .hash_salt = 1, .select_body = select_name_log,
					  .body_ctx = log };

	memset(log, 0, sizeof(*log));
	snprintf(doc, sizeof(doc), "<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"%s><s:Body>%s"
		 "</s:Body></s:Envelope>", decls, body);
	return wsman_envelope_parse(&env, doc, strlen(doc), &cfg);
}

/* The request is refused as not well-formed, for expat's reason `why`. */
static void assert_not_well_formed(enum wsman_fault got, const char *why)
{
	assert_fault(got, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE);
	assert_non_null(strstr(env.fault.reason, "not well-formed"));
	assert_non_null(strstr(env.fault.reason, why));
}

/* A prefix means the URI it is bound to, whatever the URI: a SOAP 1.1
 * envelope is told apart from a SOAP 1.2 one by its URI only. */
static void test_ns_wrong_uri(void **state)
{
	struct name_log log;

	assert_fault(parse("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
			   "<s:Body/></s:Envelope>"),
		     WSMAN_FAULT_VERSION_MISMATCH, WSMAN_DETAIL_NONE);
	assert_fault(parse("<s:Envelope xmlns:s=\"" WSMAN_NS_WSA "\"><s:Body/></s:Envelope>"),
		     WSMAN_FAULT_VERSION_MISMATCH, WSMAN_DETAIL_NONE);
	/* the addressing prefix bound to WS-Management's URI: no wsa:To */
	assert_fault(parse("<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:a=\"" WSMAN_NS_WSMAN
			   "\"><s:Header><a:To>http://h/wsman</a:To></s:Header><s:Body/>"
			   "</s:Envelope>"),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_null(env.to);
	/* s:mustUnderstand with s bound elsewhere is another attribute */
	assert_fault(parse_names(" xmlns:t=\"urn:t\"", "<t:X t:mustUnderstand=\"true\"/>", &log),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(log.text, "{urn:t}X @{urn:t}mustUnderstand=true;");
	assert_string_equal(env.body_ns, "urn:t");
	assert_string_equal(env.body_name, "X");
}

/* Namespaces in XML 1.0 section 5 (NSC: Prefix Declared). */
static void test_ns_undeclared_prefix(void **state)
{
	struct name_log log;

	assert_not_well_formed(parse("<s:Envelope><s:Body/></s:Envelope>"), "unbound prefix");
	assert_not_well_formed(parse_names("", "<q:X/>", &log), "unbound prefix");
	assert_not_well_formed(parse_names("", "<X q:a=\"1\"/>", &log), "unbound prefix");
	/* a declaration on a sibling is out of scope */
	assert_not_well_formed(parse_names("", "<q:X xmlns:q=\"urn:q\"/><q:Y/>", &log),
			       "unbound prefix");
	/* and so is one on the element's child */
	assert_not_well_formed(parse_names("", "<q:X><Y xmlns:q=\"urn:q\"/></q:X>", &log),
			       "unbound prefix");
	/* xmlns is never a bound prefix */
	assert_not_well_formed(parse_names("", "<xmlns:X/>", &log), "unbound prefix");
	/* xml always is, undeclared */
	assert_fault(parse_names("", "<X xml:lang=\"en\"/>", &log), WSMAN_FAULT_NONE,
		     WSMAN_DETAIL_NONE);
	assert_string_equal(log.text, "{}X @{" WSMAN_NS_XML "}lang=en;");
}

/* Section 6.2: a default namespace applies to unprefixed elements in its
 * scope, not to attributes, and xmlns="" takes it away. */
static void test_ns_default_namespace(void **state)
{
	struct name_log log;

	assert_fault(parse_names(" xmlns=\"urn:d\"",
				 "<X a=\"1\"><Y/><Z xmlns=\"\"><W/></Z><V xmlns=\"urn:e\"/>"
				 "<U/></X>", &log),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(log.text,
			    "{urn:d}X @a=1;{urn:d}Y;{}Z;{}W;{urn:e}V;{urn:d}U;");
	/* the envelope's frame in a default namespace */
	assert_fault(parse("<Envelope xmlns=\"" WSMAN_NS_SOAP "\"><Body><Identify xmlns=\""
			   WSMAN_NS_WSMID "\"/></Body></Envelope>"),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_int_equal(env.action, WSMAN_ACTION_IDENTIFY);
	/* no default namespace: the unprefixed element is in none */
	assert_fault(parse_names("", "<X/>", &log), WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(log.text, "{}X;");
}

/* A declaration on an element applies to that element's own name and to
 * all its attributes, whatever their order. */
static void test_ns_declared_on_inner_element(void **state)
{
	struct name_log log;

	assert_fault(parse_names("", "<q:X q:a=\"1\" xmlns:q=\"urn:q\" b=\"2\"><q:Y/></q:X>",
				 &log),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(log.text, "{urn:q}X @{urn:q}a=1 @b=2;{urn:q}Y;");
	assert_string_equal(env.body_ns, "urn:q");
	/* header blocks declared where they are used (as openwsman can) */
	assert_fault(parse("<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Header>"
			   "<a:To xmlns:a=\"" WSMAN_NS_WSA "\">http://h/wsman</a:To>"
			   "<w:ResourceURI xmlns:w=\"" WSMAN_NS_WSMAN "\" s:mustUnderstand=\"true\">"
			   CIM_CS "</w:ResourceURI></s:Header><s:Body/></s:Envelope>"),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(env.to, "http://h/wsman");
	assert_string_equal(env.resource_uri, CIM_CS);
}

/* A prefix rebound in a nested scope means the inner URI there and the
 * outer one again after the inner element ends. */
static void test_ns_rebound_in_nested_scopes(void **state)
{
	struct name_log log;

	assert_fault(parse_names(" xmlns:q=\"urn:1\"",
				 "<q:A><q:B xmlns:q=\"urn:2\"><q:C xmlns:q=\"urn:3\" q:x=\"1\"/>"
				 "<q:D q:x=\"2\"/></q:B><q:E/></q:A>", &log),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(log.text, "{urn:1}A;{urn:2}B;{urn:3}C @{urn:3}x=1;"
			    "{urn:2}D @{urn:2}x=2;{urn:1}E;");
	/* the SOAP prefix itself rebound inside the body: s:Body's end still
	 * matches its start, and the envelope is read to the end */
	assert_fault(parse_names("", "<s:X xmlns:s=\"urn:s\"/>", &log), WSMAN_FAULT_NONE,
		     WSMAN_DETAIL_NONE);
	assert_string_equal(log.text, "{urn:s}X;");
}

/* Section 3 (Reserved Prefixes and Namespace Names), NSC: No Prefix
 * Undeclaring, section 6.3 (Attribute Uniqueness), and names that are not
 * QNames: each as expat's namespace processing refused it. */
static void test_ns_refused_declarations(void **state)
{
	struct name_log log;

	assert_not_well_formed(parse_names(" xmlns:q=\"\"", "<X/>", &log),
			       "must not undeclare prefix");
	assert_not_well_formed(parse_names(" xmlns:xml=\"urn:x\"", "<X/>", &log),
			       "reserved prefix (xml) must not be undeclared or bound");
	assert_not_well_formed(parse_names(" xmlns:xmlns=\"urn:x\"", "<X/>", &log),
			       "reserved prefix (xmlns) must not be declared");
	assert_not_well_formed(parse_names(" xmlns:q=\"" WSMAN_NS_XML "\"", "<X/>", &log),
			       "bound to one of the reserved namespace names");
	assert_not_well_formed(parse_names(" xmlns=\"http://www.w3.org/2000/xmlns/\"", "<X/>",
					   &log),
			       "bound to one of the reserved namespace names");
	assert_not_well_formed(parse_names(" xmlns:p=\"urn:u\" xmlns:q=\"urn:u\"",
					   "<X p:a=\"1\" q:a=\"2\"/>", &log),
			       "duplicate attribute");
	assert_not_well_formed(parse_names(" xmlns:q=\"urn:q\"", "<q:X:Y/>", &log),
			       "invalid token");
	assert_not_well_formed(parse_names("", "<:X/>", &log), "invalid token");
	assert_not_well_formed(parse_names(" xmlns:=\"urn:q\"", "<X/>", &log), "invalid token");
	assert_not_well_formed(parse_names(" xmlns:a:b=\"urn:q\"", "<X/>", &log), "invalid token");
	assert_not_well_formed(parse_names(" xmlns:1a=\"urn:q\"", "<X/>", &log), "invalid token");
	assert_not_well_formed(parse_names(" xmlns:q=\"urn:q\"", "<q:1X/>", &log),
			       "invalid token");
	/* declaring xml with its own URI is allowed, and the same local name
	 * in two namespaces is two attributes */
	assert_fault(parse_names(" xmlns:xml=\"" WSMAN_NS_XML "\" xmlns:p=\"urn:u\"",
				 "<X xml:lang=\"en\" p:lang=\"de\" lang=\"fr\"/>", &log),
		     WSMAN_FAULT_NONE, WSMAN_DETAIL_NONE);
	assert_string_equal(log.text,
			    "{}X @{" WSMAN_NS_XML "}lang=en @{urn:u}lang=de @lang=fr;");
}

/* --- robustness ---------------------------------------------------------------------- */

/* Every allocation expat makes may fail: each gives InternalError, never a
 * crash or a leak (the sanitizers watch), until enough of them succeed. */
static void test_allocation_failures(void **state)
{
	const char *const inputs[] = { winrm_get, openwsman_enumerate, openwsman_identify };

	for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
		uint32_t n;

		for (n = 1; n < 10000; n++) {
			struct wsman_parse_config cfg = { .hash_salt = 1, .fail_alloc_at = n };
			enum wsman_fault f = wsman_envelope_parse(&env, inputs[k],
								  strlen(inputs[k]), &cfg);

			if (f == WSMAN_FAULT_NONE) {
				break;
			}
			assert_int_equal(f, WSMAN_FAULT_INTERNAL_ERROR);
		}
		assert_true(n > 1 && n < 10000);
	}
}

/* Every proper prefix of a real envelope is refused cleanly. */
static void test_truncated_prefixes(void **state)
{
	const char *const inputs[] = { winrm_get, openwsman_enumerate, openwsman_identify };

	for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
		size_t complete = (size_t)(strrchr(inputs[k], '>') - inputs[k]) + 1;

		for (size_t len = 0; len < complete; len++) {
			char *copy = malloc(len + 1);

			memcpy(copy, inputs[k], len);	/* exactly len bytes, for ASan */
			assert_int_not_equal(parse_len(copy, len), WSMAN_FAULT_NONE);
			free(copy);
		}
		assert_int_equal(parse_len(inputs[k], complete), WSMAN_FAULT_NONE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_winrm_get),
		cmocka_unit_test(test_openwsman_enumerate),
		cmocka_unit_test(test_identify_without_addressing),
		cmocka_unit_test(test_identify_addressed),
		cmocka_unit_test(test_no_action),
		cmocka_unit_test(test_prefix_independence),
		cmocka_unit_test(test_foreign_namespace),
		cmocka_unit_test(test_ns_wrong_uri),
		cmocka_unit_test(test_ns_undeclared_prefix),
		cmocka_unit_test(test_ns_default_namespace),
		cmocka_unit_test(test_ns_declared_on_inner_element),
		cmocka_unit_test(test_ns_rebound_in_nested_scopes),
		cmocka_unit_test(test_ns_refused_declarations),
		cmocka_unit_test(test_values_trimmed_and_decoded),
		cmocka_unit_test(test_invoke_action),
		cmocka_unit_test(test_action_table),
		cmocka_unit_test(test_every_header_recognised),
		cmocka_unit_test(test_utf16_envelope),
		cmocka_unit_test(test_body_reader),
		cmocka_unit_test(test_body_reader_faults),
		cmocka_unit_test(test_duration_valid),
		cmocka_unit_test(test_duration_invalid),
		cmocka_unit_test(test_operation_timeout_invalid),
		cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_billion_laughs_refused),
		cmocka_unit_test(test_entities_without_dtd),
		cmocka_unit_test(test_processing_instruction_refused),
		cmocka_unit_test(test_soap11_version_mismatch),
		cmocka_unit_test(test_frame_faults),
		cmocka_unit_test(test_leaf_with_element_refused),
		cmocka_unit_test(test_must_understand_unknown_header),
		cmocka_unit_test(test_must_understand_ignored),
		cmocka_unit_test(test_duplicate_headers),
		cmocka_unit_test(test_reply_to),
		cmocka_unit_test(test_max_envelope_size),
		cmocka_unit_test(test_locale),
		cmocka_unit_test(test_fragment_transfer),
		cmocka_unit_test(test_selector_faults),
		cmocka_unit_test(test_selector_limit),
		cmocka_unit_test(test_option_faults),
		cmocka_unit_test(test_uri_limit),
		cmocka_unit_test(test_string_pool_limit),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_element_limit),
		cmocka_unit_test(test_attribute_limit),
		cmocka_unit_test(test_oversize_refused),
		cmocka_unit_test(test_parser_memory_budget),
		cmocka_unit_test(test_allocation_failures),
		cmocka_unit_test(test_truncated_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/wsman/wsman.c mgmt/wsman/cim_ops.c mgmt/wsman/cim_xml.c mgmt/cim/cim.c mgmt/profiles/host_system.c mgmt/profiles/registry.c mgmt/wsman/identify.c mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c mgmt/cim/arena.c mgmt/cim/status.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/virtual_system_management_capabilities.c mgmt/profiles/hosted_service.c mgmt/profiles/hosted_dependency.c mgmt/profiles/settings_define_state.c mgmt/profiles/account.c mgmt/hosted/hv_backend.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * WS-Transfer Get and WS-Enumeration Enumerate/Pull/Release through
 * wsman_handle() (DSP0226 7.3 and clause 8, DSP0227, DSP0230) against the
 * host CIM_ComputerSystem and a test provider with five instances; every
 * reply read back with expat.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/http.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/wsman.h"
#include "tests/unit/test_wsman_xml.h"

#define CS_URI		CIM_RESOURCE_URI_PREFIX "CIM_ComputerSystem"
#define TEST_URI	CIM_RESOURCE_URI_PREFIX "Test_Numbered"
#define FAULT_PATH	"soap:Envelope/soap:Body/soap:Fault"
#define BODY		"soap:Envelope/soap:Body"
#define ENUM_RESP	BODY "/enum:EnumerateResponse"
#define PULL_RESP	BODY "/enum:PullResponse"

static struct wsman_endpoint ep;
static struct wsman_cim_state cim;
static struct http_response resp;
static struct xdoc reply;
static unsigned char rng_state;
static uint64_t now;

/* --- a provider with five instances, Id 1..5 --- */
static const struct cim_property numbered_props[] = {
	{ .name = "Id", .type = CIM_TYPE_UINT32, .key = true },
	{ .name = "Label", .type = CIM_TYPE_STRING },
	{ .name = "Tags", .type = CIM_TYPE_STRING, .array = true },
	{ .name = "When", .type = CIM_TYPE_DATETIME },
};
static const struct cim_class numbered_class = { .name = "Test_Numbered",
						  .cim_namespace = "root/cimv2",
						  .props = numbered_props, .prop_count = 4 };

static int numbered_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	static const char *const tags[] = { "a", "b<" };

	for (uint64_t i = 1 + from; i <= 5; i++) {
		struct cim_instance inst = { .cls = &numbered_class };
		int rc;

		inst.values[0].u = i;
		inst.values[1].is_null = (i == 2);
		inst.values[1].s = "n";
		inst.values[2] = (struct cim_value){ .count = 2, .sa = tags };
		inst.values[3].s = "2026-11-26T01:00:00Z";
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static const struct cim_provider numbered_provider = { .cls = &numbered_class,
							.enumerate = numbered_enumerate };
static const struct cim_provider *const test_providers[] = { &host_system_provider,
							      &numbered_provider };
static const struct cim_registry test_registry = { test_providers, 2 };

static uint64_t test_now(void)
{
	return now;
}

static int counter_rng(void *ctx, unsigned char *out, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		out[i] = rng_state++;
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	wsman_endpoint_init(&ep, counter_rng, NULL);
	wsman_cim_enable(&ep, &cim, &test_registry, test_now);
	now = 1000;
	http_response_init(&resp, HTTP_BODY_MAX);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_response_free(&resp);
	return 0;
}

static void handle(const char *action, const char *uri, const char *extra_header,
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

static void assert_fault(const char *subcode, const char *detail)
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

#define CS_KEYS "<w:SelectorSet><w:Selector Name=\"CreationClassName\">CIM_ComputerSystem" \
		"</w:Selector><w:Selector Name=\"Name\">vmanhv</w:Selector></w:SelectorSet>"
#define CS	BODY "/other:CIM_ComputerSystem"

static void assert_host_instance(const char *path)
{
	char p[XDOC_PATH];

#define AT(prop) (snprintf(p, sizeof(p), "%s/other:%s", path, prop), xdoc_text_at(&reply, p))
	assert_string_equal(AT("CreationClassName"), "CIM_ComputerSystem");
	assert_string_equal(AT("Name"), "vmanhv");
	assert_string_equal(AT("ElementName"), "vmanhv");
	assert_string_equal(AT("EnabledState"), "2");
	assert_string_equal(AT("RequestedState"), "12");
	assert_string_equal(AT("OperationalStatus"), "2");
	assert_string_equal(AT("Dedicated"), "0");
#undef AT
}

static void test_get_host(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_GET, CS_URI, CS_KEYS, "");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, "soap:Envelope/soap:Header/addr:Action"),
			    WSMAN_NS_WXF "/GetResponse");
	assert_string_equal(xdoc_text_at(&reply, "soap:Envelope/soap:Header/addr:RelatesTo"),
			    "uuid:0AB58087-C2C3-4C1A-8E43-9A3B1F8E1F6A");
	assert_host_instance(CS);
	/* properties in the class's order */
	assert_int_equal(xdoc_find(&reply, CS)->children, 7);

	/* __cimnamespace is accepted, and key names compare case-insensitively */
	handle(WSMAN_ACTION_URI_GET, CS_URI,
	       "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/cimv2</w:Selector>"
	       "<w:Selector Name=\"creationclassname\">CIM_ComputerSystem</w:Selector>"
	       "<w:Selector Name=\"NAME\">vmanhv</w:Selector></w:SelectorSet>", "");
	assert_int_equal(resp.status, 200);
	assert_host_instance(CS);
}

static void test_get_faults(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_GET, CS_URI, "", "");
	assert_fault("man:InvalidSelectors", "InsufficientSelectors");
	handle(WSMAN_ACTION_URI_GET, CS_URI,
	       "<w:SelectorSet><w:Selector Name=\"Name\">vmanhv</w:Selector></w:SelectorSet>", "");
	assert_fault("man:InvalidSelectors", "InsufficientSelectors");
	handle(WSMAN_ACTION_URI_GET, CS_URI,
	       "<w:SelectorSet><w:Selector Name=\"CreationClassName\">CIM_ComputerSystem"
	       "</w:Selector><w:Selector Name=\"Name\">vmanhv</w:Selector>"
	       "<w:Selector Name=\"Colour\">red</w:Selector></w:SelectorSet>", "");
	assert_fault("man:InvalidSelectors", "UnexpectedSelectors");
	handle(WSMAN_ACTION_URI_GET, CS_URI,
	       "<w:SelectorSet><w:Selector Name=\"CreationClassName\">CIM_ComputerSystem"
	       "</w:Selector><w:Selector Name=\"Name\">other</w:Selector></w:SelectorSet>", "");
	assert_fault("addr:DestinationUnreachable", NULL);
	handle(WSMAN_ACTION_URI_GET, CIM_RESOURCE_URI_PREFIX "CIM_Nothing", CS_KEYS, "");
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
	handle(WSMAN_ACTION_URI_GET, NULL, CS_KEYS, "");
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
	handle(WSMAN_ACTION_URI_GET, CS_URI,
	       "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/other</w:Selector>"
	       "<w:Selector Name=\"CreationClassName\">CIM_ComputerSystem</w:Selector>"
	       "<w:Selector Name=\"Name\">vmanhv</w:Selector></w:SelectorSet>", "");
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
}

static void test_get_encoding(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_GET, TEST_URI,
	       "<w:SelectorSet><w:Selector Name=\"Id\">2</w:Selector></w:SelectorSet>", "");
	assert_int_equal(resp.status, 200);
	/* NULL is xsi:nil, arrays repeat, text is escaped, datetime is wrapped */
	assert_true(xdoc_has_attr(&reply, BODY "/other:Test_Numbered/other:Label",
				  "other:nil=true"));
	assert_int_equal(xdoc_count(&reply, BODY "/other:Test_Numbered/other:Tags"), 2);
	assert_string_equal(xdoc_text_nth(&reply, BODY "/other:Test_Numbered/other:Tags", 1), "b<");
	assert_string_equal(xdoc_text_at(&reply, BODY "/other:Test_Numbered/other:When/other:Datetime"),
			    "2026-11-26T01:00:00Z");
}

static char context[64];

static void save_context(const char *path)
{
	const char *c = xdoc_text_at(&reply, path);

	assert_non_null(c);
	assert_true(strncmp(c, "uuid:", 5) == 0);
	assert_true(strlen(c) < sizeof(context));
	memcpy(context, c, strlen(c) + 1);
}

static void pull(unsigned max)
{
	char body[256];

	snprintf(body, sizeof(body),
		 "<n:Pull><n:EnumerationContext>%s</n:EnumerationContext>"
		 "<n:MaxElements>%u</n:MaxElements></n:Pull>", context, max);
	handle(WSMAN_ACTION_URI_PULL, TEST_URI, "", body);
}

static void test_enumerate_pull_to_end(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, "soap:Envelope/soap:Header/addr:Action"),
			    WSMAN_NS_WSEN "/EnumerateResponse");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	assert_null(xdoc_find(&reply, ENUM_RESP "/man:Items"));

	pull(2);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Numbered"), 2);
	assert_string_equal(xdoc_text_nth(&reply, PULL_RESP "/enum:Items/other:Test_Numbered/other:Id", 0), "1");
	assert_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
	assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:EnumerationContext"), context);
	pull(2);
	assert_string_equal(xdoc_text_nth(&reply, PULL_RESP "/enum:Items/other:Test_Numbered/other:Id", 0), "3");
	pull(2);
	assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Numbered"), 1);
	assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/other:Test_Numbered/other:Id"), "5");
	assert_non_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
	assert_null(xdoc_find(&reply, PULL_RESP "/enum:EnumerationContext"));
	/* the context is gone */
	pull(2);
	assert_fault("enum:InvalidEnumerationContext", NULL);
}

static void test_enumerate_default_max_is_one(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	handle(WSMAN_ACTION_URI_PULL, CS_URI, "",
	       "<n:Pull><n:EnumerationContext>x</n:EnumerationContext></n:Pull>");
	assert_fault("enum:InvalidEnumerationContext", NULL);
	char body[256];
	snprintf(body, sizeof(body), "<n:Pull><n:EnumerationContext>%s</n:EnumerationContext></n:Pull>",
		 context);
	handle(WSMAN_ACTION_URI_PULL, CS_URI, "", body);
	assert_int_equal(resp.status, 200);
	assert_host_instance(PULL_RESP "/enum:Items/other:CIM_ComputerSystem");
	assert_non_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
}

static void test_optimized(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "",
	       "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>3</w:MaxElements></n:Enumerate>");
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, ENUM_RESP "/man:Items/other:Test_Numbered"), 3);
	assert_null(xdoc_find(&reply, ENUM_RESP "/man:EndOfSequence"));
	save_context(ENUM_RESP "/enum:EnumerationContext");
	pull(10);
	assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Numbered"), 2);
	assert_non_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));

	/* everything in one go: EndOfSequence; a Pull after it (wsl sends one)
	 * gets no items and EndOfSequence again, and ends the context */
	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>10</w:MaxElements></n:Enumerate>");
	assert_host_instance(ENUM_RESP "/man:Items/other:CIM_ComputerSystem");
	assert_non_null(xdoc_find(&reply, ENUM_RESP "/man:EndOfSequence"));
	save_context(ENUM_RESP "/enum:EnumerationContext");
	pull(1);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:CIM_ComputerSystem"), 0);
	assert_non_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
	pull(1);
	assert_fault("enum:InvalidEnumerationContext", NULL);
}

static void test_epr_modes(void **state)
{
	const char *sel = ENUM_RESP "/man:Items/addr:EndpointReference/addr:ReferenceParameters";

	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>5</w:MaxElements>"
	       "<w:EnumerationMode>EnumerateEPR</w:EnumerationMode></n:Enumerate>");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, ENUM_RESP "/man:Items/addr:EndpointReference/addr:Address"),
			    WSMAN_WSA_ANONYMOUS);
	{
		char p[XDOC_PATH];

		snprintf(p, sizeof(p), "%s/man:ResourceURI", sel);
		assert_string_equal(xdoc_text_at(&reply, p), CS_URI);
		snprintf(p, sizeof(p), "%s/man:SelectorSet/man:Selector", sel);
		assert_int_equal(xdoc_count(&reply, p), 3);
		assert_string_equal(xdoc_text_nth(&reply, p, 0), "root/cimv2");
		assert_string_equal(xdoc_text_nth(&reply, p, 1), "CIM_ComputerSystem");
		assert_string_equal(xdoc_text_nth(&reply, p, 2), "vmanhv");
	}
	assert_null(xdoc_find(&reply, ENUM_RESP "/man:Items/other:CIM_ComputerSystem"));

	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><w:OptimizeEnumeration/>"
	       "<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode></n:Enumerate>");
	assert_int_equal(resp.status, 200);
	assert_host_instance(ENUM_RESP "/man:Items/man:Item/other:CIM_ComputerSystem");
	assert_non_null(xdoc_find(&reply, ENUM_RESP "/man:Items/man:Item/addr:EndpointReference"));

	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><w:EnumerationMode>Sideways</w:EnumerationMode></n:Enumerate>");
	assert_fault("man:UnsupportedFeature", "EnumerationMode");
}

static void test_release(void **state)
{
	char body[256];

	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	snprintf(body, sizeof(body),
		 "<n:Release><n:EnumerationContext>%s</n:EnumerationContext></n:Release>", context);
	handle(WSMAN_ACTION_URI_RELEASE, TEST_URI, "", body);
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, "soap:Envelope/soap:Header/addr:Action"),
			    WSMAN_NS_WSEN "/ReleaseResponse");
	handle(WSMAN_ACTION_URI_RELEASE, TEST_URI, "", body);
	assert_fault("enum:InvalidEnumerationContext", NULL);
	pull(1);
	assert_fault("enum:InvalidEnumerationContext", NULL);
}

static void test_expiry(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	now += WSMAN_ENUM_EXPIRES_DEFAULT_MS - 1;
	pull(1);
	assert_int_equal(resp.status, 200);
	now += WSMAN_ENUM_EXPIRES_DEFAULT_MS;
	pull(1);
	assert_fault("enum:InvalidEnumerationContext", NULL);

	/* the request's own Expires */
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "",
	       "<n:Enumerate><n:Expires>PT5S</n:Expires></n:Enumerate>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	now += 5000;
	pull(1);
	assert_fault("enum:InvalidEnumerationContext", NULL);

	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "",
	       "<n:Enumerate><n:Expires>2030-01-01T00:00:00Z</n:Expires></n:Enumerate>");
	assert_fault("enum:UnsupportedExpirationType", NULL);
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "",
	       "<n:Enumerate><n:Expires>PT0S</n:Expires></n:Enumerate>");
	assert_fault("enum:InvalidExpirationTime", NULL);
}

static void test_table_full(void **state)
{
	char first[64];

	(void)state;
	for (unsigned i = 0; i < WSMAN_ENUM_CONTEXTS_MAX; i++) {
		handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
		assert_int_equal(resp.status, 200);
		if (i == 0) {
			save_context(ENUM_RESP "/enum:EnumerationContext");
			snprintf(first, sizeof(first), "%s", context);
		}
	}
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	assert_fault("man:QuotaLimit", NULL);
	/* releasing one makes room */
	snprintf(context, sizeof(context), "%s", first);
	{
		char body[256];

		snprintf(body, sizeof(body),
			 "<n:Release><n:EnumerationContext>%s</n:EnumerationContext></n:Release>",
			 context);
		handle(WSMAN_ACTION_URI_RELEASE, TEST_URI, "", body);
		assert_int_equal(resp.status, 200);
	}
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	assert_int_equal(resp.status, 200);
	/* and expiry frees them all */
	now += WSMAN_ENUM_EXPIRES_DEFAULT_MS;
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	assert_int_equal(resp.status, 200);
}

static void test_enumerate_faults(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><n:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">"
	       "select * from CIM_ComputerSystem</n:Filter></n:Enumerate>");
	assert_fault("enum:FilteringNotSupported", NULL);
	handle(WSMAN_ACTION_URI_ENUMERATE, CIM_RESOURCE_URI_PREFIX "CIM_Nothing", "",
	       "<n:Enumerate/>");
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><w:MaxElements>0</w:MaxElements></n:Enumerate>");
	assert_fault("man:InvalidParameter", "InvalidValue");
	/* still not served */
	handle(WSMAN_ACTION_URI_PUT, CS_URI, CS_KEYS, "");
	assert_fault("addr:ActionNotSupported", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_host, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enumerate_pull_to_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enumerate_default_max_is_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optimized, setup, teardown),
		cmocka_unit_test_setup_teardown(test_epr_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enumerate_faults, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

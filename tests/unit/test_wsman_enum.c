/* sources: mgmt/wsman/wsman.c mgmt/wsman/cim_ops.c mgmt/wsman/enumerate.c mgmt/wsman/enum_body.c mgmt/wsman/enum_walk.c mgmt/wsman/filter_selector.c mgmt/wsman/filter_association.c mgmt/wsman/cim_xml.c mgmt/cim/cim.c mgmt/profiles/host_system.c mgmt/profiles/registry.c mgmt/profiles/console_output.c mgmt/profiles/profile_registration.c mgmt/wsman/identify.c mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c mgmt/cim/arena.c mgmt/cim/status.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/virtual_system_management_capabilities.c mgmt/profiles/hosted_service.c mgmt/profiles/hosted_dependency.c mgmt/profiles/settings_define_state.c mgmt/profiles/element_capabilities.c mgmt/profiles/account.c mgmt/profiles/account_on_system.c mgmt/hosted/hv_backend.c hv/api_errors.c mgmt/profiles/job.c mgmt/profiles/concrete_job.c mgmt/profiles/cim_error.c mgmt/profiles/affected_job_element.c mgmt/profiles/enabled_logical_element_capabilities.c mgmt/profiles/job_timeout.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/allocation_capabilities.c mgmt/profiles/allocation_template.c mgmt/profiles/pool_capabilities.c mgmt/profiles/settings_define_capabilities.c mgmt/profiles/hosted_resource_pool.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool.c mgmt/profiles/resource_pool_table.c mgmt/profiles/resource_settings.c mgmt/profiles/vssd_component.c mgmt/profiles/resource_allocation_from_pool.c mgmt/profiles/element_allocated_from_pool.c mgmt/profiles/child_pool.c mgmt/profiles/resource_pool_configuration_service.c mgmt/profiles/modify_system_settings.c mgmt/profiles/virtual_device.c mgmt/profiles/processor_device.c mgmt/profiles/memory_device.c mgmt/profiles/system_device.c mgmt/profiles/settings_define_state_device.c mgmt/profiles/element_setting_data.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* libs: -lexpat  -lmbedcrypto */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * WS-Transfer Get and WS-Enumeration Enumerate/Pull/Release/Renew/GetStatus
 * through wsman_handle() (DSP0226 7.3 and clause 8, DSP0227, DSP0230)
 * against the host CIM_ComputerSystem, a test provider with five
 * instances, a class served by two providers and a subclass's, and a
 * provider of 300 instances that counts what it builds; every reply read
 * back with expat.  Filters are in test_wsman_filter.c.
 */
#include "mgmt/profiles/host_system.h"
#include "tests/unit/test_wsman_cim.h"

#define CS_URI		CIM_RESOURCE_URI_PREFIX "CIM_ComputerSystem"
#define TEST_URI	CIM_RESOURCE_URI_PREFIX "Test_Numbered"

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
/* --- Test_Base (two providers) and its subclass Test_Child; Test_Big --- */
static const struct cim_property base_props[] = {
	{ .name = "Id", .type = CIM_TYPE_UINT32, .key = true },
	{ .name = "Label", .type = CIM_TYPE_STRING },
};
static const struct cim_class base_class = { .name = "Test_Base", .cim_namespace = "root/cimv2",
					     .props = base_props, .prop_count = 2 };
static const struct cim_class child_class = { .name = "Test_Child",
					      .cim_namespace = "root/cimv2",
					      .props = base_props, .prop_count = 2,
					      .super = &base_class };
static const struct cim_class big_class = { .name = "Test_Big", .cim_namespace = "root/cimv2",
					    .props = base_props, .prop_count = 2 };

struct series {
	const struct cim_class *cls;
	uint32_t first, count;
	const char *label;
	uint32_t built;		/* instances built: resumption must not re-walk */
};

static int series_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct series *sr = pctx;

	for (uint32_t i = from; i < sr->count; i++) {
		struct cim_instance inst = { .cls = sr->cls };
		int rc;

		inst.values[0].u = sr->first + i;
		inst.values[1].s = sr->label;
		sr->built++;
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

#define LONG_LABEL "a label long enough that a few hundred of these fill an envelope ......"
static struct series base_a = { &base_class, 1, 3, "a", 0 };
static struct series base_b = { &base_class, 10, 2, "b", 0 };
static struct series child = { &child_class, 100, 1, "c", 0 };
static struct series big = { &big_class, 0, 300, LONG_LABEL, 0 };
static const struct cim_provider base_a_provider = { .cls = &base_class,
						     .enumerate = series_enumerate,
						     .pctx = &base_a };
static const struct cim_provider base_b_provider = { .cls = &base_class,
						     .enumerate = series_enumerate,
						     .pctx = &base_b };
static const struct cim_provider child_provider = { .cls = &child_class,
						    .enumerate = series_enumerate,
						    .pctx = &child };
static const struct cim_provider big_provider = { .cls = &big_class,
						  .enumerate = series_enumerate, .pctx = &big };

static const struct cim_provider *const test_providers[] = {
	&host_system_provider, &numbered_provider, &base_a_provider, &child_provider,
	&base_b_provider, &big_provider,
};
static const struct cim_registry test_registry = { test_providers, 6, NULL };

#define BASE_URI	CIM_RESOURCE_URI_PREFIX "Test_Base"
#define BIG_URI		CIM_RESOURCE_URI_PREFIX "Test_Big"

static int setup(void **state)
{
	(void)state;
	cim_setup(&test_registry);
	return 0;
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
	assert_fault("enum:FilterDialectRequestedUnavailable", NULL);
	handle(WSMAN_ACTION_URI_ENUMERATE, CIM_RESOURCE_URI_PREFIX "CIM_Nothing", "",
	       "<n:Enumerate/>");
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><w:MaxElements>0</w:MaxElements></n:Enumerate>");
	assert_fault("man:InvalidParameter", "InvalidValue");
	handle(WSMAN_ACTION_URI_ENUMERATE, CS_URI, "",
	       "<n:Enumerate><w:MaxElements>1<w:X/></w:MaxElements></n:Enumerate>");
	assert_fault("man:SchemaValidationError", NULL);
	/* still not served */
	handle(WSMAN_ACTION_URI_PUT, CS_URI, CS_KEYS, "");
	assert_fault("addr:ActionNotSupported", NULL);
}

/* Pull from the saved context with MaxElements max and more body elements. */
static void pull_with(const char *uri, const char *header, unsigned max, const char *more)
{
	char body[512];

	snprintf(body, sizeof(body),
		 "<n:Pull><n:EnumerationContext>%s</n:EnumerationContext>"
		 "<n:MaxElements>%u</n:MaxElements>%s</n:Pull>", context, max, more);
	handle(WSMAN_ACTION_URI_PULL, uri, header, body);
}

#define BASE_ITEM	ENUM_RESP "/man:Items/other:Test_Base"
#define CHILD_ITEM	ENUM_RESP "/man:Items/other:Test_Child"

static void test_polymorphism_and_providers(void **state)
{
	(void)state;
	/* Test_Base: its first provider, the subclass's, its second provider
	 * (registry order), the subclass's instance written as its own class */
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, "",
	       "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>20</w:MaxElements>"
	       "</n:Enumerate>");
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, BASE_ITEM), 5);
	assert_int_equal(xdoc_count(&reply, CHILD_ITEM), 1);
	assert_string_equal(xdoc_text_nth(&reply, BASE_ITEM "/other:Id", 0), "1");
	assert_string_equal(xdoc_text_nth(&reply, BASE_ITEM "/other:Id", 2), "3");
	assert_string_equal(xdoc_text_at(&reply, CHILD_ITEM "/other:Id"), "100");
	assert_string_equal(xdoc_text_nth(&reply, BASE_ITEM "/other:Id", 3), "10");
	assert_string_equal(xdoc_text_nth(&reply, BASE_ITEM "/other:Id", 4), "11");
	assert_non_null(xdoc_find(&reply, ENUM_RESP "/man:EndOfSequence"));

	/* across the providers one at a time: 1 2 3 100 10 11 */
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	{
		static const char *const ids[] = { "1", "2", "3", "100", "10", "11" };

		for (unsigned i = 0; i < 6; i++) {
			pull_with(BASE_URI, "", 1, "");
			assert_int_equal(resp.status, 200);
			if (i == 3) {
				assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/"
								 "other:Test_Child/other:Id"),
						    ids[i]);
			} else {
				assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/"
								 "other:Test_Base/other:Id"),
						    ids[i]);
			}
			assert_int_equal(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence") != NULL,
					 i == 5);
		}
	}

	/* DSP0227 PolymorphismMode: subclass instances whole, the default */
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, "",
	       "<n:Enumerate xmlns:b=\"" WSMAN_NS_WSMB "\"><w:OptimizeEnumeration/>"
	       "<w:MaxElements>20</w:MaxElements>"
	       "<b:PolymorphismMode>IncludeSubClassProperties</b:PolymorphismMode></n:Enumerate>");
	assert_int_equal(xdoc_count(&reply, CHILD_ITEM), 1);
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, "",
	       "<n:Enumerate xmlns:b=\"" WSMAN_NS_WSMB "\">"
	       "<b:PolymorphismMode>ExcludeSubClassProperties</b:PolymorphismMode></n:Enumerate>");
	assert_fault("cimb:PolymorphismModeNotSupported", NULL);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"),
			    "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/fault");

	/* the subclass alone */
	handle(WSMAN_ACTION_URI_ENUMERATE, CIM_RESOURCE_URI_PREFIX "Test_Child", "",
	       "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>20</w:MaxElements>"
	       "</n:Enumerate>");
	assert_int_equal(xdoc_count(&reply, CHILD_ITEM), 1);
	assert_null(xdoc_find(&reply, BASE_ITEM));

	/* Get through the base class finds the subclass's instance */
	handle(WSMAN_ACTION_URI_GET, BASE_URI,
	       "<w:SelectorSet><w:Selector Name=\"Id\">100</w:Selector></w:SelectorSet>", "");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, BODY "/other:Test_Child/other:Id"), "100");
	handle(WSMAN_ACTION_URI_GET, BASE_URI,
	       "<w:SelectorSet><w:Selector Name=\"Id\">11</w:Selector></w:SelectorSet>", "");
	assert_string_equal(xdoc_text_at(&reply, BODY "/other:Test_Base/other:Id"), "11");
}

/* A Pull builds the instances it returns (and one to look ahead), not
 * those before its position: the cost per instance does not grow. */
static void test_pull_resumes_at_position(void **state)
{
	unsigned expect = 0;

	(void)state;
	big.built = 0;
	handle(WSMAN_ACTION_URI_ENUMERATE, BIG_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	assert_int_equal(big.built, 0);
	for (unsigned pulls = 0; pulls < 15; pulls++) {
		char id[16];

		pull_with(BIG_URI, "", 20, "");
		assert_int_equal(resp.status, 200);
		assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Big"), 20);
		snprintf(id, sizeof(id), "%u", expect);
		assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/other:Test_Big/"
							  "other:Id"), id);
		expect += 20;
		/* 20 sent and at most one more built to see whether more follow */
		assert_true(big.built <= expect + pulls + 1);
	}
	assert_non_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
	assert_null(xdoc_find(&reply, PULL_RESP "/enum:EnumerationContext"));
	assert_true(big.built <= 300 + 15);
}

#define ESTIMATE_HEADER "<w:RequestTotalItemsCountEstimate/>"

static void test_total_items_estimate(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, ESTIMATE_HEADER, "<n:Enumerate/>");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/man:TotalItemsCountEstimate"), "6");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	/* on a Pull too, the whole enumeration's count whatever was sent */
	pull_with(BASE_URI, ESTIMATE_HEADER, 2, "");
	assert_string_equal(xdoc_text_at(&reply, HEADER "/man:TotalItemsCountEstimate"), "6");
	pull_with(BASE_URI, "", 2, "");
	assert_null(xdoc_find(&reply, HEADER "/man:TotalItemsCountEstimate"));
	/* only when asked */
	handle(WSMAN_ACTION_URI_ENUMERATE, BIG_URI, "", "<n:Enumerate/>");
	assert_null(xdoc_find(&reply, HEADER "/man:TotalItemsCountEstimate"));
	handle(WSMAN_ACTION_URI_ENUMERATE, BIG_URI, ESTIMATE_HEADER, "<n:Enumerate/>");
	assert_string_equal(xdoc_text_at(&reply, HEADER "/man:TotalItemsCountEstimate"), "300");
}

/* The octets one Test_Numbered item takes in a reply. */
static size_t numbered_item_size(void)
{
	const char *start, *end;

	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "",
	       "<n:Enumerate><w:OptimizeEnumeration/></n:Enumerate>");
	start = strstr(resp.body.data, ":Test_Numbered ");
	end = strstr(resp.body.data, "</p:Test_Numbered>");
	assert_non_null(start);
	assert_non_null(end);
	while (*start != '<') {
		start--;
	}
	return (size_t)(end - start) + strlen("</p:Test_Numbered>");
}

static void test_max_characters(void **state)
{
	size_t item = numbered_item_size();
	char more[96];

	(void)state;
	/* two and a half items' worth: two are sent, the third waits */
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	snprintf(more, sizeof(more), "<n:MaxCharacters>%zu</n:MaxCharacters>", item * 5 / 2);
	pull_with(TEST_URI, "", 5, more);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Numbered"), 2);
	assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:EnumerationContext"), context);
	assert_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
	pull_with(TEST_URI, "", 5, more);
	assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Numbered"), 2);
	assert_string_equal(xdoc_text_nth(&reply, PULL_RESP "/enum:Items/other:Test_Numbered/"
						  "other:Id", 0), "3");
	/* exactly one item's worth is enough for it */
	snprintf(more, sizeof(more), "<n:MaxCharacters>%zu</n:MaxCharacters>", item);
	pull_with(TEST_URI, "", 5, more);
	assert_int_equal(xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Numbered"), 1);
	assert_non_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));

	/* a single item larger than MaxCharacters: wsman:EncodingLimit, and
	 * the context stays where it was */
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	snprintf(more, sizeof(more), "<n:MaxCharacters>%zu</n:MaxCharacters>", item - 1);
	pull_with(TEST_URI, "", 5, more);
	assert_fault("man:EncodingLimit", NULL);
	pull_with(TEST_URI, "", 1, "");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/other:Test_Numbered/"
						 "other:Id"), "1");
	/* not a positive number */
	pull_with(TEST_URI, "", 1, "<n:MaxCharacters>0</n:MaxCharacters>");
	assert_fault("man:InvalidParameter", "InvalidValue");
}

/* More than wsman:MaxEnvelopeSize allows: the reply carries what fits, the
 * rest follows on the next Pull (DSP0226 R6.2-2 without a fault). */
static void test_envelope_limit_splits_batches(void **state)
{
	unsigned first, second;
	char id[16];

	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, BIG_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	pull_with(BIG_URI, "<w:MaxEnvelopeSize>8192</w:MaxEnvelopeSize>", 200, "");
	assert_int_equal(resp.status, 200);
	assert_true(resp.body.len <= 8192);
	first = xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Big");
	assert_true(first > 5 && first < 200);
	pull_with(BIG_URI, "<w:MaxEnvelopeSize>8192</w:MaxEnvelopeSize>", 200, "");
	second = xdoc_count(&reply, PULL_RESP "/enum:Items/other:Test_Big");
	assert_int_equal(second, first);
	snprintf(id, sizeof(id), "%u", first);
	assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/other:Test_Big/other:Id"),
			    id);
}

static void test_renew_and_get_status(void **state)
{
	char body[256];

	(void)state;
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	now += 10000;
	snprintf(body, sizeof(body),
		 "<n:GetStatus><n:EnumerationContext>%s</n:EnumerationContext></n:GetStatus>",
		 context);
	handle(WSMAN_ACTION_URI_ENUM_STATUS, TEST_URI, "", body);
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"),
			    WSMAN_NS_WSEN "/GetStatusResponse");
	assert_string_equal(xdoc_text_at(&reply, BODY "/enum:GetStatusResponse/enum:Expires"),
			    "PT50.000S");

	snprintf(body, sizeof(body),
		 "<n:Renew><n:EnumerationContext>%s</n:EnumerationContext>"
		 "<n:Expires>PT120S</n:Expires></n:Renew>", context);
	handle(WSMAN_ACTION_URI_ENUM_RENEW, TEST_URI, "", body);
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"),
			    WSMAN_NS_WSEN "/RenewResponse");
	assert_string_equal(xdoc_text_at(&reply, BODY "/enum:RenewResponse/enum:Expires"),
			    "PT120.000S");
	/* alive past the first expiry, gone after the renewed one */
	now += 100000;
	pull(1);
	assert_int_equal(resp.status, 200);
	now += 20000;
	pull(1);
	assert_fault("enum:InvalidEnumerationContext", NULL);
	handle(WSMAN_ACTION_URI_ENUM_STATUS, TEST_URI, "", body);
	assert_fault("enum:InvalidEnumerationContext", NULL);
	handle(WSMAN_ACTION_URI_ENUM_RENEW, TEST_URI, "", body);
	assert_fault("enum:InvalidEnumerationContext", NULL);

	/* Renew's own Expires faults */
	handle(WSMAN_ACTION_URI_ENUMERATE, TEST_URI, "", "<n:Enumerate/>");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	snprintf(body, sizeof(body),
		 "<n:Renew><n:EnumerationContext>%s</n:EnumerationContext>"
		 "<n:Expires>2030-01-01T00:00:00Z</n:Expires></n:Renew>", context);
	handle(WSMAN_ACTION_URI_ENUM_RENEW, TEST_URI, "", body);
	assert_fault("enum:UnsupportedExpirationType", NULL);
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
		cmocka_unit_test_setup_teardown(test_polymorphism_and_providers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pull_resumes_at_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_total_items_estimate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_envelope_limit_splits_batches, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_renew_and_get_status, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

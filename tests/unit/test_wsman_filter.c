/* sources: mgmt/wsman/wsman.c mgmt/wsman/cim_ops.c mgmt/wsman/enumerate.c mgmt/wsman/enum_body.c mgmt/wsman/enum_walk.c mgmt/wsman/filter_selector.c mgmt/wsman/filter_association.c mgmt/wsman/cim_xml.c mgmt/cim/cim.c mgmt/profiles/host_system.c mgmt/profiles/profile_registration.c mgmt/profiles/association.c mgmt/profiles/host_ref.c mgmt/wsman/identify.c mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c mgmt/profiles/resource_pool_table.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/hosted/hv_backend.c hv/api_errors.c mgmt/profiles/console_output.c mgmt/cim/arena.c mgmt/cim/status.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/virtual_system_management_capabilities.c mgmt/profiles/hosted_service.c mgmt/profiles/hosted_dependency.c mgmt/profiles/settings_define_state.c mgmt/profiles/element_capabilities.c mgmt/profiles/account.c mgmt/profiles/account_on_system.c mgmt/profiles/job.c mgmt/profiles/concrete_job.c mgmt/profiles/cim_error.c mgmt/profiles/affected_job_element.c mgmt/profiles/enabled_logical_element_capabilities.c mgmt/profiles/job_timeout.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/allocation_capabilities.c mgmt/profiles/allocation_template.c mgmt/profiles/pool_capabilities.c mgmt/profiles/settings_define_capabilities.c mgmt/profiles/hosted_resource_pool.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool.c mgmt/profiles/resource_settings.c mgmt/profiles/vssd_component.c mgmt/profiles/resource_allocation_from_pool.c mgmt/profiles/element_allocated_from_pool.c mgmt/profiles/child_pool.c mgmt/profiles/resource_pool_configuration_service.c mgmt/profiles/modify_system_settings.c mgmt/profiles/virtual_device.c mgmt/profiles/processor_device.c mgmt/profiles/memory_device.c mgmt/profiles/system_device.c mgmt/profiles/settings_define_state_device.c mgmt/profiles/element_setting_data.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* libs: -lexpat -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * Filtered enumeration through wsman_handle(): the selector filter
 * (DSP0226 8.3) and the DSP0227 8.2 association filter
 * (AssociatedInstances, AssociationInstances) with every restriction, EPR
 * modes, Pulls across an association instance with several results,
 * EPR-valued selectors in an association's own EPR, and each fault.
 * The registry: the host CIM_ComputerSystem, Test_Base (two providers) and
 * its subclass Test_Child, the association Test_Link (Left: a Test_Base,
 * Right: the host; one Left dangles), Test_Triple (three references), all
 * in root/cimv2, and Test_Far in root/interop (the host and Test_Base 2).
 * Then DSP1033 Profile Registration over the firmware's table and over a
 * table of two profiles, one referencing the other.
 */
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/profile_registration.h"
#include "mgmt/profiles/virtual_system.h"
#include "tests/unit/test_wsman_cim.h"

#define CS_URI		CIM_RESOURCE_URI_PREFIX "CIM_ComputerSystem"
#define BASE_URI	CIM_RESOURCE_URI_PREFIX "Test_Base"
#define ALL_URI		"http://schemas.dmtf.org/wbem/wscim/1/*"
#define SELECTOR_DIALECT "http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter"
#define ASSOC_DIALECT	"http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter"
#define ITEMS		ENUM_RESP "/man:Items"

/* --- Test_Base, Test_Child ---------------------------------------------------- */

static const struct cim_property base_props[] = {
	{ .name = "Id", .type = CIM_TYPE_UINT32, .key = true },
	{ .name = "Label", .type = CIM_TYPE_STRING },
	{ .name = "Tags", .type = CIM_TYPE_STRING, .array = true },
};
static const struct cim_class base_class = { .name = "Test_Base", .cim_namespace = "root/cimv2",
					     .props = base_props, .prop_count = 3 };
static const struct cim_class child_class = { .name = "Test_Child",
					      .cim_namespace = "root/cimv2",
					      .props = base_props, .prop_count = 3,
					      .super = &base_class };

struct series {
	const struct cim_class *cls;
	uint32_t first, count;
	const char *label;
};

static int series_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct series *sr = pctx;

	for (uint32_t i = from; i < sr->count; i++) {
		struct cim_instance inst = { .cls = sr->cls };
		int rc;

		inst.values[0].u = sr->first + i;
		inst.values[1].s = sr->label;
		inst.values[2].count = 0;
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static const struct series base_a = { &base_class, 1, 3, "a" };
static const struct series base_b = { &base_class, 10, 2, "b" };
static const struct series child = { &child_class, 100, 1, "c" };
static const struct cim_provider base_a_provider = { .cls = &base_class,
						     .enumerate = series_enumerate,
						     .pctx = (void *)&base_a };
static const struct cim_provider base_b_provider = { .cls = &base_class,
						     .enumerate = series_enumerate,
						     .pctx = (void *)&base_b };
static const struct cim_provider child_provider = { .cls = &child_class,
						    .enumerate = series_enumerate,
						    .pctx = (void *)&child };

/* --- the associations --------------------------------------------------------- */

static const struct cim_ref host_ref = { "CIM_ComputerSystem", "root/cimv2", 2,
					 { { "CreationClassName", "CIM_ComputerSystem", NULL },
					   { "Name", "vmanhv", NULL } } };
static const struct cim_ref base1_ref = { "Test_Base", "root/cimv2", 1, { { "Id", "1", NULL } } };
static const struct cim_ref base10_ref = { "Test_Base", "root/cimv2", 1,
					   { { "Id", "10", NULL } } };
static const struct cim_ref child_ref = { "Test_Child", "root/cimv2", 1,
					  { { "Id", "100", NULL } } };
static const struct cim_ref gone_ref = { "Test_Base", "root/cimv2", 1, { { "Id", "99", NULL } } };

static const struct cim_property link_props[] = {
	{ .name = "Left", .type = CIM_TYPE_REF, .key = true, .ref_class = "Test_Base" },
	{ .name = "Right", .type = CIM_TYPE_REF, .key = true, .ref_class = "CIM_ComputerSystem" },
};
static const struct cim_class link_class = { .name = "Test_Link", .cim_namespace = "root/cimv2",
					     .props = link_props, .prop_count = 2 };
static const struct cim_ref *const link_left[] = { &base1_ref, &base10_ref, &child_ref,
						    &gone_ref };

static int link_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	(void)pctx;
	for (uint32_t i = from; i < 4; i++) {
		struct cim_instance inst = { .cls = &link_class };
		int rc;

		inst.values[0].ref = link_left[i];
		inst.values[1].ref = &host_ref;
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static const struct cim_property triple_props[] = {
	{ .name = "A", .type = CIM_TYPE_REF, .key = true, .ref_class = "CIM_ComputerSystem" },
	{ .name = "B", .type = CIM_TYPE_REF, .key = true, .ref_class = "Test_Base" },
	{ .name = "C", .type = CIM_TYPE_REF, .key = true, .ref_class = "Test_Base" },
};
static const struct cim_class triple_class = { .name = "Test_Triple",
					       .cim_namespace = "root/cimv2",
					       .props = triple_props, .prop_count = 3 };

static const struct cim_ref base3_ref = { "Test_Base", "root/cimv2", 1, { { "Id", "3", NULL } } };
static const struct cim_ref base11_ref = { "Test_Base", "root/cimv2", 1,
					   { { "Id", "11", NULL } } };
/* Instance 0: two results of one association instance (Test_Base 3, 11);
 * instance 1: both ends already reached through Test_Link (1, 10). */
static const struct cim_ref *const triple_ends[2][2] = { { &base3_ref, &base11_ref },
							  { &base1_ref, &base10_ref } };

static int triple_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	(void)pctx;
	for (uint32_t i = from; i < 2; i++) {
		struct cim_instance inst = { .cls = &triple_class };
		int rc;

		inst.values[0].ref = &host_ref;
		inst.values[1].ref = triple_ends[i][0];
		inst.values[2].ref = triple_ends[i][1];
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* Test_Far: an association in another namespace (host - Test_Base 2) */
static const struct cim_ref base2_ref = { "Test_Base", "root/cimv2", 1, { { "Id", "2", NULL } } };
static const struct cim_class far_class = { .name = "Test_Far", .cim_namespace = "root/interop",
					    .props = link_props, .prop_count = 2 };

static int far_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst = { .cls = &far_class };

	(void)pctx;
	if (from > 0) {
		return 0;
	}
	inst.values[0].ref = &base2_ref;
	inst.values[1].ref = &host_ref;
	return fn(ctx, &inst);
}

static const struct cim_provider far_provider = { .cls = &far_class,
						  .enumerate = far_enumerate };
static const struct cim_provider link_provider = { .cls = &link_class,
						   .enumerate = link_enumerate };
static const struct cim_provider triple_provider = { .cls = &triple_class,
						     .enumerate = triple_enumerate };

static const struct cim_provider *const providers[] = {
	&host_system_provider, &base_a_provider, &child_provider, &base_b_provider,
	&link_provider, &triple_provider, &far_provider,
};
static const struct cim_registry registry = { providers, 7, NULL };

static int setup(void **state)
{
	(void)state;
	cim_setup(&registry);
	return 0;
}

/* --- requests ------------------------------------------------------------------ */

static char body[4096];

/* An optimized Enumerate (MaxElements 50) with a filter and a mode. */
static void enumerate_filtered(const char *uri, const char *header, const char *dialect,
			       const char *filter, const char *mode)
{
	snprintf(body, sizeof(body),
		 "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>50</w:MaxElements>%s%s%s%s"
		 "<w:Filter Dialect=\"%s\" xmlns:b=\"" WSMAN_NS_WSMB "\">%s</w:Filter>"
		 "</n:Enumerate>",
		 mode != NULL ? "<w:EnumerationMode>" : "", mode != NULL ? mode : "",
		 mode != NULL ? "</w:EnumerationMode>" : "", "", dialect, filter);
	handle(WSMAN_ACTION_URI_ENUMERATE, uri, header, body);
}

#define HOST_OBJECT \
	"<b:Object><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address><a:ReferenceParameters>" \
	"<w:ResourceURI>" CS_URI "</w:ResourceURI><w:SelectorSet>" \
	"<w:Selector Name=\"__cimnamespace\">root/cimv2</w:Selector>" \
	"<w:Selector Name=\"Name\">vmanhv</w:Selector>" \
	"<w:Selector Name=\"CreationClassName\">CIM_ComputerSystem</w:Selector>" \
	"</w:SelectorSet></a:ReferenceParameters></b:Object>"

#define BASE1_OBJECT \
	"<b:Object><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address><a:ReferenceParameters>" \
	"<w:ResourceURI>" BASE_URI "</w:ResourceURI><w:SelectorSet>" \
	"<w:Selector Name=\"Id\">1</w:Selector></w:SelectorSet></a:ReferenceParameters>" \
	"</b:Object>"

static void associated(const char *object, const char *more, const char *mode)
{
	char filter[2048];

	snprintf(filter, sizeof(filter), "<b:AssociatedInstances>%s%s</b:AssociatedInstances>",
		 object, more);
	enumerate_filtered(ALL_URI, "", ASSOC_DIALECT, filter, mode);
}

static void references(const char *object, const char *more, const char *mode)
{
	char filter[2048];

	snprintf(filter, sizeof(filter), "<b:AssociationInstances>%s%s</b:AssociationInstances>",
		 object, more);
	enumerate_filtered(ALL_URI, "", ASSOC_DIALECT, filter, mode);
}

/* --- the selector filter ------------------------------------------------------- */

static void test_selector_filter(void **state)
{
	(void)state;
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Id\">2</w:Selector></w:SelectorSet>",
			   NULL);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Base"), 1);
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/other:Test_Base/other:Id"), "2");
	assert_non_null(xdoc_find(&reply, ENUM_RESP "/man:EndOfSequence"));

	/* a non-key property, names case-insensitive; from the second provider */
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"LABEL\">b</w:Selector>"
			   "</w:SelectorSet>",
			   NULL);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Base"), 2);
	assert_string_equal(xdoc_text_nth(&reply, ITEMS "/other:Test_Base/other:Id", 0), "10");
	assert_string_equal(xdoc_text_nth(&reply, ITEMS "/other:Test_Base/other:Id", 1), "11");

	/* a subclass's instance through the base class; values are exact */
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Label\">c</w:Selector>"
			   "</w:SelectorSet>",
			   NULL);
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/other:Test_Child/other:Id"), "100");
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Label\">C</w:Selector>"
			   "</w:SelectorSet>",
			   NULL);
	assert_int_equal(resp.status, 200);
	assert_null(xdoc_find(&reply, ITEMS "/other:Test_Child"));
	assert_non_null(xdoc_find(&reply, ENUM_RESP "/man:EndOfSequence"));

	/* two selectors: both must hold; EPR mode */
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Label\">a</w:Selector>"
			   "<w:Selector Name=\"Id\">3</w:Selector></w:SelectorSet>",
			   "EnumerateEPR");
	assert_int_equal(xdoc_count(&reply, ITEMS "/addr:EndpointReference"), 1);
	assert_string_equal(xdoc_text_nth(&reply, ITEMS "/addr:EndpointReference/"
					  "addr:ReferenceParameters/man:SelectorSet/man:Selector",
					  1), "3");
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Label\">b</w:Selector>"
			   "<w:Selector Name=\"Id\">3</w:Selector></w:SelectorSet>",
			   "EnumerateObjectAndEPR");
	assert_null(xdoc_find(&reply, ITEMS "/man:Item"));

	/* __cimnamespace inside the filter */
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/cimv2"
			   "</w:Selector><w:Selector Name=\"Id\">11</w:Selector></w:SelectorSet>",
			   "EnumerateObjectAndEPR");
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/man:Item/other:Test_Base/other:Id"), "11");
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/interop"
			   "</w:Selector><w:Selector Name=\"Id\">1</w:Selector></w:SelectorSet>",
			   NULL);
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
}

static void test_selector_filter_pulls(void **state)
{
	char pull_body[256];

	(void)state;
	/* non-optimized, one at a time across the providers: 10, 11 */
	snprintf(body, sizeof(body),
		 "<n:Enumerate><w:Filter Dialect=\"" SELECTOR_DIALECT "\"><w:SelectorSet>"
		 "<w:Selector Name=\"Label\">b</w:Selector></w:SelectorSet></w:Filter>"
		 "</n:Enumerate>");
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, "<w:RequestTotalItemsCountEstimate/>", body);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/man:TotalItemsCountEstimate"), "2");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	snprintf(pull_body, sizeof(pull_body),
		 "<n:Pull><n:EnumerationContext>%s</n:EnumerationContext></n:Pull>", context);
	handle(WSMAN_ACTION_URI_PULL, BASE_URI, "", pull_body);
	assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/other:Test_Base/other:Id"),
			    "10");
	assert_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
	handle(WSMAN_ACTION_URI_PULL, BASE_URI, "", pull_body);
	assert_string_equal(xdoc_text_at(&reply, PULL_RESP "/enum:Items/other:Test_Base/other:Id"),
			    "11");
	assert_non_null(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence"));
}

static void test_selector_filter_faults(void **state)
{
	(void)state;
	/* a property the class does not have, an array, no SelectorSet */
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Colour\">red</w:Selector>"
			   "</w:SelectorSet>", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Tags\">x</w:Selector>"
			   "</w:SelectorSet>",
			   NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT, "", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT, "<w:Other/>", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector>2</w:Selector></w:SelectorSet>", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	/* a selector holding an EPR */
	enumerate_filtered(BASE_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Id\"><a:EndpointReference/>"
			   "</w:Selector></w:SelectorSet>", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	/* the selector filter on the all-classes URI */
	enumerate_filtered(ALL_URI, "", SELECTOR_DIALECT,
			   "<w:SelectorSet><w:Selector Name=\"Id\">2</w:Selector></w:SelectorSet>",
			   NULL);
	assert_fault("enum:FilterDialectRequestedUnavailable", NULL);
}

/* --- the association filter ---------------------------------------------------- */

#define ASSOC_BASE	ITEMS "/other:Test_Base"
#define ASSOC_CHILD	ITEMS "/other:Test_Child"
#define ASSOC_CS	ITEMS "/other:CIM_ComputerSystem"

static void test_associated_instances(void **state)
{
	(void)state;
	/* from the host: through Test_Link 1, 10, 100 (99 dangles), through
	 * Test_Triple 3 and 11 (two results of one association instance); its
	 * second instance's 1 and 10 were sent already: each instance once
	 * (DSP0200 Associators returns a set) */
	associated(HOST_OBJECT, "", NULL);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE), 4);
	assert_int_equal(xdoc_count(&reply, ASSOC_CHILD), 1);
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_BASE "/other:Id", 0), "1");
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_BASE "/other:Id", 1), "10");
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_BASE "/other:Id", 2), "3");
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_BASE "/other:Id", 3), "11");
	assert_non_null(xdoc_find(&reply, ENUM_RESP "/man:EndOfSequence"));

	/* AssociationClassName (subclasses count), ResultClassName, Role, ResultRole */
	associated(HOST_OBJECT, "<b:AssociationClassName>Test_Link</b:AssociationClassName>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE), 2);
	assert_int_equal(xdoc_count(&reply, ASSOC_CHILD), 1);
	associated(HOST_OBJECT, "<b:ResultClassName>Test_Child</b:ResultClassName>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE), 0);
	assert_int_equal(xdoc_count(&reply, ASSOC_CHILD), 1);
	associated(HOST_OBJECT, "<b:Role>Right</b:Role><b:ResultRole>left</b:ResultRole>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE), 2);
	assert_int_equal(xdoc_count(&reply, ASSOC_CHILD), 1);
	associated(HOST_OBJECT, "<b:Role>Left</b:Role>", NULL);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE) + xdoc_count(&reply, ASSOC_CHILD), 0);
	/* through role C alone, 10 is new: Test_Link reaches it as Left */
	associated(HOST_OBJECT, "<b:ResultRole>C</b:ResultRole>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE), 2);
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_BASE "/other:Id", 0), "11");
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_BASE "/other:Id", 1), "10");
	associated(HOST_OBJECT, "<b:AssociationClassName>Test_None</b:AssociationClassName>", NULL);
	assert_int_equal(resp.status, 200);
	assert_non_null(xdoc_find(&reply, ENUM_RESP "/man:EndOfSequence"));

	/* the associations of the Object's namespace only: Test_Far (in
	 * root/interop) counts when the Object names no namespace */
	associated("<b:Object><a:ReferenceParameters><w:ResourceURI>" CS_URI "</w:ResourceURI>"
		   "<w:SelectorSet><w:Selector Name=\"Name\">vmanhv</w:Selector>"
		   "<w:Selector Name=\"CreationClassName\">CIM_ComputerSystem</w:Selector>"
		   "</w:SelectorSet></a:ReferenceParameters></b:Object>", "", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE), 5);
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_BASE "/other:Id", 4), "2");
	associated(HOST_OBJECT, "<b:AssociationClassName>Test_Far</b:AssociationClassName>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_BASE), 0);

	/* and back: from Test_Base 1 to the host, once though two associations lead there */
	associated(BASE1_OBJECT, "<b:ResultClassName>CIM_ComputerSystem</b:ResultClassName>",
		   "EnumerateObjectAndEPR");
	assert_int_equal(xdoc_count(&reply, ITEMS "/man:Item/other:CIM_ComputerSystem"), 1);
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/man:Item/other:CIM_ComputerSystem/"
					 "other:Name"), "vmanhv");
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/man:Item/addr:EndpointReference/"
					 "addr:ReferenceParameters/man:ResourceURI"), CS_URI);
}

/* Pulls of one item walk through the two results of Test_Triple's instance. */
static void test_associated_pulls(void **state)
{
	static const char *const ids[] = { "1", "10", "100", "3", "11" };
	char pull_body[256];

	(void)state;
	snprintf(body, sizeof(body),
		 "<n:Enumerate><w:EnumerationMode>EnumerateEPR</w:EnumerationMode>"
		 "<w:Filter Dialect=\"" ASSOC_DIALECT "\" xmlns:b=\"" WSMAN_NS_WSMB "\">"
		 "<b:AssociatedInstances>" HOST_OBJECT "</b:AssociatedInstances></w:Filter>"
		 "</n:Enumerate>");
	handle(WSMAN_ACTION_URI_ENUMERATE, ALL_URI, "<w:RequestTotalItemsCountEstimate/>", body);
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/man:TotalItemsCountEstimate"), "5");
	save_context(ENUM_RESP "/enum:EnumerationContext");
	snprintf(pull_body, sizeof(pull_body),
		 "<n:Pull><n:EnumerationContext>%s</n:EnumerationContext></n:Pull>", context);
	for (unsigned i = 0; i < 5; i++) {
		handle(WSMAN_ACTION_URI_PULL, ALL_URI, "", pull_body);
		assert_int_equal(resp.status, 200);
		assert_string_equal(xdoc_text_nth(&reply, PULL_RESP "/enum:Items/"
						  "addr:EndpointReference/addr:ReferenceParameters/"
						  "man:SelectorSet/man:Selector", 1), ids[i]);
		assert_int_equal(xdoc_find(&reply, PULL_RESP "/enum:EndOfSequence") != NULL,
				 i == 4);
	}
}

#define LINK_EPR	ITEMS "/addr:EndpointReference/addr:ReferenceParameters"
#define NESTED		LINK_EPR "/man:SelectorSet/man:Selector/addr:EndpointReference/" \
			"addr:ReferenceParameters"

static void test_association_instances(void **state)
{
	(void)state;
	/* every association naming the host: four links, two triples */
	references(HOST_OBJECT, "", NULL);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Link"), 4);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Triple"), 2);
	/* references written as EPRs inside the instance */
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/other:Test_Link/other:Right/"
					 "addr:ReferenceParameters/man:ResourceURI"), CS_URI);
	references(HOST_OBJECT, "<b:ResultClassName>Test_Triple</b:ResultClassName>", NULL);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Link"), 0);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Triple"), 2);
	references(HOST_OBJECT, "<b:Role>Left</b:Role>", NULL);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Link"), 0);
	references(BASE1_OBJECT, "<b:Role>left</b:Role>", NULL);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Link"), 1);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:Test_Triple"), 0);

	/* an association's EPR: its REF keys are selectors holding EPRs
	 * (DSP0226 7.2.2), __cimnamespace first */
	references(BASE1_OBJECT, "<b:ResultClassName>Test_Link</b:ResultClassName>",
		   "EnumerateEPR");
	assert_string_equal(xdoc_text_at(&reply, LINK_EPR "/man:ResourceURI"),
			    CIM_RESOURCE_URI_PREFIX "Test_Link");
	assert_int_equal(xdoc_count(&reply, LINK_EPR "/man:SelectorSet/man:Selector"), 3);
	assert_string_equal(xdoc_text_nth(&reply, LINK_EPR "/man:SelectorSet/man:Selector", 0),
			    "root/cimv2");
	assert_int_equal(xdoc_count(&reply, NESTED), 2);
	assert_string_equal(xdoc_text_nth(&reply, NESTED "/man:ResourceURI", 0), BASE_URI);
	assert_string_equal(xdoc_text_nth(&reply, NESTED "/man:ResourceURI", 1), CS_URI);
	/* the nested selectors: Test_Base's two, then the host's three */
	assert_string_equal(xdoc_text_nth(&reply, NESTED "/man:SelectorSet/man:Selector", 4),
			    "vmanhv");
}

#define FROM_HOST "<b:AssociatedInstances>" HOST_OBJECT "</b:AssociatedInstances>"

static void test_association_faults(void **state)
{
	(void)state;
	/* DSP0227 R8.2-1: association filters only on the all-classes URI */
	enumerate_filtered(CS_URI, "", ASSOC_DIALECT, FROM_HOST, NULL);
	assert_fault("enum:FilterDialectRequestedUnavailable", NULL);
	/* no filter, or no association filter, on the all-classes URI */
	handle(WSMAN_ACTION_URI_ENUMERATE, ALL_URI, "", "<n:Enumerate/>");
	assert_fault("enum:FilterDialectRequestedUnavailable", NULL);
	/* no Object; an Object that is no instance; not a DMTF class URI */
	associated("", "<b:Role>Right</b:Role>", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	associated("<b:Object><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address>"
		   "<a:ReferenceParameters><w:ResourceURI>" BASE_URI "</w:ResourceURI>"
		   "<w:SelectorSet><w:Selector Name=\"Id\">7</w:Selector></w:SelectorSet>"
		   "</a:ReferenceParameters></b:Object>", "", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	associated("<b:Object><a:ReferenceParameters><w:ResourceURI>http://example.com/X"
		   "</w:ResourceURI></a:ReferenceParameters></b:Object>", "", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	/* two Objects, an unknown element, AssociationClassName in References */
	associated(HOST_OBJECT HOST_OBJECT, "", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	associated(HOST_OBJECT, "<b:Colour>red</b:Colour>", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	references(HOST_OBJECT, "<b:AssociationClassName>Test_Link</b:AssociationClassName>",
		   NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	enumerate_filtered(ALL_URI, "", ASSOC_DIALECT, "<b:Other/>", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	enumerate_filtered(ALL_URI, "", ASSOC_DIALECT, "", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
	/* an unknown namespace in the header */
	enumerate_filtered(ALL_URI,
			   "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/nowhere"
			   "</w:Selector></w:SelectorSet>", ASSOC_DIALECT, FROM_HOST, NULL);
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
}

static void test_dialect_faults(void **state)
{
	(void)state;
	/* WQL, CQL, XPath (no Dialect): not served */
	enumerate_filtered(BASE_URI, "", "http://schemas.microsoft.com/wbem/wsman/1/WQL",
			   "select * from Test_Base", NULL);
	assert_fault("enum:FilterDialectRequestedUnavailable", NULL);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"),
			    WSMAN_NS_WSEN "/fault");
	enumerate_filtered(BASE_URI, "", "http://schemas.dmtf.org/wbem/cql/1/dsp0202.pdf",
			   "SELECT * FROM Test_Base", NULL);
	assert_fault("enum:FilterDialectRequestedUnavailable", NULL);
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, "",
	       "<n:Enumerate><n:Filter>/Test_Base</n:Filter></n:Enumerate>");
	assert_fault("enum:FilterDialectRequestedUnavailable", NULL);
	/* two filters */
	handle(WSMAN_ACTION_URI_ENUMERATE, BASE_URI, "",
	       "<n:Enumerate><w:Filter Dialect=\"" SELECTOR_DIALECT "\"/>"
	       "<w:Filter Dialect=\"" SELECTOR_DIALECT "\"/></n:Enumerate>");
	assert_fault("enum:CannotProcessFilter", NULL);
}

/* --- Get of an association instance: EPR-valued selectors (DSP0226 7.2.2) ------ */

#define LINK_URI	CIM_RESOURCE_URI_PREFIX "Test_Link"
#define EPR_SELECTOR(name, uri, selectors) \
	"<w:Selector Name=\"" name "\"><a:EndpointReference><a:Address>" WSMAN_WSA_ANONYMOUS \
	"</a:Address><a:ReferenceParameters><w:ResourceURI>" uri "</w:ResourceURI>" \
	"<w:SelectorSet>" selectors "</w:SelectorSet></a:ReferenceParameters>" \
	"</a:EndpointReference></w:Selector>"
#define HOST_SELECTORS \
	"<w:Selector Name=\"__cimnamespace\">root/cimv2</w:Selector>" \
	"<w:Selector Name=\"CreationClassName\">CIM_ComputerSystem</w:Selector>" \
	"<w:Selector Name=\"Name\">vmanhv</w:Selector>"

static void test_get_association_instance(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_GET, LINK_URI,
	       "<w:SelectorSet>"
	       EPR_SELECTOR("Right", CS_URI, HOST_SELECTORS)
	       EPR_SELECTOR("Left", BASE_URI, "<w:Selector Name=\"Id\">10</w:Selector>")
	       "</w:SelectorSet>", "");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, BODY "/other:Test_Link/other:Left/"
					 "addr:ReferenceParameters/man:SelectorSet/man:Selector"),
			    "root/cimv2");
	assert_string_equal(xdoc_text_nth(&reply, BODY "/other:Test_Link/other:Left/"
					  "addr:ReferenceParameters/man:SelectorSet/man:Selector",
					  1), "10");
	/* no such link (the host is not Left of any) */
	handle(WSMAN_ACTION_URI_GET, LINK_URI,
	       "<w:SelectorSet>"
	       EPR_SELECTOR("Left", CS_URI, HOST_SELECTORS)
	       EPR_SELECTOR("Right", CS_URI, HOST_SELECTORS)
	       "</w:SelectorSet>", "");
	assert_fault("addr:DestinationUnreachable", NULL);
	/* text for a reference key, an EPR for a text key, a non-DMTF URI */
	handle(WSMAN_ACTION_URI_GET, LINK_URI,
	       "<w:SelectorSet><w:Selector Name=\"Left\">1</w:Selector>"
	       EPR_SELECTOR("Right", CS_URI, HOST_SELECTORS) "</w:SelectorSet>", "");
	assert_fault("man:InvalidSelectors", "TypeMismatch");
	handle(WSMAN_ACTION_URI_GET, BASE_URI,
	       "<w:SelectorSet>" EPR_SELECTOR("Id", CS_URI, HOST_SELECTORS) "</w:SelectorSet>",
	       "");
	assert_fault("man:InvalidSelectors", "TypeMismatch");
	handle(WSMAN_ACTION_URI_GET, LINK_URI,
	       "<w:SelectorSet>"
	       EPR_SELECTOR("Left", "urn:not-dmtf", "<w:Selector Name=\"Id\">1</w:Selector>")
	       EPR_SELECTOR("Right", CS_URI, HOST_SELECTORS) "</w:SelectorSet>", "");
	assert_fault("man:InvalidSelectors", "TypeMismatch");
}

/* --- DSP1033 Profile Registration -------------------------------------------- */

#define RP_URI		CIM_RESOURCE_URI_PREFIX "CIM_RegisteredProfile"
#define RP_ITEM		ITEMS "/other:CIM_RegisteredProfile"
#define INTEROP_NS	"<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/interop" \
			"</w:Selector></w:SelectorSet>"

static const char *const a_references[] = { "test:B", NULL };
static const struct registered_profile two_profiles[] = {
	{ "test:A", "Alpha", "1.0.0", &host_ref, a_references, NULL },
	{ "test:B", "Beta", "2.1.0", NULL, NULL, NULL },
};
static const struct profile_table two_table = { two_profiles, 2 };
static const struct cim_provider two_registered = { .cls = &registered_profile_class,
						    .enumerate = registered_profile_enumerate,
						    .pctx = (void *)&two_table };
static const struct cim_provider two_referenced = { .cls = &referenced_profile_class,
						    .enumerate = referenced_profile_enumerate,
						    .pctx = (void *)&two_table };

static const struct cim_provider *const firmware_providers[] = {
	&host_system_provider, &virtual_system_provider, &registered_profile_provider,
	&conforms_interop_provider, &conforms_cimv2_provider, &referenced_profile_provider,
};
static const struct cim_registry firmware_registry = { firmware_providers, 6, NULL };
static const struct cim_provider *const two_providers[] = {
	&host_system_provider, &two_registered, &two_referenced,
};
static const struct cim_registry two_registry = { two_providers, 3, NULL };

static int setup_firmware_profiles(void **state)
{
	(void)state;
	cim_setup(&firmware_registry);
	return 0;
}

static int setup_two_profiles(void **state)
{
	(void)state;
	cim_setup(&two_registry);
	return 0;
}

#define PROFILE_OBJECT(id) \
	"<b:Object><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address><a:ReferenceParameters>" \
	"<w:ResourceURI>" RP_URI "</w:ResourceURI><w:SelectorSet>" \
	"<w:Selector Name=\"__cimnamespace\">root/interop</w:Selector>" \
	"<w:Selector Name=\"InstanceID\">" id "</w:Selector></w:SelectorSet>" \
	"</a:ReferenceParameters></b:Object>"

static void test_registered_profiles(void **state)
{
	(void)state;
	/* in root/interop, found with or without __cimnamespace */
	handle(WSMAN_ACTION_URI_ENUMERATE, RP_URI, INTEROP_NS,
	       "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>10</w:MaxElements>"
	       "<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode></n:Enumerate>");
	assert_int_equal(resp.status, 200);
	/* DSP1033 first, then DSP1041/1043/1044/1045 (docs/allocation.md), DSP1042, DSP1057 */
	assert_int_equal(xdoc_count(&reply, ITEMS "/man:Item/other:CIM_RegisteredProfile"), 7);
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/man:Item/other:CIM_RegisteredProfile/"
					 "other:InstanceID"), "vmanhv:DSP1033-1.0.0");
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/man:Item/other:CIM_RegisteredProfile/"
					 "other:RegisteredName"), "Profile Registration");
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/man:Item/other:CIM_RegisteredProfile/"
					 "other:RegisteredOrganization"), "2");
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/man:Item/other:CIM_RegisteredProfile/"
					 "other:RegisteredVersion"), "1.0.0");
	assert_string_equal(xdoc_text_nth(&reply, ITEMS "/man:Item/addr:EndpointReference/"
					  "addr:ReferenceParameters/man:SelectorSet/man:Selector",
					  0), "root/interop");
	handle(WSMAN_ACTION_URI_ENUMERATE, RP_URI, "",
	       "<n:Enumerate><w:OptimizeEnumeration/></n:Enumerate>");
	assert_int_equal(xdoc_count(&reply, RP_ITEM), 1);	/* MaxElements defaults to 1 */
	/* not in root/cimv2 */
	handle(WSMAN_ACTION_URI_ENUMERATE, RP_URI,
	       "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/cimv2</w:Selector>"
	       "</w:SelectorSet>", "<n:Enumerate/>");
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
	/* Get by InstanceID */
	handle(WSMAN_ACTION_URI_GET, RP_URI,
	       "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/interop</w:Selector>"
	       "<w:Selector Name=\"InstanceID\">vmanhv:DSP1033-1.0.0</w:Selector>"
	       "</w:SelectorSet>", "");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, BODY "/other:CIM_RegisteredProfile/"
					 "other:RegisteredVersion"), "1.0.0");
}

/* From the host (root/cimv2) to its profile (root/interop) and back. */
static void test_conforms_to_profile(void **state)
{
	(void)state;
	associated(HOST_OBJECT, "<b:ResultClassName>CIM_RegisteredProfile</b:ResultClassName>",
		   NULL);
	assert_int_equal(resp.status, 200);
	/* the host scopes Profile Registration and is System Virtualization's central instance */
	assert_int_equal(xdoc_count(&reply, RP_ITEM), 2);
	assert_string_equal(xdoc_text_nth(&reply, RP_ITEM "/other:InstanceID", 0),
			    "vmanhv:DSP1033-1.0.0");
	assert_string_equal(xdoc_text_nth(&reply, RP_ITEM "/other:InstanceID", 1),
			    "vmanhv:DSP1042-1.0.0");
	associated(PROFILE_OBJECT("vmanhv:DSP1033-1.0.0"),
		   "<b:AssociationClassName>CIM_ElementConformsToProfile"
		   "</b:AssociationClassName><b:Role>ConformantStandard</b:Role>"
		   "<b:ResultRole>ManagedElement</b:ResultRole>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_CS), 1);
	assert_string_equal(xdoc_text_at(&reply, ASSOC_CS "/other:Name"), "vmanhv");
	/* the association itself, in the namespace of the side asked from */
	references(HOST_OBJECT, "", "EnumerateEPR");
	assert_int_equal(xdoc_count(&reply, LINK_EPR), 2);
	assert_string_equal(xdoc_text_at(&reply, LINK_EPR "/man:ResourceURI"),
			    CIM_RESOURCE_URI_PREFIX "CIM_ElementConformsToProfile");
	assert_string_equal(xdoc_text_nth(&reply, LINK_EPR "/man:SelectorSet/man:Selector", 0),
			    "root/cimv2");
	/* its ElementConformsToProfile, and DSP1042 and DSP1057 referencing it */
	references(PROFILE_OBJECT("vmanhv:DSP1033-1.0.0"), "", "EnumerateEPR");
	assert_int_equal(xdoc_count(&reply, LINK_EPR), 3);
	assert_string_equal(xdoc_text_nth(&reply, LINK_EPR "/man:SelectorSet/man:Selector", 0),
			    "root/interop");
	/* an unknown profile is no instance */
	associated(PROFILE_OBJECT("vmanhv:DSP9999-1.0.0"), "", NULL);
	assert_fault("enum:CannotProcessFilter", NULL);
}

#define VM_OBJECT(name) \
	"<b:Object><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address><a:ReferenceParameters>" \
	"<w:ResourceURI>" CS_URI "</w:ResourceURI><w:SelectorSet>" \
	"<w:Selector Name=\"CreationClassName\">CIM_ComputerSystem</w:Selector>" \
	"<w:Selector Name=\"Name\">" name "</w:Selector></w:SelectorSet>" \
	"</a:ReferenceParameters></b:Object>"

static uint32_t vm_define(const char *name)
{
	struct hv_vm_config c = { .vcpus = 1 };
	uint32_t id;

	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.image, sizeof(c.image), "hello");
	assert_int_equal(hv_vm_create(&c, &id), 0);
	virtual_system_note(id, name, name, "hello");
	return id;
}

/* DSP1057's central instances are the VMs: one ElementConformsToProfile each. */
static void test_virtual_system_conforms(void **state)
{
	uint32_t a, b;

	(void)state;
	associated(PROFILE_OBJECT("vmanhv:DSP1057-1.0.0"), "<b:ResultRole>ManagedElement"
		   "</b:ResultRole>", NULL);
	assert_int_equal(resp.status, 200);
	assert_int_equal(xdoc_count(&reply, ASSOC_CS), 0);
	a = vm_define("vm-a");
	b = vm_define("vm-b");
	associated(PROFILE_OBJECT("vmanhv:DSP1057-1.0.0"), "<b:ResultRole>ManagedElement"
		   "</b:ResultRole>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_CS), 2);
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_CS "/other:Name", 0), "vm-a");
	assert_string_equal(xdoc_text_nth(&reply, ASSOC_CS "/other:Name", 1), "vm-b");
	associated(VM_OBJECT("vm-b"), "<b:ResultClassName>CIM_RegisteredProfile"
		   "</b:ResultClassName>", NULL);
	assert_int_equal(xdoc_count(&reply, RP_ITEM), 1);
	assert_string_equal(xdoc_text_at(&reply, RP_ITEM "/other:InstanceID"),
			    "vmanhv:DSP1057-1.0.0");
	/* DSP1042 uses DSP1057 (CIM_ReferencedProfile: Antecedent the used one) */
	associated(PROFILE_OBJECT("vmanhv:DSP1042-1.0.0"), "<b:AssociationClassName>"
		   "CIM_ReferencedProfile</b:AssociationClassName>", NULL);
	assert_int_equal(xdoc_count(&reply, RP_ITEM), 6);
	assert_int_equal(hv_vm_destroy(a), 0);
	virtual_system_forget(a);
	associated(PROFILE_OBJECT("vmanhv:DSP1057-1.0.0"), "<b:ResultRole>ManagedElement"
		   "</b:ResultRole>", NULL);
	assert_int_equal(xdoc_count(&reply, ASSOC_CS), 1);
	assert_string_equal(xdoc_text_at(&reply, ASSOC_CS "/other:Name"), "vm-b");
	assert_int_equal(hv_vm_destroy(b), 0);
	virtual_system_forget(b);
}

static void test_referenced_profile(void **state)
{
	(void)state;
	associated(PROFILE_OBJECT("test:A"),
		   "<b:AssociationClassName>CIM_ReferencedProfile</b:AssociationClassName>",
		   NULL);
	assert_int_equal(xdoc_count(&reply, RP_ITEM), 1);
	assert_string_equal(xdoc_text_at(&reply, RP_ITEM "/other:RegisteredName"), "Beta");
	assert_string_equal(xdoc_text_at(&reply, RP_ITEM "/other:RegisteredVersion"), "2.1.0");
	/* B is the Antecedent: seen from B, A is the Dependent */
	associated(PROFILE_OBJECT("test:B"), "<b:ResultRole>Dependent</b:ResultRole>", NULL);
	assert_string_equal(xdoc_text_at(&reply, RP_ITEM "/other:InstanceID"), "test:A");
	associated(PROFILE_OBJECT("test:B"), "<b:Role>Dependent</b:Role>", NULL);
	assert_int_equal(xdoc_count(&reply, RP_ITEM), 0);
	references(PROFILE_OBJECT("test:A"), "", NULL);
	assert_int_equal(xdoc_count(&reply, ITEMS "/other:CIM_ReferencedProfile"), 1);
	assert_string_equal(xdoc_text_at(&reply, ITEMS "/other:CIM_ReferencedProfile/"
					 "other:Antecedent/addr:ReferenceParameters/"
					 "man:SelectorSet/man:Selector"), "root/interop");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_selector_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selector_filter_pulls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selector_filter_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_associated_instances, setup, teardown),
		cmocka_unit_test_setup_teardown(test_associated_pulls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_association_instances, setup, teardown),
		cmocka_unit_test_setup_teardown(test_association_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dialect_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_association_instance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registered_profiles, setup_firmware_profiles,
						teardown),
		cmocka_unit_test_setup_teardown(test_conforms_to_profile, setup_firmware_profiles,
						teardown),
		cmocka_unit_test_setup_teardown(test_virtual_system_conforms,
						setup_firmware_profiles, teardown),
		cmocka_unit_test_setup_teardown(test_referenced_profile, setup_two_profiles,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/wsman/wsman.c mgmt/wsman/cim_ops.c mgmt/wsman/enumerate.c mgmt/wsman/enum_body.c mgmt/wsman/enum_walk.c mgmt/wsman/filter_selector.c mgmt/wsman/filter_association.c mgmt/wsman/cim_xml.c mgmt/cim/cim.c mgmt/wsman/identify.c mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c mgmt/cim/arena.c mgmt/cim/status.c mgmt/cim/instance_build.c mgmt/cim/instance_copy.c mgmt/cim/objpath.c mgmt/cim/mof_parse.c mgmt/wsman/cimxml_parse.c mgmt/wsman/cimxml_write.c mgmt/wsman/embedded.c mgmt/wsman/wscim_parse.c mgmt/wsman/cim_fault.c mgmt/wsman/cim_target.c mgmt/wsman/write_body.c mgmt/wsman/transfer.c mgmt/wsman/invoke.c mgmt/profiles/cim_error.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * Invoke of extrinsic methods through wsman_handle() (DSP0226 clause 9,
 * DSP0227 clause 9, DSP0230): a test provider whose Echo method takes
 * every parameter kind (scalars, arrays as repeated elements, references
 * as EPRs, embedded instances as WS-CIM XML, CIM-XML text and MOF text)
 * and returns them through OUT parameters (embedded instances as CIM-XML
 * text), a method that fails with a chosen CIM status, and a static one;
 * every reply read back with expat.
 */
#include "mgmt/profiles/cim_error.h"
#include "mgmt/wsman/cimxml_parse.h"
#include "mgmt/wsman/invoke.h"
#include "tests/unit/test_wsman_cim.h"

#define SVC_URI		CIM_RESOURCE_URI_PREFIX "Test_Service"
#define SETTING_URI	CIM_RESOURCE_URI_PREFIX "Test_Setting"
#define PLUS_URI	CIM_RESOURCE_URI_PREFIX "Test_SettingPlus"
#define SVC_KEYS "<w:SelectorSet><w:Selector Name=\"Name\">svc</w:Selector></w:SelectorSet>"
#define OUTPUT(m)	BODY "/other:" m "_OUTPUT"

/* --- the test provider ------------------------------------------------------------ */

static const struct cim_property setting_props[] = {
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Value", .type = CIM_TYPE_UINT32 },
};
/* Test_Setting's subclass, taken where a Test_Setting is (DSP0004 5.1.2.13). */
static const struct cim_class setting_plus_class;
static const struct cim_class *const setting_subclasses[] = { &setting_plus_class, NULL };
static const struct cim_class setting_class = { .name = "Test_Setting",
						 .cim_namespace = "root/cimv2",
						 .props = setting_props, .prop_count = 2,
						 .subclasses = setting_subclasses };

static const struct cim_property setting_plus_props[] = {
	{ .name = "Extra", .type = CIM_TYPE_UINT16 },
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Value", .type = CIM_TYPE_UINT32 },
};
static const struct cim_class setting_plus_class = { .name = "Test_SettingPlus",
						      .cim_namespace = "root/cimv2",
						      .props = setting_plus_props, .prop_count = 3,
						      .super = &setting_class };

static const struct cim_property svc_props[] = {
	{ .name = "Name", .type = CIM_TYPE_STRING, .key = true },
};
static const struct cim_class svc_class = { .name = "Test_Service", .cim_namespace = "root/cimv2",
					     .props = svc_props, .prop_count = 1 };

enum {
	E_COUNT, E_NAMES, E_TARGET, E_SETTINGS, E_LIST, E_FLAG, E_WHEN,
	E_RESULT, E_RESULTS, E_OUT, E_OUT_SETTING, E_OUT_SETTINGS, E_JOB, E_TARGETS, E_PARAMS
};

static const struct cim_param echo_params[] = {
	[E_COUNT] = { "Count", CIM_TYPE_UINT16, false, CIM_PARAM_IN, true, NULL, NULL },
	[E_NAMES] = { "Names", CIM_TYPE_STRING, true, CIM_PARAM_IN, false, NULL, NULL },
	[E_TARGET] = { "Target", CIM_TYPE_REF, false, CIM_PARAM_IN, false, "Test_Service", NULL },
	[E_SETTINGS] = { "Settings", CIM_TYPE_INSTANCE, false, CIM_PARAM_IN, false, NULL,
			 &setting_class },
	[E_LIST] = { "SettingsList", CIM_TYPE_INSTANCE, true, CIM_PARAM_IN, false, NULL,
		     &setting_class },
	[E_FLAG] = { "Flag", CIM_TYPE_BOOLEAN, false, CIM_PARAM_IN, false, NULL, NULL },
	[E_WHEN] = { "When", CIM_TYPE_DATETIME, false, CIM_PARAM_IN, false, NULL, NULL },
	[E_RESULT] = { "Result", CIM_TYPE_STRING, false, CIM_PARAM_OUT, false, NULL, NULL },
	[E_RESULTS] = { "Results", CIM_TYPE_UINT32, true, CIM_PARAM_OUT, false, NULL, NULL },
	[E_OUT] = { "Out", CIM_TYPE_REF, false, CIM_PARAM_OUT, false, "Test_Service", NULL },
	[E_OUT_SETTING] = { "OutSetting", CIM_TYPE_INSTANCE, false, CIM_PARAM_OUT, false, NULL,
			    &setting_class },
	[E_OUT_SETTINGS] = { "OutSettings", CIM_TYPE_INSTANCE, true, CIM_PARAM_OUT, false, NULL,
			     &setting_class },
	[E_JOB] = { "Job", CIM_TYPE_REF, false, CIM_PARAM_OUT, false, "CIM_ConcreteJob", NULL },
	[E_TARGETS] = { "Targets", CIM_TYPE_REF, true, CIM_PARAM_IN, false, "Test_Service", NULL },
};

/* What the last Echo received. */
static struct {
	unsigned calls;
	char target_keys[64];
	uint64_t count;
	uint32_t names;
	char joined[128];
	bool flag_null;
	char when[64];
	char settings_id[32];
	uint64_t settings_value;
	uint32_t list_count;
	char list_ids[64];
	char list_classes[128];
	char targets[128];
} echo;

static void join(char *out, size_t size, const char *const *sa, uint32_t n)
{
	out[0] = '\0';
	for (uint32_t k = 0; k < n; k++) {
		snprintf(out + strlen(out), size - strlen(out), "%s%s", k > 0 ? "," : "", sa[k]);
	}
}

static void record(const struct cim_call *call)
{
	const struct cim_value *in = call->in;

	echo.calls++;
	snprintf(echo.target_keys, sizeof(echo.target_keys), "%s.%s=%s", call->target->class_name,
		 call->target->keys[0].name, call->target->keys[0].value);
	echo.count = in[E_COUNT].u;
	echo.names = in[E_NAMES].is_null ? 0 : in[E_NAMES].count;
	join(echo.joined, sizeof(echo.joined), in[E_NAMES].sa, echo.names);
	echo.flag_null = in[E_FLAG].is_null;
	snprintf(echo.when, sizeof(echo.when), "%s", in[E_WHEN].is_null ? "" : in[E_WHEN].s);
	echo.settings_id[0] = '\0';
	if (!in[E_SETTINGS].is_null) {
		assert_ptr_equal(in[E_SETTINGS].inst->cls, &setting_class);
		snprintf(echo.settings_id, sizeof(echo.settings_id), "%s",
			 in[E_SETTINGS].inst->values[0].s);
		echo.settings_value = in[E_SETTINGS].inst->values[1].u;
	}
	echo.targets[0] = '\0';
	for (uint32_t k = 0; !in[E_TARGETS].is_null && k < in[E_TARGETS].count; k++) {
		const struct cim_ref *r = in[E_TARGETS].ra[k];

		snprintf(echo.targets + strlen(echo.targets),
			 sizeof(echo.targets) - strlen(echo.targets), "%s%s:%s.%s=%s",
			 k > 0 ? "," : "", r->cim_namespace != NULL ? r->cim_namespace : "-",
			 r->class_name, r->keys[0].name, r->keys[0].value);
	}
	echo.list_count = in[E_LIST].is_null ? 0 : in[E_LIST].count;
	echo.list_ids[0] = '\0';
	echo.list_classes[0] = '\0';
	for (uint32_t k = 0; k < echo.list_count; k++) {
		const struct cim_instance *e = in[E_LIST].ia[k];

		snprintf(echo.list_ids + strlen(echo.list_ids),
			 sizeof(echo.list_ids) - strlen(echo.list_ids), "%s%s", k > 0 ? "," : "",
			 e->values[cim_class_property(e->cls, "InstanceID")].s);
		snprintf(echo.list_classes + strlen(echo.list_classes),
			 sizeof(echo.list_classes) - strlen(echo.list_classes), "%s%s",
			 k > 0 ? "," : "", e->cls->name);
	}
}

static enum cim_status echo_invoke(void *pctx, struct cim_call *call, struct cim_result *res)
{
	const struct cim_value *in = call->in;
	struct cim_value *out = call->out;
	uint64_t *results = cim_arena_alloc(call->arena, 2 * sizeof(*results));
	char *joined = cim_arena_alloc(call->arena, 128);

	(void)pctx;
	(void)res;
	record(call);
	join(joined, 128, in[E_NAMES].sa, echo.names);
	out[E_RESULT] = (struct cim_value){ .s = joined };
	results[0] = echo.count;
	results[1] = echo.count * 2;
	out[E_RESULTS] = (struct cim_value){ .count = 2, .ua = results };
	if (!in[E_TARGET].is_null) {
		out[E_OUT] = (struct cim_value){ .ref = in[E_TARGET].ref };
	}
	if (!in[E_SETTINGS].is_null) {
		struct cim_instance *s = cim_arena_alloc(call->arena, sizeof(*s));

		*s = *in[E_SETTINGS].inst;
		s->values[1].u++;
		out[E_OUT_SETTING] = (struct cim_value){ .inst = s };
	}
	out[E_OUT_SETTINGS] = in[E_LIST];
	call->return_value = (uint32_t)echo.count + 1;
	return CIM_OK;
}

static const struct cim_param fail_params[] = {
	{ "Code", CIM_TYPE_UINT32, false, CIM_PARAM_IN, true, NULL, NULL },
};

static enum cim_status fail_invoke(void *pctx, struct cim_call *call, struct cim_result *res)
{
	(void)pctx;
	return cim_fail(res, (enum cim_status)call->in[0].u, "failing with %u",
			(unsigned)call->in[0].u);
}

/* A method that runs and refuses: ReturnValue Code, with a reason unless 0. */
static enum cim_status refuse_invoke(void *pctx, struct cim_call *call, struct cim_result *res)
{
	uint32_t code = (uint32_t)call->in[0].u;

	(void)pctx;
	if (code == 0U) {
		call->return_value = 0;
		return CIM_OK;
	}
	return cim_return(call, res, code, "pool vmanhv:pool:processor is short by %u CPUs",
			  (unsigned)code);
}

static const struct cim_param version_params[] = {
	{ "Version", CIM_TYPE_STRING, false, CIM_PARAM_OUT, false, NULL, NULL },
};

static enum cim_status version_invoke(void *pctx, struct cim_call *call, struct cim_result *res)
{
	(void)pctx;
	(void)res;
	assert_int_equal(call->target->key_count, 0);
	call->out[0] = (struct cim_value){ .s = "1.0" };
	return CIM_OK;
}

static const struct cim_method svc_methods[] = {
	{ "Echo", echo_params, E_PARAMS, false, echo_invoke },
	{ "Fail", fail_params, 1, false, fail_invoke },
	{ "Refuse", fail_params, 1, false, refuse_invoke },
	{ "Version", version_params, 1, true, version_invoke },
};

static int svc_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst = { .cls = &svc_class };

	(void)pctx;
	if (from > 0) {
		return 0;
	}
	inst.values[0].s = "svc";
	return fn(ctx, &inst);
}

static const struct cim_provider svc_provider = { .cls = &svc_class, .enumerate = svc_enumerate,
						   .methods = svc_methods, .method_count = 4 };
static const struct cim_provider *const test_providers[] = { &svc_provider };
static const struct cim_registry test_registry = { test_providers, 1, cim_error_of_method };

static int setup(void **state)
{
	(void)state;
	memset(&echo, 0, sizeof(echo));
	cim_setup(&test_registry);
	return 0;
}

/* --- helpers ----------------------------------------------------------------------- */

#define IN_OPEN(m) "<p:" m "_INPUT xmlns:p=\"" SVC_URI "\" " \
		   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" " \
		   "xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\">"
#define IN_CLOSE(m) "</p:" m "_INPUT>"

static void invoke(const char *method, const char *selectors, const char *body)
{
	char action[256];

	snprintf(action, sizeof(action), SVC_URI "/%s", method);
	handle(action, SVC_URI, selectors, body);
}

static void assert_reason_has(const char *word)
{
	const char *reason = xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text");

	assert_non_null(reason);
	if (strstr(reason, word) == NULL) {
		fail_msg("reason \"%s\" does not name \"%s\"", reason, word);
	}
}

/* The CIM-XML text of an OUT parameter, parsed back as an instance of cls. */
static const struct cim_instance *parse_out_of(const char *text, const struct cim_class *cls)
{
	static _Alignas(16) unsigned char buf[64 * 1024];
	static struct cim_arena arena;
	static struct cim_result res;
	struct cimxml_config cfg = { .hash_salt = 9 };
	struct cim_instance *inst = NULL;

	assert_non_null(text);
	cim_arena_init(&arena, buf, sizeof(buf));
	assert_int_equal(cimxml_parse_instance(text, strlen(text), cls, &cfg, &arena,
					       &res, &inst), CIM_OK);
	return inst;
}

static const struct cim_instance *parse_out_instance(const char *text)
{
	return parse_out_of(text, &setting_class);
}

/* --- the call that works ------------------------------------------------------------- */

#define ECHO_ALL \
	IN_OPEN("Echo") \
	"<p:Count>41</p:Count>" \
	"<p:Names>a</p:Names><p:Names>b &amp; c</p:Names><p:Names>d</p:Names>" \
	"<p:Target><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address><a:ReferenceParameters>" \
	"<w:ResourceURI>" SVC_URI "</w:ResourceURI><w:SelectorSet>" \
	"<w:Selector Name=\"__cimnamespace\">root/cimv2</w:Selector>" \
	"<w:Selector Name=\"Name\">svc</w:Selector></w:SelectorSet></a:ReferenceParameters>" \
	"</p:Target>" \
	"<p:Settings><s:Test_Setting xmlns:s=\"" SETTING_URI "\"><s:InstanceID>ws</s:InstanceID>" \
	"<s:Value>7</s:Value></s:Test_Setting></p:Settings>" \
	"<p:SettingsList>&lt;INSTANCE CLASSNAME=\"Test_Setting\"&gt;&lt;PROPERTY " \
	"NAME=\"InstanceID\" TYPE=\"string\"&gt;&lt;VALUE&gt;x1&lt;/VALUE&gt;&lt;/PROPERTY&gt;" \
	"&lt;/INSTANCE&gt;</p:SettingsList>" \
	"<p:SettingsList>instance of Test_Setting { InstanceID = \"m2\"; Value = 2; };" \
	"</p:SettingsList>" \
	"<p:SettingsList><s:Test_Setting xmlns:s=\"" SETTING_URI "\"><s:InstanceID>w3" \
	"</s:InstanceID></s:Test_Setting></p:SettingsList>" \
	"<p:Flag xsi:nil=\"true\"/>" \
	"<p:When><cim:Datetime>2026-11-26T02:00:00Z</cim:Datetime></p:When>" \
	IN_CLOSE("Echo")

static void test_echo_every_kind(void **state)
{
	const struct cim_instance *s;

	(void)state;
	invoke("Echo", SVC_KEYS, ECHO_ALL);
	assert_int_equal(resp.status, 200);
	assert_int_equal(echo.calls, 1);
	assert_string_equal(echo.target_keys, "Test_Service.Name=svc");
	assert_int_equal(echo.count, 41);
	assert_int_equal(echo.names, 3);
	assert_string_equal(echo.joined, "a,b & c,d");
	assert_true(echo.flag_null);
	assert_string_equal(echo.when, "2026-11-26T02:00:00Z");
	assert_string_equal(echo.settings_id, "ws");
	assert_int_equal(echo.settings_value, 7);
	/* one array, three forms: CIM-XML text, MOF text, WS-CIM XML */
	assert_int_equal(echo.list_count, 3);
	assert_string_equal(echo.list_ids, "x1,m2,w3");

	/* DSP0227: <request action>Response, <Method>_OUTPUT, ReturnValue last */
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"), SVC_URI "/EchoResponse");
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Echo") "/other:ReturnValue"), "42");
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Echo") "/other:Result"), "a,b & c,d");
	assert_int_equal(xdoc_count(&reply, OUTPUT("Echo") "/other:Results"), 2);
	assert_string_equal(xdoc_text_nth(&reply, OUTPUT("Echo") "/other:Results", 1), "82");
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Echo") "/other:Out/addr:ReferenceParameters"
						  "/man:ResourceURI"), SVC_URI);
	assert_string_equal(xdoc_text_nth(&reply, OUTPUT("Echo") "/other:Out/addr:ReferenceParameters"
						   "/man:SelectorSet/man:Selector", 1), "svc");
	/* NULL OUT parameters are left out */
	assert_null(xdoc_find(&reply, OUTPUT("Echo") "/other:Job"));
	/* embedded instances go out as CIM-XML INSTANCE text */
	s = parse_out_instance(xdoc_text_at(&reply, OUTPUT("Echo") "/other:OutSetting"));
	assert_string_equal(s->values[0].s, "ws");
	assert_int_equal(s->values[1].u, 8);
	assert_int_equal(xdoc_count(&reply, OUTPUT("Echo") "/other:OutSettings"), 3);
	s = parse_out_instance(xdoc_text_nth(&reply, OUTPUT("Echo") "/other:OutSettings", 1));
	assert_string_equal(s->values[0].s, "m2");
	assert_int_equal(s->values[1].u, 2);
	/* Result, Results x2, Out, OutSetting, OutSettings x3, ReturnValue */
	assert_int_equal(xdoc_find(&reply, OUTPUT("Echo"))->children, 9);
}

/* An array of references: EPRs repeated, or object paths as text. */
static void test_reference_array(void **state)
{
	(void)state;
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count>"
	       "<p:Targets><a:EndpointReference><a:Address>" WSMAN_WSA_ANONYMOUS "</a:Address>"
	       "<a:ReferenceParameters><w:ResourceURI>" SVC_URI "</w:ResourceURI><w:SelectorSet>"
	       "<w:Selector Name=\"Name\">one</w:Selector></w:SelectorSet></a:ReferenceParameters>"
	       "</a:EndpointReference></p:Targets>"
	       "<p:Targets><a:ReferenceParameters><w:ResourceURI>" SVC_URI "</w:ResourceURI>"
	       "<w:SelectorSet><w:Selector Name=\"__cimnamespace\">root/x</w:Selector>"
	       "<w:Selector Name=\"Name\">two</w:Selector></w:SelectorSet></a:ReferenceParameters>"
	       "</p:Targets>"
	       "<p:Targets>root/cimv2:Test_Service.Name=\"th\\\"ree\"</p:Targets>"
	       IN_CLOSE("Echo"));
	assert_int_equal(resp.status, 200);
	assert_string_equal(echo.targets, "-:Test_Service.Name=one,root/x:Test_Service.Name=two,"
					  "root/cimv2:Test_Service.Name=th\"ree");
	/* a reference in a reference's keys is not read */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Targets>"
	       "<a:ReferenceParameters><w:ResourceURI>" SVC_URI "</w:ResourceURI><w:SelectorSet>"
	       "<w:Selector Name=\"Name\"><a:EndpointReference/></w:Selector></w:SelectorSet>"
	       "</a:ReferenceParameters></p:Targets>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_int_equal(echo.calls, 1);
}

static void test_echo_minimal_and_static(void **state)
{
	(void)state;
	/* only the required parameter; method names are case-insensitive */
	invoke("echo", SVC_KEYS, IN_OPEN("echo") "<p:Count>0</p:Count>" IN_CLOSE("echo"));
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Echo") "/other:ReturnValue"), "1");
	assert_int_equal(echo.names, 0);
	assert_null(xdoc_find(&reply, OUTPUT("Echo") "/other:OutSetting"));
	/* a static method takes no selectors, and no body when it has no IN parameters */
	invoke("Version", "", "");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Version") "/other:Version"), "1.0");
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Version") "/other:ReturnValue"), "0");
	invoke("Version", SVC_KEYS, "");
	assert_fault("man:InvalidSelectors", "UnexpectedSelectors");
}

/* --- faults --------------------------------------------------------------------------- */

static void test_unknown_method(void **state)
{
	(void)state;
	invoke("Nope", SVC_KEYS, IN_OPEN("Nope") IN_CLOSE("Nope"));
	assert_fault("addr:ActionNotSupported", NULL);
	assert_string_equal(xdoc_text_at(&reply, FAULT_PATH "/soap:Detail/addr:Action"),
			    SVC_URI "/Nope");
	/* a method URI of another class than the ResourceURI is no method at all */
	handle(CIM_RESOURCE_URI_PREFIX "Test_Other/Echo", SVC_URI, SVC_KEYS, "");
	assert_fault("addr:ActionNotSupported", NULL);
	assert_int_equal(echo.calls, 0);
}

/* action.c: which action URIs are methods of the request's class */
static void test_action_method(void **state)
{
	(void)state;
	assert_string_equal(wsman_action_method(SVC_URI "/Echo", SVC_URI), "Echo");
	assert_null(wsman_action_method(SVC_URI "/", SVC_URI));
	assert_null(wsman_action_method(SVC_URI "/a/b", SVC_URI));
	assert_null(wsman_action_method(SVC_URI "Echo", SVC_URI));
	assert_null(wsman_action_method(CIM_RESOURCE_URI_PREFIX "Test_Other/Echo", SVC_URI));
	assert_null(wsman_action_method(SVC_URI "/Echo", NULL));
	assert_null(wsman_action_method(NULL, SVC_URI));
	/* the fixed actions stay what they are */
	assert_int_equal(wsman_action_from_uri(WSMAN_ACTION_URI_PUT), WSMAN_ACTION_PUT);
	assert_int_equal(wsman_action_from_uri(SVC_URI "/Echo"), WSMAN_ACTION_OTHER);
}

static void test_parameter_faults(void **state)
{
	(void)state;
	/* missing required */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "MissingValues");
	assert_reason_has("Count");
	invoke("Echo", SVC_KEYS, "");
	assert_fault("man:InvalidParameter", "MissingValues");
	/* extra */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Colour>red</p:Colour>"
	       IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("Colour");
	/* an OUT parameter given as input */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Result>x</p:Result>"
	       IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("Result");
	/* ill-typed, out of range, a scalar twice */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>many</p:Count>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "TypeMismatch");
	assert_reason_has("Count");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>70000</p:Count>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "TypeMismatch");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Count>2</p:Count>"
	       IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Flag>maybe</p:Flag>"
	       IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "TypeMismatch");
	/* a reference without a ResourceURI, or to something that is not a class */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Target><a:Address>x"
	       "</a:Address></p:Target>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("Target");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Target><a:ReferenceParameters>"
	       "<w:ResourceURI>http://example.com/x</w:ResourceURI></a:ReferenceParameters>"
	       "</p:Target>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	/* found by fuzz_embedded_instance: names that CIM-XML could not carry back */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Target><a:ReferenceParameters>"
	       "<w:ResourceURI>" CIM_RESOURCE_URI_PREFIX "Test Service</w:ResourceURI>"
	       "</a:ReferenceParameters></p:Target>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Target><a:ReferenceParameters>"
	       "<w:ResourceURI>" SVC_URI "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"N&#9;\">"
	       "x</w:Selector></w:SelectorSet></a:ReferenceParameters></p:Target>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	/* the wrong _INPUT element */
	invoke("Echo", SVC_KEYS, IN_OPEN("Fail") "<p:Count>1</p:Count>" IN_CLOSE("Fail"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("Echo_INPUT");
	assert_int_equal(echo.calls, 0);
}

static void test_embedded_faults(void **state)
{
	(void)state;
	/* another class, in each of the three forms */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Settings>"
	       "instance of Test_Service { Name = \"x\"; };</p:Settings>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("Settings");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Settings>&lt;INSTANCE "
	       "CLASSNAME=\"Test_Service\"/&gt;</p:Settings>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("Test_Service");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Settings><q:Test_Service "
	       "xmlns:q=\"" SVC_URI "\"/></p:Settings>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	/* a property the class lacks, a value of the wrong type, bad MOF */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Settings>instance of "
	       "Test_Setting { Colour = 1; };</p:Settings>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("Colour");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:SettingsList><s:Test_Setting "
	       "xmlns:s=\"" SETTING_URI "\"><s:Value>x</s:Value></s:Test_Setting></p:SettingsList>"
	       IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "TypeMismatch");
	assert_reason_has("Value");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Settings>instance of "
	       "Test_Setting { Value = 1 };</p:Settings>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("MOF line 1");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:Settings>&lt;INSTANCE"
	       "</p:Settings>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("well-formed");
	assert_int_equal(echo.calls, 0);
}

/* A subclass of the parameter's EmbeddedInstance class, in each form, keeps
 * its own class; in WS-CIM it must be in its own namespace. */
static void test_embedded_subclass(void **state)
{
	(void)state;
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count>"
	       "<p:SettingsList><s:Test_SettingPlus xmlns:s=\"" PLUS_URI "\"><s:Extra>5</s:Extra>"
	       "<s:InstanceID>w</s:InstanceID></s:Test_SettingPlus></p:SettingsList>"
	       "<p:SettingsList>&lt;INSTANCE CLASSNAME=\"Test_SettingPlus\"&gt;&lt;PROPERTY "
	       "NAME=\"InstanceID\" TYPE=\"string\"&gt;&lt;VALUE&gt;x&lt;/VALUE&gt;&lt;/PROPERTY&gt;"
	       "&lt;/INSTANCE&gt;</p:SettingsList>"
	       "<p:SettingsList>instance of Test_SettingPlus { InstanceID = \"m\"; Extra = 6; };"
	       "</p:SettingsList>" IN_CLOSE("Echo"));
	assert_int_equal(echo.calls, 1);
	assert_string_equal(echo.list_ids, "w,x,m");
	assert_string_equal(echo.list_classes, "Test_SettingPlus,Test_SettingPlus,Test_SettingPlus");
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>1</p:Count><p:SettingsList>"
	       "<s:Test_SettingPlus xmlns:s=\"" SETTING_URI "\"><s:InstanceID>n</s:InstanceID>"
	       "</s:Test_SettingPlus></p:SettingsList>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidParameter", "InvalidValue");
	assert_reason_has("takes an instance of Test_Setting");
	assert_int_equal(echo.calls, 1);
}

/* More embedded instances than one request's arena holds: wsman:EncodingLimit. */
static void test_arena_limit(void **state)
{
	char body[7168];
	size_t n;

	(void)state;
	n = (size_t)snprintf(body, sizeof(body), IN_OPEN("Echo") "<p:Count>1</p:Count>");
	for (int i = 0; i < 48; i++) {
		n += (size_t)snprintf(body + n, sizeof(body) - n, "<p:SettingsList><s:Test_Setting "
				      "xmlns:s=\"" SETTING_URI "\"/></p:SettingsList>");
	}
	snprintf(body + n, sizeof(body) - n, IN_CLOSE("Echo"));
	assert_true(strlen(body) < sizeof(body) - 1);
	invoke("Echo", SVC_KEYS, body);
	assert_fault("man:EncodingLimit", NULL);
	assert_int_equal(echo.calls, 0);
	assert_null(cim.write_body);
}

static void test_target_faults(void **state)
{
	(void)state;
	invoke("Echo", "<w:SelectorSet><w:Selector Name=\"Name\">gone</w:Selector></w:SelectorSet>",
	       IN_OPEN("Echo") "<p:Count>1</p:Count>" IN_CLOSE("Echo"));
	assert_fault("addr:DestinationUnreachable", NULL);
	invoke("Echo", "", IN_OPEN("Echo") "<p:Count>1</p:Count>" IN_CLOSE("Echo"));
	assert_fault("man:InvalidSelectors", "InsufficientSelectors");
	assert_int_equal(echo.calls, 0);
}

/* A provider's CIM error becomes the fault DSP0227 maps it to. */
static void test_provider_errors(void **state)
{
	static const struct {
		unsigned code;
		const char *subcode;
	} map[] = {
		{ CIM_ERR_FAILED, "man:InternalError" },
		{ CIM_ERR_ACCESS_DENIED, "man:AccessDenied" },
		{ CIM_ERR_NOT_FOUND, "addr:DestinationUnreachable" },
		{ CIM_ERR_NOT_SUPPORTED, "addr:ActionNotSupported" },
		{ CIM_ERR_INVALID_PARAMETER, "man:InvalidParameter" },
		{ CIM_ERR_ALREADY_EXISTS, "man:AlreadyExists" },
		{ CIM_ERR_METHOD_NOT_AVAILABLE, "addr:ActionNotSupported" },
	};
	char body[256];

	(void)state;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		snprintf(body, sizeof(body), IN_OPEN("Fail") "<p:Code>%u</p:Code>" IN_CLOSE("Fail"),
			 map[i].code);
		invoke("Fail", SVC_KEYS, body);
		assert_fault(map[i].subcode, NULL);
		assert_reason_has("failing with");
	}
}

/* The value of cim_error_class's property name in inst. */
static const struct cim_value *error_value(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(&cim_error_class, name);

	assert_true(i >= 0);
	return &inst->values[i];
}

/* A non-zero ReturnValue with a reason carries it as an embedded CIM_Error
 * before ReturnValue (docs/wsman.md "Why a method failed"); 0 carries none. */
static void test_refusal_reason(void **state)
{
	const struct cim_instance *e;

	(void)state;
	invoke("Refuse", SVC_KEYS, IN_OPEN("Refuse") "<p:Code>4</p:Code>" IN_CLOSE("Refuse"));
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Refuse") "/other:ReturnValue"), "4");
	assert_int_equal(xdoc_count(&reply, OUTPUT("Refuse") "/other:Error"), 1);
	e = parse_out_of(xdoc_text_at(&reply, OUTPUT("Refuse") "/other:Error"), &cim_error_class);
	assert_string_equal(error_value(e, "MessageID")->s, "VMH0005");
	assert_string_equal(error_value(e, "Message")->s,
			    "Refuse was not carried out: pool vmanhv:pool:processor is short by 4 CPUs");
	assert_int_equal(error_value(e, "MessageArguments")->count, 2);
	assert_string_equal(error_value(e, "MessageArguments")->sa[0], "Refuse");
	assert_string_equal(error_value(e, "MessageArguments")->sa[1],
			    "pool vmanhv:pool:processor is short by 4 CPUs");
	assert_string_equal(error_value(e, "OwningEntity")->s, "vmanhv");
	assert_int_equal(error_value(e, "CIMStatusCode")->u, CIM_ERR_FAILED);
	assert_string_equal(error_value(e, "ErrorSource")->s,
			    "root/cimv2:Test_Service.Name=\"svc\"");
	assert_int_equal(error_value(e, "ErrorSourceFormat")->u, 2);

	invoke("Refuse", SVC_KEYS, IN_OPEN("Refuse") "<p:Code>0</p:Code>" IN_CLOSE("Refuse"));
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Refuse") "/other:ReturnValue"), "0");
	assert_int_equal(xdoc_count(&reply, OUTPUT("Refuse") "/other:Error"), 0);
	/* a non-zero ReturnValue without a reason: none either */
	invoke("Echo", SVC_KEYS, IN_OPEN("Echo") "<p:Count>3</p:Count>" IN_CLOSE("Echo"));
	assert_string_equal(xdoc_text_at(&reply, OUTPUT("Echo") "/other:ReturnValue"), "4");
	assert_int_equal(xdoc_count(&reply, OUTPUT("Echo") "/other:Error"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_echo_every_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reference_array, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_minimal_and_static, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_method, setup, teardown),
		cmocka_unit_test(test_action_method),
		cmocka_unit_test_setup_teardown(test_parameter_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embedded_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embedded_subclass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arena_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provider_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusal_reason, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/wsman/wsman.c mgmt/wsman/cim_ops.c mgmt/wsman/enumerate.c mgmt/wsman/enum_body.c mgmt/wsman/enum_walk.c mgmt/wsman/filter_selector.c mgmt/wsman/filter_association.c mgmt/wsman/cim_xml.c mgmt/cim/cim.c mgmt/wsman/identify.c mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c mgmt/cim/arena.c mgmt/cim/status.c mgmt/cim/instance_build.c mgmt/cim/instance_copy.c mgmt/cim/objpath.c mgmt/cim/mof_parse.c mgmt/wsman/cimxml_parse.c mgmt/wsman/cimxml_write.c mgmt/wsman/embedded.c mgmt/wsman/wscim_parse.c mgmt/wsman/cim_fault.c mgmt/wsman/cim_target.c mgmt/wsman/write_body.c mgmt/wsman/transfer.c mgmt/wsman/invoke.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * WS-Transfer Put, Create and Delete through wsman_handle() (DSP0226
 * 7.4-7.6, DSP0227, DSP0230) against a test provider of disks with
 * writable, read-only, array and embedded-instance properties, and a class
 * whose provider offers no write hooks; every reply read back with expat.
 */
#include "mgmt/wsman/transfer.h"
#include "mgmt/wsman/wscim_parse.h"
#include "tests/unit/test_wsman_cim.h"

#define DISK_URI	CIM_RESOURCE_URI_PREFIX "Test_Disk"
#define FIXED_URI	CIM_RESOURCE_URI_PREFIX "Test_Fixed"
#define SETTING_URI	CIM_RESOURCE_URI_PREFIX "Test_Setting"
#define DISK		BODY "/other:Test_Disk"

/* --- the test provider ------------------------------------------------------------ */

static const struct cim_property setting_props[] = {
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Value", .type = CIM_TYPE_UINT32 },
};
static const struct cim_class setting_class = { .name = "Test_Setting",
						 .cim_namespace = "root/cimv2",
						 .props = setting_props, .prop_count = 2 };

enum { D_ID, D_LABEL, D_SETTING, D_SIZE, D_TAGS, D_VENDOR, D_COUNT };

static const struct cim_property disk_props[] = {
	[D_ID] = { .name = "DeviceID", .type = CIM_TYPE_STRING, .key = true },
	[D_LABEL] = { .name = "Label", .type = CIM_TYPE_STRING, .write = true },
	[D_SETTING] = { .name = "Setting", .type = CIM_TYPE_INSTANCE, .write = true,
			.embedded = &setting_class },
	[D_SIZE] = { .name = "Size", .type = CIM_TYPE_UINT64, .write = true },
	[D_TAGS] = { .name = "Tags", .type = CIM_TYPE_STRING, .array = true, .write = true },
	[D_VENDOR] = { .name = "Vendor", .type = CIM_TYPE_STRING },
};
static const struct cim_class disk_class = { .name = "Test_Disk", .cim_namespace = "root/cimv2",
					      .props = disk_props, .prop_count = D_COUNT };

#define DISKS_MAX	4
#define TAGS_MAX	4

struct disk {
	bool used;
	char id[32];
	bool label_null;
	char label[64];
	uint64_t size;
	uint32_t tag_count;
	char tags[TAGS_MAX][16];
	bool has_setting;
	char setting_id[32];
	uint64_t setting_value;
};

static struct disk disks[DISKS_MAX];
static unsigned puts_done;

static int disk_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	uint32_t seen = 0;

	(void)pctx;
	for (unsigned i = 0; i < DISKS_MAX; i++) {
		const struct disk *d = &disks[i];
		const char *tags[TAGS_MAX];
		struct cim_instance inst = { .cls = &disk_class };
		struct cim_instance setting = { .cls = &setting_class };
		int rc;

		if (!d->used || seen++ < from) {
			continue;
		}
		for (uint32_t k = 0; k < d->tag_count; k++) {
			tags[k] = d->tags[k];
		}
		inst.values[D_ID].s = d->id;
		inst.values[D_LABEL] = (struct cim_value){ .is_null = d->label_null,
							   .s = d->label };
		inst.values[D_SIZE].u = d->size;
		inst.values[D_TAGS] = (struct cim_value){ .count = d->tag_count, .sa = tags };
		inst.values[D_VENDOR].s = "ACME";
		setting.values[0].s = d->setting_id;
		setting.values[1].u = d->setting_value;
		inst.values[D_SETTING] = (struct cim_value){ .is_null = !d->has_setting,
							     .inst = &setting };
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static struct disk *disk_find(const char *id)
{
	for (unsigned i = 0; i < DISKS_MAX; i++) {
		if (disks[i].used && strcmp(disks[i].id, id) == 0) {
			return &disks[i];
		}
	}
	return NULL;
}

/* The writable properties of inst into d, as a provider would check them. */
static enum cim_status disk_store(struct disk *d, const struct cim_instance *inst,
				  struct cim_result *res)
{
	const struct cim_value *v = inst->values;

	if (!v[D_SIZE].is_null && v[D_SIZE].u == 0) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER, "Size must not be 0.");
	}
	if (!v[D_TAGS].is_null && v[D_TAGS].count > TAGS_MAX) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER, "At most %u Tags.", TAGS_MAX);
	}
	d->label_null = v[D_LABEL].is_null;
	snprintf(d->label, sizeof(d->label), "%s", v[D_LABEL].is_null ? "" : v[D_LABEL].s);
	d->size = v[D_SIZE].is_null ? 0 : v[D_SIZE].u;
	d->tag_count = v[D_TAGS].is_null ? 0 : v[D_TAGS].count;
	for (uint32_t k = 0; k < d->tag_count; k++) {
		snprintf(d->tags[k], sizeof(d->tags[k]), "%s", v[D_TAGS].sa[k]);
	}
	d->has_setting = !v[D_SETTING].is_null;
	if (d->has_setting) {
		const struct cim_instance *s = v[D_SETTING].inst;

		assert_ptr_equal(s->cls, &setting_class);
		snprintf(d->setting_id, sizeof(d->setting_id), "%s",
			 s->values[0].is_null ? "" : s->values[0].s);
		d->setting_value = s->values[1].is_null ? 0 : s->values[1].u;
	}
	return CIM_OK;
}

static enum cim_status disk_put(void *pctx, const struct cim_instance *inst,
				struct cim_result *res)
{
	struct disk *d = disk_find(inst->values[D_ID].s);

	(void)pctx;
	assert_non_null(d);
	/* the endpoint hands over the current read-only values */
	assert_string_equal(inst->values[D_VENDOR].s, "ACME");
	puts_done++;
	return disk_store(d, inst, res);
}

static enum cim_status disk_create(void *pctx, const struct cim_instance *inst,
				   struct cim_ref *created, struct cim_arena *arena,
				   struct cim_result *res)
{
	const char *id = inst->values[D_ID].is_null ? "disk-new" : inst->values[D_ID].s;
	struct disk *d = NULL;

	(void)pctx;
	if (disk_find(id) != NULL) {
		return cim_fail(res, CIM_ERR_ALREADY_EXISTS, "Disk %s exists.", id);
	}
	for (unsigned i = 0; i < DISKS_MAX && d == NULL; i++) {
		d = disks[i].used ? NULL : &disks[i];
	}
	if (d == NULL) {
		return cim_fail(res, CIM_ERR_FAILED, "No room for another disk.");
	}
	if (disk_store(d, inst, res) != CIM_OK) {
		return res->status;
	}
	d->used = true;
	snprintf(d->id, sizeof(d->id), "%s", id);
	created->key_count = 1;
	created->keys[0].name = "DeviceID";
	created->keys[0].value = cim_arena_strndup(arena, d->id, strlen(d->id));
	return CIM_OK;
}

static enum cim_status disk_delete(void *pctx, const struct cim_key *keys, size_t n,
				   struct cim_result *res)
{
	struct disk *d;

	(void)pctx;
	assert_int_equal(n, 1);
	d = disk_find(keys[0].value);
	if (d == NULL) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "No disk %s.", keys[0].value);
	}
	d->used = false;
	return CIM_OK;
}

static const struct cim_provider disk_provider = {
	.cls = &disk_class, .enumerate = disk_enumerate,
	.put = disk_put, .create = disk_create, .delete = disk_delete,
};

/* A class whose provider only reads. */
static const struct cim_property fixed_props[] = {
	{ .name = "Id", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Label", .type = CIM_TYPE_STRING, .write = true },
};
static const struct cim_class fixed_class = { .name = "Test_Fixed", .cim_namespace = "root/cimv2",
					       .props = fixed_props, .prop_count = 2 };

static int fixed_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst = { .cls = &fixed_class };

	(void)pctx;
	if (from > 0) {
		return 0;
	}
	inst.values[0].s = "f1";
	inst.values[1].s = "fixed";
	return fn(ctx, &inst);
}

static const struct cim_provider fixed_provider = { .cls = &fixed_class,
						     .enumerate = fixed_enumerate };

/* An association-like class: a reference key, named by an EPR-valued
 * selector (DSP0226 7.2.2). */
static const struct cim_property link_props[] = {
	{ .name = "Disk", .type = CIM_TYPE_REF, .key = true, .ref_class = "Test_Disk" },
	{ .name = "Id", .type = CIM_TYPE_STRING, .key = true },
};
static const struct cim_class link_class = { .name = "Test_Link", .cim_namespace = "root/cimv2",
					      .props = link_props, .prop_count = 2 };
static const struct cim_ref link_disk = { "Test_Disk", "root/cimv2", 1,
					  { { "DeviceID", "disk-0", NULL } } };
static bool link_present;

static int link_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst = { .cls = &link_class };

	(void)pctx;
	if (from > 0 || !link_present) {
		return 0;
	}
	inst.values[0].ref = &link_disk;
	inst.values[1].s = "l1";
	return fn(ctx, &inst);
}

static enum cim_status link_delete(void *pctx, const struct cim_key *keys, size_t n,
				   struct cim_result *res)
{
	(void)pctx;
	(void)res;
	assert_int_equal(n, 2);
	link_present = false;
	return CIM_OK;
}

static const struct cim_provider link_provider = { .cls = &link_class,
						    .enumerate = link_enumerate,
						    .delete = link_delete };

static const struct cim_provider *const test_providers[] = { &disk_provider, &fixed_provider,
							      &link_provider };
static const struct cim_registry test_registry = { test_providers, 3, NULL };

static int setup(void **state)
{
	(void)state;
	memset(disks, 0, sizeof(disks));
	disks[0] = (struct disk){ .used = true, .id = "disk-0", .label = "boot", .size = 4096,
				  .tag_count = 1, .tags = { "os" } };
	puts_done = 0;
	link_present = true;
	cim_setup(&test_registry);
	return 0;
}

/* --- request helpers ---------------------------------------------------------------- */

#define DISK0 "<w:SelectorSet><w:Selector Name=\"DeviceID\">disk-0</w:Selector></w:SelectorSet>"
#define P_OPEN "<p:Test_Disk xmlns:p=\"" DISK_URI "\" " \
	       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
#define P_CLOSE "</p:Test_Disk>"

static void get_disk(const char *id)
{
	char sel[256];

	snprintf(sel, sizeof(sel), "<w:SelectorSet><w:Selector Name=\"DeviceID\">%s</w:Selector>"
		 "</w:SelectorSet>", id);
	handle(WSMAN_ACTION_URI_GET, DISK_URI, sel, "");
}

static void assert_reason_has(const char *word)
{
	const char *reason = xdoc_text_at(&reply, FAULT_PATH "/soap:Reason/soap:Text");

	assert_non_null(reason);
	if (strstr(reason, word) == NULL) {
		fail_msg("reason \"%s\" does not name \"%s\"", reason, word);
	}
}

/* --- Put ------------------------------------------------------------------------------- */

static void test_put_full(void **state)
{
	(void)state;
	/* a whole representation, as a client sends back what Get gave it */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0,
	       P_OPEN "<p:DeviceID>disk-0</p:DeviceID><p:Label>data &amp; logs</p:Label>"
	       "<p:Size>8192</p:Size><p:Tags>a</p:Tags><p:Tags>b</p:Tags><p:Tags>c</p:Tags>"
	       "<p:Vendor>ACME</p:Vendor>" P_CLOSE);
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"),
			    WSMAN_NS_WXF "/PutResponse");
	/* the reply is the instance as it is now */
	assert_string_equal(xdoc_text_at(&reply, DISK "/other:Label"), "data & logs");
	assert_string_equal(xdoc_text_at(&reply, DISK "/other:Size"), "8192");
	assert_int_equal(xdoc_count(&reply, DISK "/other:Tags"), 3);
	assert_int_equal(puts_done, 1);
	assert_string_equal(disks[0].label, "data & logs");
	assert_int_equal(disks[0].tag_count, 3);
	assert_string_equal(disks[0].tags[2], "c");
}

static void test_put_partial_and_nil(void **state)
{
	(void)state;
	/* properties left out keep their values; xsi:nil makes one NULL */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0,
	       P_OPEN "<p:Label xsi:nil=\"true\"/><p:Size>1</p:Size>" P_CLOSE);
	assert_int_equal(resp.status, 200);
	assert_true(disks[0].label_null);
	assert_int_equal(disks[0].size, 1);
	assert_int_equal(disks[0].tag_count, 1);
	assert_true(xdoc_has_attr(&reply, DISK "/other:Label", "other:nil=true"));
	assert_string_equal(xdoc_text_at(&reply, DISK "/other:Tags"), "os");
}

static void test_put_embedded_forms(void **state)
{
	static const char *const forms[] = {
		/* WS-CIM XML (DSP0230): the instance as an element */
		"<p:Setting><s:Test_Setting xmlns:s=\"" SETTING_URI "\"><s:InstanceID>s1"
		"</s:InstanceID><s:Value>11</s:Value></s:Test_Setting></p:Setting>",
		/* CIM-XML INSTANCE text, as WinRM sends it (in CDATA) */
		"<p:Setting><![CDATA[<INSTANCE CLASSNAME=\"Test_Setting\"><PROPERTY "
		"NAME=\"InstanceID\" TYPE=\"string\"><VALUE>s2</VALUE></PROPERTY><PROPERTY "
		"NAME=\"Value\" TYPE=\"uint32\"><VALUE>22</VALUE></PROPERTY></INSTANCE>]]>"
		"</p:Setting>",
		/* MOF text, as libvirt-cim clients send it */
		"<p:Setting>instance of Test_Setting { InstanceID = \"s3\"; Value = 33; };"
		"</p:Setting>",
	};
	char body[2048];
	char id[4];

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		snprintf(body, sizeof(body), P_OPEN "%s" P_CLOSE, forms[i]);
		handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, body);
		assert_int_equal(resp.status, 200);
		snprintf(id, sizeof(id), "s%u", i + 1);
		assert_true(disks[0].has_setting);
		assert_string_equal(disks[0].setting_id, id);
		assert_int_equal(disks[0].setting_value, 11 * (i + 1));
	}
	/* and out again as CIM-XML text (DSP0227) */
	get_disk("disk-0");
	assert_non_null(strstr(xdoc_text_at(&reply, DISK "/other:Setting"),
			       "<INSTANCE CLASSNAME=\"Test_Setting\"><PROPERTY NAME=\"InstanceID\" "
			       "TYPE=\"string\"><VALUE>s3</VALUE></PROPERTY>"));
}

static void test_put_refusals(void **state)
{
	(void)state;
	/* keys name the instance */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0,
	       P_OPEN "<p:DeviceID>disk-9</p:DeviceID>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	assert_reason_has("DeviceID");
	/* a property without the Write qualifier */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, P_OPEN "<p:Vendor>Other</p:Vendor>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	assert_reason_has("Vendor");
	/* unknown property, wrong type, out of range, scalar twice */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, P_OPEN "<p:Colour>red</p:Colour>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	assert_reason_has("Colour");
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, P_OPEN "<p:Size>big</p:Size>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	assert_reason_has("Size");
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0,
	       P_OPEN "<p:Label>a</p:Label><p:Label>b</p:Label>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	/* an embedded instance of another class, in each form */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0,
	       P_OPEN "<p:Setting>instance of Test_Disk { };</p:Setting>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	assert_reason_has("Setting");
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0,
	       P_OPEN "<p:Setting><p:Test_Disk/></p:Setting>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	/* the provider's own check, its message passed on */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, P_OPEN "<p:Size>0</p:Size>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	assert_reason_has("Size must not be 0");
	/* nothing was stored by any of these */
	assert_int_equal(puts_done, 1);
	assert_int_equal(disks[0].size, 4096);
	assert_string_equal(disks[0].label, "boot");
}

static void test_put_body_faults(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, "");
	assert_fault("xfer:InvalidRepresentation", "MissingValues");
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0,
	       "<p:Test_Disk xmlns:p=\"" FIXED_URI "\"/>");
	assert_fault("xfer:InvalidRepresentation", "InvalidNamespace");
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, "<p:Test_Fixed xmlns:p=\"" DISK_URI "\"/>");
	assert_fault("xfer:InvalidRepresentation", "InvalidNamespace");
	/* selectors and resources are checked as for Get */
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, "", P_OPEN P_CLOSE);
	assert_fault("man:InvalidSelectors", "InsufficientSelectors");
	get_disk("nope");
	handle(WSMAN_ACTION_URI_PUT, DISK_URI,
	       "<w:SelectorSet><w:Selector Name=\"DeviceID\">nope</w:Selector></w:SelectorSet>",
	       P_OPEN P_CLOSE);
	assert_fault("addr:DestinationUnreachable", NULL);
	handle(WSMAN_ACTION_URI_PUT, CIM_RESOURCE_URI_PREFIX "Test_Nothing", DISK0, "");
	assert_fault("addr:DestinationUnreachable", "InvalidResourceURI");
	/* a class whose provider has no put hook */
	handle(WSMAN_ACTION_URI_PUT, FIXED_URI,
	       "<w:SelectorSet><w:Selector Name=\"Id\">f1</w:Selector></w:SelectorSet>",
	       "<p:Test_Fixed xmlns:p=\"" FIXED_URI "\"><p:Label>x</p:Label></p:Test_Fixed>");
	assert_fault("addr:ActionNotSupported", NULL);
	assert_string_equal(xdoc_text_at(&reply, FAULT_PATH "/soap:Detail/addr:Action"),
			    WSMAN_ACTION_URI_PUT);
}

/* --- Create ------------------------------------------------------------------------------ */

static void test_create(void **state)
{
	const char *sel = BODY "/xfer:ResourceCreated/addr:ReferenceParameters/man:SelectorSet"
			       "/man:Selector";

	(void)state;
	handle(WSMAN_ACTION_URI_CREATE, DISK_URI, "",
	       P_OPEN "<p:DeviceID>disk-1</p:DeviceID><p:Label>new</p:Label><p:Size>5</p:Size>"
	       "<p:Setting>instance of Test_Setting { InstanceID = \"n\"; Value = 4; };"
	       "</p:Setting>" P_CLOSE);
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"),
			    WSMAN_NS_WXF "/CreateResponse");
	/* DSP0226 7.6: the new resource's EPR */
	assert_string_equal(xdoc_text_at(&reply, BODY "/xfer:ResourceCreated/addr:Address"),
			    WSMAN_WSA_ANONYMOUS);
	assert_string_equal(xdoc_text_at(&reply, BODY "/xfer:ResourceCreated/addr:ReferenceParameters"
						  "/man:ResourceURI"), DISK_URI);
	assert_string_equal(xdoc_text_nth(&reply, sel, 0), "root/cimv2");
	assert_string_equal(xdoc_text_nth(&reply, sel, 1), "disk-1");
	assert_true(xdoc_has_attr(&reply, sel, "Name=__cimnamespace"));
	get_disk("disk-1");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, DISK "/other:Label"), "new");
	assert_int_equal(disks[1].setting_value, 4);

	/* a key the provider chooses */
	handle(WSMAN_ACTION_URI_CREATE, DISK_URI, "", P_OPEN "<p:Size>7</p:Size>" P_CLOSE);
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_nth(&reply, sel, 1), "disk-new");
}

static void test_create_faults(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_CREATE, DISK_URI, "", P_OPEN "<p:DeviceID>disk-0</p:DeviceID>" P_CLOSE);
	assert_fault("man:AlreadyExists", NULL);
	assert_reason_has("disk-0");
	handle(WSMAN_ACTION_URI_CREATE, DISK_URI, DISK0, P_OPEN P_CLOSE);
	assert_fault("man:InvalidSelectors", "UnexpectedSelectors");
	handle(WSMAN_ACTION_URI_CREATE, DISK_URI, "", "");
	assert_fault("xfer:InvalidRepresentation", "MissingValues");
	handle(WSMAN_ACTION_URI_CREATE, DISK_URI, "", P_OPEN "<p:Tags>1</p:Tags><p:Tags>2</p:Tags>"
	       "<p:Tags>3</p:Tags><p:Tags>4</p:Tags><p:Tags>5</p:Tags>" P_CLOSE);
	assert_fault("xfer:InvalidRepresentation", "InvalidValues");
	assert_reason_has("Tags");
	handle(WSMAN_ACTION_URI_CREATE, FIXED_URI, "",
	       "<p:Test_Fixed xmlns:p=\"" FIXED_URI "\"><p:Id>f2</p:Id></p:Test_Fixed>");
	assert_fault("addr:ActionNotSupported", NULL);
	/* nothing was created */
	for (unsigned i = 1; i < DISKS_MAX; i++) {
		assert_false(disks[i].used);
	}
}

/* --- Delete ------------------------------------------------------------------------------ */

static void test_delete(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_DELETE, DISK_URI, DISK0, "");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, HEADER "/addr:Action"),
			    WSMAN_NS_WXF "/DeleteResponse");
	assert_false(disks[0].used);
	get_disk("disk-0");
	assert_fault("addr:DestinationUnreachable", NULL);
	handle(WSMAN_ACTION_URI_DELETE, DISK_URI, DISK0, "");
	assert_fault("addr:DestinationUnreachable", NULL);
	handle(WSMAN_ACTION_URI_DELETE, DISK_URI, "", "");
	assert_fault("man:InvalidSelectors", "InsufficientSelectors");
	handle(WSMAN_ACTION_URI_DELETE, FIXED_URI,
	       "<w:SelectorSet><w:Selector Name=\"Id\">f1</w:Selector></w:SelectorSet>", "");
	assert_fault("addr:ActionNotSupported", NULL);
}

/* A reference key, given as an EPR-valued selector, names the instance as
 * it does for Get. */
static void test_delete_by_reference_key(void **state)
{
	const char *link = CIM_RESOURCE_URI_PREFIX "Test_Link";
	char sel[1024];

	(void)state;
	snprintf(sel, sizeof(sel), "<w:SelectorSet><w:Selector Name=\"Id\">l1</w:Selector>"
		 "<w:Selector Name=\"Disk\"><a:EndpointReference><a:Address>%s</a:Address>"
		 "<a:ReferenceParameters><w:ResourceURI>%s</w:ResourceURI><w:SelectorSet>"
		 "<w:Selector Name=\"DeviceID\">%s</w:Selector></w:SelectorSet>"
		 "</a:ReferenceParameters></a:EndpointReference></w:Selector></w:SelectorSet>",
		 WSMAN_WSA_ANONYMOUS, DISK_URI, "disk-9");
	handle(WSMAN_ACTION_URI_DELETE, link, sel, "");
	assert_fault("addr:DestinationUnreachable", NULL);
	assert_true(link_present);
	handle(WSMAN_ACTION_URI_DELETE, link, "<w:SelectorSet><w:Selector Name=\"Id\">l1"
	       "</w:Selector><w:Selector Name=\"Disk\">disk-0</w:Selector></w:SelectorSet>", "");
	assert_fault("man:InvalidSelectors", "TypeMismatch");
	snprintf(sel, sizeof(sel), "<w:SelectorSet><w:Selector Name=\"Id\">l1</w:Selector>"
		 "<w:Selector Name=\"Disk\"><a:EndpointReference><a:Address>%s</a:Address>"
		 "<a:ReferenceParameters><w:ResourceURI>%s</w:ResourceURI><w:SelectorSet>"
		 "<w:Selector Name=\"DeviceID\">%s</w:Selector></w:SelectorSet>"
		 "</a:ReferenceParameters></a:EndpointReference></w:Selector></w:SelectorSet>",
		 WSMAN_WSA_ANONYMOUS, DISK_URI, "disk-0");
	handle(WSMAN_ACTION_URI_DELETE, link, sel, "");
	assert_int_equal(resp.status, 200);
	assert_false(link_present);
}

/* A value longer than one value may be (WSCIM_TEXT_MAX): wsman:EncodingLimit,
 * in an envelope larger than the harness's handle() builds. */
static void test_value_too_long(void **state)
{
	size_t n = WSCIM_TEXT_MAX + 16;
	char *label = malloc(n + 1);
	char *xml = malloc(n + 2048);
	struct http_request req = { .method = HTTP_METHOD_POST, .authenticated = true };

	(void)state;
	memset(label, 'x', n);
	label[n] = '\0';
	snprintf(xml, n + 2048,
		 "<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:a=\"" WSMAN_NS_WSA "\" "
		 "xmlns:w=\"" WSMAN_NS_WSMAN "\"><s:Header><a:To>http://h/wsman</a:To>"
		 "<w:ResourceURI>" DISK_URI "</w:ResourceURI>" DISK0
		 "<a:Action>" WSMAN_ACTION_URI_PUT "</a:Action><a:MessageID>uuid:1</a:MessageID>"
		 "</s:Header><s:Body>" P_OPEN "<p:Label>%s</p:Label>" P_CLOSE "</s:Body></s:Envelope>",
		 label);
	req.body = (const uint8_t *)xml;
	req.body_len = strlen(xml);
	strcpy(req.target, WSMAN_PATH);
	http_response_free(&resp);
	http_response_init(&resp, HTTP_BODY_MAX);
	wsman_handle(&req, &resp, &ep);
	assert_int_equal(xdoc_parse(&reply, resp.body.data, resp.body.len), 0);
	assert_fault("man:EncodingLimit", NULL);
	assert_reason_has("65536 octets");
	assert_string_equal(disks[0].label, "boot");
	assert_null(cim.write_body);
	free(label);
	free(xml);
}

/* The endpoint keeps serving after all of the above: a Get still works. */
static void test_get_after_faults(void **state)
{
	(void)state;
	handle(WSMAN_ACTION_URI_PUT, DISK_URI, DISK0, P_OPEN "<p:Size>x" P_CLOSE);
	assert_fault("man:SchemaValidationError", NULL);	/* not well-formed */
	/* the body's memory went back although Put never ran */
	assert_null(cim.write_body);
	get_disk("disk-0");
	assert_int_equal(resp.status, 200);
	assert_string_equal(xdoc_text_at(&reply, DISK "/other:Size"), "4096");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_partial_and_nil, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_embedded_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_body_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_by_reference_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_after_faults, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

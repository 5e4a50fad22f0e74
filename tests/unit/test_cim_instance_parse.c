/* sources: mgmt/cim/arena.c mgmt/cim/status.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/cim/mof_parse.c mgmt/wsman/cimxml_parse.c mgmt/wsman/embedded.c mgmt/wsman/xml_mem.c mgmt/cim/cim.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * Embedded instances as text: the arena, object paths, the MOF subset, the
 * CIM-XML INSTANCE reader, and instances embedded in instances (both text
 * forms inside each other, and the depth bound), checked against a test
 * class with every property type vmanhv models.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/cim/instance_build.h"
#include "mgmt/cim/mof_parse.h"
#include "mgmt/wsman/cimxml_parse.h"
#include "mgmt/wsman/embedded.h"

/* --- test classes ----------------------------------------------------------- */

static const struct cim_property inner_props[] = {
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Size", .type = CIM_TYPE_UINT64 },
	{ .name = "Tags", .type = CIM_TYPE_STRING, .array = true },
};

/* Test_Inner's one subclass, with a property of its own. */
static const struct cim_class inner_plus_class;
static const struct cim_class *const inner_subclasses[] = { &inner_plus_class, NULL };

static const struct cim_class inner_class = {
	.name = "Test_Inner", .cim_namespace = "root/cimv2",
	.props = inner_props, .prop_count = 3, .subclasses = inner_subclasses,
};

static const struct cim_property inner_plus_props[] = {
	{ .name = "Extra", .type = CIM_TYPE_UINT16 },
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Size", .type = CIM_TYPE_UINT64 },
	{ .name = "Tags", .type = CIM_TYPE_STRING, .array = true },
};

static const struct cim_class inner_plus_class = {
	.name = "Test_InnerPlus", .cim_namespace = "root/cimv2",
	.props = inner_plus_props, .prop_count = 4, .super = &inner_class,
};

enum { P_ACTIVE, P_CHILD, P_CHILDREN, P_CODES, P_CREATED, P_NAME, P_ID, P_OWNER, P_SIZE, P_TOTAL };

static const struct cim_property outer_props[] = {
	[P_ACTIVE] = { .name = "Active", .type = CIM_TYPE_BOOLEAN },
	[P_CHILD] = { .name = "Child", .type = CIM_TYPE_INSTANCE, .embedded = &inner_class },
	[P_CHILDREN] = { .name = "Children", .type = CIM_TYPE_INSTANCE, .array = true,
			 .embedded = &inner_class },
	[P_CODES] = { .name = "Codes", .type = CIM_TYPE_UINT16, .array = true },
	[P_CREATED] = { .name = "Created", .type = CIM_TYPE_DATETIME },
	[P_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING, .write = true },
	[P_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_OWNER] = { .name = "Owner", .type = CIM_TYPE_REF, .ref_class = "CIM_ComputerSystem" },
	[P_SIZE] = { .name = "Size", .type = CIM_TYPE_UINT32 },
	[P_TOTAL] = { .name = "Total", .type = CIM_TYPE_UINT64 },
};

static const struct cim_class outer_class = {
	.name = "Test_Outer", .cim_namespace = "root/cimv2",
	.props = outer_props, .prop_count = 10,
};

/* A class that embeds itself, for the depth bound. */
static const struct cim_class nest_class;
static const struct cim_property nest_props[] = {
	{ .name = "Inner", .type = CIM_TYPE_INSTANCE, .embedded = &nest_class },
};
static const struct cim_class nest_class = {
	.name = "Test_Nest", .cim_namespace = "root/cimv2", .props = nest_props, .prop_count = 1,
};

/* --- fixtures ------------------------------------------------------------------ */

struct fx {
	_Alignas(16) unsigned char buf[256 * 1024];
	struct cim_arena arena;
	struct cim_result res;
	struct cim_embed_ctx ctx;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	cim_arena_init(&f->arena, f->buf, sizeof(f->buf));
	/* one builder reused by every parse, nested ones included, as the
	 * endpoint does (write_body.c) */
	f->ctx = (struct cim_embed_ctx){ &f->arena, &f->res,
					 { .hash_salt = 0x5eed,
					   .scratch = cim_arena_alloc(&f->arena,
								      sizeof(struct cim_builder)) } };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static enum cim_status parse(struct fx *f, const struct cim_class *cls, const char *text,
			     const struct cim_instance **out)
{
	memset(&f->res, 0, sizeof(f->res));
	*out = NULL;
	return cim_embedded_parse(&f->ctx, text, strlen(text), cls, 0, out);
}

/* The status is st and the message contains word. */
static void expect_error(struct fx *f, const struct cim_class *cls, const char *text,
			 enum cim_status st, const char *word)
{
	const struct cim_instance *inst;

	assert_int_equal(parse(f, cls, text, &inst), st);
	if (strstr(f->res.message, word) == NULL) {
		fail_msg("message \"%s\" does not name \"%s\"", f->res.message, word);
	}
}

/* --- the arena ------------------------------------------------------------------ */

static void test_arena(void **state)
{
	unsigned char buf[128];
	struct cim_arena a;
	char *s;
	void *p, *q;

	(void)state;
	cim_arena_init(&a, buf + 1, sizeof(buf) - 1);	/* misaligned on purpose */
	p = cim_arena_alloc(&a, 3);
	q = cim_arena_alloc(&a, 8);
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
	assert_int_equal((uintptr_t)q % _Alignof(max_align_t), 0);
	assert_true((unsigned char *)q >= (unsigned char *)p + 3);
	s = cim_arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	assert_false(a.exhausted);
	assert_null(cim_arena_alloc(&a, 200));
	assert_true(a.exhausted);
	assert_null(cim_arena_alloc(&a, 0));
	assert_true(a.used <= a.size);
}

static void test_cim_fail(void **state)
{
	struct cim_result r = { 0 };
	char longname[400];

	(void)state;
	assert_int_equal(cim_fail(&r, CIM_ERR_NOT_FOUND, "no VM %s", "vm1"), CIM_ERR_NOT_FOUND);
	assert_int_equal(r.status, CIM_ERR_NOT_FOUND);
	assert_string_equal(r.message, "no VM vm1");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	cim_fail(&r, CIM_ERR_FAILED, "%s", longname);
	assert_int_equal(strlen(r.message), CIM_MESSAGE_MAX - 1);
}

/* --- object paths ------------------------------------------------------------- */

static void test_objpath(void **state)
{
	struct fx *f = *state;
	struct cim_ref r = { 0 };
	const char *p = "root/cimv2:CIM_ComputerSystem.CreationClassName=\"CIM_ComputerSystem\","
			"Name=\"a \\\"q\\\" b\"";

	assert_int_equal(cim_objpath_parse(p, strlen(p), &r, &f->arena, &f->res), CIM_OK);
	assert_string_equal(r.cim_namespace, "root/cimv2");
	assert_string_equal(r.class_name, "CIM_ComputerSystem");
	assert_int_equal(r.key_count, 2);
	assert_string_equal(r.keys[0].name, "CreationClassName");
	assert_string_equal(r.keys[0].value, "CIM_ComputerSystem");
	assert_string_equal(r.keys[1].value, "a \"q\" b");

	memset(&r, 0, sizeof(r));
	p = "//host.example/root/interop:Test_X.Id=7,On=true";
	assert_int_equal(cim_objpath_parse(p, strlen(p), &r, &f->arena, &f->res), CIM_OK);
	assert_string_equal(r.cim_namespace, "root/interop");
	assert_string_equal(r.keys[0].value, "7");
	assert_string_equal(r.keys[1].name, "On");

	memset(&r, 0, sizeof(r));
	assert_int_equal(cim_objpath_parse("Test_X", 6, &r, &f->arena, &f->res), CIM_OK);
	assert_int_equal(r.key_count, 0);
	assert_null(r.cim_namespace);

	static const char *const bad[] = { "", ".Id=1", "Test_X.", "Test_X.Id", "Test_X.Id=",
					   "Test_X.Id=\"open", "Test_X Id=1", "Test_X.Id=1,",
					   "Test_X.A=1,B=2,C=3,D=4,E=5,F=6,G=7,H=8,I=9",
					   /* found by fuzz_embedded_instance: CIM-XML could not
					    * write these namespaces back */
					   "root//cimv2:Test_X", "/root:Test_X", "root/:Test_X",
					   "ro ot:Test_X", "9Test_X", "Test_X.9=1", "Test_X.A=1,a=2",
					   "root/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
					   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
					   "aaaaaaaaaa:Test_X" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&r, 0, sizeof(r));
		assert_int_equal(cim_objpath_parse(bad[i], strlen(bad[i]), &r, &f->arena, &f->res),
				 CIM_ERR_INVALID_PARAMETER);
	}
}

/* --- MOF --------------------------------------------------------------------------- */

static const char mof_full[] =
	"// a VM's settings\n"
	"instance of Test_Outer as $Vm {\n"
	"    InstanceID = \"vm\" \"-1\";      /* adjacent strings */\n"
	"    ElementName = \"tab\\there \\\"q\\\" \\x41\";\n"
	"    Active = TRUE;\n"
	"    Size = 0x10;\n"
	"    Total = 18446744073709551615;\n"
	"    Codes = {1, 2, 65535};\n"
	"    Created = \"20260101000000.000000+000\";\n"
	"    Owner = \"root/cimv2:CIM_ComputerSystem.Name=\\\"host\\\"\";\n"
	"    Child = \"instance of Test_Inner { InstanceID = \\\"c1\\\"; Size = 5; "
	"Tags = {\\\"a\\\", \\\"b\\\"}; };\";\n"
	"    Children = {\"instance of Test_Inner { InstanceID = \\\"k1\\\"; };\",\n"
	"                \"<INSTANCE CLASSNAME=\\\"Test_Inner\\\"><PROPERTY NAME=\\\"InstanceID\\\" "
	"TYPE=\\\"string\\\"><VALUE>k2</VALUE></PROPERTY></INSTANCE>\"};\n"
	"};\n";

static void test_mof_full(void **state)
{
	struct fx *f = *state;
	const struct cim_instance *inst;
	const struct cim_value *v;

	assert_int_equal(parse(f, &outer_class, mof_full, &inst), CIM_OK);
	v = inst->values;
	assert_ptr_equal(inst->cls, &outer_class);
	assert_string_equal(v[P_ID].s, "vm-1");
	assert_string_equal(v[P_NAME].s, "tab\there \"q\" A");
	assert_true(v[P_ACTIVE].b);
	assert_int_equal(v[P_SIZE].u, 16);
	assert_true(v[P_TOTAL].u == UINT64_MAX);
	assert_int_equal(v[P_CODES].count, 3);
	assert_int_equal(v[P_CODES].ua[2], 65535);
	assert_string_equal(v[P_CREATED].s, "20260101000000.000000+000");
	assert_string_equal(v[P_OWNER].ref->class_name, "CIM_ComputerSystem");
	assert_string_equal(v[P_OWNER].ref->keys[0].value, "host");
	assert_non_null(v[P_CHILD].inst);
	assert_string_equal(v[P_CHILD].inst->values[0].s, "c1");
	assert_int_equal(v[P_CHILD].inst->values[1].u, 5);
	assert_int_equal(v[P_CHILD].inst->values[2].count, 2);
	assert_string_equal(v[P_CHILD].inst->values[2].sa[1], "b");
	assert_int_equal(v[P_CHILDREN].count, 2);
	assert_string_equal(v[P_CHILDREN].ia[0]->values[0].s, "k1");
	assert_string_equal(v[P_CHILDREN].ia[1]->values[0].s, "k2");	/* CIM-XML in MOF */
	assert_true(v[P_CHILDREN].ia[1]->values[1].is_null);
}

static void test_mof_null_and_empty(void **state)
{
	struct fx *f = *state;
	const struct cim_instance *inst;

	assert_int_equal(parse(f, &outer_class,
			       "instance of test_outer { ElementName = NULL; Codes = {}; };", &inst),
			 CIM_OK);
	assert_true(inst->values[P_NAME].is_null);
	assert_false(inst->values[P_CODES].is_null);	/* empty, not NULL */
	assert_int_equal(inst->values[P_CODES].count, 0);
	assert_true(inst->values[P_ID].is_null);	/* not given */
	/* without the final ';' too */
	assert_int_equal(parse(f, &outer_class, "instance of Test_Outer {}", &inst), CIM_OK);
}

static void test_mof_errors(void **state)
{
	struct fx *f = *state;

	expect_error(f, &outer_class, "instance of Test_Outer { Colour = 1; };",
		     CIM_ERR_NO_SUCH_PROPERTY, "Colour");
	expect_error(f, &outer_class, "instance of Test_Outer { Size = \"big\"; };",
		     CIM_ERR_TYPE_MISMATCH, "Size");
	expect_error(f, &outer_class, "instance of Test_Outer { Codes = {70000}; };",
		     CIM_ERR_TYPE_MISMATCH, "Codes");
	expect_error(f, &outer_class, "instance of Test_Outer { Size = 4294967296; };",
		     CIM_ERR_TYPE_MISMATCH, "range");
	expect_error(f, &outer_class, "instance of Test_Outer { Size = -1; };",
		     CIM_ERR_INVALID_PARAMETER, "negative");
	expect_error(f, &outer_class, "instance of Test_Outer { Size = 1.5; };",
		     CIM_ERR_INVALID_PARAMETER, "unsigned");
	expect_error(f, &outer_class, "instance of Test_Outer { Active = 1; };",
		     CIM_ERR_TYPE_MISMATCH, "Active");
	expect_error(f, &outer_class, "instance of Test_Outer { Size = {1}; };",
		     CIM_ERR_TYPE_MISMATCH, "not an array");
	expect_error(f, &outer_class, "instance of Test_Outer { Size = 1; Size = 2; };",
		     CIM_ERR_TYPE_MISMATCH, "more than once");
	expect_error(f, &outer_class, "instance of Test_Outer { Codes = {1, NULL}; };",
		     CIM_ERR_TYPE_MISMATCH, "NULL");
	expect_error(f, &outer_class, "instance of CIM_Other { };", CIM_ERR_INVALID_PARAMETER,
		     "CIM_Other");
	expect_error(f, &outer_class, "class Test_Outer { };", CIM_ERR_INVALID_PARAMETER,
		     "instance of");
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = \"open; };",
		     CIM_ERR_INVALID_PARAMETER, "line 1");
	expect_error(f, &outer_class, "instance of Test_Outer {\n Size = 1\n};",
		     CIM_ERR_INVALID_PARAMETER, "line 3");
	expect_error(f, &outer_class, "instance of Test_Outer { [Key] InstanceID = \"a\"; };",
		     CIM_ERR_INVALID_PARAMETER, "qualifiers");
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = $x; };",
		     CIM_ERR_INVALID_PARAMETER, "aliases");
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = \"\\q\"; };",
		     CIM_ERR_INVALID_PARAMETER, "escape");
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = \"\\x00\"; };",
		     CIM_ERR_INVALID_PARAMETER, "ASCII");
	/* found by fuzz_embedded_instance: what cannot go back out in XML never gets in */
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = \"\xfa\"; };",
		     CIM_ERR_INVALID_PARAMETER, "UTF-8");
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = \"\x01\"; };",
		     CIM_ERR_INVALID_PARAMETER, "control");
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = \"\\b\"; };",
		     CIM_ERR_INVALID_PARAMETER, "escape");
	expect_error(f, &outer_class, "instance of Test_Outer { ElementName = \"\\x1\"; };",
		     CIM_ERR_INVALID_PARAMETER, "printable");
	expect_error(f, &outer_class, "instance of Test_Outer { }; extra",
		     CIM_ERR_INVALID_PARAMETER, "after");
	expect_error(f, &outer_class, "instance of Test_Outer { Size = 1;",
		     CIM_ERR_INVALID_PARAMETER, "not closed");
	expect_error(f, &outer_class, "instance of Test_Outer { Total = 99999999999999999999; };",
		     CIM_ERR_INVALID_PARAMETER, "64 bits");
	expect_error(f, &outer_class, "instance of Test_Outer { Owner = \"=bad\"; };",
		     CIM_ERR_INVALID_PARAMETER, "object path");
	expect_error(f, &outer_class,
		     "instance of Test_Outer { Child = \"instance of Test_Outer { };\"; };",
		     CIM_ERR_INVALID_PARAMETER, "Child");
	expect_error(f, &outer_class, "   ", CIM_ERR_INVALID_PARAMETER, "empty");
}

/* --- CIM-XML ---------------------------------------------------------------------- */

static const char cimxml_full[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	"<INSTANCE CLASSNAME=\"Test_Outer\">"
	"<QUALIFIER NAME=\"Description\" TYPE=\"string\"><VALUE>ignored</VALUE></QUALIFIER>"
	"<PROPERTY NAME=\"InstanceID\" TYPE=\"string\"><VALUE>vm-2</VALUE></PROPERTY>"
	"<PROPERTY NAME=\"ElementName\" TYPE=\"string\"><VALUE>a &lt;b&gt; &amp; c</VALUE></PROPERTY>"
	"<PROPERTY NAME=\"Active\" TYPE=\"boolean\"><VALUE> false </VALUE></PROPERTY>"
	"<PROPERTY NAME=\"Size\" TYPE=\"uint32\"><VALUE>4096</VALUE></PROPERTY>"
	"<PROPERTY NAME=\"Total\" TYPE=\"uint64\"></PROPERTY>"
	"<PROPERTY.ARRAY NAME=\"Codes\" TYPE=\"uint16\"><VALUE.ARRAY><VALUE>7</VALUE>"
	"<VALUE>8</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>"
	"<PROPERTY.REFERENCE NAME=\"Owner\" REFERENCECLASS=\"CIM_ComputerSystem\"><VALUE.REFERENCE>"
	"<INSTANCEPATH><NAMESPACEPATH><HOST>h</HOST><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/>"
	"<NAMESPACE NAME=\"cimv2\"/></LOCALNAMESPACEPATH></NAMESPACEPATH>"
	"<INSTANCENAME CLASSNAME=\"CIM_ComputerSystem\"><KEYBINDING NAME=\"Name\">"
	"<KEYVALUE VALUETYPE=\"string\">host</KEYVALUE></KEYBINDING></INSTANCENAME></INSTANCEPATH>"
	"</VALUE.REFERENCE></PROPERTY.REFERENCE>"
	"<PROPERTY NAME=\"Child\" TYPE=\"string\" EmbeddedObject=\"instance\"><VALUE>"
	"&lt;INSTANCE CLASSNAME=&quot;Test_Inner&quot;&gt;&lt;PROPERTY.ARRAY NAME=&quot;Tags&quot; "
	"TYPE=&quot;string&quot;&gt;&lt;VALUE.ARRAY&gt;&lt;VALUE&gt;x&lt;/VALUE&gt;&lt;/VALUE.ARRAY&gt;"
	"&lt;/PROPERTY.ARRAY&gt;&lt;/INSTANCE&gt;</VALUE></PROPERTY>"
	"<PROPERTY.ARRAY NAME=\"Children\" TYPE=\"string\" EmbeddedObject=\"instance\"><VALUE.ARRAY>"
	"<VALUE><![CDATA[instance of Test_Inner { Size = 9; };]]></VALUE></VALUE.ARRAY>"
	"</PROPERTY.ARRAY>"
	"</INSTANCE>";

static void test_cimxml_full(void **state)
{
	struct fx *f = *state;
	const struct cim_instance *inst;
	const struct cim_value *v;

	assert_int_equal(parse(f, &outer_class, cimxml_full, &inst), CIM_OK);
	v = inst->values;
	assert_string_equal(v[P_ID].s, "vm-2");
	assert_string_equal(v[P_NAME].s, "a <b> & c");
	assert_false(v[P_ACTIVE].is_null);
	assert_false(v[P_ACTIVE].b);
	assert_int_equal(v[P_SIZE].u, 4096);
	assert_true(v[P_TOTAL].is_null);	/* PROPERTY without VALUE */
	assert_int_equal(v[P_CODES].count, 2);
	assert_int_equal(v[P_CODES].ua[1], 8);
	assert_string_equal(v[P_OWNER].ref->cim_namespace, "root/cimv2");
	assert_string_equal(v[P_OWNER].ref->class_name, "CIM_ComputerSystem");
	assert_string_equal(v[P_OWNER].ref->keys[0].name, "Name");
	assert_string_equal(v[P_OWNER].ref->keys[0].value, "host");
	assert_string_equal(v[P_CHILD].inst->values[2].sa[0], "x");
	assert_int_equal(v[P_CHILDREN].ia[0]->values[1].u, 9);	/* MOF in CIM-XML */
	assert_true(v[P_CREATED].is_null);
}

static void test_cimxml_errors(void **state)
{
	struct fx *f = *state;

	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY NAME=\"Nope\" "
		     "TYPE=\"string\"/></INSTANCE>", CIM_ERR_NO_SUCH_PROPERTY, "Nope");
	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY NAME=\"Size\" "
		     "TYPE=\"string\"><VALUE>1</VALUE></PROPERTY></INSTANCE>",
		     CIM_ERR_TYPE_MISMATCH, "Size");
	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY NAME=\"Size\" "
		     "TYPE=\"uint32\"><VALUE>x1</VALUE></PROPERTY></INSTANCE>",
		     CIM_ERR_TYPE_MISMATCH, "Size");
	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY NAME=\"Codes\" "
		     "TYPE=\"uint16\"><VALUE>1</VALUE></PROPERTY></INSTANCE>",
		     CIM_ERR_TYPE_MISMATCH, "Codes");
	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"CIM_Other\"/>",
		     CIM_ERR_INVALID_PARAMETER, "CIM_Other");
	expect_error(f, &outer_class, "<VALUE.NAMEDINSTANCE/>", CIM_ERR_INVALID_PARAMETER,
		     "VALUE.NAMEDINSTANCE");
	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY NAME=\"Size\">",
		     CIM_ERR_INVALID_PARAMETER, "well-formed");
	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"Test_Outer\"><BOGUS/></INSTANCE>",
		     CIM_ERR_INVALID_PARAMETER, "BOGUS");
	expect_error(f, &outer_class,
		     "<!DOCTYPE INSTANCE [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
		     "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY NAME=\"ElementName\">"
		     "<VALUE>&b;</VALUE></PROPERTY></INSTANCE>",
		     CIM_ERR_INVALID_PARAMETER, "document type");
	expect_error(f, &outer_class, "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY.REFERENCE "
		     "NAME=\"Owner\"><VALUE.REFERENCE><INSTANCENAME CLASSNAME=\"A&#10;B\"/>"
		     "</VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>",
		     CIM_ERR_INVALID_PARAMETER, "CIM name");
	expect_error(f, &outer_class, "<?pi x?><INSTANCE CLASSNAME=\"Test_Outer\"/>",
		     CIM_ERR_INVALID_PARAMETER, "processing");
	expect_error(f, &outer_class,
		     "<INSTANCE CLASSNAME=\"Test_Outer\"><PROPERTY NAME=\"Child\" TYPE=\"string\">"
		     "<VALUE>&lt;INSTANCE CLASSNAME=\"Test_Outer\"/&gt;</VALUE></PROPERTY></INSTANCE>",
		     CIM_ERR_INVALID_PARAMETER, "Child");
}

static void test_cimxml_depth_and_size(void **state)
{
	struct fx *f = *state;
	char *deep = malloc(16 * 64 + 64);
	char *big = malloc(CIMXML_TEXT_MAX + 64);
	size_t n = 0;

	n += (size_t)sprintf(deep + n, "<INSTANCE CLASSNAME=\"Test_Outer\">");
	for (int i = 0; i < 14; i++) {
		n += (size_t)sprintf(deep + n, "<QUALIFIER>");
	}
	for (int i = 0; i < 14; i++) {
		n += (size_t)sprintf(deep + n, "</QUALIFIER>");
	}
	sprintf(deep + n, "</INSTANCE>");
	expect_error(f, &outer_class, deep, CIM_ERR_INVALID_PARAMETER, "deep");

	memset(big, ' ', CIMXML_TEXT_MAX + 10);
	memcpy(big, "<INSTANCE", 9);
	big[CIMXML_TEXT_MAX + 10] = '\0';
	expect_error(f, &outer_class, big, CIM_ERR_INVALID_PARAMETER, "octets");
	free(deep);
	free(big);
}

static void test_cimxml_parser_memory(void **state)
{
	struct fx *f = *state;
	struct cim_instance *inst;

	/* expat's allocations failing, one after another: never a crash, and
	 * a failure is CIM_ERR_FAILED, not blamed on the client */
	for (uint32_t at = 1; at < 40; at++) {
		struct cimxml_config cfg = { .hash_salt = 1, .fail_alloc_at = at };
		enum cim_status st;

		memset(&f->res, 0, sizeof(f->res));
		st = cimxml_parse_instance(cimxml_full, strlen(cimxml_full), &outer_class, &cfg,
					   &f->arena, &f->res, &inst);
		assert_true(st == CIM_OK || st == CIM_ERR_FAILED);
	}
}

/* --- embedding ------------------------------------------------------------------- */

static void test_depth_bound(void **state)
{
	struct fx *f = *state;
	const struct cim_instance *inst;
	/* MOF in MOF, each level escaping the one inside */
	const char *ok = "instance of Test_Nest { Inner = \"instance of Test_Nest { Inner = "
			 "\\\"instance of Test_Nest { };\\\"; };\"; };";
	const char *lvl4 =
		"<INSTANCE CLASSNAME=\"Test_Nest\"><PROPERTY NAME=\"Inner\" TYPE=\"string\"><VALUE>"
		"&lt;INSTANCE CLASSNAME=\"Test_Nest\"&gt;&lt;PROPERTY NAME=\"Inner\"&gt;&lt;VALUE&gt;"
		"instance of Test_Nest { Inner = \"instance of Test_Nest { Inner = "
		"\\\"instance of Test_Nest { };\\\"; };\"; };"
		"&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</VALUE></PROPERTY></INSTANCE>";

	assert_int_equal(parse(f, &nest_class, ok, &inst), CIM_OK);
	assert_non_null(inst->values[0].inst);
	assert_non_null(inst->values[0].inst->values[0].inst);
	assert_true(inst->values[0].inst->values[0].inst->values[0].is_null);
	/* five levels: one too many */
	expect_error(f, &nest_class, lvl4, CIM_ERR_INVALID_PARAMETER, "deep");
}

static void test_arena_exhaustion(void **state)
{
	struct fx *f = *state;
	const struct cim_instance *inst;
	struct cim_arena small;
	unsigned char buf[2048];
	struct cim_embed_ctx ctx;

	cim_arena_init(&small, buf, sizeof(buf));
	ctx = (struct cim_embed_ctx){ &small, &f->res, { .hash_salt = 3 } };
	assert_int_equal(cim_embedded_parse(&ctx, mof_full, strlen(mof_full), &outer_class, 0,
					    &inst), CIM_ERR_FAILED);
	assert_true(small.exhausted);
	assert_int_equal(cim_embedded_parse(&ctx, cimxml_full, strlen(cimxml_full), &outer_class,
					    0, &inst), CIM_ERR_FAILED);
	assert_true(small.used <= small.size);
}

/* --- subclasses (DSP0004 5.1.2.13) ------------------------------------------------- */

/* Where Test_Inner is expected, a Test_InnerPlus is parsed as one, in MOF
 * and CIM-XML, with its own property; a class outside the family is not. */
static void test_subclass_accepted(void **state)
{
	static const char mof[] = "instance of test_innerplus { InstanceID = \"a\"; Extra = 7; };";
	static const char xml[] =
		"<INSTANCE CLASSNAME=\"Test_InnerPlus\"><PROPERTY NAME=\"Extra\" TYPE=\"uint16\">"
		"<VALUE>9</VALUE></PROPERTY><PROPERTY NAME=\"Size\" TYPE=\"uint64\">"
		"<VALUE>3</VALUE></PROPERTY></INSTANCE>";
	struct fx *f = *state;
	const struct cim_instance *inst;

	assert_int_equal(parse(f, &inner_class, mof, &inst), CIM_OK);
	assert_ptr_equal(inst->cls, &inner_plus_class);
	assert_int_equal(inst->values[0].u, 7);
	assert_string_equal(inst->values[1].s, "a");
	assert_int_equal(parse(f, &inner_class, xml, &inst), CIM_OK);
	assert_ptr_equal(inst->cls, &inner_plus_class);
	assert_int_equal(inst->values[0].u, 9);
	assert_int_equal(inst->values[2].u, 3);
	/* the parent where the subclass is expected, and a stranger, are refused */
	expect_error(f, &inner_plus_class, "instance of Test_Inner { Size = 1; };",
		     CIM_ERR_INVALID_PARAMETER, "Test_InnerPlus is expected");
	expect_error(f, &inner_class, "instance of Test_Outer { Size = 1; };",
		     CIM_ERR_INVALID_PARAMETER, "Test_Inner is expected");
	expect_error(f, &inner_class, "<INSTANCE CLASSNAME=\"Test_Nest\"></INSTANCE>",
		     CIM_ERR_INVALID_PARAMETER, "Test_Inner is expected");
	assert_ptr_equal(cim_class_accepting(&inner_class, "TEST_INNERPLUS", 14),
			 &inner_plus_class);
	assert_null(cim_class_accepting(&inner_class, "Test_InnerPlu", 13));
	assert_null(cim_class_accepting(&inner_class, NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_cim_fail),
		cmocka_unit_test_setup_teardown(test_objpath, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mof_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mof_null_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mof_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cimxml_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cimxml_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cimxml_depth_and_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cimxml_parser_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arena_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subclass_accepted, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

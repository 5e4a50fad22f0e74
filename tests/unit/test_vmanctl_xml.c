/* sources: tools/vmanctl/instance.c tools/vmanctl/soap.c */
/* libs: -lxml2 */
/* SPDX-License-Identifier: MIT */
/*
 * tools/vmanctl/soap.c and instance.c: request envelopes built by libxml2
 * (every value escaped, embedded instances as CIM-XML text) and the
 * instances of replies read back (arrays, xsi:nil, EPR references), by
 * namespace, whatever the prefixes.
 */
#include <libxml/parser.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/vmanctl/instance.h"
#include "tools/vmanctl/names.h"
#include "tools/vmanctl/soap.h"

#define CS_URI CIM_URI_PREFIX "CIM_ComputerSystem"

static xmlDocPtr parse(const char *text, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(text, (int)len, "t.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	assert_non_null(doc);
	return doc;
}

static char *text_of(xmlNodePtr n)
{
	assert_non_null(n);
	return xml_text(n);
}

static void envelope_headers(void **state)
{
	static const struct selector sel[] = { { "Name", "a<b&c\"d" }, { "CreationClassName",
									 "CIM_ComputerSystem" } };
	struct soap_request req;
	char *out, *t;
	size_t len;
	xmlDocPtr doc;
	xmlNodePtr env, header, set;

	assert_int_equal(soap_request_init(&req, "http://h:1/wsman", NS_WXF "/Get", CS_URI, sel, 2,
					   60), 0);
	assert_int_equal(soap_serialize(&req, &out, &len), 0);
	soap_request_free(&req);
	/* what the library wrote parses back, escapes undone */
	doc = parse(out, len);
	env = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)env->ns->href, NS_SOAP);
	header = xml_child(env, NS_SOAP, "Header");
	t = text_of(xml_child(header, NS_WSA, "Action"));
	assert_string_equal(t, NS_WXF "/Get");
	xmlFree(t);
	t = text_of(xml_child(header, NS_WSMAN, "ResourceURI"));
	assert_string_equal(t, CS_URI);
	xmlFree(t);
	t = text_of(xml_child(header, NS_WSA, "MessageID"));
	assert_int_equal(strlen(t), 5 + 36);
	assert_memory_equal(t, "uuid:", 5);
	assert_int_equal(t[5 + 14], '4');	/* RFC 4122 version 4 */
	xmlFree(t);
	t = text_of(xml_child(header, NS_WSMAN, "OperationTimeout"));
	assert_string_equal(t, "PT60.000S");
	xmlFree(t);
	set = xml_child(header, NS_WSMAN, "SelectorSet");
	t = text_of(xml_child(set, NS_WSMAN, "Selector"));
	assert_string_equal(t, "a<b&c\"d");
	xmlFree(t);
	assert_non_null(xml_child(env, NS_SOAP, "Body"));
	xmlFreeDoc(doc);
	xmlFree(out);
}

static void message_ids_differ(void **state)
{
	struct soap_request a, b;
	char *ta, *tb;

	assert_int_equal(soap_request_init(&a, "x", "y", "z", NULL, 0, 1), 0);
	assert_int_equal(soap_request_init(&b, "x", "y", "z", NULL, 0, 1), 0);
	ta = xml_text(xml_child(a.header, NS_WSA, "MessageID"));
	tb = xml_text(xml_child(b.header, NS_WSA, "MessageID"));
	assert_string_not_equal(ta, tb);
	xmlFree(ta);
	xmlFree(tb);
	soap_request_free(&a);
	soap_request_free(&b);
}

static void identify_has_no_addressing(void **state)
{
	struct soap_request req;

	assert_int_equal(soap_request_init(&req, "x", NULL, NULL, NULL, 0, 1), 0);
	assert_null(req.header->children);
	soap_request_free(&req);
}

static void embedded_instance_escaped_twice(void **state)
{
	struct embedded e;
	struct soap_request req;
	char *text, *out, *back;
	size_t len;
	xmlDocPtr doc, inner;
	xmlNodePtr body, value;

	assert_int_equal(embedded_init(&e, "vmanhv_VirtualSystemSettingData"), 0);
	embedded_property(&e, "ElementName", "string", "x</VALUE><y>&amp;");
	text = embedded_text(&e);
	embedded_free(&e);
	assert_non_null(text);
	/* the INSTANCE text, then that text as a parameter's value */
	assert_int_equal(soap_request_init(&req, "x", "y", CS_URI, NULL, 0, 1), 0);
	soap_child(req.body, CS_URI, "p", "SystemSettings", text);
	assert_int_equal(soap_serialize(&req, &out, &len), 0);
	soap_request_free(&req);
	doc = parse(out, len);
	body = xml_child(xmlDocGetRootElement(doc), NS_SOAP, "Body");
	back = text_of(xml_child(body, CS_URI, "SystemSettings"));
	assert_string_equal(back, text);
	inner = parse(back, strlen(back));
	value = xmlDocGetRootElement(inner)->children->children;
	assert_string_equal((const char *)value->name, "VALUE");
	xmlFree(text);
	text = xml_text(value);
	assert_string_equal(text, "x</VALUE><y>&amp;");
	xmlFree(text);
	xmlFree(back);
	xmlFreeDoc(inner);
	xmlFreeDoc(doc);
	xmlFree(out);
}

static const char reply[] =
	"<S:Envelope xmlns:S='" NS_SOAP "' xmlns:A='" NS_WSA "' xmlns:W='" NS_WSMAN "'"
	" xmlns:xsi='" NS_XSI "'><S:Body>"
	"<q:CIM_Thing xmlns:q='" CIM_URI_PREFIX "CIM_Thing'>"
	"<q:Name>vm1</q:Name><q:Empty/><q:Nothing xsi:nil='true'/>"
	"<q:List>a</q:List><q:List>b &amp; c</q:List>"
	"<q:Ref><A:Address>" WSA_ANONYMOUS "</A:Address><A:ReferenceParameters>"
	"<W:ResourceURI>" CS_URI "</W:ResourceURI><W:SelectorSet>"
	"<W:Selector Name='CreationClassName'>CIM_ComputerSystem</W:Selector>"
	"<W:Selector Name='Name'>vm1</W:Selector></W:SelectorSet>"
	"</A:ReferenceParameters></q:Ref>"
	"</q:CIM_Thing></S:Body></S:Envelope>";

static void instance_from_reply(void **state)
{
	xmlDocPtr doc = parse(reply, sizeof(reply) - 1);
	xmlNodePtr body = xml_child(xmlDocGetRootElement(doc), NS_SOAP, "Body");
	struct cim_instance inst;
	const struct cim_property *p;

	assert_int_equal(instance_from_xml(xml_child(body, CIM_URI_PREFIX "CIM_Thing",
						     "CIM_Thing"), &inst), 0);
	assert_string_equal(inst.class_name, "CIM_Thing");
	assert_string_equal(instance_get(&inst, "Name"), "vm1");
	assert_string_equal(instance_get(&inst, "Empty"), "");
	assert_null(instance_get(&inst, "Nothing"));		/* NULL */
	assert_non_null(instance_property(&inst, "Nothing"));	/* but present */
	assert_null(instance_property(&inst, "Absent"));
	p = instance_property(&inst, "List");
	assert_int_equal(p->count, 2);
	assert_string_equal(p->values[1], "b & c");
	assert_string_equal(instance_get(&inst, "Ref"),
			    "CIM_ComputerSystem(CreationClassName=CIM_ComputerSystem,Name=vm1)");
	instance_free(&inst);
	xmlFreeDoc(doc);
}

static void instance_list_grows(void **state)
{
	xmlDocPtr doc = parse(reply, sizeof(reply) - 1);
	xmlNodePtr body = xml_child(xmlDocGetRootElement(doc), NS_SOAP, "Body");
	struct instance_list list = { 0 };

	for (int i = 0; i < 20; i++) {
		struct cim_instance inst;

		assert_int_equal(instance_from_xml(body->children, &inst), 0);
		assert_int_equal(instance_list_add(&list, &inst), 0);
		assert_null(inst.props);	/* taken by the list */
	}
	assert_int_equal(list.count, 20);
	assert_string_equal(instance_get(&list.items[19], "Name"), "vm1");
	instance_list_free(&list);
	xmlFreeDoc(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(envelope_headers),
		cmocka_unit_test(message_ids_differ),
		cmocka_unit_test(identify_has_no_addressing),
		cmocka_unit_test(embedded_instance_escaped_twice),
		cmocka_unit_test(instance_from_reply),
		cmocka_unit_test(instance_list_grows),
	};
	int rc = cmocka_run_group_tests_name("vmanctl_xml", tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}

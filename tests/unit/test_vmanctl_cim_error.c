/* sources: tools/vmanctl/cim_error.c tools/vmanctl/instance.c */
/* libs: -lxml2 */
/* SPDX-License-Identifier: MIT */
/*
 * tools/vmanctl/cim_error.c: the Message of the CIM_Error a method's Error
 * or Errors OUT parameter carries (DSP8026), in both embedded-instance forms
 * of DSP0227 clause 9, and nothing from what is no CIM_Error, so the
 * caller shows the parameter's text instead.
 */
#include <libxml/parser.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/vmanctl/cim_error.h"

/* The firmware's refusal of an overcommitting start (docs/allocation.md),
 * as CIM-XML INSTANCE text escaped into the element, the GetErrors form. */
static const char cimxml_error[] =
	"<p:RequestStateChange_OUTPUT xmlns:p=\"urn:p\"><p:Error>"
	"&lt;INSTANCE CLASSNAME=&quot;CIM_Error&quot;&gt;"
	"&lt;PROPERTY NAME=&quot;OwningEntity&quot; TYPE=&quot;string&quot;&gt;"
	"&lt;VALUE&gt;vmanhv&lt;/VALUE&gt;&lt;/PROPERTY&gt;"
	"&lt;PROPERTY NAME=&quot;Message&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;"
	"pool vmanhv:pool:processor overcommitted by 1 CPU(s): VM demo reserves 2 &amp;amp; more"
	"&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;"
	"</p:Error></p:RequestStateChange_OUTPUT>";

/* The same as WS-CIM elements (DSP0230). */
static const char wscim_error[] =
	"<p:RequestStateChange_OUTPUT xmlns:p=\"urn:p\"><p:Error>"
	"<e:CIM_Error xmlns:e=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Error\">"
	"<e:MessageID>VMH0005</e:MessageID><e:Message>no room</e:Message></e:CIM_Error>"
	"</p:Error></p:RequestStateChange_OUTPUT>";

/* The OUT parameter (the root's first child) of a reply body parsed from TEXT. */
static xmlNodePtr param_of(const char *text, xmlDocPtr *doc)
{
	*doc = xmlReadMemory(text, (int)strlen(text), "reply.xml", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(*doc);
	return xmlDocGetRootElement(*doc)->children;
}

static char *message_of(const char *text)
{
	xmlDocPtr doc;
	char *msg = cim_error_message(param_of(text, &doc));

	xmlFreeDoc(doc);
	return msg;
}

static void cimxml_text_gives_its_message(void **state)
{
	char *msg = message_of(cimxml_error);

	assert_non_null(msg);
	assert_string_equal(msg, "pool vmanhv:pool:processor overcommitted by 1 CPU(s): "
				 "VM demo reserves 2 & more");
	xmlFree(msg);
}

static void wscim_elements_give_their_message(void **state)
{
	char *msg = message_of(wscim_error);

	assert_non_null(msg);
	assert_string_equal(msg, "no room");
	xmlFree(msg);
}

/* What is no CIM_Error with a Message yields NULL: the caller shows the text. */
static void no_cim_error_no_message(void **state)
{
	static const char *const replies[] = {
		/* plain words */
		"<o xmlns:p=\"urn:p\"><p:Error>the host said no</p:Error></o>",
		/* empty */
		"<o xmlns:p=\"urn:p\"><p:Error/></o>",
		/* another class */
		"<o xmlns:p=\"urn:p\"><p:Error>&lt;INSTANCE CLASSNAME=&quot;CIM_Job&quot;&gt;"
		"&lt;PROPERTY NAME=&quot;Message&quot;&gt;&lt;VALUE&gt;x&lt;/VALUE&gt;"
		"&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</p:Error></o>",
		/* a CIM_Error without a Message */
		"<o xmlns:p=\"urn:p\"><p:Error>&lt;INSTANCE CLASSNAME=&quot;CIM_Error&quot;&gt;"
		"&lt;PROPERTY NAME=&quot;MessageID&quot;&gt;&lt;VALUE&gt;VMH0001&lt;/VALUE&gt;"
		"&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</p:Error></o>",
		/* markup cut short */
		"<o xmlns:p=\"urn:p\"><p:Error>&lt;INSTANCE CLASSNAME=&quot;CIM_Error&quot;"
		"</p:Error></o>",
		/* a WS-CIM element of another class */
		"<o xmlns:p=\"urn:p\"><p:Error><q:CIM_Job xmlns:q=\"urn:q\"><q:Message>x"
		"</q:Message></q:CIM_Job></p:Error></o>",
	};

	for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
		char *msg = message_of(replies[i]);

		if (msg != NULL) {
			fail_msg("reply %zu gave '%s'", i, msg);
		}
	}
	assert_null(cim_error_message(NULL));
}

/* Every truncated prefix of the embedded text is read safely (ASan watches
 * the reads): a whole instance gives its Message, a cut one nothing. */
static void truncated_instances(void **state)
{
	static const char inner[] =
		"<INSTANCE CLASSNAME=\"CIM_Error\"><PROPERTY NAME=\"Message\" TYPE=\"string\">"
		"<VALUE>m</VALUE></PROPERTY></INSTANCE>";
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr param = xmlNewDocNode(doc, NULL, (const xmlChar *)"Error", NULL);

	xmlDocSetRootElement(doc, param);
	for (size_t n = 0; n <= sizeof(inner) - 1; n++) {
		char *cut = strndup(inner, n);
		char *msg;

		assert_non_null(cut);
		xmlNodeSetContent(param, NULL);
		xmlNodeAddContent(param, (const xmlChar *)cut);
		msg = cim_error_message(param);
		if (n == sizeof(inner) - 1) {
			assert_non_null(msg);
			assert_string_equal(msg, "m");
		} else {
			assert_null(msg);
		}
		xmlFree(msg);
		free(cut);
	}
	xmlFreeDoc(doc);
}

/* An external entity in the embedded text is neither fetched nor expanded. */
static void no_external_entities(void **state)
{
	char *msg = message_of(
		"<o xmlns:p=\"urn:p\"><p:Error>&lt;!DOCTYPE INSTANCE [&lt;!ENTITY e SYSTEM "
		"&quot;file:///etc/passwd&quot;&gt;]&gt;&lt;INSTANCE CLASSNAME=&quot;CIM_Error"
		"&quot;&gt;&lt;PROPERTY NAME=&quot;Message&quot;&gt;&lt;VALUE&gt;[&amp;e;]"
		"&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</p:Error></o>");

	if (msg != NULL) {
		assert_null(strstr(msg, "root:"));
		xmlFree(msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cimxml_text_gives_its_message),
		cmocka_unit_test(wscim_elements_give_their_message),
		cmocka_unit_test(no_cim_error_no_message),
		cmocka_unit_test(truncated_instances),
		cmocka_unit_test(no_external_entities),
	};
	int rc = cmocka_run_group_tests_name("vmanctl_cim_error", tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}

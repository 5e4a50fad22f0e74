/* SPDX-License-Identifier: MIT */
#include <libxml/parser.h>
#include <string.h>

#include "tools/vmanctl/cim_error.h"
#include "tools/vmanctl/instance.h"

static bool is_element(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

/* DSP0230: <CIM_Error xmlns=".../CIM_Error"><Message>...</Message>...</CIM_Error>,
 * read by local name (the namespace is the class's, whatever its prefix). */
static char *wscim_message(xmlNodePtr instance)
{
	if (!is_element(instance, "CIM_Error")) {
		return NULL;
	}
	for (xmlNodePtr c = instance->children; c != NULL; c = c->next) {
		if (is_element(c, "Message")) {
			return xml_text(c);
		}
	}
	return NULL;
}

/* DSP0201: <INSTANCE CLASSNAME="CIM_Error"><PROPERTY NAME="Message" TYPE="string">
 * <VALUE>...</VALUE></PROPERTY>...</INSTANCE>. */
static char *cimxml_message(xmlNodePtr instance)
{
	xmlChar *cls = xmlGetProp(instance, (const xmlChar *)"CLASSNAME");
	bool ok = is_element(instance, "INSTANCE") && cls != NULL &&
		  xmlStrEqual(cls, (const xmlChar *)"CIM_Error");

	xmlFree(cls);
	for (xmlNodePtr p = ok ? instance->children : NULL; p != NULL; p = p->next) {
		xmlChar *name = is_element(p, "PROPERTY") ?
				xmlGetProp(p, (const xmlChar *)"NAME") : NULL;
		bool found = name != NULL && xmlStrEqual(name, (const xmlChar *)"Message");

		xmlFree(name);
		for (xmlNodePtr v = found ? p->children : NULL; v != NULL; v = v->next) {
			if (is_element(v, "VALUE")) {
				return xml_text(v);
			}
		}
	}
	return NULL;
}

/* The parameter's text parsed as a document of its own: no network, no
 * entities expanded, no error printed (an unparsable text is shown as is). */
static char *embedded_text_message(xmlNodePtr param)
{
	char *text = xml_text(param);
	const char *start = text ? text + strspn(text, " \t\r\n") : "";
	xmlDocPtr doc = NULL;
	char *msg = NULL;

	if (*start == '<' && strlen(start) < (size_t)1 << 20) {
		doc = xmlReadMemory(start, (int)strlen(start), "CIM_Error.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	}
	if (doc != NULL) {
		msg = cimxml_message(xmlDocGetRootElement(doc));
		xmlFreeDoc(doc);
	}
	xmlFree(text);
	return msg;
}

char *cim_error_message(xmlNodePtr param)
{
	for (xmlNodePtr c = param ? param->children : NULL; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			return wscim_message(c);
		}
	}
	return param ? embedded_text_message(param) : NULL;
}

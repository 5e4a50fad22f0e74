/* sources: tools/vmanctl/cim_error.c tools/vmanctl/instance.c */
/* libs: -lxml2 */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: vmanctl reading the reason of a refusal (tools/vmanctl/cim_error.c)
 * from whatever an endpoint puts in an Error OUT parameter.  The first byte
 * picks the form: even, the rest is the parameter's text (CIM-XML INSTANCE
 * text, parsed again by libxml2); odd, the rest is parsed as the parameter
 * element itself and its first child read as WS-CIM elements.
 *
 * The contract: no crash, leak or read out of bounds (ASan, UBSan); a
 * Message is a NUL-ended string, and a text that holds no '<' gives none.
 */
#include <libxml/parser.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/cim_error.h"

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void check(xmlNodePtr param, const char *text)
{
	char *msg = cim_error_message(param);

	if (msg != NULL) {
		(void)strlen(msg);
		if (text != NULL && strchr(text, '<') == NULL) {
			abort();	/* plain words are no embedded instance */
		}
	}
	xmlFree(msg);
}

static void as_text(const uint8_t *data, size_t size)
{
	char *text = strndup((const char *)data, size);
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr param = xmlNewDocNode(doc, NULL, (const xmlChar *)"Error", NULL);

	if (text != NULL && doc != NULL && param != NULL) {
		xmlDocSetRootElement(doc, param);
		/* the node holds the text as given, escaped by libxml2 if serialized */
		xmlNodeAddContent(param, (const xmlChar *)text);
		check(param, text);
	}
	xmlFreeDoc(doc);
	free(text);
}

static void as_element(const uint8_t *data, size_t size)
{
	xmlDocPtr doc = xmlReadMemory((const char *)data, (int)size, "param.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (doc != NULL) {
		check(xmlDocGetRootElement(doc), NULL);
		xmlFreeDoc(doc);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;

	if (!quiet) {
		xmlSetGenericErrorFunc(NULL, silent);
		quiet = 1;
	}
	if (size == 0 || size > 65536) {
		return 0;
	}
	if (data[0] % 2 == 0) {
		as_text(data + 1, size - 1);
	} else {
		as_element(data + 1, size - 1);
	}
	return 0;
}

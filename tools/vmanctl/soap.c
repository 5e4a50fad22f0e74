/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <sys/random.h>

#include "tools/vmanctl/names.h"
#include "tools/vmanctl/soap.h"

#define X(s) ((const xmlChar *)(s))

/* A random (version 4) UUID, RFC 4122 4.4: WS-Addressing wants each
 * MessageID unique, and DSP0226 R5.4.4-1 the uuid: form. */
static void message_id(char *buf, size_t len)
{
	unsigned char b[16] = { 0 };

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		/* the kernel's pool is always ready after boot; keep the zeros else */
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(buf, len, "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
		 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

xmlNodePtr soap_child(xmlNodePtr parent, const char *ns, const char *prefix,
		      const char *name, const char *text)
{
	xmlNsPtr n = xmlSearchNsByHref(parent->doc, parent, X(ns));
	xmlNodePtr node;

	node = xmlNewChild(parent, NULL, X(name), NULL);
	if (node == NULL) {
		return NULL;
	}
	if (n == NULL) {
		n = xmlNewNs(node, X(ns), X(prefix));
	}
	xmlSetNs(node, n);
	if (text != NULL) {
		xmlNodeAddContent(node, X(text));	/* escaped when serialized */
	}
	return node;
}

static void selector_set(xmlNodePtr parent, const struct selector *sel, size_t nsel)
{
	xmlNodePtr set;

	if (nsel == 0) {
		return;
	}
	set = soap_child(parent, NS_WSMAN, "w", "SelectorSet", NULL);
	for (size_t i = 0; i < nsel; i++) {
		xmlNodePtr s = soap_child(set, NS_WSMAN, "w", "Selector", sel[i].value);

		xmlNewProp(s, X("Name"), X(sel[i].name));
	}
}

void soap_epr(struct soap_request *r, xmlNodePtr parent, const char *resource_uri,
	      const struct selector *sel, size_t nsel)
{
	xmlNodePtr params;

	(void)r;
	soap_child(parent, NS_WSA, "a", "Address", WSA_ANONYMOUS);
	params = soap_child(parent, NS_WSA, "a", "ReferenceParameters", NULL);
	soap_child(params, NS_WSMAN, "w", "ResourceURI", resource_uri);
	selector_set(params, sel, nsel);
}

int soap_request_init(struct soap_request *r, const char *to, const char *action,
		      const char *resource_uri, const struct selector *sel, size_t nsel,
		      long timeout_s)
{
	char id[64], timeout[32];
	xmlNodePtr env, reply_to, max;

	r->doc = xmlNewDoc(X("1.0"));
	if (r->doc == NULL) {
		return -ENOMEM;
	}
	env = xmlNewNode(NULL, X("Envelope"));
	xmlDocSetRootElement(r->doc, env);
	r->s = xmlNewNs(env, X(NS_SOAP), X("s"));
	r->a = xmlNewNs(env, X(NS_WSA), X("a"));
	r->w = xmlNewNs(env, X(NS_WSMAN), X("w"));
	xmlSetNs(env, r->s);
	r->header = soap_child(env, NS_SOAP, "s", "Header", NULL);
	r->body = soap_child(env, NS_SOAP, "s", "Body", NULL);
	if (action == NULL) {
		return r->body == NULL ? -ENOMEM : 0;	/* Identify: no addressing */
	}
	soap_child(r->header, NS_WSA, "a", "To", to);
	if (resource_uri != NULL) {
		soap_child(r->header, NS_WSMAN, "w", "ResourceURI", resource_uri);
	}
	reply_to = soap_child(r->header, NS_WSA, "a", "ReplyTo", NULL);
	soap_child(reply_to, NS_WSA, "a", "Address", WSA_ANONYMOUS);
	soap_child(r->header, NS_WSA, "a", "Action", action);
	message_id(id, sizeof(id));
	soap_child(r->header, NS_WSA, "a", "MessageID", id);
	selector_set(r->header, sel, nsel);
	/* replies up to 512 KiB (WinRM's default, DSP0226 6.2); the service's own limit */
	max = soap_child(r->header, NS_WSMAN, "w", "MaxEnvelopeSize", "512000");
	xmlNewNsProp(max, r->s, X("mustUnderstand"), X("true"));
	snprintf(timeout, sizeof(timeout), "PT%ld.000S", timeout_s);
	soap_child(r->header, NS_WSMAN, "w", "OperationTimeout", timeout);
	return r->body == NULL ? -ENOMEM : 0;
}

int soap_serialize(struct soap_request *r, char **out, size_t *len)
{
	xmlChar *buf = NULL;
	int n = 0;

	xmlDocDumpMemoryEnc(r->doc, &buf, &n, "UTF-8");
	if (buf == NULL) {
		return -ENOMEM;
	}
	*out = (char *)buf;
	*len = (size_t)n;
	return 0;
}

void soap_request_free(struct soap_request *r)
{
	xmlFreeDoc(r->doc);
	r->doc = NULL;
}

int embedded_init(struct embedded *e, const char *class_name)
{
	e->doc = xmlNewDoc(X("1.0"));
	e->instance = e->doc == NULL ? NULL : xmlNewNode(NULL, X("INSTANCE"));
	if (e->instance == NULL) {
		xmlFreeDoc(e->doc);
		return -ENOMEM;
	}
	xmlDocSetRootElement(e->doc, e->instance);
	xmlNewProp(e->instance, X("CLASSNAME"), X(class_name));
	return 0;
}

void embedded_property(struct embedded *e, const char *name, const char *type,
		       const char *value)
{
	xmlNodePtr p = xmlNewChild(e->instance, NULL, X("PROPERTY"), NULL);

	xmlNewProp(p, X("NAME"), X(name));
	xmlNewProp(p, X("TYPE"), X(type));
	xmlNewTextChild(p, NULL, X("VALUE"), X(value));
}

char *embedded_text(struct embedded *e)
{
	xmlBufferPtr b = xmlBufferCreate();
	char *text = NULL;

	if (b != NULL && xmlNodeDump(b, e->doc, e->instance, 0, 0) >= 0) {
		text = (char *)xmlStrdup(xmlBufferContent(b));
	}
	xmlBufferFree(b);
	return text;
}

void embedded_free(struct embedded *e)
{
	xmlFreeDoc(e->doc);
	e->doc = NULL;
}

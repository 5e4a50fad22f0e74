/* SPDX-License-Identifier: MIT */
/*
 * For the WS-Man unit tests: read a reply back with expat, independently of
 * the prefixes the writer chose.  Every element becomes a node whose path
 * names each step by namespace alias and local name ("s:Envelope/s:Body/
 * s:Fault"), with its text and, when that text is a QName, the QName
 * resolved against the namespaces in scope ("s:Sender" -> "soap:Sender"
 * here means {SOAP 1.2}Sender whatever prefix the document used).
 * Included by the test_wsman_*.c programs; not a test program itself.
 */
#ifndef VMANHV_TESTS_UNIT_TEST_WSMAN_XML_H
#define VMANHV_TESTS_UNIT_TEST_WSMAN_XML_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <expat.h>

#define XDOC_NODES	128
#define XDOC_PATH	384
#define XDOC_TEXT	16384
#define XDOC_BINDINGS	64

struct xdoc_node {
	char path[XDOC_PATH];
	char text[XDOC_TEXT];
	char qname[256];	/* text resolved as a QName, "" when it is not one */
	char attrs[1024];	/* "alias:name=value\n" per attribute */
	unsigned children;
};

struct xdoc_binding {
	char prefix[64];
	char uri[256];
};

struct xdoc {
	struct xdoc_node node[XDOC_NODES];
	unsigned count;
	unsigned stack[64];	/* open elements, as node indexes */
	unsigned depth;
	struct xdoc_binding binding[XDOC_BINDINGS];
	unsigned bindings;
	bool overflow;
};

/* Test-side aliases, deliberately not the writer's prefixes. */
static const struct {
	const char *alias;
	const char *uri;
} xdoc_aliases[] = {
	{ "soap", "http://www.w3.org/2003/05/soap-envelope" },
	{ "addr", "http://schemas.xmlsoap.org/ws/2004/08/addressing" },
	{ "man", "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" },
	{ "ident", "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd" },
	{ "xfer", "http://schemas.xmlsoap.org/ws/2004/09/transfer" },
	{ "enum", "http://schemas.xmlsoap.org/ws/2004/09/enumeration" },
	{ "cimb", "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd" },
	{ "xml", "http://www.w3.org/XML/1998/namespace" },
};

static inline const char *xdoc_alias(const char *uri, size_t len)
{
	for (size_t i = 0; i < sizeof(xdoc_aliases) / sizeof(xdoc_aliases[0]); i++) {
		if (strlen(xdoc_aliases[i].uri) == len && memcmp(xdoc_aliases[i].uri, uri, len) == 0) {
			return xdoc_aliases[i].alias;
		}
	}
	return len == 0 ? "" : "other";
}

/* "uri|local" (expat, separator '|') as "alias:local" */
static inline void xdoc_name(const char *expanded, char *out, size_t size)
{
	const char *sep = strchr(expanded, '|');

	if (sep == NULL) {
		snprintf(out, size, "%s", expanded);
		return;
	}
	snprintf(out, size, "%s:%s", xdoc_alias(expanded, (size_t)(sep - expanded)), sep + 1);
}

static inline void XMLCALL xdoc_ns_start(void *user, const XML_Char *prefix, const XML_Char *uri)
{
	struct xdoc *d = user;

	if (d->bindings == XDOC_BINDINGS) {
		d->overflow = true;
		return;
	}
	snprintf(d->binding[d->bindings].prefix, sizeof(d->binding[0].prefix), "%s",
		 prefix != NULL ? prefix : "");
	snprintf(d->binding[d->bindings].uri, sizeof(d->binding[0].uri), "%s",
		 uri != NULL ? uri : "");
	d->bindings++;
}

static inline void XMLCALL xdoc_ns_end(void *user, const XML_Char *prefix)
{
	struct xdoc *d = user;

	if (d->bindings > 0) {
		d->bindings--;
	}
}

static inline void XMLCALL xdoc_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
	struct xdoc *d = user;
	struct xdoc_node *n;
	char step[160];
	size_t used = 0;

	if (d->count == XDOC_NODES || d->depth == 64) {
		d->overflow = true;
		return;
	}
	n = &d->node[d->count];
	memset(n, 0, sizeof(*n));
	xdoc_name(name, step, sizeof(step));
	if (d->depth > 0) {
		d->node[d->stack[d->depth - 1]].children++;
		const char *parent = d->node[d->stack[d->depth - 1]].path;
		size_t plen = strlen(parent);

		if (plen + 1 + strlen(step) >= sizeof(n->path)) {
			d->overflow = true;
			return;
		}
		memcpy(n->path, parent, plen);
		n->path[plen] = '/';
		strcpy(n->path + plen + 1, step);
	} else {
		snprintf(n->path, sizeof(n->path), "%s", step);
	}
	for (size_t i = 0; attrs[i] != NULL && used < sizeof(n->attrs); i += 2) {
		char an[160];

		xdoc_name(attrs[i], an, sizeof(an));
		used += (size_t)snprintf(n->attrs + used, sizeof(n->attrs) - used, "%s=%s\n", an,
					 attrs[i + 1]);
	}
	d->stack[d->depth++] = d->count++;
}

/* The text of n as a QName, resolved with the bindings now in scope. */
static inline void xdoc_resolve(struct xdoc *d, struct xdoc_node *n)
{
	const char *colon = strchr(n->text, ':');
	char prefix[64] = "";
	const char *local = n->text;

	if (colon != NULL) {
		snprintf(prefix, sizeof(prefix), "%.*s", (int)(colon - n->text), n->text);
		local = colon + 1;
	}
	for (unsigned i = d->bindings; i-- > 0;) {
		if (strcmp(d->binding[i].prefix, prefix) == 0) {
			snprintf(n->qname, sizeof(n->qname), "%s:%s",
				 xdoc_alias(d->binding[i].uri, strlen(d->binding[i].uri)), local);
			return;
		}
	}
}

static inline void XMLCALL xdoc_end(void *user, const XML_Char *name)
{
	struct xdoc *d = user;

	if (d->depth > 0) {
		xdoc_resolve(d, &d->node[d->stack[--d->depth]]);
	}
}

static inline void XMLCALL xdoc_text(void *user, const XML_Char *s, int len)
{
	struct xdoc *d = user;
	struct xdoc_node *n;
	size_t have;

	if (d->depth == 0) {
		return;
	}
	n = &d->node[d->stack[d->depth - 1]];
	have = strlen(n->text);
	if (have + (size_t)len >= sizeof(n->text)) {
		d->overflow = true;
		return;
	}
	memcpy(n->text + have, s, (size_t)len);
	n->text[have + (size_t)len] = '\0';
}

/* 0 when xml is well-formed and fits; -1 otherwise. */
static inline int xdoc_parse(struct xdoc *d, const char *xml, size_t len)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	int ok;

	memset(d, 0, sizeof(*d));
	XML_SetUserData(p, d);
	XML_SetElementHandler(p, xdoc_start, xdoc_end);
	XML_SetCharacterDataHandler(p, xdoc_text);
	XML_SetNamespaceDeclHandler(p, xdoc_ns_start, xdoc_ns_end);
	ok = XML_Parse(p, xml, (int)len, XML_TRUE) == XML_STATUS_OK;
	if (!ok) {
		fprintf(stderr, "xdoc: %s at line %lu in:\n%.*s\n",
			XML_ErrorString(XML_GetErrorCode(p)),
			(unsigned long)XML_GetCurrentLineNumber(p), (int)len, xml);
	}
	XML_ParserFree(p);
	return ok && !d->overflow ? 0 : -1;
}

static inline const struct xdoc_node *xdoc_find(const struct xdoc *d, const char *path)
{
	for (unsigned i = 0; i < d->count; i++) {
		if (strcmp(d->node[i].path, path) == 0) {
			return &d->node[i];
		}
	}
	return NULL;
}

/* The text of the first element at path, or NULL. */
static inline const char *xdoc_text_at(const struct xdoc *d, const char *path)
{
	const struct xdoc_node *n = xdoc_find(d, path);

	return n != NULL ? n->text : NULL;
}

/* The text at path as a resolved QName ("soap:Sender"), or NULL. */
static inline const char *xdoc_qname_at(const struct xdoc *d, const char *path)
{
	const struct xdoc_node *n = xdoc_find(d, path);

	return n != NULL ? n->qname : NULL;
}

static inline unsigned xdoc_count(const struct xdoc *d, const char *path)
{
	unsigned c = 0;

	for (unsigned i = 0; i < d->count; i++) {
		c += strcmp(d->node[i].path, path) == 0;
	}
	return c;
}

/* The i-th element at path, or NULL. */
static inline const char *xdoc_text_nth(const struct xdoc *d, const char *path, unsigned nth)
{
	for (unsigned i = 0; i < d->count; i++) {
		if (strcmp(d->node[i].path, path) == 0 && nth-- == 0) {
			return d->node[i].text;
		}
	}
	return NULL;
}

/* Is "alias:name=value" among the attributes of the element at path? */
static inline bool xdoc_has_attr(const struct xdoc *d, const char *path, const char *attr_eq_value)
{
	const struct xdoc_node *n = xdoc_find(d, path);
	char line[512];

	if (n == NULL) {
		return false;
	}
	snprintf(line, sizeof(line), "%s\n", attr_eq_value);
	for (const char *at = n->attrs; (at = strstr(at, line)) != NULL; at++) {
		if (at == n->attrs || at[-1] == '\n') {
			return true;
		}
	}
	return false;
}

#endif

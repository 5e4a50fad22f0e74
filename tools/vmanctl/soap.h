/* SPDX-License-Identifier: MIT */
/*
 * Request envelopes, built as a libxml2 tree and serialized by it, so every
 * value is escaped by the library: SOAP 1.2 with WS-Addressing and the
 * WS-Man headers (DSP0226 clause 5), selectors, EPRs, and embedded instances
 * as CIM-XML INSTANCE text (DSP0227 clause 9; docs/profiles.md).
 */
#ifndef VMANCTL_SOAP_H
#define VMANCTL_SOAP_H

#include <libxml/tree.h>
#include <stddef.h>

struct selector {
	const char *name;
	const char *value;
};

struct soap_request {
	xmlDocPtr doc;
	xmlNodePtr header, body;
	xmlNsPtr s, a, w;
};

/*
 * soap_request_init - an envelope with To, ResourceURI, ReplyTo (anonymous),
 * Action, a fresh uuid: MessageID, the SELECTORS, MaxEnvelopeSize and
 * OperationTimeout.  ACTION NULL: an empty header (Identify, DSP0226
 * clause 11, carries no addressing).  Returns 0 or -ENOMEM.
 */
int soap_request_init(struct soap_request *r, const char *to, const char *action,
		      const char *resource_uri, const struct selector *sel, size_t nsel,
		      long timeout_s);

/* soap_child - an element NAME in namespace NS (prefix PREFIX) under PARENT, with TEXT. */
xmlNodePtr soap_child(xmlNodePtr parent, const char *ns, const char *prefix,
		      const char *name, const char *text);

/* soap_epr - under PARENT: wsa:Address + wsa:ReferenceParameters(ResourceURI, selectors). */
void soap_epr(struct soap_request *r, xmlNodePtr parent, const char *resource_uri,
	      const struct selector *sel, size_t nsel);

/* soap_serialize - the envelope as UTF-8 text; xmlFree() *OUT.  0 or -ENOMEM. */
int soap_serialize(struct soap_request *r, char **out, size_t *len);

void soap_request_free(struct soap_request *r);

/* An embedded instance being built (CIM-XML, DSP0201 INSTANCE). */
struct embedded {
	xmlDocPtr doc;
	xmlNodePtr instance;
};

int embedded_init(struct embedded *e, const char *class_name);
/* embedded_property - PROPERTY NAME TYPE with one VALUE. */
void embedded_property(struct embedded *e, const char *name, const char *type,
		       const char *value);
/* embedded_text - the INSTANCE element as text; xmlFree() it.  NULL on no memory. */
char *embedded_text(struct embedded *e);
void embedded_free(struct embedded *e);

#endif

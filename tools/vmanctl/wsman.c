/* SPDX-License-Identifier: MIT */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/names.h"
#include "tools/vmanctl/transport.h"
#include "tools/vmanctl/wsman.h"

#define X(s) ((const xmlChar *)(s))

static void copy_text(char *dst, size_t len, xmlNodePtr node)
{
	char *t;

	if (node == NULL) {
		dst[0] = '\0';
		return;
	}
	t = xml_text(node);
	snprintf(dst, len, "%s", t);
	xmlFree(t);
}

/* A QName's local part ("wsa:DestinationUnreachable"): the prefix is the
 * server's choice, only the local name is stable. */
static void copy_local_name(char *dst, size_t len, xmlNodePtr node)
{
	char *colon;

	copy_text(dst, len, node);
	colon = strchr(dst, ':');
	if (colon != NULL) {
		memmove(dst, colon + 1, strlen(colon + 1) + 1);
	}
}

/* SOAP 1.2 Part 1 5.4: Code/Subcode/Value, Reason/Text; DSP0226 FaultDetail. */
static void fault_read(xmlNodePtr fnode, struct wsman_fault *f)
{
	xmlNodePtr code = xml_child(fnode, NS_SOAP, "Code");
	xmlNodePtr sub = xml_child(xml_child(code, NS_SOAP, "Subcode"), NS_SOAP, "Value");
	xmlNodePtr reason = xml_child(xml_child(fnode, NS_SOAP, "Reason"), NS_SOAP, "Text");
	xmlNodePtr detail = xml_child(xml_child(fnode, NS_SOAP, "Detail"), NS_WSMAN,
				      "FaultDetail");

	f->present = true;
	copy_local_name(f->subcode, sizeof(f->subcode),
			sub ? sub : xml_child(code, NS_SOAP, "Value"));
	copy_text(f->reason, sizeof(f->reason), reason);
	if (detail != NULL) {
		char *t = xml_text(detail);
		const char *slash = strrchr(t, '/');

		snprintf(f->detail, sizeof(f->detail), "%s", slash ? slash + 1 : t);
		xmlFree(t);
	}
}

void wsman_fault_report(const char *what, const struct wsman_fault *f)
{
	vmanctl_error("%s: %s (%s%s%s)", what, f->reason[0] ? f->reason : "no reason given",
		      f->subcode, f->detail[0] ? ", " : "", f->detail);
}

bool wsman_fault_is_not_served(const struct wsman_fault *f)
{
	return strcmp(f->subcode, "DestinationUnreachable") == 0 ||
	       strcmp(f->subcode, "ActionNotSupported") == 0 ||
	       strcmp(f->detail, "InvalidResourceURI") == 0;
}

/* Sends REQ; *REPLY is the parsed reply (its Body) unless it is a fault. */
static int exchange(struct vmanctl *v, struct soap_request *req, xmlDocPtr *reply,
		    xmlNodePtr *body, struct wsman_fault *fault)
{
	struct transport_reply r = { 0 };
	char *text = NULL;
	size_t len = 0;
	xmlNodePtr fnode;
	int rc;

	memset(fault, 0, sizeof(*fault));
	if (soap_serialize(req, &text, &len) < 0) {
		vmanctl_error("out of memory");
		return VMANCTL_FAILED;
	}
	rc = transport_post(v, text, len, &r);
	xmlFree(text);
	if (rc != VMANCTL_OK) {
		return rc;
	}
	/* no network access, no entity expansion from the reply (libxml2 defaults
	 * plus NONET); the reply is bounded by TRANSPORT_REPLY_MAX */
	*reply = r.len > 0 ? xmlReadMemory(r.data, (int)r.len, "reply.xml", NULL,
					   XML_PARSE_NONET | XML_PARSE_NOWARNING |
					   XML_PARSE_NOERROR) : NULL;
	free(r.data);
	*body = *reply ? xml_child(xmlDocGetRootElement(*reply), NS_SOAP, "Body") : NULL;
	if (*body == NULL) {
		vmanctl_error("%s answered HTTP %ld without a SOAP envelope", v->url, r.status);
		xmlFreeDoc(*reply);
		return VMANCTL_UNREACHABLE;
	}
	fnode = xml_child(*body, NS_SOAP, "Fault");
	if (fnode != NULL) {
		fault_read(fnode, fault);
		xmlFreeDoc(*reply);
		*reply = NULL;
		return VMANCTL_FAILED;
	}
	return VMANCTL_OK;
}

static int first_element_instance(xmlNodePtr parent, struct cim_instance *out)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			return instance_from_xml(c, out);
		}
	}
	return -1;
}

int wsman_identify(struct vmanctl *v, struct cim_instance *out)
{
	struct soap_request req;
	struct wsman_fault fault;
	xmlDocPtr doc;
	xmlNodePtr body;
	int rc;

	/* DSP0226 11: Identify has no addressing headers, only the body */
	if (soap_request_init(&req, v->url, NULL, NULL, NULL, 0, v->timeout_s) < 0) {
		return VMANCTL_FAILED;
	}
	soap_child(req.body, NS_WSMID, "wsmid", "Identify", NULL);
	rc = exchange(v, &req, &doc, &body, &fault);
	soap_request_free(&req);
	if (rc == VMANCTL_FAILED && fault.present) {
		wsman_fault_report("Identify", &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	rc = instance_from_xml(xml_child(body, NS_WSMID, "IdentifyResponse"), out) == 0 ?
	     VMANCTL_OK : VMANCTL_FAILED;
	xmlFreeDoc(doc);
	return rc;
}

int wsman_get(struct vmanctl *v, const char *uri, const struct selector *sel, size_t nsel,
	      struct cim_instance *out, struct wsman_fault *fault)
{
	struct soap_request req;
	xmlDocPtr doc;
	xmlNodePtr body;
	int rc;

	if (soap_request_init(&req, v->url, ACTION_GET, uri, sel, nsel, v->timeout_s) < 0) {
		return VMANCTL_FAILED;
	}
	rc = exchange(v, &req, &doc, &body, fault);
	soap_request_free(&req);
	if (rc != VMANCTL_OK) {
		return rc;
	}
	rc = first_element_instance(body, out) == 0 ? VMANCTL_OK : VMANCTL_FAILED;
	if (rc != VMANCTL_OK) {
		vmanctl_error("the reply to Get of %s holds no instance", uri);
	}
	xmlFreeDoc(doc);
	return rc;
}

static void assoc_filter(struct soap_request *req, xmlNodePtr enumerate,
			 const struct wsman_assoc *assoc)
{
	xmlNodePtr filter = soap_child(enumerate, NS_WSMAN, "w", "Filter", NULL);
	xmlNodePtr ai, obj;

	xmlNewProp(filter, X("Dialect"), X(DIALECT_ASSOCIATION));
	ai = soap_child(filter, NS_WSMB, "b", "AssociatedInstances", NULL);
	obj = soap_child(ai, NS_WSMB, "b", "Object", NULL);
	soap_epr(req, obj, assoc->object_uri, assoc->sel, assoc->nsel);
	if (assoc->association_class != NULL) {
		soap_child(ai, NS_WSMB, "b", "AssociationClassName", assoc->association_class);
	}
	if (assoc->result_class != NULL) {
		soap_child(ai, NS_WSMB, "b", "ResultClassName", assoc->result_class);
	}
}

/* The items of an (optimized) EnumerateResponse or a PullResponse. */
static int take_items(xmlNodePtr items, struct instance_list *out)
{
	for (xmlNodePtr c = items ? items->children : NULL; c != NULL; c = c->next) {
		struct cim_instance inst;

		if (c->type != XML_ELEMENT_NODE) {
			continue;
		}
		if (instance_from_xml(c, &inst) < 0 || instance_list_add(out, &inst) < 0) {
			instance_free(&inst);
			return -1;
		}
	}
	return 0;
}

/* One Enumerate or Pull; *CONTEXT the context to go on with, *END at the
 * end of the sequence (the context may still be open then). */
static int round_trip(struct vmanctl *v, struct soap_request *req, const char *response,
		      const char *items_ns, struct instance_list *out, char *context,
		      size_t context_len, bool *end, struct wsman_fault *fault)
{
	xmlDocPtr doc;
	xmlNodePtr body, resp, ctx;
	int rc = exchange(v, req, &doc, &body, fault);

	if (rc != VMANCTL_OK) {
		return rc;
	}
	resp = xml_child(body, NS_WSEN, response);
	ctx = xml_child(resp, NS_WSEN, "EnumerationContext");
	*end = xml_child(resp, NS_WSEN, "EndOfSequence") != NULL ||
	      xml_child(resp, NS_WSMAN, "EndOfSequence") != NULL;
	copy_text(context, context_len, ctx);
	if (take_items(xml_child(resp, items_ns, "Items"), out) < 0) {
		rc = VMANCTL_FAILED;
	}
	xmlFreeDoc(doc);
	return rc;
}

/* An optimized enumeration that ended may leave its context open (docs/wsman.md):
 * release it, the service keeps few. */
static void release(struct vmanctl *v, const char *uri, const char *context)
{
	struct soap_request req;
	struct wsman_fault fault;
	xmlDocPtr doc = NULL;
	xmlNodePtr body, rel;

	if (soap_request_init(&req, v->url, ACTION_RELEASE, uri, NULL, 0, v->timeout_s) < 0) {
		return;
	}
	rel = soap_child(req.body, NS_WSEN, "n", "Release", NULL);
	soap_child(rel, NS_WSEN, "n", "EnumerationContext", context);
	if (exchange(v, &req, &doc, &body, &fault) == VMANCTL_OK) {
		xmlFreeDoc(doc);
	}
	soap_request_free(&req);
}

static int pull(struct vmanctl *v, const char *uri, char *context, size_t context_len,
		struct instance_list *out, struct wsman_fault *fault)
{
	bool end = false;

	for (unsigned round = 0; round < WSMAN_PULL_ROUNDS_MAX; round++) {
		struct soap_request req;
		xmlNodePtr p;
		int rc;

		if (soap_request_init(&req, v->url, ACTION_PULL, uri, NULL, 0, v->timeout_s) < 0) {
			return VMANCTL_FAILED;
		}
		p = soap_child(req.body, NS_WSEN, "n", "Pull", NULL);
		soap_child(p, NS_WSEN, "n", "EnumerationContext", context);
		soap_child(p, NS_WSEN, "n", "MaxElements", "32");
		rc = round_trip(v, &req, "PullResponse", NS_WSEN, out, context, context_len,
				&end, fault);
		soap_request_free(&req);
		if (rc != VMANCTL_OK || end) {
			return rc;
		}
	}
	vmanctl_error("the enumeration of %s did not end after %u pulls", uri,
		      WSMAN_PULL_ROUNDS_MAX);
	return VMANCTL_FAILED;
}

int wsman_enumerate(struct vmanctl *v, const char *uri, const struct selector *sel,
		    size_t nsel, const struct wsman_assoc *assoc, struct instance_list *out,
		    struct wsman_fault *fault)
{
	struct soap_request req;
	char context[512] = "";
	bool end = false;
	xmlNodePtr e;
	int rc;

	if (soap_request_init(&req, v->url, ACTION_ENUMERATE, uri, sel, nsel,
			      v->timeout_s) < 0) {
		return VMANCTL_FAILED;
	}
	e = soap_child(req.body, NS_WSEN, "n", "Enumerate", NULL);
	soap_child(e, NS_WSMAN, "w", "OptimizeEnumeration", NULL);
	soap_child(e, NS_WSMAN, "w", "MaxElements", "32");
	if (assoc != NULL) {
		assoc_filter(&req, e, assoc);
	}
	rc = round_trip(v, &req, "EnumerateResponse", NS_WSMAN, out, context, sizeof(context),
			&end, fault);
	soap_request_free(&req);
	if (rc == VMANCTL_OK && !end) {
		rc = pull(v, uri, context, sizeof(context), out, fault);
	}
	if (rc == VMANCTL_OK && context[0] != '\0') {
		release(v, uri, context);
	}
	return rc;
}

xmlNodePtr wsman_invoke_begin(struct vmanctl *v, struct soap_request *req, const char *uri,
			      const struct selector *sel, size_t nsel, const char *method)
{
	char action[512], name[128];

	/* DSP0226 9.1: the action of a method is <ResourceURI>/<Method> */
	snprintf(action, sizeof(action), "%s/%s", uri, method);
	snprintf(name, sizeof(name), "%s_INPUT", method);
	if (soap_request_init(req, v->url, action, uri, sel, nsel, v->timeout_s) < 0) {
		return NULL;
	}
	return soap_child(req->body, uri, "p", name, NULL);
}

int wsman_invoke_send(struct vmanctl *v, struct soap_request *req, const char *method,
		      struct invoke_result *res, struct wsman_fault *fault)
{
	char name[128], *rv, *end;
	xmlNodePtr body, out = NULL;
	int rc;

	*res = (struct invoke_result){ 0 };
	rc = exchange(v, req, &res->doc, &body, fault);
	if (rc != VMANCTL_OK) {
		return rc;
	}
	snprintf(name, sizeof(name), "%s_OUTPUT", method);
	for (xmlNodePtr c = body->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, X(name))) {
			out = c;
		}
	}
	res->output = out;
	rv = NULL;
	for (xmlNodePtr c = out ? out->children : NULL; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, X("ReturnValue"))) {
			rv = xml_text(c);
		}
	}
	if (rv == NULL) {
		vmanctl_error("the reply to %s has no %s with a ReturnValue", method, name);
		wsman_invoke_done(res);
		return VMANCTL_FAILED;
	}
	res->return_value = strtoul(rv, &end, 10);
	if (*rv == '\0' || *end != '\0') {
		vmanctl_error("the reply to %s has a ReturnValue that is no number: %s", method, rv);
		xmlFree(rv);
		wsman_invoke_done(res);
		return VMANCTL_FAILED;
	}
	xmlFree(rv);
	return VMANCTL_OK;
}

void wsman_invoke_done(struct invoke_result *res)
{
	xmlFreeDoc(res->doc);
	*res = (struct invoke_result){ 0 };
}

/* SPDX-License-Identifier: MIT */
/*
 * WS-CIM XML (DSP0230) from SAX events: one frame per instance element
 * (the top one, or one embedded in a property), each with a builder for
 * its class's (or method's) slots.  Depths are the body reader's: 0 is
 * the body's child.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/wscim_parse.h"

#define XSI_NS	CIM_XML_NS_XSI

enum ref_text {
	REF_NONE,
	REF_URI,	/* wsman:ResourceURI */
	REF_SELECTOR,	/* wsman:Selector */
};

struct wscim_frame {
	struct cim_builder b;
	const struct cim_class *cls;	/* NULL for the _INPUT frame */
	unsigned depth;			/* of the instance (or _INPUT) element */
	int slot;			/* the property element open at depth + 1, or -1 */
	bool slot_nil;
	bool slot_children;		/* elements inside the property element */
	bool slot_done;			/* an embedded instance already went into the slot */
	struct cim_ref *ref;		/* a REF property's EPR being read */
	enum ref_text ref_text;
	const char *selector_name;
	struct wscim_frame *next_spare;
};

void wscim_reader_init(struct wscim_reader *r, struct cim_arena *arena,
		       const struct cim_class *cls, const struct cim_method *method, char *text)
{
	memset(r, 0, sizeof(*r));
	r->arena = arena;
	r->cls = cls;
	r->method = method;
	r->origin = method != NULL ? CIM_FAULT_PARAMETERS : CIM_FAULT_REPRESENTATION;
	r->text = text;
}

bool wscim_uri_is_class(const char *uri, size_t len, const struct cim_class *cls)
{
	size_t plen = strlen(CIM_RESOURCE_URI_PREFIX);
	size_t clen = strlen(cls->name);

	return len == plen + clen && strncmp(uri, CIM_RESOURCE_URI_PREFIX, plen) == 0 &&
	       strncasecmp(uri + plen, cls->name, clen) == 0;
}

/* Stop the parse with the fault r->res earns. */
static int stop(struct wscim_reader *r, struct wsman_envelope *env)
{
	enum wsman_fault fault;
	enum wsman_fault_detail detail;

	if (r->arena->exhausted) {
		wsman_envelope_fail(env, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
				    "The body's values need more memory than the service has for "
				    "one request.");
		return -1;
	}
	cim_status_fault(r->res.status, r->origin, &fault, &detail);
	wsman_envelope_fail(env, fault, detail, "%s", r->res.message);
	return -1;
}

static int stop_with(struct wscim_reader *r, struct wsman_envelope *env, enum cim_status st,
		     const char *why)
{
	cim_fail(&r->res, st, "%s", why);
	return stop(r, env);
}

static struct wscim_frame *top(struct wscim_reader *r)
{
	return r->frames > 0 ? r->frame[r->frames - 1] : NULL;
}

static struct wscim_frame *push(struct wscim_reader *r, const struct cim_class *cls,
				unsigned depth)
{
	struct wscim_frame *f;

	if (r->frames > CIM_EMBED_DEPTH_MAX) {
		cim_fail(&r->res, CIM_ERR_INVALID_PARAMETER,
			 "Instances are embedded more than %u deep.", CIM_EMBED_DEPTH_MAX);
		return NULL;
	}
	f = r->spare;
	if (f != NULL) {
		r->spare = f->next_spare;
		memset(f, 0, sizeof(*f));
	} else {
		f = cim_arena_alloc(r->arena, sizeof(*f));
	}
	if (f == NULL) {
		cim_arena_full(&r->res);
		return NULL;
	}
	if (cls != NULL) {
		cim_builder_init_class(&f->b, cls, r->arena, &r->res);
	} else {
		cim_builder_init_method(&f->b, r->method, r->arena, &r->res);
	}
	f->cls = cls;
	f->depth = depth;
	f->slot = -1;
	r->frame[r->frames++] = f;
	return f;
}

/* --- text ---------------------------------------------------------------------- */

static void text_begin(struct wscim_reader *r)
{
	r->text_on = true;
	r->text_len = 0;
}

static bool text_blank(const struct wscim_reader *r)
{
	for (size_t i = 0; i < r->text_len; i++) {
		char c = r->text[i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			return false;
		}
	}
	return true;
}

int wscim_text(struct wscim_reader *r, struct wsman_envelope *env, const char *text, size_t len)
{
	if (!r->text_on) {
		return 0;
	}
	if (len > WSCIM_TEXT_MAX - r->text_len) {
		wsman_envelope_fail(env, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
				    "A value in the body is over %u octets.", WSCIM_TEXT_MAX);
		return -1;
	}
	memcpy(r->text + r->text_len, text, len);
	r->text_len += len;
	return 0;
}

/* --- the top element -------------------------------------------------------------- */

static int start_top(struct wscim_reader *r, struct wsman_envelope *env,
		     const struct wsman_qname *name)
{
	char expect[WSMAN_NAME_MAX];
	struct wscim_frame *f;

	if (r->method != NULL) {
		snprintf(expect, sizeof(expect), "%s_INPUT", r->method->name);
	} else {
		snprintf(expect, sizeof(expect), "%s", r->cls->name);
	}
	if (strcasecmp(name->local, expect) != 0 || !wscim_uri_is_class(name->ns, name->ns_len,
									r->cls)) {
		wsman_envelope_fail(env, r->method != NULL ? WSMAN_FAULT_INVALID_PARAMETER
							   : WSMAN_FAULT_INVALID_REPRESENTATION,
				    r->method != NULL ? WSMAN_DETAIL_INVALID_VALUE
						      : WSMAN_DETAIL_INVALID_NAMESPACE,
				    "The body must be %s in the namespace " CIM_RESOURCE_URI_PREFIX
				    "%s.", expect, r->cls->name);
		return -1;
	}
	f = push(r, r->method != NULL ? NULL : r->cls, 0);
	if (f == NULL) {
		return stop(r, env);
	}
	r->root = &f->b;
	return 0;
}

/* --- property (or parameter) elements -------------------------------------------- */

static int start_slot(struct wscim_reader *r, struct wscim_frame *f, struct wsman_envelope *env,
		      const struct wsman_qname *name, const char **attrs)
{
	const char *nil = wsman_attr(attrs, XSI_NS, "nil");
	int idx = cim_builder_find(&f->b, name->local);

	if (idx < 0) {
		return stop(r, env);
	}
	if (f->cls == NULL && (r->method->params[idx].dir & CIM_PARAM_IN) == 0) {
		cim_fail(&r->res, CIM_ERR_INVALID_PARAMETER, "%s is an output parameter of %s.",
			 r->method->params[idx].name, r->method->name);
		return stop(r, env);
	}
	f->slot = idx;
	f->slot_children = false;
	f->slot_done = false;
	f->ref = NULL;
	f->slot_nil = nil != NULL && (strcmp(nil, "true") == 0 || strcmp(nil, "1") == 0);
	if (f->slot_nil && cim_builder_nil(&f->b, idx) != CIM_OK) {
		return stop(r, env);
	}
	text_begin(r);
	return 0;
}

static enum cim_status ref_finish(struct wscim_reader *r, struct wscim_frame *f)
{
	struct cim_ref *ref = f->ref;

	if (ref == NULL || ref->class_name == NULL) {
		return cim_fail(&r->res, CIM_ERR_INVALID_PARAMETER,
				"%s.%s: the reference has no wsman:ResourceURI.", f->b.owner,
				f->b.types[f->slot].name);
	}
	return cim_builder_ref(&f->b, f->slot, ref);
}

static int end_slot(struct wscim_reader *r, struct wscim_frame *f, struct wsman_envelope *env)
{
	const struct cim_slot_type *t = &f->b.types[f->slot];
	enum cim_status st = CIM_OK;

	r->text_on = false;
	if (f->slot_nil) {
		if (f->slot_children || !text_blank(r)) {
			st = cim_fail(&r->res, CIM_ERR_TYPE_MISMATCH,
				      "%s.%s is xsi:nil but has a value.", f->b.owner, t->name);
		}
	} else if (t->type == CIM_TYPE_REF && f->slot_children) {
		st = ref_finish(r, f);
	} else if (f->slot_done) {
		if (!text_blank(r)) {
			st = cim_fail(&r->res, CIM_ERR_TYPE_MISMATCH,
				      "%s.%s mixes text and elements.", f->b.owner, t->name);
		}
	} else {
		/* text: a scalar, a datetime's text, an object path, or an
		 * embedded instance as CIM-XML or MOF text */
		st = cim_builder_text(&f->b, f->slot, r->text, r->text_len);
	}
	f->slot = -1;
	return st == CIM_OK ? 0 : stop(r, env);
}

/* --- elements inside a property element ------------------------------------------- */

static bool is_datetime_element(const struct wsman_qname *q)
{
	static const char *const names[] = { "Datetime", "Interval", "Date", "Time" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (wsman_qname_is(q, CIM_XML_NS_COMMON, names[i])) {
			return true;
		}
	}
	return false;
}

static int start_ref_part(struct wscim_reader *r, struct wscim_frame *f,
			  struct wsman_envelope *env, const struct wsman_qname *q,
			  const char **attrs)
{
	if (f->ref == NULL) {
		f->ref = cim_ref_new(r->arena);
		if (f->ref == NULL) {
			cim_arena_full(&r->res);
			return stop(r, env);
		}
	}
	f->ref_text = REF_NONE;
	r->text_on = false;
	if (wsman_qname_is(q, WSMAN_NS_WSMAN, "ResourceURI")) {
		f->ref_text = REF_URI;
	} else if (wsman_qname_is(q, WSMAN_NS_WSMAN, "Selector")) {
		const char *n = wsman_attr(attrs, "", "Name");

		if (n == NULL || !cim_name_valid(n, strlen(n))) {
			return stop_with(r, env, CIM_ERR_INVALID_PARAMETER,
					 "A reference's wsman:Selector has no Name, or not a "
					 "CIM name.");
		}
		f->selector_name = cim_arena_strndup(r->arena, n, strlen(n));
		f->ref_text = REF_SELECTOR;
	} else if (wsman_qname_is(q, WSMAN_NS_WSA, "EndpointReference") &&
		   f->selector_name != NULL) {
		return stop_with(r, env, CIM_ERR_INVALID_PARAMETER,
				 "References as key values of a reference are not supported.");
	} else if (!wsman_qname_is(q, WSMAN_NS_WSA, "Address") &&
		   !wsman_qname_is(q, WSMAN_NS_WSA, "ReferenceParameters") &&
		   !wsman_qname_is(q, WSMAN_NS_WSA, "EndpointReference") &&
		   !wsman_qname_is(q, WSMAN_NS_WSMAN, "SelectorSet")) {
		cim_fail(&r->res, CIM_ERR_INVALID_PARAMETER,
			 "%s.%s: %.64s is not part of an endpoint reference.", f->b.owner,
			 f->b.types[f->slot].name, q->local);
		return stop(r, env);
	}
	if (f->ref_text != REF_NONE) {
		text_begin(r);
	}
	return 0;
}

static int end_ref_part(struct wscim_reader *r, struct wscim_frame *f, struct wsman_envelope *env)
{
	struct cim_ref *ref = f->ref;
	size_t plen = strlen(CIM_RESOURCE_URI_PREFIX);
	char *text;

	if (f->ref_text == REF_NONE) {
		return 0;
	}
	r->text_on = false;
	text = cim_arena_strndup(r->arena, r->text, r->text_len);
	if (text == NULL) {
		cim_arena_full(&r->res);
		return stop(r, env);
	}
	if (f->ref_text == REF_URI) {
		if (strncmp(text, CIM_RESOURCE_URI_PREFIX, plen) != 0 ||
		    !cim_name_valid(text + plen, strlen(text + plen))) {
			return stop_with(r, env, CIM_ERR_INVALID_PARAMETER,
					 "A reference's ResourceURI is not a DMTF class URI.");
		}
		ref->class_name = text + plen;
	} else if (strcasecmp(f->selector_name, CIMNAMESPACE_SELECTOR) == 0) {
		if (!cim_namespace_valid(text, strlen(text))) {
			return stop_with(r, env, CIM_ERR_INVALID_PARAMETER,
					 "A reference's __cimnamespace is not a CIM namespace.");
		}
		ref->cim_namespace = text;
	} else {
		if (ref->key_count == CIM_KEYS_MAX) {
			return stop_with(r, env, CIM_ERR_INVALID_PARAMETER,
					 "A reference has too many selectors.");
		}
		if (cim_ref_has_key(ref, f->selector_name, strlen(f->selector_name))) {
			return stop_with(r, env, CIM_ERR_INVALID_PARAMETER,
					 "A reference names a key twice.");
		}
		ref->keys[ref->key_count].name = f->selector_name;
		ref->keys[ref->key_count].value = text;
		ref->key_count++;
	}
	f->ref_text = REF_NONE;
	f->selector_name = NULL;
	return 0;
}

/* An element directly inside property element f->slot. */
static int start_slot_child(struct wscim_reader *r, struct wscim_frame *f,
			    struct wsman_envelope *env, const struct wsman_qname *q,
			    const char **attrs, unsigned depth)
{
	const struct cim_slot_type *t = &f->b.types[f->slot];
	const struct cim_class *cls;

	if (!text_blank(r) || f->slot_done) {
		cim_fail(&r->res, CIM_ERR_TYPE_MISMATCH, "%s.%s mixes text and elements.",
			 f->b.owner, t->name);
		return stop(r, env);
	}
	f->slot_children = true;
	switch (t->type) {
	case CIM_TYPE_DATETIME:
		if (!is_datetime_element(q)) {
			break;
		}
		text_begin(r);
		return 0;
	case CIM_TYPE_REF:
		return start_ref_part(r, f, env, q, attrs);
	case CIM_TYPE_INSTANCE:
		/* the class the property names or a subclass of it (DSP0004
		 * 5.1.2.13), in its own namespace (DSP0230) */
		cls = cim_class_accepting(t->embedded, q->local, strlen(q->local));
		if (cls == NULL || !wscim_uri_is_class(q->ns, q->ns_len, cls)) {
			cim_fail(&r->res, r->method != NULL ? CIM_ERR_INVALID_PARAMETER
							    : CIM_ERR_TYPE_MISMATCH,
				 "%s.%s takes an instance of %s, not %.64s.", f->b.owner, t->name,
				 t->embedded != NULL ? t->embedded->name : "?", q->local);
			return stop(r, env);
		}
		r->text_on = false;
		return push(r, cls, depth) != NULL ? 0 : stop(r, env);
	default:
		break;
	}
	cim_fail(&r->res, CIM_ERR_TYPE_MISMATCH, "%s.%s (a %s) has an element %.64s inside.",
		 f->b.owner, t->name, t->array ? "array" : "scalar", q->local);
	return stop(r, env);
}

/* The embedded instance frame f ended: it is the value of its parent's slot. */
static int end_frame(struct wscim_reader *r, struct wsman_envelope *env)
{
	struct wscim_frame *f = top(r);
	struct wscim_frame *parent;
	struct cim_instance *inst;

	r->frames--;
	if (r->frames == 0) {
		r->done = true;
		return 0;
	}
	parent = top(r);
	inst = cim_builder_instance(&f->b, f->cls);
	if (inst == NULL || cim_builder_inst(&parent->b, parent->slot, inst) != CIM_OK) {
		return stop(r, env);
	}
	parent->slot_done = true;
	f->next_spare = r->spare;	/* its values now live in the instance */
	r->spare = f;
	text_begin(r);	/* only blanks may follow in the parent's property */
	return 0;
}

int wscim_start(struct wscim_reader *r, struct wsman_envelope *env,
		const struct wsman_qname *name, const char **attrs, unsigned depth)
{
	struct wscim_frame *f = top(r);

	if (depth == 0) {
		return r->root == NULL ? start_top(r, env, name) : 0;
	}
	if (f == NULL) {
		return 0;	/* a second body child: the dispatcher's concern */
	}
	if (depth == f->depth + 1) {
		return start_slot(r, f, env, name, attrs);
	}
	if (f->slot_nil) {
		return stop_with(r, env, CIM_ERR_TYPE_MISMATCH, "An xsi:nil element has content.");
	}
	if (f->b.types[f->slot].type == CIM_TYPE_REF) {
		if (!f->slot_children && !text_blank(r)) {
			return start_slot_child(r, f, env, name, attrs, depth);	/* faults */
		}
		f->slot_children = true;
		return start_ref_part(r, f, env, name, attrs);
	}
	if (depth == f->depth + 2) {
		return start_slot_child(r, f, env, name, attrs, depth);
	}
	cim_fail(&r->res, CIM_ERR_TYPE_MISMATCH, "%s.%s: %.64s is nested too deep.", f->b.owner,
		 f->b.types[f->slot].name, name->local);
	return stop(r, env);
}

int wscim_end(struct wscim_reader *r, struct wsman_envelope *env, unsigned depth)
{
	struct wscim_frame *f = top(r);

	if (f == NULL) {
		return 0;
	}
	if (depth == f->depth) {
		return end_frame(r, env);
	}
	if (depth == f->depth + 1) {
		return end_slot(r, f, env);
	}
	if (f->b.types[f->slot].type == CIM_TYPE_REF) {
		return end_ref_part(r, f, env);
	}
	/* a cim:Datetime: its text stays for end_slot; nothing else may follow */
	return 0;
}

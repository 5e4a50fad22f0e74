/* SPDX-License-Identifier: MIT */
/*
 * The body reader of the WS-Enumeration operations (DSP0226 clause 8):
 * Enumerate (OptimizeEnumeration, MaxElements, EnumerationMode,
 * wsmb:PolymorphismMode, Expires, and a filter), Pull (MaxElements, MaxCharacters), and the
 * EnumerationContext of Pull, Release, Renew and GetStatus.
 *
 *   depth 0  wsen:Enumerate / Pull / Release / Renew / GetStatus
 *   depth 1  their children; wsen:Filter or wsman:Filter with a Dialect
 *   depth 2  in a filter: wsman:SelectorSet, or wsmb:AssociatedInstances /
 *            wsmb:AssociationInstances
 *   depth 3  wsman:Selector; wsmb:Object, AssociationClassName, Role,
 *            ResultClassName, ResultRole, IncludeResultProperty
 *   depth 4  in wsmb:Object: wsa:Address, wsa:ReferenceParameters
 *   depth 5  wsman:ResourceURI, wsman:SelectorSet
 *   depth 6  the Object's wsman:Selector
 *
 * A dialect vmanhv does not serve is wsen:FilterDialectRequestedUnavailable,
 * a filter it cannot read is wsen:CannotProcessFilter (WS-Enumeration 4).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/enum_request.h"
#include "mgmt/wsman/exchange.h"
#include "mgmt/wsman/names.h"

#define MODE_EPR_URI		"EnumerateEPR"
#define MODE_OBJECT_AND_EPR_URI	"EnumerateObjectAndEPR"

enum field {
	F_NONE,
	F_IGNORE,		/* read and dropped (wsa:Address, IncludeResultProperty) */
	F_MAX_ELEMENTS,
	F_MAX_CHARACTERS,
	F_MODE,
	F_POLYMORPHISM,
	F_CONTEXT,
	F_EXPIRES,
	F_FILTER_SELECTOR,	/* a selector of the selector filter; the filter's from here */
	F_OBJECT_URI,
	F_OBJECT_SELECTOR,
	F_ASSOCIATION_CLASS,
	F_ROLE,
	F_RESULT_CLASS,
	F_RESULT_ROLE,
};

enum where {
	W_BODY,
	W_FILTER_SELECTOR,	/* in a SelectorFilter's wsman:Filter */
	W_FILTER_ASSOCIATION,	/* in an associationFilter's wsman:Filter */
	W_SELECTOR_SET,		/* its wsman:SelectorSet */
	W_ASSOCIATION,		/* in wsmb:AssociatedInstances / AssociationInstances */
	W_OBJECT,		/* wsmb:Object */
	W_OBJECT_PARAMS,	/* its wsa:ReferenceParameters */
	W_OBJECT_SELECTORS,	/* its wsman:SelectorSet */
};

static struct wsman_enum_request *request_of(void *ctx)
{
	return &((struct wsman_exchange *)ctx)->ep->cim->request;
}

static int cannot_process(struct wsman_envelope *env, const char *why)
{
	wsman_envelope_fail(env, WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER, WSMAN_DETAIL_NONE, "%s",
			    why);
	return -1;
}

/* A copy of s in the filter's pool, or NULL when the pool is full. */
static const char *pool_copy(struct wsman_enum_filter *f, const char *s)
{
	size_t len = strlen(s) + 1;
	char *out;

	if (len > sizeof(f->pool) - f->pool_used) {
		return NULL;
	}
	out = f->pool + f->pool_used;
	memcpy(out, s, len);
	f->pool_used += len;
	return out;
}

/* --- element starts ---------------------------------------------------------------- */

static int filter_start(struct wsman_enum_request *r, struct wsman_envelope *env,
			const char **attrs)
{
	const char *dialect = wsman_attr(attrs, "", "Dialect");

	r->has_filter = true;
	/* WS-Enumeration 3.1: without Dialect the filter is XPath 1.0 */
	if (dialect != NULL && strcmp(dialect, WSMAN_DIALECT_SELECTOR) == 0) {
		r->filter.kind = WSMAN_FILTER_SELECTOR;
		r->where = W_FILTER_SELECTOR;
		return 0;
	}
	if (dialect != NULL && strcmp(dialect, WSMAN_DIALECT_ASSOCIATION) == 0) {
		r->where = W_FILTER_ASSOCIATION;
		return 0;
	}
	wsman_envelope_fail(env, WSMAN_FAULT_FILTER_DIALECT_REQUESTED_UNAVAILABLE,
			    WSMAN_DETAIL_NONE,
			    "Filter dialects served: the selector filter (DSP0226 8.3) and the "
			    "association filter (DSP0227 8.2).");
	return -1;
}

static int body_child_start(struct wsman_enum_request *r, struct wsman_envelope *env,
			    const struct wsman_qname *name, const char **attrs)
{
	if (wsman_qname_is(name, WSMAN_NS_WSMAN, "OptimizeEnumeration")) {
		r->optimize = true;
	} else if (wsman_qname_is(name, WSMAN_NS_WSMAN, "MaxElements") ||
		   wsman_qname_is(name, WSMAN_NS_WSEN, "MaxElements")) {
		r->field = F_MAX_ELEMENTS;
	} else if (wsman_qname_is(name, WSMAN_NS_WSEN, "MaxCharacters")) {
		r->field = F_MAX_CHARACTERS;
	} else if (wsman_qname_is(name, WSMAN_NS_WSMAN, "EnumerationMode")) {
		r->field = F_MODE;
	} else if (wsman_qname_is(name, WSMAN_NS_WSMB, "PolymorphismMode")) {
		r->field = F_POLYMORPHISM;
	} else if (wsman_qname_is(name, WSMAN_NS_WSEN, "EnumerationContext")) {
		r->field = F_CONTEXT;
	} else if (wsman_qname_is(name, WSMAN_NS_WSEN, "Expires")) {
		r->field = F_EXPIRES;
		r->has_expires = true;
	} else if (wsman_qname_is(name, WSMAN_NS_WSEN, "Filter") ||
		   wsman_qname_is(name, WSMAN_NS_WSMAN, "Filter")) {
		if (r->has_filter) {
			return cannot_process(env, "An Enumerate may hold one filter.");
		}
		return filter_start(r, env, attrs);
	}
	return 0;
}

static int selector_start(struct wsman_enum_request *r, struct wsman_envelope *env,
			  const struct wsman_qname *name, const char **attrs, enum field field)
{
	const char *sel = wsman_attr(attrs, "", "Name");

	if (!wsman_qname_is(name, WSMAN_NS_WSMAN, "Selector") || sel == NULL) {
		return cannot_process(env, "A filter's wsman:SelectorSet holds wsman:Selector "
					   "elements with a Name.");
	}
	r->selector_name = pool_copy(&r->filter, sel);
	if (r->selector_name == NULL) {
		return cannot_process(env, "The filter is too large.");
	}
	r->field = field;
	return 0;
}

static int association_start(struct wsman_enum_request *r, struct wsman_envelope *env,
			     const struct wsman_qname *name)
{
	static const struct {
		const char *local;
		enum field field;
	} leaves[] = {
		{ "AssociationClassName", F_ASSOCIATION_CLASS },
		{ "Role", F_ROLE },
		{ "ResultClassName", F_RESULT_CLASS },
		{ "ResultRole", F_RESULT_ROLE },
		/* DSP0227: a property list; vmanhv returns whole instances */
		{ "IncludeResultProperty", F_IGNORE },
	};

	if (wsman_qname_is(name, WSMAN_NS_WSMB, "Object")) {
		if (r->filter.has_object) {
			return cannot_process(env, "The filter has more than one wsmb:Object.");
		}
		r->filter.has_object = true;
		r->where = W_OBJECT;
		return 0;
	}
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		if (wsman_qname_is(name, WSMAN_NS_WSMB, leaves[i].local)) {
			bool associated_only = leaves[i].field == F_ASSOCIATION_CLASS ||
					       leaves[i].field == F_RESULT_ROLE;

			if (associated_only && r->filter.kind != WSMAN_FILTER_ASSOCIATED) {
				return cannot_process(env, "AssociationClassName and ResultRole "
							   "belong to wsmb:AssociatedInstances.");
			}
			r->field = leaves[i].field;
			return 0;
		}
	}
	return cannot_process(env, "Unknown element in the association filter.");
}

static int filter_child_start(struct wsman_enum_request *r, struct wsman_envelope *env,
			      const struct wsman_qname *name, const char **attrs,
			      unsigned depth)
{
	switch (r->where) {
	case W_FILTER_SELECTOR:
		if (depth == 2 && wsman_qname_is(name, WSMAN_NS_WSMAN, "SelectorSet")) {
			r->where = W_SELECTOR_SET;
			return 0;
		}
		return cannot_process(env, "A selector filter holds one wsman:SelectorSet.");
	case W_SELECTOR_SET:
		if (r->filter.selector_count == WSMAN_FILTER_SELECTORS_MAX) {
			return cannot_process(env, "The selector filter has too many selectors.");
		}
		return selector_start(r, env, name, attrs, F_FILTER_SELECTOR);
	case W_FILTER_ASSOCIATION:
		if (depth == 2 && wsman_qname_is(name, WSMAN_NS_WSMB, "AssociatedInstances")) {
			r->filter.kind = WSMAN_FILTER_ASSOCIATED;
		} else if (depth == 2 &&
			   wsman_qname_is(name, WSMAN_NS_WSMB, "AssociationInstances")) {
			r->filter.kind = WSMAN_FILTER_ASSOCIATION;
		} else {
			return cannot_process(env, "An association filter holds "
						   "wsmb:AssociatedInstances or "
						   "wsmb:AssociationInstances.");
		}
		r->where = W_ASSOCIATION;
		return 0;
	case W_ASSOCIATION:
		return association_start(r, env, name);
	case W_OBJECT:
		if (wsman_qname_is(name, WSMAN_NS_WSA, "Address")) {
			r->field = F_IGNORE;	/* anonymous or this endpoint: the same */
		} else if (wsman_qname_is(name, WSMAN_NS_WSA, "ReferenceParameters") ||
			   wsman_qname_is(name, WSMAN_NS_WSA, "ReferenceProperties")) {
			r->where = W_OBJECT_PARAMS;
		} else {
			return cannot_process(env, "wsmb:Object must be an endpoint reference.");
		}
		return 0;
	case W_OBJECT_PARAMS:
		if (wsman_qname_is(name, WSMAN_NS_WSMAN, "ResourceURI")) {
			r->field = F_OBJECT_URI;
		} else if (wsman_qname_is(name, WSMAN_NS_WSMAN, "SelectorSet")) {
			r->where = W_OBJECT_SELECTORS;
		}
		return 0;
	case W_OBJECT_SELECTORS:
		if (r->filter.object.key_count == CIM_KEYS_MAX) {
			return cannot_process(env, "wsmb:Object has too many selectors.");
		}
		return selector_start(r, env, name, attrs, F_OBJECT_SELECTOR);
	default:
		return 0;
	}
}

static int body_start(void *ctx, struct wsman_envelope *env, const struct wsman_qname *name,
		      const char **attrs, unsigned depth)
{
	struct wsman_enum_request *r = request_of(ctx);

	if (r->field >= F_FILTER_SELECTOR) {
		/* an element inside a filter's value: a selector holding an EPR */
		return cannot_process(env, "Endpoint references as selector values are not "
					   "supported in filters.");
	}
	if (r->field != F_NONE) {
		wsman_envelope_fail(env, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
				    "An enumeration value must be text only.");
		return -1;
	}
	r->text_len = 0;
	r->too_long = false;
	if (depth == 1 && r->where == W_BODY) {
		return body_child_start(r, env, name, attrs);
	}
	if (depth >= 2 && r->where != W_BODY) {
		return filter_child_start(r, env, name, attrs, depth);
	}
	return 0;
}

/* --- text ------------------------------------------------------------------------- */

static int body_text(void *ctx, struct wsman_envelope *env, const char *text, size_t len)
{
	struct wsman_enum_request *r = request_of(ctx);

	(void)env;
	if (r->field == F_NONE || r->field == F_IGNORE) {
		return 0;
	}
	if (len >= sizeof(r->text) - r->text_len) {
		r->too_long = true;
		return 0;
	}
	memcpy(r->text + r->text_len, text, len);
	r->text_len += len;
	r->text[r->text_len] = '\0';
	return 0;
}

/* Leading and trailing XML white space off s, in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
		s++;
	}
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) {
		*--e = '\0';
	}
	return s;
}

/* --- element ends ------------------------------------------------------------------ */

static int positive(struct wsman_envelope *env, const char *t, uint64_t max, uint64_t *out,
		    const char *what)
{
	char *end;
	unsigned long long v = strtoull(t, &end, 10);

	if (*t < '0' || *t > '9' || *end != '\0' || v == 0 || v > max) {
		wsman_envelope_fail(env, WSMAN_FAULT_INVALID_PARAMETER, WSMAN_DETAIL_INVALID_VALUE,
				    "%s must be a positive integer.", what);
		return -1;
	}
	*out = v;
	return 0;
}

static int mode_done(struct wsman_enum_request *r, struct wsman_envelope *env, const char *t)
{
	if (strcmp(t, MODE_EPR_URI) == 0) {
		r->mode = WSMAN_ENUM_EPR;
	} else if (strcmp(t, MODE_OBJECT_AND_EPR_URI) == 0) {
		r->mode = WSMAN_ENUM_OBJECT_AND_EPR;
	} else {
		wsman_envelope_fail(env, WSMAN_FAULT_UNSUPPORTED_FEATURE,
				    WSMAN_DETAIL_ENUMERATION_MODE,
				    "Unknown wsman:EnumerationMode.");
		return -1;
	}
	return 0;
}

/* A selector of the selector filter or of the Object; __cimnamespace names
 * the namespace (DSP0227 7.1). */
static int selector_done(struct wsman_enum_request *r, struct wsman_envelope *env,
			 const char *t)
{
	struct wsman_enum_filter *f = &r->filter;
	const char *value = pool_copy(f, t);

	if (value == NULL) {
		return cannot_process(env, "The filter is too large.");
	}
	if (strcasecmp(r->selector_name, CIMNAMESPACE_SELECTOR) == 0) {
		if (r->field == F_FILTER_SELECTOR) {
			f->selector_namespace = value;
		} else {
			f->object.cim_namespace = value;
		}
		return 0;
	}
	if (r->field == F_FILTER_SELECTOR) {
		f->selector[f->selector_count++] =
			(struct cim_key){ r->selector_name, value, NULL };
	} else {
		f->object.keys[f->object.key_count++] =
			(struct cim_key){ r->selector_name, value, NULL };
	}
	return 0;
}

static int filter_leaf_done(struct wsman_enum_request *r, struct wsman_envelope *env,
			    const char *t)
{
	struct wsman_enum_filter *f = &r->filter;
	const char *copy;

	if (r->field == F_FILTER_SELECTOR || r->field == F_OBJECT_SELECTOR) {
		return selector_done(r, env, t);
	}
	copy = pool_copy(f, t);
	if (copy == NULL) {
		return cannot_process(env, "The filter is too large.");
	}
	switch (r->field) {
	case F_OBJECT_URI:
		f->object.class_name = cim_uri_class_name(copy);
		if (f->object.class_name == NULL) {
			return cannot_process(env, "wsmb:Object's ResourceURI is not a DMTF class "
						   "URI.");
		}
		break;
	case F_ASSOCIATION_CLASS:
		f->association_class = copy;
		break;
	case F_ROLE:
		f->role = copy;
		break;
	case F_RESULT_CLASS:
		f->result_class = copy;
		break;
	default:
		f->result_role = copy;
		break;
	}
	return 0;
}

/* t into dst when it fits (true), else dst stays empty. */
static bool copy_short(char *dst, size_t size, const char *t)
{
	size_t len = strlen(t);

	if (len >= size) {
		return false;
	}
	memcpy(dst, t, len + 1);
	return true;
}

static int leaf_done(struct wsman_enum_request *r, struct wsman_envelope *env, char *text)
{
	/* selector values are taken as written (DSP0226 7.2), the rest trimmed */
	const char *t = r->field == F_FILTER_SELECTOR || r->field == F_OBJECT_SELECTOR
				? text : trim(text);
	uint64_t v;

	switch (r->field) {
	case F_MAX_ELEMENTS:
		if (positive(env, t, UINT32_MAX, &v, "MaxElements") != 0) {
			return -1;
		}
		r->max_elements = (uint32_t)v;
		return 0;
	case F_MAX_CHARACTERS:
		return positive(env, t, UINT64_MAX, &r->max_characters, "wsen:MaxCharacters");
	case F_MODE:
		return mode_done(r, env, t);
	case F_POLYMORPHISM:
		/* DSP0227: instances of subclasses are written whole, as their
		 * own class; the other modes would drop or hide them */
		if (strcmp(t, "IncludeSubClassProperties") != 0) {
			wsman_envelope_fail(env, WSMAN_FAULT_POLYMORPHISM_MODE_NOT_SUPPORTED,
					    WSMAN_DETAIL_NONE,
					    "Only wsmb:PolymorphismMode IncludeSubClassProperties "
					    "is served.");
			return -1;
		}
		return 0;
	case F_CONTEXT:
		/* longer than any context handed out: left empty, so unknown */
		copy_short(r->context, sizeof(r->context), t);
		return 0;
	case F_EXPIRES:
		if (!copy_short(r->expires, sizeof(r->expires), t)) {
			wsman_envelope_fail(env, WSMAN_FAULT_INVALID_EXPIRATION_TIME,
					    WSMAN_DETAIL_NONE, "wsen:Expires is too long.");
			return -1;
		}
		return 0;
	default:
		return filter_leaf_done(r, env, t);
	}
}

/* The filter element closed at depth: back to where it was opened from. */
static void leave(struct wsman_enum_request *r, unsigned depth)
{
	static const struct {
		enum where where;
		unsigned depth;
		enum where back;
	} exits[] = {
		{ W_OBJECT_SELECTORS, 5, W_OBJECT_PARAMS },
		{ W_OBJECT_PARAMS, 4, W_OBJECT },
		{ W_OBJECT, 3, W_ASSOCIATION },
		{ W_ASSOCIATION, 2, W_FILTER_ASSOCIATION },
		{ W_SELECTOR_SET, 2, W_FILTER_SELECTOR },
		{ W_FILTER_ASSOCIATION, 1, W_BODY },
		{ W_FILTER_SELECTOR, 1, W_BODY },
	};

	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++) {
		if (r->where == exits[i].where && depth == exits[i].depth) {
			r->where = exits[i].back;
			return;
		}
	}
}

static int body_end(void *ctx, struct wsman_envelope *env, unsigned depth)
{
	struct wsman_enum_request *r = request_of(ctx);
	enum field field = (enum field)r->field;
	int rc = 0;

	if (field == F_NONE) {
		leave(r, depth);
		return 0;
	}
	r->field = F_NONE;
	if (field == F_IGNORE) {
		return 0;
	}
	if (r->too_long) {
		wsman_envelope_fail(env, WSMAN_FAULT_INVALID_PARAMETER, WSMAN_DETAIL_INVALID_VALUE,
				    "A value in the body is too long.");
		return -1;
	}
	r->text[r->text_len] = '\0';
	r->field = field;
	rc = leaf_done(r, env, r->text);
	r->field = F_NONE;
	return rc;
}

const struct wsman_body_ops wsman_enum_body_ops = { body_start, body_end, body_text };

/* --- copies --------------------------------------------------------------------- */

static const char *rebase(const struct wsman_enum_filter *src, struct wsman_enum_filter *dst,
			  const char *p)
{
	if (p >= src->pool && p < src->pool + sizeof(src->pool)) {
		return dst->pool + (p - src->pool);
	}
	return p;
}

void wsman_enum_filter_copy(struct wsman_enum_filter *dst, const struct wsman_enum_filter *src)
{
	memcpy(dst, src, sizeof(*dst));
	for (uint32_t i = 0; i < dst->selector_count; i++) {
		dst->selector[i].name = rebase(src, dst, src->selector[i].name);
		dst->selector[i].value = rebase(src, dst, src->selector[i].value);
	}
	dst->selector_namespace = rebase(src, dst, src->selector_namespace);
	dst->object.class_name = rebase(src, dst, src->object.class_name);
	dst->object.cim_namespace = rebase(src, dst, src->object.cim_namespace);
	for (uint32_t i = 0; i < dst->object.key_count; i++) {
		dst->object.keys[i].name = rebase(src, dst, src->object.keys[i].name);
		dst->object.keys[i].value = rebase(src, dst, src->object.keys[i].value);
	}
	dst->association_class = rebase(src, dst, src->association_class);
	dst->role = rebase(src, dst, src->role);
	dst->result_class = rebase(src, dst, src->result_class);
	dst->result_role = rebase(src, dst, src->result_role);
}

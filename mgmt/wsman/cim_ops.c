/* SPDX-License-Identifier: MIT */
/*
 * WS-Transfer Get and WS-Enumeration Enumerate/Pull/Release over the CIM
 * providers (DSP0226 7.3 and clause 8, DSP0227), instances as DSP0230 XML.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/duration.h"
#include "mgmt/wsman/exchange.h"
#include "mgmt/wsman/names.h"

#define MODE_EPR_URI	"EnumerateEPR"
#define MODE_OBJECT_AND_EPR_URI	"EnumerateObjectAndEPR"

#define ACTION_GET_RESPONSE		WSMAN_NS_WXF "/GetResponse"
#define ACTION_ENUMERATE_RESPONSE	WSMAN_NS_WSEN "/EnumerateResponse"
#define ACTION_PULL_RESPONSE		WSMAN_NS_WSEN "/PullResponse"
#define ACTION_RELEASE_RESPONSE		WSMAN_NS_WSEN "/ReleaseResponse"

static const uint32_t reply_xmlns = WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSA) |
				    WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSMAN) |
				    WSMAN_XMLNS_BIT(WSMAN_XMLNS_WXF) |
				    WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSEN);

static void write_item(struct xml_writer *w, const struct cim_instance *inst,
		       enum wsman_enum_mode mode)
{
	switch (mode) {
	case WSMAN_ENUM_EPR:
		xml_open(w, "wsa:EndpointReference");
		cim_xml_write_epr(w, inst);
		xml_close(w, "wsa:EndpointReference");
		break;
	case WSMAN_ENUM_OBJECT_AND_EPR:
		xml_open(w, "wsman:Item");
		cim_xml_write_instance(w, inst);
		xml_open(w, "wsa:EndpointReference");
		cim_xml_write_epr(w, inst);
		xml_close(w, "wsa:EndpointReference");
		xml_close(w, "wsman:Item");
		break;
	default:
		cim_xml_write_instance(w, inst);
		break;
	}
}

static void reply_begin(struct wsman_exchange *x, struct xml_writer *w, const char *action)
{
	xml_writer_init(w, &x->resp->body, wsman_reply_limit(x));
	soap_envelope_begin(w, reply_xmlns);
	soap_header_begin(w);
	soap_header_addressing(w, action, wsman_new_message_id(x), x->env->message_id);
	soap_header_end(w);
	soap_body_begin(w);
}

/* --- resources and selectors ---------------------------------------------------- */

/* The class the ResourceURI names, in the namespace __cimnamespace names
 * (any namespace without one). */
static const struct cim_class *find_class(struct wsman_exchange *x)
{
	const struct wsman_envelope *env = x->env;
	const char *ns = wsman_selector(env, CIMNAMESPACE_SELECTOR);
	const struct cim_class *cls;

	if (env->resource_uri == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
					 WSMAN_DETAIL_INVALID_RESOURCE_URI,
					 "The request has no wsman:ResourceURI.");
		return NULL;
	}
	cls = cim_registry_class(x->ep->cim->registry, cim_uri_class_name(env->resource_uri),
				 NULL);
	if (cls == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
					 WSMAN_DETAIL_INVALID_RESOURCE_URI,
					 "No such resource.");
		return NULL;
	}
	if (ns != NULL) {
		cls = cim_registry_class(x->ep->cim->registry, cls->name, ns);
		if (cls == NULL) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
						 WSMAN_DETAIL_INVALID_RESOURCE_URI,
						 "The class is not in this CIM namespace.");
		}
	}
	return cls;
}

/* DSP0226 7.3: the selectors name exactly the class's keys. */
static int selectors_to_keys(struct wsman_exchange *x, const struct cim_class *cls,
			     struct cim_key *keys, size_t *n)
{
	const struct wsman_envelope *env = x->env;

	*n = 0;
	for (uint32_t i = 0; i < env->selector_count; i++) {
		const char *name = env->selector[i].name;
		int idx;

		if (strcasecmp(name, CIMNAMESPACE_SELECTOR) == 0) {
			continue;
		}
		idx = cim_class_property(cls, name);
		if (idx < 0 || !cls->props[idx].key) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_SELECTORS,
						 WSMAN_DETAIL_UNEXPECTED_SELECTORS,
						 "A selector is not a key of the class.");
			return -EINVAL;
		}
		keys[(*n)++] = (struct cim_key){ cls->props[idx].name, env->selector[i].value,
						 NULL };
	}
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		if (cls->props[i].key && wsman_selector(env, cls->props[i].name) == NULL) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_SELECTORS,
						 WSMAN_DETAIL_INSUFFICIENT_SELECTORS,
						 "The selectors do not name every key.");
			return -EINVAL;
		}
	}
	return 0;
}

/* --- Get -------------------------------------------------------------------------- */

static int get_write(void *ctx, const struct cim_instance *inst)
{
	cim_xml_write_instance(ctx, inst);
	return 0;
}

static void get_operation(struct wsman_exchange *x)
{
	const struct cim_class *cls = find_class(x);
	struct cim_key keys[WSMAN_SELECTORS_MAX];
	struct xml_writer w;
	size_t n;
	int rc;

	if (cls == NULL || selectors_to_keys(x, cls, keys, &n) != 0) {
		return;
	}
	reply_begin(x, &w, ACTION_GET_RESPONSE);
	rc = cim_registry_get(x->ep->cim->registry, cls->name,
			      wsman_selector(x->env, CIMNAMESPACE_SELECTOR), keys, n, get_write,
			      &w);
	if (rc != 0) {
		w.err = w.err != 0 ? w.err : -ENOENT;
		xml_writer_finish(&w);
		if (rc == -ENOENT) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
						 WSMAN_DETAIL_NONE,
						 "No instance has these key values.");
		} else {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
						 "The provider failed.");
		}
		return;
	}
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

/* --- enumeration contexts ------------------------------------------------------- */

static void expire_contexts(struct wsman_cim_state *st, uint64_t now)
{
	for (uint32_t i = 0; i < WSMAN_ENUM_CONTEXTS_MAX; i++) {
		if (st->contexts[i].used && now >= st->contexts[i].expires_ms) {
			st->contexts[i].used = false;
		}
	}
}

static struct wsman_enum_context *find_context(struct wsman_cim_state *st, const char *id)
{
	expire_contexts(st, st->now_ms());
	for (uint32_t i = 0; i < WSMAN_ENUM_CONTEXTS_MAX; i++) {
		if (st->contexts[i].used && strcmp(st->contexts[i].id, id) == 0) {
			return &st->contexts[i];
		}
	}
	return NULL;
}

static struct wsman_enum_context *new_context(struct wsman_exchange *x)
{
	struct wsman_cim_state *st = x->ep->cim;

	expire_contexts(st, st->now_ms());
	for (uint32_t i = 0; i < WSMAN_ENUM_CONTEXTS_MAX; i++) {
		struct wsman_enum_context *c = &st->contexts[i];

		if (c->used) {
			continue;
		}
		if (wsman_message_id_new(c->id, x->ep->rng, x->ep->rng_ctx) != 0) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
						 "No random numbers are available.");
			return NULL;
		}
		c->used = true;
		c->cursor = (struct wsman_enum_cursor){ 0, 0 };
		return c;
	}
	wsman_reply_fault_simple(x, WSMAN_FAULT_QUOTA_LIMIT, WSMAN_DETAIL_NONE,
				 "Too many enumerations are open; release one or let it expire.");
	return NULL;
}

/*
 * Write up to max instances from c->cursor on into w, and move the cursor
 * past them.  One instance more is asked for than is written: its arrival
 * says the sequence goes on (*end false) and the cursor stays on it.
 */
struct batch {
	struct xml_writer *w;
	struct wsman_enum_context *c;
	uint32_t max;
	uint32_t sent;
	bool more;
};

static int batch_item(void *ctx, const struct cim_instance *inst)
{
	struct batch *b = ctx;

	if (b->sent == b->max) {
		b->more = true;
		return 1;
	}
	write_item(b->w, inst, b->c->mode);
	b->sent++;
	b->c->cursor.from++;
	return 0;
}

static int write_batch(const struct cim_registry *reg, struct xml_writer *w,
		       struct wsman_enum_context *c, uint32_t max, bool *end)
{
	struct batch b = { w, c, max, 0, false };
	size_t i = c->cursor.provider;
	const struct cim_provider *p;

	while ((p = cim_registry_next(reg, c->cls->name, c->cim_namespace, &i)) != NULL) {
		int rc;

		if (i - 1 != c->cursor.provider) {
			c->cursor = (struct wsman_enum_cursor){ i - 1, 0 };
		}
		rc = p->enumerate(p->pctx, c->cursor.from, batch_item, &b);
		if (rc < 0) {
			return rc;
		}
		if (b.more) {
			break;
		}
		c->cursor = (struct wsman_enum_cursor){ i, 0 };
	}
	*end = !b.more;
	return 0;
}

static uint32_t max_elements(const struct wsman_body_state *b)
{
	if (b->max_elements == 0) {
		return 1;	/* WS-Enumeration: the default is 1 */
	}
	return b->max_elements > WSMAN_ENUM_MAX_ELEMENTS_MAX ? WSMAN_ENUM_MAX_ELEMENTS_MAX
							     : b->max_elements;
}

/* --- body readers ------------------------------------------------------------------ */

enum body_field {
	F_NONE,
	F_MAX_ELEMENTS,
	F_MODE,
	F_CONTEXT,
	F_EXPIRES,
};

static int body_start(void *ctx, struct wsman_envelope *env, const struct wsman_qname *name,
		      const char **attrs, unsigned depth)
{
	struct wsman_exchange *x = ctx;
	struct wsman_body_state *b = &x->body;

	(void)attrs;
	b->field = F_NONE;
	b->text_len = 0;
	b->too_long = false;
	if (depth != 1) {
		return 0;
	}
	if (wsman_qname_is(name, WSMAN_NS_WSMAN, "OptimizeEnumeration")) {
		b->optimize = true;
	} else if (wsman_qname_is(name, WSMAN_NS_WSMAN, "MaxElements") ||
		   wsman_qname_is(name, WSMAN_NS_WSEN, "MaxElements")) {
		b->field = F_MAX_ELEMENTS;
	} else if (wsman_qname_is(name, WSMAN_NS_WSMAN, "EnumerationMode")) {
		b->field = F_MODE;
	} else if (wsman_qname_is(name, WSMAN_NS_WSEN, "EnumerationContext")) {
		b->field = F_CONTEXT;
	} else if (wsman_qname_is(name, WSMAN_NS_WSEN, "Expires")) {
		b->field = F_EXPIRES;
		b->has_expires = true;
	} else if (wsman_qname_is(name, WSMAN_NS_WSEN, "Filter") ||
		   wsman_qname_is(name, WSMAN_NS_WSMAN, "Filter")) {
		b->has_filter = true;
	}
	(void)env;
	return 0;
}

static int body_text(void *ctx, struct wsman_envelope *env, const char *text, size_t len)
{
	struct wsman_body_state *b = &((struct wsman_exchange *)ctx)->body;

	(void)env;
	if (b->field == F_NONE) {
		return 0;
	}
	if (len >= sizeof(b->text) - b->text_len) {
		b->too_long = true;
		return 0;
	}
	memcpy(b->text + b->text_len, text, len);
	b->text_len += len;
	b->text[b->text_len] = '\0';
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

static int body_end(void *ctx, struct wsman_envelope *env, unsigned depth)
{
	struct wsman_body_state *b = &((struct wsman_exchange *)ctx)->body;
	char *t;

	if (depth != 1 || b->field == F_NONE) {
		return 0;
	}
	if (b->too_long) {
		wsman_envelope_fail(env, WSMAN_FAULT_INVALID_PARAMETER, WSMAN_DETAIL_INVALID_VALUE,
				    "A value in the body is too long.");
		return -1;
	}
	b->text[b->text_len] = '\0';
	t = trim(b->text);
	switch (b->field) {
	case F_MAX_ELEMENTS: {
		char *end;
		unsigned long v = strtoul(t, &end, 10);

		if (*t < '0' || *t > '9' || *end != '\0' || v == 0 || v > UINT32_MAX) {
			wsman_envelope_fail(env, WSMAN_FAULT_INVALID_PARAMETER,
					    WSMAN_DETAIL_INVALID_VALUE,
					    "MaxElements must be a positive integer.");
			return -1;
		}
		b->max_elements = (uint32_t)v;
		break;
	}
	case F_MODE:
		if (strcmp(t, MODE_EPR_URI) == 0) {
			b->mode = WSMAN_ENUM_EPR;
		} else if (strcmp(t, MODE_OBJECT_AND_EPR_URI) == 0) {
			b->mode = WSMAN_ENUM_OBJECT_AND_EPR;
		} else {
			wsman_envelope_fail(env, WSMAN_FAULT_UNSUPPORTED_FEATURE,
					    WSMAN_DETAIL_ENUMERATION_MODE,
					    "Unknown wsman:EnumerationMode.");
			return -1;
		}
		break;
	case F_CONTEXT:
		snprintf(b->context, sizeof(b->context), "%s", t);
		break;
	case F_EXPIRES:
		snprintf(b->expires, sizeof(b->expires), "%s", t);
		break;
	default:
		break;
	}
	b->field = F_NONE;
	return 0;
}

static const struct wsman_body_ops enum_body_ops = { body_start, body_end, body_text };

static const struct wsman_body_ops *select_body(void *ctx, const struct wsman_envelope *env)
{
	(void)ctx;
	switch (env->action) {
	case WSMAN_ACTION_ENUMERATE:
	case WSMAN_ACTION_PULL:
	case WSMAN_ACTION_RELEASE:
		return &enum_body_ops;
	default:
		return NULL;
	}
}

/* --- Enumerate, Pull, Release ------------------------------------------------------- */

static bool expires_ms(struct wsman_exchange *x, uint64_t *ms)
{
	const struct wsman_body_state *b = &x->body;

	*ms = WSMAN_ENUM_EXPIRES_DEFAULT_MS;
	if (!b->has_expires) {
		return true;
	}
	if (b->expires[0] != 'P' && b->expires[0] != '-') {
		wsman_reply_fault_simple(x, WSMAN_FAULT_UNSUPPORTED_EXPIRATION_TYPE,
					 WSMAN_DETAIL_NONE,
					 "Only an xs:duration is supported as wsen:Expires.");
		return false;
	}
	if (wsman_duration_parse_ms(b->expires, ms) != 0 || *ms == 0) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_EXPIRATION_TIME, WSMAN_DETAIL_NONE,
					 NULL);
		return false;
	}
	if (*ms > WSMAN_ENUM_EXPIRES_MAX_MS) {
		*ms = WSMAN_ENUM_EXPIRES_MAX_MS;
	}
	return true;
}

static void enumerate_operation(struct wsman_exchange *x)
{
	struct wsman_cim_state *st = x->ep->cim;
	const struct cim_class *cls = find_class(x);
	struct wsman_enum_context *c;
	struct xml_writer w;
	uint64_t ttl;
	bool end = false;

	if (cls == NULL) {
		return;
	}
	if (x->body.has_filter) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_FILTERING_NOT_SUPPORTED, WSMAN_DETAIL_NONE,
					 "Filtered enumeration is not supported yet.");
		return;
	}
	if (!expires_ms(x, &ttl)) {
		return;
	}
	c = new_context(x);
	if (c == NULL) {
		return;
	}
	c->cls = cls;
	c->cim_namespace = wsman_selector(x->env, CIMNAMESPACE_SELECTOR) != NULL
				   ? cls->cim_namespace : NULL;
	c->mode = (enum wsman_enum_mode)x->body.mode;
	c->expires_ms = st->now_ms() + ttl;
	reply_begin(x, &w, ACTION_ENUMERATE_RESPONSE);
	xml_open(&w, "wsen:EnumerateResponse");
	xml_text_element(&w, "wsen:EnumerationContext", c->id);
	if (x->body.optimize) {
		xml_open(&w, "wsman:Items");
		if (write_batch(st->registry, &w, c, max_elements(&x->body), &end) != 0) {
			c->used = false;
			w.err = -ENOMEM;
		}
		xml_close(&w, "wsman:Items");
		if (end) {
			xml_open(&w, "wsman:EndOfSequence");
			xml_close(&w, "wsman:EndOfSequence");
		}
	}
	xml_close(&w, "wsen:EnumerateResponse");
	soap_envelope_end(&w);
	/* Even after wsman:EndOfSequence the context stays until it is pulled,
	 * released or expires: clients such as wsl pull once more anyway, and
	 * get an empty PullResponse with wsen:EndOfSequence. */
	wsman_reply_finish(x, &w);
	if (x->resp->status != 200) {
		c->used = false;
	}
}

static struct wsman_enum_context *request_context(struct wsman_exchange *x)
{
	struct wsman_enum_context *c = NULL;

	if (x->body.context[0] != '\0') {
		c = find_context(x->ep->cim, x->body.context);
	}
	if (c == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_ENUMERATION_CONTEXT,
					 WSMAN_DETAIL_NONE, NULL);
	}
	return c;
}

/* Remove out[from..to) from what w has written (no error yet). */
static void unwrite(struct xml_writer *w, size_t from, size_t to)
{
	struct http_buf *out = w->out;

	if (w->err != 0) {
		return;
	}
	memmove(out->data + from, out->data + to, out->len - to);
	out->len -= to - from;
}

static void pull_operation(struct wsman_exchange *x)
{
	struct wsman_enum_context *c = request_context(x);
	struct wsman_enum_cursor cursor;
	struct xml_writer w;
	size_t ctx_from, ctx_to;
	bool end = false;

	if (c == NULL) {
		return;
	}
	cursor = c->cursor;
	reply_begin(x, &w, ACTION_PULL_RESPONSE);
	xml_open(&w, "wsen:PullResponse");
	/* The context goes before the items but only when more follow
	 * (WS-Enumeration 3.2): written now, taken out again at the end. */
	xml_text(&w, "", 0);	/* the start tag's '>' stays */
	ctx_from = w.out->len;
	xml_text_element(&w, "wsen:EnumerationContext", c->id);
	ctx_to = w.out->len;
	xml_open(&w, "wsen:Items");
	if (write_batch(x->ep->cim->registry, &w, c, max_elements(&x->body), &end) != 0) {
		w.err = -ENOMEM;
	}
	xml_close(&w, "wsen:Items");
	if (end) {
		unwrite(&w, ctx_from, ctx_to);
		xml_open(&w, "wsen:EndOfSequence");
		xml_close(&w, "wsen:EndOfSequence");
	}
	xml_close(&w, "wsen:PullResponse");
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
	if (x->resp->status != 200) {
		c->cursor = cursor;	/* not sent: the client may pull again */
	} else if (end) {
		c->used = false;
	}
}

static void release_operation(struct wsman_exchange *x)
{
	struct wsman_enum_context *c = request_context(x);
	struct xml_writer w;

	if (c == NULL) {
		return;
	}
	c->used = false;
	reply_begin(x, &w, ACTION_RELEASE_RESPONSE);
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

static const struct wsman_ext cim_ext = {
	.ops = {
		[WSMAN_ACTION_GET] = get_operation,
		[WSMAN_ACTION_ENUMERATE] = enumerate_operation,
		[WSMAN_ACTION_PULL] = pull_operation,
		[WSMAN_ACTION_RELEASE] = release_operation,
	},
	.select_body = select_body,
};

void wsman_cim_enable(struct wsman_endpoint *ep, struct wsman_cim_state *state,
		      const struct cim_registry *registry, uint64_t (*now_ms)(void))
{
	memset(state, 0, sizeof(*state));
	state->registry = registry;
	state->now_ms = now_ms;
	ep->cim = state;
	ep->ext = &cim_ext;
}

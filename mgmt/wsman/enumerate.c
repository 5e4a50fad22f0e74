/* SPDX-License-Identifier: MIT */
/*
 * WS-Enumeration over the CIM providers (DSP0226 clause 8, DSP0227 8):
 * Enumerate (optimized or not, with a selector or association filter),
 * Pull (MaxElements, MaxCharacters), Release, Renew and GetStatus, and the
 * enumeration contexts they share.  Items are written as they are walked;
 * an item that would break MaxCharacters or wsman:MaxEnvelopeSize is taken
 * back and left for the next Pull.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/cim_ops_internal.h"
#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/duration.h"
#include "mgmt/wsman/names.h"

#define ACTION_ENUMERATE_RESPONSE	WSMAN_NS_WSEN "/EnumerateResponse"
#define ACTION_PULL_RESPONSE		WSMAN_NS_WSEN "/PullResponse"
#define ACTION_RELEASE_RESPONSE		WSMAN_NS_WSEN "/ReleaseResponse"
#define ACTION_RENEW_RESPONSE		WSMAN_NS_WSEN "/RenewResponse"
#define ACTION_GET_STATUS_RESPONSE	WSMAN_NS_WSEN "/GetStatusResponse"

/* Room kept for what follows the items (EndOfSequence, the closing tags),
 * so that an item that does not fit can be taken back and the reply still
 * closed within wsman:MaxEnvelopeSize. */
#define TRAILER_RESERVE	256U

static struct wsman_enum_request *request(struct wsman_exchange *x)
{
	return &x->ep->cim->request;
}

/* --- contexts --------------------------------------------------------------------- */

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
		c->cursor = (struct wsman_enum_cursor){ 0, 0, 0 };
		return c;
	}
	wsman_reply_fault_simple(x, WSMAN_FAULT_QUOTA_LIMIT, WSMAN_DETAIL_NONE,
				 "Too many enumerations are open; release one or let it expire.");
	return NULL;
}

static struct wsman_enum_context *request_context(struct wsman_exchange *x)
{
	struct wsman_enum_context *c = NULL;

	if (request(x)->context[0] != '\0') {
		c = find_context(x->ep->cim, request(x)->context);
	}
	if (c == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_ENUMERATION_CONTEXT,
					 WSMAN_DETAIL_NONE, NULL);
	}
	return c;
}

/* wsen:Expires as milliseconds from now: absent is the default, an
 * xs:dateTime is not supported, longer than the maximum is cut to it. */
static bool expires_ms(struct wsman_exchange *x, uint64_t *ms)
{
	const struct wsman_enum_request *r = request(x);

	*ms = WSMAN_ENUM_EXPIRES_DEFAULT_MS;
	if (!r->has_expires) {
		return true;
	}
	if (r->expires[0] != 'P' && r->expires[0] != '-') {
		wsman_reply_fault_simple(x, WSMAN_FAULT_UNSUPPORTED_EXPIRATION_TYPE,
					 WSMAN_DETAIL_NONE,
					 "Only an xs:duration is supported as wsen:Expires.");
		return false;
	}
	if (wsman_duration_parse_ms(r->expires, ms) != 0 || *ms == 0) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_EXPIRATION_TIME, WSMAN_DETAIL_NONE,
					 NULL);
		return false;
	}
	if (*ms > WSMAN_ENUM_EXPIRES_MAX_MS) {
		*ms = WSMAN_ENUM_EXPIRES_MAX_MS;
	}
	return true;
}

/* <wsen:Expires>PTn.mmmS</wsen:Expires>: the time c has left. */
/* wsen:Expires as an xs:duration of ms milliseconds. */
static void write_duration(struct xml_writer *w, uint64_t ms)
{
	char text[48];

	snprintf(text, sizeof(text), "PT%" PRIu64 ".%03" PRIu64 "S", ms / 1000U, ms % 1000U);
	xml_text_element(w, "wsen:Expires", text);
}

/* The time the context has left. */
static void write_expires(struct xml_writer *w, const struct wsman_cim_state *st,
			  const struct wsman_enum_context *c)
{
	uint64_t now = st->now_ms();

	write_duration(w, c->expires_ms > now ? c->expires_ms - now : 0);
}

/* --- items ---------------------------------------------------------------------- */

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

/*
 * One batch of items.  A item is written, then measured: past
 * MaxCharacters (counted in UTF-8 octets, never fewer than characters) or
 * past the writer's limit it is taken back and the batch ends there.
 */
struct batch {
	struct xml_writer *w;
	enum wsman_enum_mode mode;
	uint32_t max;
	uint32_t sent;
	uint64_t max_chars;	/* 0: no limit */
	uint64_t chars;
	bool first_too_big;	/* the first item alone exceeds MaxCharacters */
};

static int batch_item(void *ctx, const struct cim_instance *inst)
{
	struct batch *b = ctx;
	struct xml_writer *w = b->w;
	size_t start, len;

	if (b->sent == b->max) {
		return 1;
	}
	xml_text(w, "", 0);	/* the enclosing start tag's '>' is not the item's */
	start = w->out->len;
	write_item(w, inst, b->mode);
	len = w->out->len - start;
	if (w->err == -E2BIG || (b->max_chars != 0 && b->chars + len > b->max_chars)) {
		if (b->sent == 0 && w->err == 0) {
			b->first_too_big = true;
			w->err = -E2BIG;
			return -E2BIG;
		}
		if (b->sent == 0) {
			return -E2BIG;	/* not even one fits the envelope */
		}
		w->err = 0;
		w->out->len = start;
		w->tag_open = false;
		return 1;
	}
	if (w->err != 0) {
		return w->err;
	}
	b->chars += len;
	b->sent++;
	return 0;
}

/*
 * Items from c's cursor on into w, at most max (and max_chars); the cursor
 * moves past what was written.  0 (*end tells whether the sequence is
 * complete) or a negative error; b->first_too_big says why -E2BIG.
 */
static int write_batch(struct wsman_exchange *x, struct xml_writer *w,
		       struct wsman_enum_context *c, struct batch *b, bool *end)
{
	size_t limit = w->limit;
	size_t room = w->out->max - w->start;	/* the HTTP body's own cap */
	int rc;

	room = room < limit ? room : limit;
	w->limit = room > TRAILER_RESERVE ? room - TRAILER_RESERVE : 0;
	rc = wsman_enum_walk(x->ep->cim->registry, c, &c->cursor, batch_item, b);
	w->limit = limit;
	if (rc < 0) {
		return rc;
	}
	*end = rc == 0;
	return 0;
}

static uint32_t max_elements(const struct wsman_enum_request *r)
{
	if (r->max_elements == 0) {
		return 1;	/* WS-Enumeration 3.2: the default is 1 */
	}
	return r->max_elements > WSMAN_ENUM_MAX_ELEMENTS_MAX ? WSMAN_ENUM_MAX_ELEMENTS_MAX
							     : r->max_elements;
}

static int count_one(void *ctx, const struct cim_instance *inst)
{
	(void)inst;
	(*(int64_t *)ctx)++;
	return 0;
}

/* DSP0226 8.2.3: how many items the whole enumeration has, when asked. */
static int64_t estimate(struct wsman_exchange *x, const struct wsman_enum_context *c)
{
	struct wsman_enum_cursor from_start = { 0, 0, 0 };
	int64_t n = 0;

	if (!x->env->request_total_estimate) {
		return CIM_OPS_NO_ESTIMATE;
	}
	if (wsman_enum_walk(x->ep->cim->registry, c, &from_start, count_one, &n) < 0) {
		return CIM_OPS_NO_ESTIMATE;
	}
	return n;
}

static void batch_failed(struct wsman_exchange *x, const struct batch *b, int rc)
{
	if (b->first_too_big) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
					 "The next item is larger than wsen:MaxCharacters.");
	} else if (rc == -E2BIG) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_ENCODING_LIMIT,
					 WSMAN_DETAIL_MAX_ENVELOPE_SIZE,
					 "The next item does not fit wsman:MaxEnvelopeSize.");
	} else {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
					 "The provider failed.");
	}
}

/* --- Enumerate -------------------------------------------------------------------- */

static int object_found(void *ctx, const struct cim_instance *inst)
{
	(void)ctx;
	(void)inst;
	return 0;
}

/* DSP0227 8.2: the association filter's request, checked before any walk. */
static bool association_ok(struct wsman_exchange *x, const struct wsman_enum_filter *f)
{
	const struct cim_registry *reg = x->ep->cim->registry;
	const struct cim_ref *o = &f->object;

	if (!f->has_object || o->class_name == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER,
					 WSMAN_DETAIL_NONE,
					 "The association filter needs a wsmb:Object with a "
					 "ResourceURI.");
		return false;
	}
	if (cim_registry_get(reg, o->class_name, o->cim_namespace, o->keys, o->key_count,
			     object_found, NULL) != 0) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER,
					 WSMAN_DETAIL_NONE,
					 "The filter's wsmb:Object names no instance.");
		return false;
	}
	return true;
}

/* The association filter on the all-classes URI: where the associations
 * are looked for, after the Object is found. */
static bool all_classes_target(struct wsman_exchange *x, struct wsman_enum_context *c,
			       const struct wsman_enum_filter *f, const char *ns)
{
	const struct cim_registry *reg = x->ep->cim->registry;

	c->cls = NULL;
	c->cim_namespace = NULL;
	if (ns != NULL) {
		c->cim_namespace = cim_ops_namespace(reg, ns);
		if (c->cim_namespace == NULL) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
						 WSMAN_DETAIL_INVALID_RESOURCE_URI,
						 "No such CIM namespace.");
			return false;
		}
	}
	if (!association_ok(x, f)) {
		return false;
	}
	/* DSP0200 Associators/References: the associations looked at are those
	 * in the Object's namespace (their other ends may be elsewhere) */
	if (f->object.cim_namespace != NULL) {
		c->cim_namespace = cim_ops_namespace(reg, f->object.cim_namespace);
	}
	return true;
}

/* The selector filter against c->cls; its __cimnamespace, if any, must
 * agree with the header's and picks the class's namespace (*ns). */
static bool selector_filter_ok(struct wsman_exchange *x, struct wsman_enum_context *c,
			       const struct wsman_enum_filter *f, const char **ns)
{
	char why[WSMAN_FAULT_TEXT_MAX];
	const char *bad = NULL;

	if (f->selector_count == 0) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER,
					 WSMAN_DETAIL_NONE,
					 "The selector filter has no selector of a property.");
		return false;
	}
	if (wsman_filter_selector_check(f, c->cls, &bad) != 0) {
		snprintf(why, sizeof(why), "The filter's selector %.64s names no scalar property "
			 "of %.64s.", bad, c->cls->name);
		wsman_reply_fault_simple(x, WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER,
					 WSMAN_DETAIL_NONE, why);
		return false;
	}
	if (f->selector_namespace == NULL) {
		return true;
	}
	*ns = *ns != NULL ? *ns : f->selector_namespace;
	if (strcmp(*ns, f->selector_namespace) != 0 ||
	    (c->cls = cim_registry_class(x->ep->cim->registry, c->cls->name, *ns)) == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
					 WSMAN_DETAIL_INVALID_RESOURCE_URI,
					 "The class is not in this CIM namespace.");
		return false;
	}
	return true;
}

/*
 * The class and filter the Enumerate asks for, into c.  The all-classes
 * ResourceURI takes only the association filter, and the association
 * filter only that URI (DSP0227 R8.2-1: wsen:FilterDialectRequestedUnavailable
 * otherwise, the fault openwsman left out, its issue #25).
 */
static bool enumeration_target(struct wsman_exchange *x, struct wsman_enum_context *c)
{
	const struct wsman_enum_filter *f = &request(x)->filter;
	const char *uri = x->env->resource_uri;
	const char *ns = wsman_selector(x->env, CIMNAMESPACE_SELECTOR);
	bool association = f->kind == WSMAN_FILTER_ASSOCIATED ||
			   f->kind == WSMAN_FILTER_ASSOCIATION;
	bool all_classes = uri != NULL && strcmp(uri, WSMAN_ALL_CLASSES_URI) == 0;

	if (request(x)->has_filter && f->kind == WSMAN_FILTER_NONE) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER,
					 WSMAN_DETAIL_NONE, "The filter is empty.");
		return false;
	}
	if (all_classes != association) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_FILTER_DIALECT_REQUESTED_UNAVAILABLE,
					 WSMAN_DETAIL_NONE,
					 all_classes ? "The all-classes ResourceURI takes the "
						       "association filter only (DSP0227 8.2)."
						     : "Association filters go to the all-classes "
						       "ResourceURI " WSMAN_ALL_CLASSES_URI
						       " (DSP0227 R8.2-1).");
		return false;
	}
	if (all_classes) {
		return all_classes_target(x, c, f, ns);
	}
	c->cls = cim_ops_find_class(x);
	if (c->cls == NULL ||
	    (f->kind == WSMAN_FILTER_SELECTOR && !selector_filter_ok(x, c, f, &ns))) {
		return false;
	}
	c->cim_namespace = ns != NULL ? c->cls->cim_namespace : NULL;
	return true;
}

static void enumerate_reply(struct wsman_exchange *x, struct wsman_enum_context *c)
{
	struct wsman_enum_request *r = request(x);
	struct batch b = { .mode = c->mode, .max = max_elements(r) };
	struct xml_writer w;
	bool end = false;
	int rc = 0;

	cim_ops_reply_begin(x, &w, ACTION_ENUMERATE_RESPONSE, estimate(x, c));
	b.w = &w;
	xml_open(&w, "wsen:EnumerateResponse");
	xml_text_element(&w, "wsen:EnumerationContext", c->id);
	if (r->optimize) {
		xml_open(&w, "wsman:Items");
		rc = write_batch(x, &w, c, &b, &end);
		xml_close(&w, "wsman:Items");
		if (end) {
			xml_open(&w, "wsman:EndOfSequence");
			xml_close(&w, "wsman:EndOfSequence");
		}
	}
	xml_close(&w, "wsen:EnumerateResponse");
	soap_envelope_end(&w);
	if (rc != 0) {
		w.err = w.err != 0 ? w.err : rc;
		xml_writer_finish(&w);
		c->used = false;
		batch_failed(x, &b, rc);
		return;
	}
	/* Even after wsman:EndOfSequence the context stays until it is pulled,
	 * released or expires: clients such as wsl pull once more anyway, and
	 * get an empty PullResponse with wsen:EndOfSequence. */
	wsman_reply_finish(x, &w);
	if (x->resp->status != 200) {
		c->used = false;
	}
}

void wsman_enumerate_operation(struct wsman_exchange *x)
{
	struct wsman_cim_state *st = x->ep->cim;
	struct wsman_enum_context target = { 0 };
	struct wsman_enum_context *c;
	uint64_t ttl;

	if (!enumeration_target(x, &target) || !expires_ms(x, &ttl)) {
		return;
	}
	c = new_context(x);
	if (c == NULL) {
		return;
	}
	c->cls = target.cls;
	c->cim_namespace = target.cim_namespace;
	c->mode = (enum wsman_enum_mode)request(x)->mode;
	c->expires_ms = st->now_ms() + ttl;
	wsman_enum_filter_copy(&c->filter, &request(x)->filter);
	enumerate_reply(x, c);
}

/* --- Pull ---------------------------------------------------------------------- */

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

void wsman_pull_operation(struct wsman_exchange *x)
{
	struct wsman_enum_context *c = request_context(x);
	struct batch b = { .max = max_elements(request(x)),
			   .max_chars = request(x)->max_characters };
	struct wsman_enum_cursor cursor;
	struct xml_writer w;
	size_t ctx_from, ctx_to;
	bool end = false;
	int rc;

	if (c == NULL) {
		return;
	}
	cursor = c->cursor;
	b.mode = c->mode;
	b.w = &w;
	cim_ops_reply_begin(x, &w, ACTION_PULL_RESPONSE, estimate(x, c));
	xml_open(&w, "wsen:PullResponse");
	/* The context goes before the items but only when more follow
	 * (WS-Enumeration 3.2): written now, taken out again at the end. */
	xml_text(&w, "", 0);	/* the start tag's '>' stays */
	ctx_from = w.out->len;
	xml_text_element(&w, "wsen:EnumerationContext", c->id);
	ctx_to = w.out->len;
	xml_open(&w, "wsen:Items");
	rc = write_batch(x, &w, c, &b, &end);
	xml_close(&w, "wsen:Items");
	if (end) {
		unwrite(&w, ctx_from, ctx_to);
		xml_open(&w, "wsen:EndOfSequence");
		xml_close(&w, "wsen:EndOfSequence");
	}
	xml_close(&w, "wsen:PullResponse");
	soap_envelope_end(&w);
	if (rc != 0) {
		w.err = w.err != 0 ? w.err : rc;
		xml_writer_finish(&w);
		c->cursor = cursor;	/* nothing was sent: the client may pull again */
		batch_failed(x, &b, rc);
		return;
	}
	wsman_reply_finish(x, &w);
	if (x->resp->status != 200) {
		c->cursor = cursor;
	} else if (end) {
		c->used = false;
	}
}

/* --- Release, Renew, GetStatus ------------------------------------------------------ */

void wsman_release_operation(struct wsman_exchange *x)
{
	struct wsman_enum_context *c = request_context(x);
	struct xml_writer w;

	if (c == NULL) {
		return;
	}
	c->used = false;
	cim_ops_reply_begin(x, &w, ACTION_RELEASE_RESPONSE, CIM_OPS_NO_ESTIMATE);
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

/* WS-Enumeration 3.3: a new expiry for the context, the time granted back. */
void wsman_renew_operation(struct wsman_exchange *x)
{
	struct wsman_cim_state *st = x->ep->cim;
	struct wsman_enum_context *c = request_context(x);
	struct xml_writer w;
	uint64_t ttl;

	if (c == NULL || !expires_ms(x, &ttl)) {
		return;
	}
	c->expires_ms = st->now_ms() + ttl;
	cim_ops_reply_begin(x, &w, ACTION_RENEW_RESPONSE, CIM_OPS_NO_ESTIMATE);
	xml_open(&w, "wsen:RenewResponse");
	/* the duration granted, not what is left of it a tick later */
	write_duration(&w, ttl);
	xml_text_element(&w, "wsen:EnumerationContext", c->id);
	xml_close(&w, "wsen:RenewResponse");
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

/* WS-Enumeration 3.4: the time the context has left. */
void wsman_get_status_operation(struct wsman_exchange *x)
{
	struct wsman_cim_state *st = x->ep->cim;
	struct wsman_enum_context *c = request_context(x);
	struct xml_writer w;

	if (c == NULL) {
		return;
	}
	cim_ops_reply_begin(x, &w, ACTION_GET_STATUS_RESPONSE, CIM_OPS_NO_ESTIMATE);
	xml_open(&w, "wsen:GetStatusResponse");
	write_expires(&w, st, c);
	xml_close(&w, "wsen:GetStatusResponse");
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

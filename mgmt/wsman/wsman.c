/* SPDX-License-Identifier: MIT */
/*
 * The endpoint: check who may ask, read the envelope, dispatch by action
 * through operations[], and write the reply or the fault.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "mgmt/wsman/envelope.h"
#include "mgmt/wsman/exchange.h"
#include "mgmt/wsman/identify.h"
#include "mgmt/wsman/wsman.h"


struct wsman_operation {
	wsman_operation_fn fn;		/* NULL: wsa:ActionNotSupported */
	bool anonymous;			/* allowed without authentication */
	bool addressed;			/* needs wsa:To, wsa:MessageID, wsa:Action */
};

static void identify_operation(struct wsman_exchange *x);

/* The firmware's CIM operations (mgmt/wsman/cim_attach.c), when linked. */
void wsman_cim_attach(struct wsman_endpoint *ep) __attribute__((weak));

/* Indexed by action; the WS-Transfer, WS-Enumeration and method operations
 * join as the CIM providers arrive (docs/wsman.md). */
static const struct wsman_operation operations[WSMAN_ACTION_COUNT] = {
	/* DSP0226 clause 11: Identify has no addressing headers, and may be
	 * answered without authentication */
	[WSMAN_ACTION_IDENTIFY] = { identify_operation, true, false },
};

void wsman_endpoint_init(struct wsman_endpoint *ep, wsman_random_fn rng, void *rng_ctx)
{
	memset(ep, 0, sizeof(*ep));
	ep->rng = rng;
	ep->rng_ctx = rng_ctx;
	if (wsman_cim_attach != NULL) {
		wsman_cim_attach(ep);
	}
}

/* --- replies ------------------------------------------------------------------ */

/* DSP0226 R6.2-2: a reply must fit the client's wsman:MaxEnvelopeSize (the
 * body buffer's own cap applies as well). */
size_t wsman_reply_limit(const struct wsman_exchange *x)
{
	if (x->env == NULL || x->env->max_envelope_size == 0) {
		return SIZE_MAX;
	}
	return x->env->max_envelope_size;
}

const char *wsman_new_message_id(struct wsman_exchange *x)
{
	if (wsman_message_id_new(x->message_id, x->ep->rng, x->ep->rng_ctx) != 0) {
		return NULL;	/* the fault still goes out, without a MessageID */
	}
	return x->message_id;
}

static const char *request_message_id(const struct wsman_exchange *x)
{
	return x->env != NULL ? x->env->message_id : NULL;
}

/* Write report; 0, or the writer's error with nothing written. */
static int write_fault(struct wsman_exchange *x, const struct wsman_fault_report *report,
		       const char *relates_to)
{
	struct xml_writer w;

	xml_writer_init(&w, &x->resp->body, wsman_reply_limit(x));
	wsman_fault_write(&w, report, wsman_new_message_id(x), relates_to);
	return xml_writer_finish(&w);
}

/*
 * Send the fault described by report.  Should it not fit (a long action or
 * MessageID echoed into a small MaxEnvelopeSize), a bare EncodingLimit that
 * echoes nothing goes instead: DSP0226 R6.2-4 keeps every limit at least
 * 8192 octets so that one always fits.
 */
void wsman_reply_fault(struct wsman_exchange *x, const struct wsman_fault_report *report)
{
	struct wsman_fault_report bare = { .fault = WSMAN_FAULT_ENCODING_LIMIT,
					   .detail = WSMAN_DETAIL_MAX_ENVELOPE_SIZE };
	int rc;

	x->ep->faults[report->fault]++;
	x->resp->status = wsman_fault_info(report->fault)->http_status;
	rc = write_fault(x, report, request_message_id(x));
	if (rc == 0) {
		return;
	}
	if (rc == -ENOMEM) {
		bare = (struct wsman_fault_report){ .fault = WSMAN_FAULT_INTERNAL_ERROR };
	}
	x->ep->faults[bare.fault]++;
	x->resp->status = wsman_fault_info(bare.fault)->http_status;
	if (write_fault(x, &bare, NULL) != 0) {
		x->resp->status = 500;
	}
}

void wsman_reply_fault_simple(struct wsman_exchange *x, enum wsman_fault fault,
			      enum wsman_fault_detail detail, const char *reason)
{
	struct wsman_fault_report report = { .fault = fault, .detail = detail, .reason = reason };

	wsman_reply_fault(x, &report);
}

/* End a reply begun with xml_writer_init(): 200, or the fault that explains
 * why it could not be written. */
void wsman_reply_finish(struct wsman_exchange *x, struct xml_writer *w)
{
	int rc = xml_writer_finish(w);

	if (rc == 0) {
		x->resp->status = 200;
	} else if (rc == -E2BIG) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_MAX_ENVELOPE_SIZE,
				   "The reply would exceed wsman:MaxEnvelopeSize.");
	} else {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
				   "Out of memory while writing the reply.");
	}
}

/* --- operations --------------------------------------------------------------- */

static void identify_operation(struct wsman_exchange *x)
{
	struct xml_writer w;

	xml_writer_init(&w, &x->resp->body, wsman_reply_limit(x));
	wsman_identify_write(&w);
	wsman_reply_finish(x, &w);
}

/* --- receiving ---------------------------------------------------------------- */

/* Replace whatever the envelope earned by AccessDenied: an unauthenticated
 * client learns nothing more about its request. */
static enum wsman_fault deny(struct wsman_envelope *env)
{
	env->fault = (struct wsman_fault_report){ 0 };
	wsman_envelope_fail(env, WSMAN_FAULT_ACCESS_DENIED, WSMAN_DETAIL_NONE,
			    "Only Identify is answered without authentication.");
	return WSMAN_FAULT_ACCESS_DENIED;
}

/*
 * expat's hash salt, drawn once per endpoint: what one long-lived expat
 * parser would use for all its documents (expat salts per parser, not per
 * document).  Drawing it from the DRBG for every envelope cost about 1,100
 * instructions of every Identify (docs/bench.md).
 */
static int endpoint_salt(struct wsman_endpoint *ep, unsigned long *salt)
{
	unsigned char b[sizeof(*salt)];

	if (ep->hash_salt != 0) {
		*salt = ep->hash_salt;
		return 0;
	}
	if (ep->rng == NULL || ep->rng(ep->rng_ctx, b, sizeof(b)) != 0) {
		return -EIO;
	}
	memcpy(salt, b, sizeof(*salt));
	if (*salt == 0) {
		*salt = 1;	/* 0 would make expat pick its own, weaker salt */
	}
	ep->hash_salt = *salt;
	return 0;
}

static enum wsman_fault receive(struct wsman_exchange *x)
{
	struct wsman_envelope *env = x->env;
	struct wsman_parse_config cfg = { 0 };
	bool anonymous = !x->req->authenticated;
	enum wsman_fault f;

	if (anonymous && x->req->body_len > WSMAN_ANON_ENVELOPE_MAX) {
		wsman_envelope_clear(env);
		return deny(env);
	}
	if (endpoint_salt(x->ep, &cfg.hash_salt) != 0) {
		wsman_envelope_clear(env);
		wsman_envelope_fail(env, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
				    "No random numbers are available.");
		return WSMAN_FAULT_INTERNAL_ERROR;
	}
	if (!anonymous && x->ep->ext != NULL) {
		cfg.select_body = x->ep->ext->select_body;
		cfg.body_ctx = x;
	}
	f = wsman_envelope_parse(env, x->req->body, x->req->body_len, &cfg);
	if (anonymous && (f != WSMAN_FAULT_NONE || !operations[env->action].anonymous)) {
		return deny(env);
	}
	return f;
}

static enum wsman_fault require(struct wsman_envelope *env, const char *header)
{
	wsman_envelope_fail(env, WSMAN_FAULT_MESSAGE_INFORMATION_HEADER_REQUIRED,
			    WSMAN_DETAIL_NONE, "The request has no %s header.", header);
	return env->fault.fault;
}

/* DSP0226 R5.3-1, 5.4.1, 5.4.4: every request but Identify is addressed. */
static enum wsman_fault check_addressing(struct wsman_envelope *env)
{
	if (env->action_uri == NULL) {
		return require(env, "wsa:Action");
	}
	if (env->to == NULL) {
		return require(env, "wsa:To");
	}
	if (env->message_id == NULL) {
		return require(env, "wsa:MessageID");
	}
	return WSMAN_FAULT_NONE;
}

static void dispatch(struct wsman_exchange *x)
{
	struct wsman_envelope *env = x->env;
	const struct wsman_operation *op = &operations[env->action];
	struct wsman_operation ext_op = { 0 };

	if (op->fn == NULL && x->ep->ext != NULL && x->ep->ext->ops[env->action] != NULL) {
		ext_op = (struct wsman_operation){ x->ep->ext->ops[env->action], false, true };
		op = &ext_op;
	}
	if ((op->fn == NULL || op->addressed) && check_addressing(env) != WSMAN_FAULT_NONE) {
		wsman_reply_fault(x, &env->fault);
		return;
	}
	if (op->fn == NULL) {
		/* WS-Addressing 2004/08 4.4: the action goes back in the detail */
		env->fault = (struct wsman_fault_report){ .fault = WSMAN_FAULT_ACTION_NOT_SUPPORTED,
							  .action = env->action_uri };
		wsman_reply_fault(x, &env->fault);
		return;
	}
	op->fn(x);
}

void wsman_handle(const struct http_request *req, struct http_response *resp, void *ctx)
{
	struct wsman_endpoint *ep = ctx;
	/* receive() clears the envelope: the parse does, or it does before a
	 * refusal that comes first */
	struct wsman_exchange x = { .ep = ep, .req = req, .resp = resp, .env = &ep->envelope };

	x.ep->requests++;
	resp->content_type = WSMAN_CONTENT_TYPE;
	if (receive(&x) == WSMAN_FAULT_NONE) {
		dispatch(&x);
	} else {
		wsman_reply_fault(&x, &x.env->fault);
	}
	if (x.ep->ext != NULL && x.ep->ext->end != NULL) {
		x.ep->ext->end(&x);
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * The body of a Put, Create or Invoke request: read as WS-CIM XML while
 * the envelope is parsed (wscim_parse.h), into a per-request arena that
 * the operation then uses for everything it builds (embedded instances
 * parsed from text, merged instances, provider outputs).
 *
 * The management core serves one request at a time on one CPU (DESIGN.md
 * section 4), so the endpoint's CIM state holds the one body being read
 * (wsman_cim_state.write_body), tied to its exchange.  It is taken from
 * the heap when such a request's body starts and given back when the
 * operation ends (or when the next body starts, if the envelope failed
 * before its operation ran).
 */
#ifndef VMANHV_MGMT_WSMAN_WRITE_BODY_H
#define VMANHV_MGMT_WSMAN_WRITE_BODY_H

#include "mgmt/wsman/cim_target.h"
#include "mgmt/wsman/embedded.h"
#include "mgmt/wsman/transfer.h"
#include "mgmt/wsman/wscim_parse.h"

#define WSMAN_WRITE_ARENA_SIZE	(128U * 1024U)	/* one request's parsed values */

struct wsman_write_body {
	const struct wsman_exchange *owner;
	struct cim_arena arena;
	struct wscim_reader reader;
	const struct cim_class *cls;		/* as resolved when the body started */
	const struct cim_provider *provider;	/* Invoke: the one with the method */
	const struct cim_method *method;	/* Invoke */
	unsigned char *memory;			/* arena, then the text buffer */
};

/* The body reader for x's Put, Create or Invoke whose class (and method)
 * exist; NULL otherwise (the operation then faults on what is missing). */
const struct wsman_body_ops *wsman_write_select_body(struct wsman_exchange *x,
						     const struct wsman_envelope *env)
	WSMAN_WRITE_SIDE;

/* The body read for x, or NULL when none was (no body reader ran). */
struct wsman_write_body *wsman_write_body(const struct wsman_exchange *x);

/* An arena for x when its body was not read (e.g. Invoke without one);
 * NULL when out of memory. */
struct wsman_write_body *wsman_write_body_get(struct wsman_exchange *x);

/* Give the request's memory back: struct wsman_ext's end, when the
 * request is over (also when its envelope failed before the operation). */
void wsman_write_body_release(struct wsman_exchange *x) WSMAN_WRITE_SIDE;

/* The context for parsing x's embedded instances given as text. */
void wsman_write_embed_ctx(struct wsman_exchange *x, struct wsman_write_body *wb,
			   struct cim_embed_ctx *ctx);

#endif

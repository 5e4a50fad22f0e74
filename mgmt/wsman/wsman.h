/* SPDX-License-Identifier: MIT */
/*
 * The WS-Management endpoint (DSP0226 1.2, DSP0227 CIM binding): one SOAP 1.2
 * envelope in, one out.  It knows HTTP only through struct http_request /
 * http_response (mgmt/http/http.h) and CIM only through the provider
 * interface of mgmt/cim/.
 */
#ifndef VMANHV_MGMT_WSMAN_WSMAN_H
#define VMANHV_MGMT_WSMAN_WSMAN_H

#include <stdint.h>

#include "mgmt/http/http.h"
#include "mgmt/wsman/action.h"
#include "mgmt/wsman/envelope.h"
#include "mgmt/wsman/fault.h"
#include "mgmt/wsman/soap.h"

#define WSMAN_PATH	"/wsman"

/* An unauthenticated request may only be Identify, which fits in far less:
 * anything larger is refused before a byte of it is parsed. */
#define WSMAN_ANON_ENVELOPE_MAX	8192U

struct wsman_exchange;
struct wsman_ext;
struct wsman_cim_state;

/* An operation: answers the request in the exchange (mgmt/wsman/exchange.h). */
typedef void (*wsman_operation_fn)(struct wsman_exchange *x);

/* The endpoint's state: the random source and counters, and the CIM
 * operations when they are attached (mgmt/wsman/cim_ops.h). */
struct wsman_endpoint {
	wsman_random_fn rng;		/* MessageIDs and expat's hash salt */
	void *rng_ctx;
	unsigned long hash_salt;	/* drawn at the first envelope; 0: not yet */
	uint32_t requests;		/* envelopes received */
	uint32_t faults[WSMAN_FAULT_COUNT];	/* faults sent, by kind */
	const struct wsman_ext *ext;	/* NULL: Identify only */
	struct wsman_cim_state *cim;	/* the ext operations' state */
	/* The request being read.  Kept here, not allocated per request:
	 * malloc(), free() and a second clearing of its 17 KiB were about 700
	 * instructions of every Identify (docs/bench.md).  One request is
	 * handled at a time (DESIGN.md section 4), and nothing keeps a pointer
	 * into it after wsman_handle() returns. */
	struct wsman_envelope envelope;
};

/* rng: e.g. mbedtls_ctr_drbg_random with its context (seeded from RDSEED).
 * Attaches the firmware's CIM operations through wsman_cim_attach() when
 * that is linked in (mgmt/wsman/cim_attach.c; unit tests that do not link
 * it get the Identify-only endpoint). */
void wsman_endpoint_init(struct wsman_endpoint *ep, wsman_random_fn rng, void *rng_ctx);

/*
 * An http_handler_fn for POST /wsman.  ctx is the struct wsman_endpoint.
 * A request with req->authenticated false may only be Identify; anything
 * else gets wsman:AccessDenied with HTTP status 401, to which the HTTP
 * server adds its WWW-Authenticate challenges (RFC 9110 15.5.2).
 * Sets resp->status, resp->content_type and appends the reply envelope to
 * resp->body (a fault when anything fails; an empty body with 500 only if
 * not even a fault fits in resp->body's cap).
 */
void wsman_handle(const struct http_request *req, struct http_response *resp, void *ctx);

#endif

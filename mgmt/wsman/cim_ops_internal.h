/* SPDX-License-Identifier: MIT */
/*
 * What the files of the CIM operations share (cim_ops.c: Get, the
 * dispatch table; enumerate.c: WS-Enumeration; enum_walk.c: walking the
 * providers through a filter).  Not for use outside mgmt/wsman.
 */
#ifndef VMANHV_MGMT_WSMAN_CIM_OPS_INTERNAL_H
#define VMANHV_MGMT_WSMAN_CIM_OPS_INTERNAL_H

#include <stdint.h>

#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/exchange.h"
#include "mgmt/wsman/xml_writer.h"

#define CIM_OPS_NO_ESTIMATE	(-1)

/* The reply's envelope up to and including <s:Body>: addressing, and
 * wsman:TotalItemsCountEstimate when estimate >= 0 (DSP0226 8.2.3). */
void cim_ops_reply_begin(struct wsman_exchange *x, struct xml_writer *w, const char *action,
			 int64_t estimate);

/* The class the request's ResourceURI names, in the namespace its
 * __cimnamespace selector names (any without one); NULL after a fault. */
const struct cim_class *cim_ops_find_class(struct wsman_exchange *x);

/* DSP0226 7.3: the selectors as exactly cls's keys into keys[0..*n)
 * (reference keys from EPR-valued selectors, held in refs, at most
 * WSMAN_SELECTOR_EPRS_MAX); 0, or -EINVAL after replying the fault.
 * Get, Put, Delete and Invoke (cim_target.c) name instances with it. */
int cim_ops_keys(struct wsman_exchange *x, const struct cim_class *cls, struct cim_key *keys,
		 size_t *n, struct cim_ref *refs);

/* The namespace cim_namespace as a provider's class names it (a string
 * that outlives the request), or NULL when no class lives there. */
const char *cim_ops_namespace(const struct cim_registry *reg, const char *cim_namespace);

/*
 * The results of c's enumeration from *cur on, each passed to emit, which
 * returns 0 (taken: the cursor moves past it), 1 (not taken: stop, the
 * cursor stays on it) or a negative error.  Returns 1 when stopped with
 * results left, 0 at the end, or a negative error.
 */
int wsman_enum_walk(const struct cim_registry *reg, const struct wsman_enum_context *c,
		    struct wsman_enum_cursor *cur, cim_instance_fn emit, void *ctx);

void wsman_enumerate_operation(struct wsman_exchange *x);
void wsman_pull_operation(struct wsman_exchange *x);
void wsman_release_operation(struct wsman_exchange *x);
void wsman_renew_operation(struct wsman_exchange *x);
void wsman_get_status_operation(struct wsman_exchange *x);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * One request and its reply, as the dispatcher (wsman.c) hands it to an
 * operation, and the reply helpers operations share.  Operations beyond
 * Identify join through struct wsman_ext (mgmt/wsman/cim_ops.h).
 */
#ifndef VMANHV_MGMT_WSMAN_EXCHANGE_H
#define VMANHV_MGMT_WSMAN_EXCHANGE_H

#include <stdbool.h>

#include "mgmt/wsman/envelope.h"
#include "mgmt/wsman/wsman.h"

struct wsman_exchange {
	struct wsman_endpoint *ep;
	const struct http_request *req;
	struct http_response *resp;
	struct wsman_envelope *env;	/* NULL only when it could not be allocated */
	char message_id[WSMAN_MESSAGE_ID_SIZE];
};

/* Operations beyond Identify: each action's handler (NULL: not served) and
 * the body reader to use for a request. */
struct wsman_ext {
	wsman_operation_fn ops[WSMAN_ACTION_COUNT];
	const struct wsman_body_ops *(*select_body)(void *ctx, const struct wsman_envelope *env);
	/* The request is over, answered or faulted (its operation may not
	 * have run): what its body reader took goes back.  May be NULL. */
	void (*end)(struct wsman_exchange *x);
};

size_t wsman_reply_limit(const struct wsman_exchange *x);
const char *wsman_new_message_id(struct wsman_exchange *x);
void wsman_reply_fault(struct wsman_exchange *x, const struct wsman_fault_report *report);
void wsman_reply_fault_simple(struct wsman_exchange *x, enum wsman_fault fault,
			      enum wsman_fault_detail detail, const char *reason);
void wsman_reply_finish(struct wsman_exchange *x, struct xml_writer *w);

#endif

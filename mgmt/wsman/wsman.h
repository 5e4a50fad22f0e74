/* SPDX-License-Identifier: MIT */
/*
 * The WS-Management endpoint (DSP0226 1.2, DSP0227 CIM binding): one SOAP 1.2
 * envelope in, one out.  It knows HTTP only through struct http_request /
 * http_response (mgmt/http/http.h) and CIM only through the provider
 * interface of mgmt/cim/.
 */
#ifndef VMANHV_MGMT_WSMAN_WSMAN_H
#define VMANHV_MGMT_WSMAN_WSMAN_H

#include "mgmt/http/http.h"

#define WSMAN_PATH	"/wsman"

/*
 * An http_handler_fn for POST /wsman.  ctx is the struct wsman_endpoint.
 * A request with req->authenticated false may only be Identify; anything
 * else gets wsman:AccessDenied.
 */
void wsman_handle(const struct http_request *req, struct http_response *resp, void *ctx);

#endif

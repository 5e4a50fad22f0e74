/* SPDX-License-Identifier: MIT */
/*
 * From a parsed request to a response (no lwIP): the route for the path,
 * the method rules of RFC 9110 (501, 405 with Allow, OPTIONS), then
 * authentication and the route's handler.  http_server.c calls it for
 * every complete request; unit tests call it directly.
 */
#ifndef VMANHV_MGMT_HTTP_HTTP_DISPATCH_H
#define VMANHV_MGMT_HTTP_HTTP_DISPATCH_H

#include "mgmt/http/http.h"
#include "mgmt/http/http_server.h"

/*
 * Fill resp (set up by http_response_init()) with the answer to req.
 * Sets req->authenticated.  Never fails: every outcome is a response.
 */
void http_dispatch(const struct http_server_config *cfg, struct http_request *req,
		   struct http_response *resp);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Routing and authentication of complete requests (http_dispatch.h).
 * Statuses are RFC 9110's: 501 for a method we do not implement (9.1),
 * 404 for a path without route, 405 with Allow for a method the route does
 * not serve (15.5.6), 204 with Allow for OPTIONS (9.3.7).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/http/http_dispatch.h"
#include "mgmt/http/http_message.h"

/* The route whose path is the target's path (the part before any query). */
static const struct http_route *route_find(const struct http_server_config *cfg,
					   const char *target)
{
	size_t len = strcspn(target, "?");

	for (size_t i = 0; i < cfg->route_count; i++) {
		const struct http_route *r = &cfg->routes[i];

		if (strlen(r->path) == len && strncmp(r->path, target, len) == 0) {
			return r;
		}
	}
	return NULL;
}

/* RFC 9110 10.2.1: Allow lists the methods the target resource supports. */
static void allow_header(struct http_response *resp, const struct http_route *route)
{
	char allow[32];

	snprintf(allow, sizeof(allow), "%s, OPTIONS", http_method_name(route->method));
	(void)http_response_add_header(resp, "Allow", allow);
}

static bool serves(const struct http_route *route, enum http_method m)
{
	/* RFC 9110 9.3.2: HEAD is GET without the content. */
	return m == route->method || (m == HTTP_METHOD_HEAD && route->method == HTTP_METHOD_GET);
}

/*
 * MS-WSMV 3.1.4.1.23: `WSMANIDENTIFY: unauthenticated` asks for Identify
 * without credentials.  A request that carries credentials anyway is
 * authenticated like any other.
 */
static bool is_anonymous_identify(const struct http_route *route, const struct http_request *req)
{
	const char *identify = http_request_header(req, "WSMANIDENTIFY");

	return route->anonymous_identify && identify != NULL &&
	       strcasecmp(identify, "unauthenticated") == 0 &&
	       http_request_header(req, "Authorization") == NULL;
}

/* True when the request may go on to the handler; else resp holds the answer. */
static bool authenticate(const struct http_server_config *cfg, const struct http_route *route,
			 struct http_request *req, struct http_response *resp)
{
	req->authenticated = false;
	if (!route->authenticate || is_anonymous_identify(route, req)) {
		return true;
	}
	if (cfg->auth == NULL) {
		/* Authentication could not start (docs/http.md): nothing is served. */
		http_response_simple(resp, 503);
		return false;
	}
	if (auth_check(cfg->auth, req, resp, cfg->now_ms()) != AUTH_OK) {
		return false;
	}
	req->authenticated = true;
	return true;
}

/*
 * The handler refused an unauthenticated request with 401 (wsman.h: not an
 * Identify).  RFC 9110 15.5.2: a 401 carries WWW-Authenticate, so the
 * client learns how to retry: the challenges auth_check() gives a request
 * without credentials.
 */
static void add_challenges(const struct http_server_config *cfg, const struct http_request *req,
			   struct http_response *resp)
{
	struct http_response scratch;

	if (cfg->auth == NULL) {
		return;
	}
	http_response_init(&scratch, 0);
	if (auth_check(cfg->auth, req, &scratch, cfg->now_ms()) == AUTH_CHALLENGE &&
	    scratch.status == 401) {
		/* Without room for them, the refusal goes out as it is. */
		(void)http_buf_append(&resp->headers, scratch.headers.data, scratch.headers.len);
	}
	http_response_free(&scratch);
}

void http_dispatch(const struct http_server_config *cfg, struct http_request *req,
		   struct http_response *resp)
{
	const struct http_route *route;

	if (req->method == HTTP_METHOD_OTHER) {
		http_response_simple(resp, 501);
		return;
	}
	if (strcmp(req->target, "*") == 0) {
		resp->status = 204;	/* OPTIONS *: the server is there (RFC 9110 9.3.7) */
		return;
	}
	route = route_find(cfg, req->target);
	if (route == NULL) {
		http_response_simple(resp, 404);
		return;
	}
	if (!serves(route, req->method)) {
		if (req->method == HTTP_METHOD_OPTIONS) {
			resp->status = 204;
		} else {
			http_response_simple(resp, 405);
		}
		allow_header(resp, route);
		return;
	}
	if (!authenticate(cfg, route, req, resp)) {
		return;
	}
	route->handler(req, resp, route->ctx);
	if (resp->status == 401 && !req->authenticated && route->authenticate) {
		add_challenges(cfg, req, resp);
	}
	if (resp->status < 200 || resp->status > 599) {
		/* A handler must give a final status (RFC 9110 15). */
		http_response_simple(resp, 500);
	}
}

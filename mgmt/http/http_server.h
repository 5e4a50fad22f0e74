/* SPDX-License-Identifier: MIT */
/*
 * The management core's HTTP/1.1 server on lwIP's altcp raw API (DESIGN.md
 * sections 4 and 6; docs/http.md): port 5985 plain, 5986 through
 * altcp_tls_mbedtls, the same code for both.  Each connection is a small
 * state machine in a slot of a fixed pool; requests go through the
 * parser (http_parser.h), authentication (auth.h) and the handler of
 * their route; responses leave as fast as TCP's send buffer takes them.
 * Runs in the management loop only (lwIP NO_SYS: one context).
 */
#ifndef VMANHV_MGMT_HTTP_HTTP_SERVER_H
#define VMANHV_MGMT_HTTP_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mgmt/http/auth.h"
#include "mgmt/http/http.h"

/* DSP0226 (and WinRM): WS-Management over HTTP and HTTPS. */
#define HTTP_PORT		5985U
#define HTTPS_PORT		5986U

/* Connections served at once, both ports together; more are closed at accept. */
#define HTTP_CONN_MAX		16U
/* No byte from the client (or, while answering, no progress) for this long: close. */
#define HTTP_IDLE_TIMEOUT_MS	30000U
/* A request's line and fields must arrive this soon after its first byte (slowloris). */
#define HTTP_HEAD_TIMEOUT_MS	10000U
/* ... and all of it, body included (HTTP_BODY_MAX at about 4.5 KB/s). */
#define HTTP_REQUEST_TIMEOUT_MS	120000U
/* After our last response byte and FIN, how long to drain what the client still sends. */
#define HTTP_LINGER_MS		2000U

struct altcp_tls_config;

/* The one path a handler serves, and how. */
struct http_route {
	const char *path;		/* exact, without query: "/wsman" */
	enum http_method method;	/* the method served (POST for /wsman) */
	http_handler_fn handler;
	void *ctx;
	bool authenticate;		/* auth_check() before the handler */
	/*
	 * DSP0226 11 / MS-WSMV 3.1.4.1.23: a request carrying
	 * `WSMANIDENTIFY: unauthenticated` skips authentication and reaches
	 * the handler with req->authenticated false (it may only Identify).
	 */
	bool anonymous_identify;
};

struct http_server_config {
	const struct http_route *routes;	/* kept, not copied */
	size_t route_count;
	struct auth_context *auth;		/* for routes that authenticate */
	struct altcp_tls_config *tls;		/* NULL: no HTTPS listener */
	uint64_t (*now_ms)(void);		/* monotonic clock for auth_check() */
};

/* What the server has seen since it started (for CIM statistics later). */
struct http_server_stats {
	uint32_t accepted;
	uint32_t refused;		/* the pool was full */
	uint32_t reclaimed;		/* lingering slots closed early for a new client (http_server.c conn_reclaim) */
	uint32_t responses;		/* responses queued, errors included */
	uint32_t malformed;		/* answered with the parser's 4xx/5xx */
	uint32_t timeouts;		/* idle, head or request time-outs */
	uint32_t aborted;		/* reset by us or by the peer */
};

/*
 * Listen on HTTP_PORT, and on HTTPS_PORT when cfg->tls is set.  Once only.
 * 0; -EALREADY when started before; -EADDRINUSE or -ENOMEM from lwIP (the
 * listeners that did start are closed again).
 */
int http_server_start(const struct http_server_config *cfg);

struct http_server_stats http_server_stats(void);

#endif

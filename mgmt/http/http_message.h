/* SPDX-License-Identifier: MIT */
/*
 * The wire form of a response (RFC 9112 section 4 status line, section 5
 * fields): what the server writes before resp->body.  The rest of the
 * message helpers (buffers, headers, reasons) are declared in http.h.
 */
#ifndef VMANHV_MGMT_HTTP_HTTP_MESSAGE_H
#define VMANHV_MGMT_HTTP_HTTP_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt/http/http.h"

/* What a response's extra headers (resp->headers) may hold. */
#define HTTP_RESPONSE_HEADERS_MAX	4096U

/* True when a response with this status has no content (RFC 9110 6.4.1: 1xx, 204, 304). */
bool http_status_has_no_content(int status);

/*
 * Append the status line and the header section of resp to out, ending
 * with the empty line: "HTTP/1.1 <status> <reason>", Content-Type when
 * set, Content-Length (not for 1xx/204/304), Connection, resp->headers.
 * keep_alive: the connection stays open afterwards; request_minor: the
 * request's HTTP/1.x minor version (an HTTP/1.0 client is told
 * "Connection: keep-alive", RFC 9112 9.3).  The body itself is not written:
 * it follows as resp->body, or not at all for HEAD.
 * 0, or -ENOMEM / -E2BIG from the buffer.
 */
int http_response_head(const struct http_response *resp, bool keep_alive, uint8_t request_minor,
		       struct http_buf *out);

/*
 * Make resp a short plain-text answer of its own: status, "<status>
 * <reason>\n" as the body, no extra headers.  For errors the server
 * answers itself (400, 404, 405, 501, ...).
 */
void http_response_simple(struct http_response *resp, int status);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The HTTP/1.1 types the management core's layers share (RFC 9110, 9112):
 * the server (http_server.c) parses a request into a struct http_request,
 * authenticates it (auth.h), hands it to the handler for its path (the
 * WS-Man endpoint for /wsman), and sends the struct http_response back.
 * Nothing here depends on lwIP, so parsers and handlers run hosted in unit
 * tests and fuzzers.
 */
#ifndef VMANHV_MGMT_HTTP_HTTP_H
#define VMANHV_MGMT_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_TARGET_MAX		256U	/* longer: 414 URI Too Long */
#define HTTP_HEADERS_MAX	32U	/* more: 431 Request Header Fields Too Large */
#define HTTP_HEADER_BYTES_MAX	8192U	/* request line + fields; more: 431 */
#define HTTP_BODY_MAX		(512U * 1024U)	/* more: 413 Content Too Large */

enum http_method {
	HTTP_METHOD_OTHER = 0,	/* parsed but not served: 501 */
	HTTP_METHOD_GET,
	HTTP_METHOD_POST,
	HTTP_METHOD_HEAD,
	HTTP_METHOD_OPTIONS,
};

struct http_header {
	const char *name;	/* as received; compare case-insensitively */
	const char *value;	/* leading and trailing whitespace removed */
};

struct http_request {
	enum http_method method;
	char target[HTTP_TARGET_MAX];	/* request-target, e.g. "/wsman" */
	uint8_t version_minor;		/* HTTP/1.x */
	struct http_header header[HTTP_HEADERS_MAX];
	uint32_t header_count;
	const uint8_t *body;		/* de-chunked; NUL-terminated, not counted */
	size_t body_len;
	bool keep_alive;		/* after RFC 9112 9.3 rules */
	bool over_tls;			/* arrived on the HTTPS listener */
	bool authenticated;		/* auth_check() passed; false only for an
					 * unauthenticated Identify (DSP0226 11.1) */
	uint32_t peer_ipv4;		/* host byte order; for rate limiting */
};

/*
 * A connection's buffers up to this capacity keep their memory from one
 * request to the next (http_buf_recycle): an Identify's or a Get's request
 * body, response body and extra headers fit, and allocating them afresh
 * for every request cost about 400 instructions of each (docs/bench.md).
 * Larger ones are freed once their message is done, so a large upload or
 * Enumerate does not pin its memory to an idle connection.
 */
#define HTTP_BUF_KEEP_MAX	2048U

/* A growable buffer with a hard cap; appends past the cap fail, never truncate. */
struct http_buf {
	char *data;
	size_t len;
	size_t cap;			/* allocated */
	size_t max;			/* never grows past this */
};

struct http_response {
	int status;			/* 200, 400, 401, 500, ... */
	struct http_buf headers;	/* extra header lines, each ending in CRLF */
	struct http_buf body;
	const char *content_type;	/* NULL: no Content-Type */
	bool close;			/* send Connection: close and close */
};

/* The method's token (RFC 9110 9.1), or NULL for HTTP_METHOD_OTHER. */
static inline const char *http_method_name(enum http_method method)
{
	switch (method) {
	case HTTP_METHOD_GET:
		return "GET";
	case HTTP_METHOD_POST:
		return "POST";
	case HTTP_METHOD_HEAD:
		return "HEAD";
	case HTTP_METHOD_OPTIONS:
		return "OPTIONS";
	default:
		return NULL;
	}
}

/* The value of one hexadecimal digit (RFC 5234 HEXDIG, either case), or -1. */
static inline int http_hex_digit(int c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* Case-insensitive lookup (RFC 9110 5.1); NULL when absent. */
const char *http_request_header(const struct http_request *req, const char *name);

/* status starts at 500 (a handler that sets nothing has failed); body capped at body_max. */
void http_response_init(struct http_response *resp, size_t body_max);
void http_response_free(struct http_response *resp);
/* Empty buf; its memory is kept when cap <= HTTP_BUF_KEEP_MAX, freed otherwise. */
void http_buf_recycle(struct http_buf *buf);
/* resp was sent: http_buf_recycle() its headers and body. */
void http_response_recycle(struct http_response *resp);
/* As http_response_init(), for a resp that is zeroed, initialised or
 * recycled: the memory its buffers kept is used again. */
void http_response_reuse(struct http_response *resp, size_t body_max);
/* 0, or -ENOMEM / -E2BIG (the cap) with the buffer unchanged. */
int http_buf_append(struct http_buf *buf, const void *data, size_t len);
int http_response_add_header(struct http_response *resp, const char *name, const char *value);
const char *http_status_reason(int status);

/* A handler for one path; it fills resp (status 200 and a body, or a fault). */
typedef void (*http_handler_fn)(const struct http_request *req, struct http_response *resp,
				void *ctx);

#endif

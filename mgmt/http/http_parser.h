/* SPDX-License-Identifier: MIT */
/*
 * An incremental HTTP/1.1 request parser (RFC 9112 sections 2-7, RFC 9110
 * where it sets rules for requests).  Bytes are fed as they arrive, split
 * anywhere, down to one byte per call; the parser copies what it keeps, so
 * the caller may free its buffers after each call.  It fills one struct
 * http_request (mgmt/http/http.h) and stops at the end of that request:
 * the bytes after it (a pipelined request) are left to the caller, who
 * feeds them after http_parser_next().
 *
 * Strict on purpose: anything that two HTTP implementations could frame
 * differently (RFC 9112 11.2, request smuggling) is refused, and every limit
 * of http.h has its own status code.  No lwIP, no allocation but the body's
 * growable buffer (http_buf, capped at HTTP_BODY_MAX).
 */
#ifndef VMANHV_MGMT_HTTP_HTTP_PARSER_H
#define VMANHV_MGMT_HTTP_HTTP_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mgmt/http/http.h"

/* The longest method token we look at; a longer one is no method we serve: 501. */
#define HTTP_METHOD_LEN_MAX	15U
/* Hex digits of a chunk size, leading zeros included; more: 413 (it cannot fit). */
#define HTTP_CHUNK_DIGITS_MAX	16U
/* Bytes of one chunk-size line after the digits (extensions, ignored); more: 400. */
#define HTTP_CHUNK_EXT_MAX	256U

enum http_parse_result {
	HTTP_PARSE_MORE = 0,	/* every byte consumed; the request is not complete yet */
	HTTP_PARSE_DONE,	/* a request is complete: *used may be less than len */
	HTTP_PARSE_ERROR,	/* malformed or over a limit: answer http_parser_error(), close */
};

/* Where in the request the parser is; private to http_parser.c. */
enum http_parse_state {
	HP_REQ_START, HP_REQ_START_LF, HP_METHOD, HP_TARGET, HP_VERSION, HP_REQ_LF,
	HP_FIELD_START, HP_FIELD_NAME, HP_FIELD_VALUE, HP_FIELD_LF, HP_HEAD_END_LF,
	HP_BODY, HP_CHUNK_SIZE, HP_CHUNK_EXT, HP_CHUNK_SIZE_LF, HP_CHUNK_DATA,
	HP_CHUNK_DATA_CR, HP_CHUNK_DATA_LF, HP_TRAILER_START, HP_TRAILER_LINE,
	HP_TRAILER_LF, HP_TRAILER_END_LF, HP_DONE, HP_ERROR,
};

struct http_parser {
	struct http_request *req;
	enum http_parse_state state;
	int error;			/* the status of HTTP_PARSE_ERROR */

	/* The request line and the field section: counted against
	 * HTTP_HEADER_BYTES_MAX, names and values kept NUL-terminated in head[]. */
	uint32_t head_bytes;
	char method[HTTP_METHOD_LEN_MAX + 1];
	uint32_t method_len;
	uint32_t target_len;
	char version[9];		/* "HTTP/1.1" */
	uint32_t version_len;
	char head[HTTP_HEADER_BYTES_MAX];
	uint32_t head_len;
	uint32_t name_at;		/* the field being read: its name ... */
	uint32_t value_at;		/* ... and value in head[] */
	uint32_t value_end;		/* head_len after the last non-blank value byte */

	/* What the fields said about framing and the connection. */
	bool has_length;
	bool chunked;
	bool has_host;
	bool conn_close;
	bool conn_keep_alive;
	bool expect_continue;
	bool continue_due;		/* send 100 Continue now (http_parser_continue_due) */
	uint32_t codings;		/* transfer codings seen, "chunked" included */
	uint64_t content_length;

	/* The body, de-chunked; trailer lines are counted, checked and dropped. */
	uint64_t remaining;		/* of a Content-Length body or of a chunk */
	uint32_t line_len;		/* chunk-size digits + extension, or trailer line */
	uint32_t trailer_bytes;
	struct http_buf body;
};

/* Prepare p to fill *req; req's previous contents are dropped. */
void http_parser_init(struct http_parser *p, struct http_request *req);

/*
 * Consume up to len bytes.  *used gets how many were taken: len unless the
 * result is HTTP_PARSE_DONE (the rest belongs to the next request) or
 * HTTP_PARSE_ERROR.  After DONE, *req is complete and valid until the next
 * http_parser_next(); after DONE or ERROR further calls consume nothing.
 */
enum http_parse_result http_parser_feed(struct http_parser *p, const void *data, size_t len,
					size_t *used);

/*
 * The status to answer a HTTP_PARSE_ERROR with: 400, 411, 413, 414, 417,
 * 431, 501, 505, or 503 when the body's buffer could not grow.
 */
int http_parser_error(const struct http_parser *p);

/*
 * True once, when the fields of an HTTP/1.1 request carrying `Expect:
 * 100-continue` have been read and its body has not: the server sends
 * "100 Continue" (RFC 9110 10.1.1).  False again once the body arrived.
 */
bool http_parser_continue_due(struct http_parser *p);

/* True when a request has begun (a byte of it was consumed) but is not complete. */
bool http_parser_in_request(const struct http_parser *p);
/* True when the field section of the current request is complete. */
bool http_parser_head_done(const struct http_parser *p);

/* Forget the request (keeping the connection's parser, and the body's
 * buffer when it is small: http_buf_recycle) and wait for the next one. */
void http_parser_next(struct http_parser *p);

/* Release the body buffer. */
void http_parser_free(struct http_parser *p);

#endif

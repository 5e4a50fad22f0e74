/* SPDX-License-Identifier: MIT */
/*
 * Requests and responses as data (http.h, http_message.h): header lookup,
 * capped buffers, response headers and the response head on the wire
 * (RFC 9112 sections 4 and 5).  No lwIP: unit tests use it as it is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgmt/http/http_message.h"

/* The first allocation of a buffer; it doubles from there up to its max. */
#define HTTP_BUF_MIN_CAP	256U

const char *http_request_header(const struct http_request *req, const char *name)
{
	/* The first letters are compared before the call: most fields differ
	 * there (ASCII case folding; strcasecmp() decides). */
	for (uint32_t i = 0; i < req->header_count; i++) {
		if ((req->header[i].name[0] | 0x20) == (name[0] | 0x20) &&
		    strcasecmp(req->header[i].name, name) == 0) {
			return req->header[i].value;
		}
	}
	return NULL;
}

void http_response_init(struct http_response *resp, size_t body_max)
{
	memset(resp, 0, sizeof(*resp));
	/* A handler that sets nothing has failed: 500, not an empty 200. */
	resp->status = 500;
	resp->headers.max = HTTP_RESPONSE_HEADERS_MAX;
	resp->body.max = body_max;
}

static void buf_free(struct http_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void http_response_free(struct http_response *resp)
{
	buf_free(&resp->headers);
	buf_free(&resp->body);
}

void http_buf_recycle(struct http_buf *buf)
{
	if (buf->cap > HTTP_BUF_KEEP_MAX) {
		buf_free(buf);
	}
	buf->len = 0;
}

void http_response_recycle(struct http_response *resp)
{
	http_buf_recycle(&resp->headers);
	http_buf_recycle(&resp->body);
}

void http_response_reuse(struct http_response *resp, size_t body_max)
{
	struct http_buf headers = resp->headers, body = resp->body;

	http_response_init(resp, body_max);
	resp->headers.data = headers.data;
	resp->headers.cap = headers.cap;
	resp->body.data = body.data;
	resp->body.cap = body.cap;
}

int http_buf_append(struct http_buf *buf, const void *data, size_t len)
{
	size_t need, cap;
	char *grown;

	if (len > buf->max || buf->len > buf->max - len) {
		return -E2BIG;
	}
	need = buf->len + len;
	if (need > buf->cap) {
		cap = buf->cap < HTTP_BUF_MIN_CAP ? HTTP_BUF_MIN_CAP : buf->cap;
		while (cap < need) {
			cap = cap > buf->max / 2U ? buf->max : cap * 2U;
		}
		cap = cap > buf->max ? buf->max : cap;
		grown = realloc(buf->data, cap);
		if (grown == NULL) {
			return -ENOMEM;
		}
		buf->data = grown;
		buf->cap = cap;
	}
	if (len > 0U) {
		memcpy(buf->data + buf->len, data, len);
	}
	buf->len = need;
	return 0;
}

/* RFC 9110 5.1 field-name = token; 5.5 field-value without CR, LF or NUL. */
static bool is_token(const char *s)
{
	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      strchr("!#$%&'*+-.^_`|~", c) != NULL)) {
			return false;
		}
	}
	return true;
}

static bool is_field_value(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0x7FU || (c < 0x20U && c != '\t')) {
			return false;
		}
	}
	return true;
}

int http_response_add_header(struct http_response *resp, const char *name, const char *value)
{
	size_t nlen = strlen(name), vlen = strlen(value);
	size_t before = resp->headers.len;
	int err;

	/* A CR or LF smuggled into a value would start a header of the client's choosing. */
	if (!is_token(name) || !is_field_value(value)) {
		return -EINVAL;
	}
	err = http_buf_append(&resp->headers, name, nlen);
	err = err != 0 ? err : http_buf_append(&resp->headers, ": ", 2);
	err = err != 0 ? err : http_buf_append(&resp->headers, value, vlen);
	err = err != 0 ? err : http_buf_append(&resp->headers, "\r\n", 2);
	if (err != 0) {
		resp->headers.len = before;
	}
	return err;
}

const char *http_status_reason(int status)
{
	/* RFC 9110 section 15; 429 from RFC 6585 4. */
	static const struct {
		int status;
		const char *reason;
	} reasons[] = {
		{ 100, "Continue" },
		{ 200, "OK" },
		{ 204, "No Content" },
		{ 400, "Bad Request" },
		{ 401, "Unauthorized" },
		{ 403, "Forbidden" },
		{ 404, "Not Found" },
		{ 405, "Method Not Allowed" },
		{ 408, "Request Timeout" },
		{ 411, "Length Required" },
		{ 413, "Content Too Large" },
		{ 414, "URI Too Long" },
		{ 415, "Unsupported Media Type" },
		{ 417, "Expectation Failed" },
		{ 429, "Too Many Requests" },
		{ 431, "Request Header Fields Too Large" },
		{ 500, "Internal Server Error" },
		{ 501, "Not Implemented" },
		{ 503, "Service Unavailable" },
		{ 505, "HTTP Version Not Supported" },
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (reasons[i].status == status) {
			return reasons[i].reason;
		}
	}
	/* RFC 9112 4: the reason phrase may be empty. */
	return "";
}

bool http_status_has_no_content(int status)
{
	return (status >= 100 && status < 200) || status == 204 || status == 304;
}

static const char *connection_option(bool keep_alive, uint8_t request_minor)
{
	if (!keep_alive) {
		return "close";
	}
	/* RFC 9112 9.3: a 1.0 client keeps the connection only if told so. */
	return request_minor == 0U ? "keep-alive" : NULL;
}

static int append_str(struct http_buf *out, const char *s)
{
	return http_buf_append(out, s, strlen(s));
}

/* "name: value" CRLF, the literal "name: " one append (docs/bench.md). */
static int append_field_n(struct http_buf *out, const char *name_colon, size_t len,
			  const char *value)
{
	int err = http_buf_append(out, name_colon, len);

	err = err != 0 ? err : append_str(out, value);
	return err != 0 ? err : http_buf_append(out, "\r\n", 2);
}

#define append_field(out, name, value) \
	append_field_n((out), name ": ", sizeof(name ": ") - 1U, (value))

/* n in decimal into buf[HTTP_DECIMAL_MAX], NUL-terminated; no printf on every response. */
#define HTTP_DECIMAL_MAX	21U
static const char *decimal(char buf[HTTP_DECIMAL_MAX], uint64_t n)
{
	char *p = buf + HTTP_DECIMAL_MAX - 1U;

	*p = '\0';
	do {
		*--p = (char)('0' + n % 10U);
		n /= 10U;
	} while (n != 0U);
	return p;
}

int http_response_head(const struct http_response *resp, bool keep_alive, uint8_t request_minor,
		       struct http_buf *out)
{
	const char *conn = connection_option(keep_alive, request_minor);
	/* RFC 9110 6.2: we answer with the highest version we implement. */
	char status[] = "HTTP/1.1 000 ";
	char digits[HTTP_DECIMAL_MAX];
	int err;

	if (resp->status < 100 || resp->status > 999) {
		return -EINVAL;
	}
	status[9] = (char)('0' + resp->status / 100);
	status[10] = (char)('0' + resp->status / 10 % 10);
	status[11] = (char)('0' + resp->status % 10);
	err = http_buf_append(out, status, sizeof(status) - 1U);
	err = err != 0 ? err : append_str(out, http_status_reason(resp->status));
	err = err != 0 ? err : http_buf_append(out, "\r\n", 2);
	if (err == 0 && resp->content_type != NULL) {
		err = is_field_value(resp->content_type) ?
		      append_field(out, "Content-Type", resp->content_type) : -EINVAL;
	}
	if (err == 0 && !http_status_has_no_content(resp->status)) {
		/* RFC 9110 8.6: the length lets the connection carry the next response. */
		err = append_field(out, "Content-Length", decimal(digits, resp->body.len));
	}
	if (err == 0 && conn != NULL) {
		err = append_field(out, "Connection", conn);
	}
	if (err == 0 && resp->headers.len > 0U) {
		err = http_buf_append(out, resp->headers.data, resp->headers.len);
	}
	return err != 0 ? err : http_buf_append(out, "\r\n", 2);
}

void http_response_simple(struct http_response *resp, int status)
{
	char body[64];
	int n = snprintf(body, sizeof(body), "%d %s\n", status, http_status_reason(status));

	resp->status = status;
	resp->headers.len = 0;
	resp->body.len = 0;
	resp->content_type = "text/plain; charset=utf-8";
	if (n > 0 && http_buf_append(&resp->body, body, (size_t)n) != 0) {
		resp->content_type = NULL;
	}
}

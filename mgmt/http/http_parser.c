/* SPDX-License-Identifier: MIT */
/*
 * The incremental HTTP/1.1 request parser (http_parser.h).  One byte at a
 * time through a state machine for the request line, the fields and the
 * chunk framing, so any split of the input parses the same; body bytes are
 * copied in runs, and so are a field line that is wholly in the input and
 * valid (field_line_take) and the runs inside names, values and the
 * request line.  Section numbers are RFC 9112's unless RFC 9110 is named.
 *
 * Lines end in CRLF only.  Section 2.2 lets a recipient accept a bare LF;
 * we refuse it, like a bare CR, because servers and proxies that differ on
 * it can be made to see different requests.  No state takes a LF except
 * right after a CR, so each state's "anything else" branch is that check.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgmt/http/http_parser.h"

/*
 * Byte classes, looked up per byte: the head is parsed a byte at a time and
 * the comparisons and switch they replace were about 1,500 instructions of
 * every request (docs/bench.md).
 * TCHAR: RFC 9110 5.6.2, the characters of a token (method, field name).
 * FIELD: RFC 9110 5.5, field-vchar = VCHAR / obs-text, plus SP and HTAB
 * inside a value.
 */
#define CHAR_TCHAR	1U
#define CHAR_FIELD	2U
static const uint8_t char_class[256] = {
	['\t'] = CHAR_FIELD, [' '] = CHAR_FIELD,
	['!'] = CHAR_TCHAR | CHAR_FIELD, ['"'] = CHAR_FIELD,
	['#' ... '\''] = CHAR_TCHAR | CHAR_FIELD, ['(' ... ')'] = CHAR_FIELD,
	['*' ... '+'] = CHAR_TCHAR | CHAR_FIELD, [','] = CHAR_FIELD,
	['-' ... '.'] = CHAR_TCHAR | CHAR_FIELD, ['/'] = CHAR_FIELD,
	['0' ... '9'] = CHAR_TCHAR | CHAR_FIELD, [':' ... '@'] = CHAR_FIELD,
	['A' ... 'Z'] = CHAR_TCHAR | CHAR_FIELD, ['[' ... ']'] = CHAR_FIELD,
	['^' ... '`'] = CHAR_TCHAR | CHAR_FIELD,
	['a' ... 'z'] = CHAR_TCHAR | CHAR_FIELD, ['{'] = CHAR_FIELD,
	['|'] = CHAR_TCHAR | CHAR_FIELD, ['}'] = CHAR_FIELD, ['~'] = CHAR_TCHAR | CHAR_FIELD,
	[0x80 ... 0xFF] = CHAR_FIELD,
};

static bool is_tchar(uint8_t c)
{
	return (char_class[c] & CHAR_TCHAR) != 0U;
}

static bool is_field_char(uint8_t c)
{
	return (char_class[c] & CHAR_FIELD) != 0U;
}

static bool is_blank(uint8_t c)
{
	return c == ' ' || c == '\t';
}

static void fail(struct http_parser *p, int status)
{
	if (p->state != HP_ERROR) {
		p->error = status;
		p->state = HP_ERROR;
	}
}

/* The per-request fields of *req; over_tls and peer_ipv4 belong to the connection. */
static void request_clear(struct http_request *req)
{
	req->method = HTTP_METHOD_OTHER;
	req->target[0] = '\0';
	req->version_minor = 0;
	req->header_count = 0;
	req->body = (const uint8_t *)"";
	req->body_len = 0;
	req->keep_alive = false;
	req->authenticated = false;
}

/* Where the fields after head[] begin. */
#define HEAD_END	(offsetof(struct http_parser, head) + HTTP_HEADER_BYTES_MAX)

static void parser_clear(struct http_parser *p)
{
	struct http_request *req = p->req;
	struct http_buf body = p->body;

	/* Everything but head[]: head_len says how much of it holds this
	 * request's bytes, and nothing reads past that.  Clearing its 8 KiB for
	 * every request was a third of an Identify's instructions (docs/bench.md). */
	memset(p, 0, offsetof(struct http_parser, head));
	memset((char *)p + HEAD_END, 0, sizeof(*p) - HEAD_END);
	p->req = req;
	p->body = body;
	p->body.len = 0;
	p->state = HP_REQ_START;
	request_clear(req);
}

void http_parser_init(struct http_parser *p, struct http_request *req)
{
	memset(p, 0, sizeof(*p));
	memset(req, 0, sizeof(*req));
	p->req = req;
	/* One byte more than the limit: the NUL after the body (http.h). */
	p->body.max = HTTP_BODY_MAX + 1U;
	parser_clear(p);
}

void http_parser_free(struct http_parser *p)
{
	free(p->body.data);
	p->body.data = NULL;
	p->body.len = 0;
	p->body.cap = 0;
}

void http_parser_next(struct http_parser *p)
{
	/* A large body's buffer is not kept for the rest of a keep-alive
	 * connection; a small one is, for the next request. */
	http_buf_recycle(&p->body);
	parser_clear(p);
}

/* ---- the request line (section 3) ---- */

static enum http_method method_from_token(const char *m)
{
	/* RFC 9110 9.1: method names are case-sensitive. */
	static const struct {
		const char *name;
		enum http_method method;
	} methods[] = {
		{ "GET", HTTP_METHOD_GET },
		{ "POST", HTTP_METHOD_POST },
		{ "HEAD", HTTP_METHOD_HEAD },
		{ "OPTIONS", HTTP_METHOD_OPTIONS },
	};

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (strcmp(m, methods[i].name) == 0) {
			return methods[i].method;
		}
	}
	return HTTP_METHOD_OTHER;
}

/*
 * Section 3.2: origin-form ("/path?query"), asterisk-form ("*", OPTIONS
 * only) and absolute-form ("http://host/path", which a server MUST accept,
 * 3.2.2); the authority-form belongs to CONNECT, which we do not serve.  An
 * absolute-form target is reduced to its path, so routes see one form.
 */
static int target_normalize(struct http_request *req)
{
	char *t = req->target;
	size_t skip;

	if (t[0] == '/') {
		return 0;
	}
	if (strcmp(t, "*") == 0) {
		return req->method == HTTP_METHOD_OPTIONS ? 0 : -EINVAL;
	}
	if (strncasecmp(t, "http://", 7) == 0) {
		skip = 7;
	} else if (strncasecmp(t, "https://", 8) == 0) {
		skip = 8;
	} else {
		return -EINVAL;
	}
	skip += strcspn(t + skip, "/?");
	if (t[skip] == '/') {
		memmove(t, t + skip, strlen(t + skip) + 1U);
	} else {
		/* Section 3.2.1: an empty path is sent as "/". */
		size_t rest = strlen(t + skip);

		memmove(t + 1, t + skip, rest + 1U);
		t[0] = '/';
	}
	return 0;
}

/*
 * Section 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
 * RFC 9110 2.5: a higher minor version of a major version we implement is
 * handled as the highest we implement (1.1); another major version: 505.
 */
static void version_check(struct http_parser *p)
{
	const char *v = p->version;

	if (p->version_len != 8U || strncmp(v, "HTTP/", 5) != 0 || v[5] < '0' || v[5] > '9' ||
	    v[6] != '.' || v[7] < '0' || v[7] > '9') {
		fail(p, 400);
		return;
	}
	if (v[5] != '1') {
		fail(p, 505);
		return;
	}
	p->req->version_minor = v[7] == '0' ? 0U : 1U;
}

static void method_byte(struct http_parser *p, uint8_t c)
{
	if (c == ' ') {
		if (p->method_len > HTTP_METHOD_LEN_MAX) {
			/* No method we implement is this long (RFC 9110 9.1). */
			fail(p, 501);
			return;
		}
		p->method[p->method_len] = '\0';
		p->req->method = method_from_token(p->method);
		p->state = HP_TARGET;
	} else if (!is_tchar(c)) {
		fail(p, 400);
	} else if (p->method_len++ < HTTP_METHOD_LEN_MAX) {
		p->method[p->method_len - 1U] = (char)c;
	}
}

static void target_byte(struct http_parser *p, uint8_t c)
{
	struct http_request *req = p->req;

	if (c == ' ') {
		req->target[p->target_len] = '\0';
		if (p->target_len == 0U || target_normalize(req) != 0) {
			fail(p, 400);
			return;
		}
		p->state = HP_VERSION;
	} else if (c < 0x21U || c > 0x7EU) {
		/* Section 3.2: no whitespace or control inside the target. */
		fail(p, 400);
	} else if (p->target_len + 1U >= HTTP_TARGET_MAX) {
		fail(p, 414);
	} else {
		req->target[p->target_len++] = (char)c;
	}
}

static void version_byte(struct http_parser *p, uint8_t c)
{
	if (c == '\r') {
		p->version[p->version_len] = '\0';
		version_check(p);
		if (p->state != HP_ERROR) {
			p->state = HP_REQ_LF;
		}
	} else if (p->version_len >= sizeof(p->version) - 1U || c < 0x21U || c > 0x7EU) {
		fail(p, 400);
	} else {
		p->version[p->version_len++] = (char)c;
	}
}

static void request_line_byte(struct http_parser *p, uint8_t c)
{
	switch (p->state) {
	case HP_REQ_START:
		/* Section 2.2: ignore empty lines before the request line. */
		if (c == '\r') {
			p->state = HP_REQ_START_LF;
		} else if (is_tchar(c)) {
			p->state = HP_METHOD;
			method_byte(p, c);
		} else {
			fail(p, 400);
		}
		break;
	case HP_REQ_START_LF:
		if (c != '\n') {
			fail(p, 400);
			return;
		}
		p->state = HP_REQ_START;
		break;
	case HP_METHOD:
		method_byte(p, c);
		break;
	case HP_TARGET:
		target_byte(p, c);
		break;
	case HP_VERSION:
		version_byte(p, c);
		break;
	default:	/* HP_REQ_LF */
		if (c != '\n') {
			fail(p, 400);
			return;
		}
		p->state = HP_FIELD_START;
		break;
	}
}

/* ---- fields (section 5) and what they say about framing (section 6) ---- */

/* Does the comma-separated list value contain token (case-insensitive)? */
static bool list_has(const char *value, const char *token)
{
	size_t tlen = strlen(token);

	while (*value != '\0') {
		size_t len;

		value += strspn(value, " \t,");
		len = strcspn(value, ",");
		while (len > 0U && is_blank((uint8_t)value[len - 1U])) {
			len--;
		}
		if (len == tlen && strncasecmp(value, token, tlen) == 0) {
			return true;
		}
		value += strcspn(value, ",");
	}
	return false;
}

/*
 * Section 6.3 item 5 and RFC 9110 8.6: Content-Length is 1*DIGIT.  A second
 * Content-Length field, or a list even of equal values, is refused: two
 * parsers that disagree on the length are how requests are smuggled.
 */
static void content_length_field(struct http_parser *p, const char *v)
{
	uint64_t n = 0;
	bool too_big = false;

	if (p->has_length || *v == '\0') {
		fail(p, 400);
		return;
	}
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '9') {
			fail(p, 400);
			return;
		}
		n = n * 10U + (uint64_t)(*v - '0');
		too_big = too_big || n > HTTP_BODY_MAX;
		n = too_big ? HTTP_BODY_MAX + 1U : n;
	}
	if (too_big) {
		fail(p, 413);
		return;
	}
	p->has_length = true;
	p->content_length = n;
}

/*
 * Section 6.1: we implement the chunked coding only.  chunked must be the
 * final coding and may appear once (section 6.3 item 4: otherwise 400); an
 * unknown coding is 501 (section 6.1).  Several Transfer-Encoding fields
 * form one list (RFC 9110 5.3), so the state carries over between them.
 */
static void transfer_encoding_field(struct http_parser *p, const char *v)
{
	while (*v != '\0') {
		size_t len;

		v += strspn(v, " \t,");
		len = strcspn(v, ",");
		while (len > 0U && is_blank((uint8_t)v[len - 1U])) {
			len--;
		}
		if (len == 0U) {
			break;
		}
		p->codings++;
		if (len != 7U || strncasecmp(v, "chunked", 7) != 0) {
			fail(p, p->chunked ? 400 : 501);
			return;
		}
		if (p->chunked) {
			fail(p, 400);
			return;
		}
		p->chunked = true;
		v += strcspn(v, ",");
	}
	if (p->codings == 0U) {
		fail(p, 400);
	}
}

/* Is the field's name (len octets) this one?  Only a name of the same
 * length goes on to strcasecmp(): most fields of a request are none of
 * those below, and each name is compared once at most (docs/bench.md). */
#define FIELD_IS(name, len, known) \
	((len) == sizeof(known) - 1U && strcasecmp((name), (known)) == 0)

static void field_interpret(struct http_parser *p, const char *name, size_t len,
			    const char *value)
{
	if (FIELD_IS(name, len, "Content-Length")) {
		content_length_field(p, value);
	} else if (FIELD_IS(name, len, "Transfer-Encoding")) {
		transfer_encoding_field(p, value);
	} else if (FIELD_IS(name, len, "Host")) {
		/* Section 3.2: more than one Host field is a 400. */
		if (p->has_host) {
			fail(p, 400);
		}
		p->has_host = true;
	} else if (FIELD_IS(name, len, "Connection")) {
		/* Section 9.3: persistence is decided by these two options. */
		p->conn_close = p->conn_close || list_has(value, "close");
		p->conn_keep_alive = p->conn_keep_alive || list_has(value, "keep-alive");
	} else if (FIELD_IS(name, len, "Expect")) {
		/* RFC 9110 10.1.1: 100-continue is the only expectation; others get 417. */
		if (strcasecmp(value, "100-continue") != 0) {
			fail(p, 417);
		}
		p->expect_continue = true;
	}
}

static int head_append(struct http_parser *p, uint8_t c)
{
	if (p->head_len >= sizeof(p->head)) {
		fail(p, 431);
		return -E2BIG;
	}
	p->head[p->head_len++] = (char)c;
	return 0;
}

static void field_end(struct http_parser *p)
{
	struct http_request *req = p->req;
	struct http_header *h = &req->header[req->header_count++];

	p->head_len = p->value_end;
	if (head_append(p, '\0') != 0) {
		return;
	}
	h->name = &p->head[p->name_at];
	h->value = &p->head[p->value_at];
	/* the name ends with the NUL written over its colon */
	field_interpret(p, h->name, p->value_at - 1U - p->name_at, h->value);
}

static void field_start_byte(struct http_parser *p, uint8_t c)
{
	if (c == '\r') {
		p->state = HP_HEAD_END_LF;
	} else if (is_blank(c)) {
		/* Section 5.2: obs-fold; a server may reject it with 400, and we do. */
		fail(p, 400);
	} else if (!is_tchar(c)) {
		fail(p, 400);
	} else if (p->req->header_count >= HTTP_HEADERS_MAX) {
		fail(p, 431);
	} else {
		p->name_at = p->head_len;
		p->state = HP_FIELD_NAME;
		head_append(p, c);
	}
}

static void field_name_byte(struct http_parser *p, uint8_t c)
{
	if (c == ':') {
		if (head_append(p, '\0') == 0) {
			p->value_at = p->head_len;
			p->value_end = p->head_len;
			p->state = HP_FIELD_VALUE;
		}
	} else if (is_tchar(c)) {
		head_append(p, c);
	} else {
		/* Section 5.1: whitespace before the colon MUST be answered with 400. */
		fail(p, 400);
	}
}

static void field_value_byte(struct http_parser *p, uint8_t c)
{
	if (c == '\r') {
		p->state = HP_FIELD_LF;
	} else if (!is_field_char(c)) {
		/* RFC 9110 5.5: NUL, bare CR or LF in a value are rejected. */
		fail(p, 400);
	} else if (is_blank(c) && p->head_len == p->value_at) {
		/* Leading OWS is not part of the value (section 5.1). */
	} else if (head_append(p, c) == 0 && !is_blank(c)) {
		p->value_end = p->head_len;
	}
}

static void head_complete(struct http_parser *p);

static void field_byte(struct http_parser *p, uint8_t c)
{
	switch (p->state) {
	case HP_FIELD_START:
		field_start_byte(p, c);
		break;
	case HP_FIELD_NAME:
		field_name_byte(p, c);
		break;
	case HP_FIELD_VALUE:
		field_value_byte(p, c);
		break;
	case HP_FIELD_LF:
		if (c != '\n') {
			fail(p, 400);
			return;
		}
		p->state = HP_FIELD_START;
		field_end(p);
		break;
	default:	/* HP_HEAD_END_LF */
		if (c != '\n') {
			fail(p, 400);
			return;
		}
		head_complete(p);
		break;
	}
}

/* ---- the end of the head: framing, persistence, the body ---- */

static void request_complete(struct http_parser *p)
{
	struct http_request *req = p->req;

	p->continue_due = false;
	if (p->body.len > 0U || p->chunked) {
		/* The NUL that http.h promises after the body; not counted.
		 * 503: out of memory (RFC 9110 15.6.4, a temporary condition). */
		if (http_buf_append(&p->body, "", 1) != 0) {
			fail(p, 503);
			return;
		}
		req->body = (const uint8_t *)p->body.data;
		req->body_len = p->body.len - 1U;
	}
	p->state = HP_DONE;
}

/* Section 6.3: how long is the body, if there is one; RFC 9110 for the rest. */
static int framing_check(struct http_parser *p)
{
	const struct http_request *req = p->req;

	if (req->version_minor == 1U && !p->has_host) {
		return 400;	/* section 3.2 */
	}
	if (p->codings > 0U && req->version_minor == 0U) {
		return 400;	/* section 6.1: HTTP/1.0 framing is faulty with Transfer-Encoding */
	}
	if (p->chunked && p->has_length) {
		return 400;	/* section 6.3 item 3: may be smuggling; we refuse it */
	}
	if (req->method == HTTP_METHOD_POST && !p->chunked && !p->has_length) {
		return 411;	/* RFC 9110 15.5.12 */
	}
	return 0;
}

static void head_complete(struct http_parser *p)
{
	struct http_request *req = p->req;
	int status = framing_check(p);

	if (status != 0) {
		fail(p, status);
		return;
	}
	/* Section 9.3: HTTP/1.1 persists unless "close"; 1.0 only with "keep-alive". */
	req->keep_alive = !p->conn_close && (req->version_minor == 1U || p->conn_keep_alive);
	if (p->chunked) {
		p->state = HP_CHUNK_SIZE;
	} else if (p->content_length > 0U) {
		p->remaining = p->content_length;
		p->state = HP_BODY;
	} else {
		request_complete(p);
		return;
	}
	/* RFC 9110 10.1.1: an HTTP/1.0 client's 100-continue MUST be ignored. */
	p->continue_due = p->expect_continue && req->version_minor == 1U;
}

/* ---- the body: Content-Length (6.2) or chunked (7.1) ---- */

static size_t body_take(struct http_parser *p, const uint8_t *in, size_t len)
{
	size_t n = len < p->remaining ? len : (size_t)p->remaining;

	if (http_buf_append(&p->body, in, n) != 0) {
		fail(p, p->body.len + n > HTTP_BODY_MAX ? 413 : 503);
		return 0;
	}
	p->remaining -= n;
	if (p->remaining == 0U) {
		if (p->state == HP_BODY) {
			request_complete(p);
		} else {
			p->state = HP_CHUNK_DATA_CR;
		}
	}
	return n;
}

static void chunk_size_byte(struct http_parser *p, uint8_t c)
{
	int d = http_hex_digit(c);

	if (d >= 0) {
		if (++p->line_len > HTTP_CHUNK_DIGITS_MAX) {
			fail(p, 413);
			return;
		}
		p->remaining = p->remaining * 16U + (uint64_t)d;
		if (p->remaining + p->body.len > HTTP_BODY_MAX) {
			fail(p, 413);
		}
	} else if (p->line_len == 0U) {
		fail(p, 400);
	} else if (c == '\r') {
		p->state = HP_CHUNK_SIZE_LF;
	} else if (c == ';' || is_blank(c)) {
		/* Section 7.1.1: chunk extensions, which we do not use. */
		p->line_len = 0;
		p->state = HP_CHUNK_EXT;
	} else {
		fail(p, 400);
	}
}

static void chunk_ext_byte(struct http_parser *p, uint8_t c)
{
	if (c == '\r') {
		p->state = HP_CHUNK_SIZE_LF;
	} else if (!is_field_char(c) || ++p->line_len > HTTP_CHUNK_EXT_MAX) {
		fail(p, 400);
	}
}

static void chunk_byte(struct http_parser *p, uint8_t c)
{
	switch (p->state) {
	case HP_CHUNK_SIZE:
		chunk_size_byte(p, c);
		break;
	case HP_CHUNK_EXT:
		chunk_ext_byte(p, c);
		break;
	case HP_CHUNK_SIZE_LF:
		if (c != '\n') {
			fail(p, 400);
		} else if (p->remaining == 0U) {
			/* Section 7.1: the last chunk; a trailer section follows. */
			p->state = HP_TRAILER_START;
		} else {
			p->state = HP_CHUNK_DATA;
		}
		p->line_len = 0;
		break;
	case HP_CHUNK_DATA_CR:
		if (c != '\r') {
			fail(p, 400);
			return;
		}
		p->state = HP_CHUNK_DATA_LF;
		break;
	default:	/* HP_CHUNK_DATA_LF */
		if (c != '\n') {
			fail(p, 400);
			return;
		}
		p->state = HP_CHUNK_SIZE;
		break;
	}
}

/*
 * Section 7.1.2: trailer fields may be discarded, and are: nothing here
 * needs them.  They still have the syntax of fields (name, colon, value),
 * the same byte budget as the head, and no obs-fold.
 */
static void trailer_byte(struct http_parser *p, uint8_t c)
{
	if (++p->trailer_bytes > HTTP_HEADER_BYTES_MAX) {
		fail(p, 431);
		return;
	}
	switch (p->state) {
	case HP_TRAILER_START:
		if (c == '\r') {
			p->state = HP_TRAILER_END_LF;
		} else if (!is_tchar(c)) {
			fail(p, 400);
		} else {
			p->line_len = 1;	/* in the name */
			p->state = HP_TRAILER_LINE;
		}
		break;
	case HP_TRAILER_LINE:
		if (p->line_len == 1U && c == ':') {
			p->line_len = 2;	/* in the value */
		} else if (p->line_len == 2U && c == '\r') {
			p->state = HP_TRAILER_LF;
		} else if (p->line_len == 1U ? !is_tchar(c) : !is_field_char(c)) {
			fail(p, 400);
		}
		break;
	case HP_TRAILER_LF:
		if (c != '\n') {
			fail(p, 400);
			return;
		}
		p->state = HP_TRAILER_START;
		break;
	default:	/* HP_TRAILER_END_LF */
		if (c != '\n') {
			fail(p, 400);
			return;
		}
		request_complete(p);
		break;
	}
}

/* ---- feeding ---- */

static bool in_head(enum http_parse_state s)
{
	return s <= HP_HEAD_END_LF;
}

static void step(struct http_parser *p, uint8_t c)
{
	if (in_head(p->state) && ++p->head_bytes > HTTP_HEADER_BYTES_MAX) {
		fail(p, 431);
		return;
	}
	if (p->state <= HP_REQ_LF) {
		request_line_byte(p, c);
	} else if (p->state <= HP_HEAD_END_LF) {
		field_byte(p, c);
	} else if (p->state <= HP_CHUNK_DATA_LF) {
		chunk_byte(p, c);
	} else {
		trailer_byte(p, c);
	}
}

/*
 * The bytes of a field value in one run: exactly what field_value_byte()
 * and step() would do with each (values are most of a head: Authorization,
 * Content-Type), without the per-byte dispatch.  Leading whitespace, the
 * line's end, a byte that is refused and the limits are left to step():
 * 0 then, and nothing is consumed.
 */
static size_t value_take(struct http_parser *p, const uint8_t *in, size_t n)
{
	size_t room = sizeof(p->head) - p->head_len;
	size_t budget = HTTP_HEADER_BYTES_MAX - p->head_bytes;
	size_t j = 0;

	if (p->head_len == p->value_at) {
		return 0;
	}
	n = n < room ? n : room;
	n = n < budget ? n : budget;
	while (j < n && is_field_char(in[j])) {	/* CR is not one */
		j++;
	}
	memcpy(p->head + p->head_len, in, j);
	p->head_len += (uint32_t)j;
	p->head_bytes += (uint32_t)j;
	for (size_t k = j; k > 0U; k--) {
		if (!is_blank(in[k - 1U])) {
			p->value_end = p->head_len - (uint32_t)(j - k);
			break;
		}
	}
	return j;
}

/* A field name's bytes in one run, as field_name_byte() takes each; the
 * colon, a refused byte and the limits are left to step() (0: none taken). */
static size_t name_take(struct http_parser *p, const uint8_t *in, size_t n)
{
	size_t room = sizeof(p->head) - p->head_len;
	size_t budget = HTTP_HEADER_BYTES_MAX - p->head_bytes;
	size_t j = 0;

	n = n < room ? n : room;
	n = n < budget ? n : budget;
	while (j < n && is_tchar(in[j])) {
		j++;
	}
	memcpy(p->head + p->head_len, in, j);
	p->head_len += (uint32_t)j;
	p->head_bytes += (uint32_t)j;
	return j;
}

/*
 * The request line's method, target and version in runs, as method_byte(),
 * target_byte() and version_byte() take each byte within their limits; the
 * delimiters, refused bytes and the limits themselves are left to step()
 * (0: none taken).  Taking it a byte at a time through step() cost about
 * 200 instructions more per request (docs/bench.md).
 */
static size_t line_take(struct http_parser *p, const uint8_t *in, size_t n)
{
	size_t budget = HTTP_HEADER_BYTES_MAX - p->head_bytes;
	size_t j = 0;

	n = n < budget ? n : budget;
	if (p->state == HP_METHOD) {
		while (j < n && p->method_len < HTTP_METHOD_LEN_MAX && is_tchar(in[j])) {
			p->method[p->method_len++] = (char)in[j++];
		}
	} else if (p->state == HP_TARGET) {
		while (j < n && p->target_len + 1U < HTTP_TARGET_MAX && in[j] >= 0x21U &&
		       in[j] <= 0x7EU) {
			p->req->target[p->target_len++] = (char)in[j++];
		}
	} else {	/* HP_VERSION */
		while (j < n && p->version_len < sizeof(p->version) - 1U && in[j] >= 0x21U &&
		       in[j] <= 0x7EU) {
			p->version[p->version_len++] = (char)in[j++];
		}
	}
	p->head_bytes += (uint32_t)j;
	return j;
}

/* A field line's name and value into head[] as the byte machine keeps
 * them (each followed by a NUL), then field_end() lists and interprets it.
 * @pre field_line_take() checked that the line fits head[]. */
static void field_line_store(struct http_parser *p, const uint8_t *name, size_t name_len,
			     const uint8_t *value, size_t value_len)
{
	p->name_at = p->head_len;
	memcpy(p->head + p->name_at, name, name_len);
	p->head[p->name_at + name_len] = '\0';
	p->value_at = p->name_at + (uint32_t)name_len + 1U;
	memcpy(p->head + p->value_at, value, value_len);
	p->value_end = p->value_at + (uint32_t)value_len;
	field_end(p);
}

/*
 * A whole field line (section 5: field-name ":" OWS field-value OWS CRLF)
 * in one pass, when all of it is in the input: memchr() finds its end, the
 * name and the value are checked in runs and each is copied once, exactly
 * as field_start_byte() to field_end() would leave them.  Only a line that
 * is valid and within every limit is taken here (the limits are checked
 * for the whole line, which bounds what the byte machine would append);
 * anything else, a line split across feeds included, is left to step(),
 * which takes it a byte at a time and answers every error with its status
 * (0: nothing taken).  Fields taken byte by byte cost about 2,500
 * instructions of every Identify (docs/bench.md).
 */
static size_t field_line_take(struct http_parser *p, const uint8_t *in, size_t n)
{
	const uint8_t *lf = memchr(in, '\n', n);
	size_t line, name = 0, v, end, vend;

	if (lf == NULL) {
		return 0;
	}
	line = (size_t)(lf - in) + 1U;	/* CRLF included */
	if (line < 4U || in[line - 2U] != '\r' || p->req->header_count >= HTTP_HEADERS_MAX ||
	    line > HTTP_HEADER_BYTES_MAX - p->head_bytes || line > sizeof(p->head) - p->head_len) {
		return 0;
	}
	end = line - 2U;
	while (name < end && is_tchar(in[name])) {
		name++;
	}
	if (name == 0U || name == end || in[name] != ':') {
		return 0;
	}
	v = name + 1U;
	while (v < end && is_blank(in[v])) {	/* leading OWS is not kept */
		v++;
	}
	vend = v;
	while (vend < end && is_field_char(in[vend])) {
		vend++;
	}
	if (vend != end) {
		return 0;	/* a refused byte: step() says which status */
	}
	while (vend > v && is_blank(in[vend - 1U])) {
		vend--;
	}
	field_line_store(p, in, name, in + v, vend - v);
	p->head_bytes += (uint32_t)line;
	return line;
}

/* The run-taking states: what value_take(), name_take() and line_take() do for them. */
static size_t run_take(struct http_parser *p, const uint8_t *in, size_t n)
{
	switch (p->state) {
	case HP_FIELD_START:
		return field_line_take(p, in, n);
	case HP_FIELD_VALUE:
		return value_take(p, in, n);
	case HP_FIELD_NAME:
		return name_take(p, in, n);
	case HP_METHOD: case HP_TARGET: case HP_VERSION:
		return line_take(p, in, n);
	default:
		return 0U;
	}
}

enum http_parse_result http_parser_feed(struct http_parser *p, const void *data, size_t len,
					size_t *used)
{
	const uint8_t *in = data;
	size_t i = 0;

	while (i < len && p->state != HP_DONE && p->state != HP_ERROR) {
		size_t run;

		if (p->state == HP_BODY || p->state == HP_CHUNK_DATA) {
			i += body_take(p, in + i, len - i);
		} else if ((run = run_take(p, in + i, len - i)) > 0) {
			i += run;
		} else {
			step(p, in[i++]);
		}
	}
	*used = i;
	if (p->state == HP_DONE) {
		return HTTP_PARSE_DONE;
	}
	return p->state == HP_ERROR ? HTTP_PARSE_ERROR : HTTP_PARSE_MORE;
}

int http_parser_error(const struct http_parser *p)
{
	return p->state == HP_ERROR ? p->error : 0;
}

bool http_parser_continue_due(struct http_parser *p)
{
	bool due = p->continue_due && p->state != HP_DONE && p->state != HP_ERROR;

	p->continue_due = false;
	return due;
}

bool http_parser_in_request(const struct http_parser *p)
{
	return p->state != HP_REQ_START && p->state != HP_DONE && p->state != HP_ERROR;
}

bool http_parser_head_done(const struct http_parser *p)
{
	return p->state > HP_HEAD_END_LF && p->state != HP_ERROR;
}

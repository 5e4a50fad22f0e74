/* sources: mgmt/http/http_parser.c mgmt/http/http_message.c */
/* libs: -Wl,--wrap=realloc */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/http/http_parser.c and http_message.c.  Every request of the corpus
 * is fed whole, split in two at every byte position, and one byte per call,
 * and must parse the same way each time: same requests, same fields, same
 * error status.  Each piece is fed from a heap copy that is freed right
 * after the call, so ASan catches a parser that keeps pointers into its
 * caller's buffers.  Then the limits, the smuggling cases, pipelining,
 * 100-continue, allocation failure (realloc is wrapped) and the response
 * side.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/http/http_message.h"
#include "mgmt/http/http_parser.h"

/* --- test double: realloc with an injectable failure ----------------------------- */

void *__real_realloc(void *ptr, size_t size);
void *__wrap_realloc(void *ptr, size_t size);

static int realloc_fail_at = -1;	/* the call (0-based) that fails; -1: none */
static int realloc_calls;

void *__wrap_realloc(void *ptr, size_t size)
{
	if (realloc_calls++ == realloc_fail_at) {
		return NULL;
	}
	return __real_realloc(ptr, size);
}

/* --- the driver ---------------------------------------------------------------- */

#define MAX_REQUESTS	4

/* What a feed plan made of the input: the requests as text, and the error. */
struct outcome {
	int requests;
	char *text[MAX_REQUESTS];
	int error;		/* status, 0 when none */
	size_t consumed;	/* bytes taken up to the end of the last request or the error */
};

static struct http_parser parser;
static struct http_request request;

static void text_add(char **text, size_t *len, const void *data, size_t n)
{
	*text = realloc(*text, *len + n + 1U);
	assert_non_null(*text);
	memcpy(*text + *len, data, n);
	*len += n;
	(*text)[*len] = '\0';
}

/* One line per field of the request, so two outcomes compare as strings. */
static char *request_text(const struct http_request *req)
{
	char line[HTTP_TARGET_MAX + 64];
	char *text = NULL;
	size_t len = 0;
	int n = snprintf(line, sizeof(line), "method %d target %s 1.%u keep-alive %d\n",
			 req->method, req->target, req->version_minor, req->keep_alive);

	text_add(&text, &len, line, (size_t)n);
	for (uint32_t i = 0; i < req->header_count; i++) {
		text_add(&text, &len, req->header[i].name, strlen(req->header[i].name));
		text_add(&text, &len, "=[", 2);
		text_add(&text, &len, req->header[i].value, strlen(req->header[i].value));
		text_add(&text, &len, "]\n", 2);
	}
	n = snprintf(line, sizeof(line), "body %zu: ", req->body_len);
	text_add(&text, &len, line, (size_t)n);
	text_add(&text, &len, req->body, req->body_len);
	/* http.h: the body is NUL-terminated. */
	assert_int_equal(req->body[req->body_len], '\0');
	return text;
}

static void outcome_free(struct outcome *o)
{
	for (int i = 0; i < o->requests; i++) {
		free(o->text[i]);
	}
	memset(o, 0, sizeof(*o));
}

static unsigned char *heap_copy(const void *data, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1U);

	assert_non_null(copy);
	memcpy(copy, data, len);
	return copy;
}

/*
 * Feed raw[0, len) in pieces ending at cuts[] (ascending, the last is len).
 * The parser may keep nothing of a piece: each one is freed after its
 * call, and a request is read only after its piece is gone.
 */
static void drive(const char *raw, size_t len, const size_t *cuts, size_t ncuts,
		  struct outcome *o)
{
	size_t start = 0;

	memset(o, 0, sizeof(*o));
	http_parser_init(&parser, &request);
	for (size_t c = 0; c < ncuts && o->error == 0; c++) {
		size_t plen = cuts[c] - start;
		unsigned char *piece = heap_copy(raw + start, plen);
		size_t pos = 0;

		while (o->error == 0) {
			size_t used = 99999;
			enum http_parse_result r = http_parser_feed(&parser, piece + pos, plen - pos,
								    &used);
			unsigned char *rest;

			assert_true(used <= plen - pos);
			pos += used;
			o->consumed = start + pos;
			if (r == HTTP_PARSE_ERROR) {
				o->error = http_parser_error(&parser);
				assert_true(o->error >= 400);
				break;
			}
			if (r == HTTP_PARSE_MORE) {
				assert_int_equal(pos, plen);
				break;
			}
			/* DONE: move what is left, free the piece, then look at the request. */
			rest = heap_copy(piece + pos, plen - pos);
			free(piece);
			piece = rest;
			plen -= pos;
			start += pos;
			pos = 0;
			assert_true(o->requests < MAX_REQUESTS);
			o->text[o->requests++] = request_text(&request);
			http_parser_next(&parser);
		}
		free(piece);
		start = cuts[c];
	}
	http_parser_free(&parser);
}

static void drive_whole(const char *raw, size_t len, struct outcome *o)
{
	drive(raw, len, &len, 1, o);
}

static void outcome_expect_same(const struct outcome *want, const struct outcome *got,
				const char *how, size_t at)
{
	bool same = want->requests == got->requests && want->error == got->error &&
		    want->consumed == got->consumed;

	for (int i = 0; same && i < want->requests; i++) {
		same = strcmp(want->text[i], got->text[i]) == 0;
	}
	if (!same) {
		print_error("%s (at %zu): %d requests, error %d, consumed %zu; whole: %d, %d, %zu\n",
			    how, at, got->requests, got->error, got->consumed, want->requests,
			    want->error, want->consumed);
		for (int i = 0; i < got->requests; i++) {
			print_error("got[%d]:\n%s\n", i, got->text[i]);
		}
		for (int i = 0; i < want->requests; i++) {
			print_error("whole[%d]:\n%s\n", i, want->text[i]);
		}
		fail();
	}
}

/* Whole, two pieces at every position, one byte at a time: the same outcome. */
static void check_every_split(const char *raw, size_t len, struct outcome *whole)
{
	struct outcome o;
	size_t *cuts = calloc(len + 1U, sizeof(*cuts));

	assert_non_null(cuts);
	drive_whole(raw, len, whole);
	for (size_t at = 1; at < len; at++) {
		size_t two[2] = { at, len };

		drive(raw, len, two, 2, &o);
		outcome_expect_same(whole, &o, "split", at);
		outcome_free(&o);
	}
	for (size_t i = 0; i < len; i++) {
		cuts[i] = i + 1U;
	}
	drive(raw, len, cuts, len, &o);
	outcome_expect_same(whole, &o, "byte at a time", 0);
	outcome_free(&o);
	free(cuts);
}

/* The request text the corpus entries expect for their first request. */
static void expect_request(const struct outcome *o, int i, const char *text)
{
	assert_true(i < o->requests);
	if (strcmp(o->text[i], text) != 0) {
		print_error("request %d:\n%s\nwanted:\n%s\n", i, o->text[i], text);
		fail();
	}
}

static void parses_to(const char *raw, const char *text)
{
	struct outcome o;

	check_every_split(raw, strlen(raw), &o);
	if (o.error != 0 || o.requests != 1 || o.consumed != strlen(raw)) {
		print_error("\"%s\": error %d, %d requests, %zu of %zu bytes\n", raw, o.error,
			    o.requests, o.consumed, strlen(raw));
		fail();
	}
	expect_request(&o, 0, text);
	outcome_free(&o);
}

static void fails_with(const char *raw, size_t len, int status)
{
	struct outcome o;

	check_every_split(raw, len, &o);
	if (o.error != status || o.requests != 0) {
		print_error("\"%.200s\": error %d after %d requests; wanted %d\n", raw, o.error,
			    o.requests, status);
		fail();
	}
	outcome_free(&o);
}

#define rejected(raw, status)	fails_with(raw, strlen(raw), status)

/* --- requests that parse ------------------------------------------------------- */

static void simple_get(void **state)
{
	parses_to("GET /wsman HTTP/1.1\r\nHost: h\r\n\r\n",
		  "method 1 target /wsman 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
}

static void post_with_length(void **state)
{
	parses_to("POST /wsman HTTP/1.1\r\nHost: 10.0.2.15:5985\r\n"
		  "Content-Type: application/soap+xml;charset=UTF-8\r\n"
		  "Content-Length: 11\r\n\r\n<Envelope/>",
		  "method 2 target /wsman 1.1 keep-alive 1\nHost=[10.0.2.15:5985]\n"
		  "Content-Type=[application/soap+xml;charset=UTF-8]\nContent-Length=[11]\n"
		  "body 11: <Envelope/>");
}

static void chunked_with_extensions_and_trailers(void **state)
{
	parses_to("POST /wsman HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "5;name=value\r\nhello\r\n"
		  "0006 ; a=\"b c\"\r\n world\r\n"
		  "0\r\nX-Trailer: 1\r\nOther:  two words \r\n\r\n",
		  "method 2 target /wsman 1.1 keep-alive 1\nHost=[h]\n"
		  "Transfer-Encoding=[chunked]\nbody 11: hello world");
}

static void chunked_empty_body(void **state)
{
	parses_to("POST /wsman HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n",
		  "method 2 target /wsman 1.1 keep-alive 1\nHost=[h]\n"
		  "Transfer-Encoding=[Chunked]\nbody 0: ");
}

static void http10_persistence(void **state)
{
	parses_to("GET / HTTP/1.0\r\n\r\n", "method 1 target / 1.0 keep-alive 0\nbody 0: ");
	parses_to("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
		  "method 1 target / 1.0 keep-alive 1\nConnection=[Keep-Alive]\nbody 0: ");
	parses_to("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, close\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 0\nHost=[h]\nConnection=[foo, close]\nbody 0: ");
	parses_to("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 0\nHost=[h]\nConnection=[keep-alive]\n"
		  "Connection=[close]\nbody 0: ");
}

static void higher_minor_version_is_1_1(void **state)
{
	/* RFC 9110 2.5: HTTP/1.9 is handled as the highest 1.x we implement. */
	parses_to("GET / HTTP/1.9\r\nHost: h\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
}

static void target_forms(void **state)
{
	parses_to("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
		  "method 4 target * 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
	parses_to("GET http://10.0.2.15:5985/wsman?x=1 HTTP/1.1\r\nHost: h\r\n\r\n",
		  "method 1 target /wsman?x=1 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
	parses_to("GET HTTPS://example?q HTTP/1.1\r\nHost: h\r\n\r\n",
		  "method 1 target /?q 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
	parses_to("GET http://example HTTP/1.1\r\nHost: h\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
}

static void field_values_trimmed(void **state)
{
	/* RFC 9110 5.5: obs-text is allowed in values; OWS around them is not kept. */
	parses_to("GET / HTTP/1.1\r\nHost:h\r\nX-A: \t a  b \t\r\nX-B:\r\nX-C: \xe9t\xe9\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 1\nHost=[h]\nX-A=[a  b]\nX-B=[]\n"
		  "X-C=[\xe9t\xe9]\nbody 0: ");
}

/* A whole field line is taken in one pass (field_line_take), a split one a
 * byte at a time: the edges of the line where the two could differ. */
static void field_lines_whole_and_split(void **state)
{
	parses_to("GET / HTTP/1.1\r\nHost: h\r\na:\r\nB: \t \r\nC:x\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 1\nHost=[h]\na=[]\nB=[]\nC=[x]\nbody 0: ");
	parses_to("GET / HTTP/1.1\r\nHost: h\r\nX: \x80\xff : ; \"q\"\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 1\nHost=[h]\nX=[\x80\xff : ; \"q\"]\nbody 0: ");
	rejected("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\r\n\r\n", 400);	/* CR before CRLF */
	rejected("GET / HTTP/1.1\r\nHost: h\r\nX: a\nb\r\n\r\n", 400);	/* LF inside */
	rejected("GET / HTTP/1.1\r\nHost: h\r\nX\r\n\r\n", 400);		/* no colon */
	rejected("GET / HTTP/1.1\r\nHost: h\r\nX:\x01\r\n\r\n", 400);	/* a control */
	rejected("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost: h\r\nHost: h\r\n\r\n", 400);
}

static void leading_empty_lines_ignored(void **state)
{
	/* RFC 9112 2.2. */
	parses_to("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		  "method 1 target / 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
}

static void other_methods_parse_for_501(void **state)
{
	/* The server answers 501; the framing is still read, so the connection lives on. */
	parses_to("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab",
		  "method 0 target /x 1.1 keep-alive 1\nHost=[h]\nContent-Length=[2]\nbody 2: ab");
	parses_to("get / HTTP/1.1\r\nHost: h\r\n\r\n",
		  "method 0 target / 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
}

static void get_with_body_and_lookup(void **state)
{
	const char *raw = "GET / HTTP/1.1\r\nhOsT: h\r\nWSMANIDENTIFY: unauthenticated\r\n"
			  "Content-Length: 3\r\n\r\nabc";
	size_t used;

	parses_to(raw, "method 1 target / 1.1 keep-alive 1\nhOsT=[h]\n"
		  "WSMANIDENTIFY=[unauthenticated]\nContent-Length=[3]\nbody 3: abc");
	http_parser_init(&parser, &request);
	assert_int_equal(http_parser_feed(&parser, raw, strlen(raw), &used), HTTP_PARSE_DONE);
	assert_string_equal(http_request_header(&request, "host"), "h");
	assert_string_equal(http_request_header(&request, "wsmanidentify"), "unauthenticated");
	assert_null(http_request_header(&request, "Authorization"));
	http_parser_free(&parser);
}

/* --- limits ---------------------------------------------------------------------- */

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail);
	char *s = malloc(hl + n + tl + 1U);

	assert_non_null(s);
	memcpy(s, head, hl);
	memset(s + hl, c, n);
	memcpy(s + hl + n, tail, tl + 1U);
	return s;
}

static void target_limit_414(void **state)
{
	char *ok = repeat("GET /", 'a', HTTP_TARGET_MAX - 2U, " HTTP/1.1\r\nHost: h\r\n\r\n");
	char *big = repeat("GET /", 'a', HTTP_TARGET_MAX - 1U, " HTTP/1.1\r\nHost: h\r\n\r\n");
	struct outcome o;

	drive_whole(ok, strlen(ok), &o);
	assert_int_equal(o.error, 0);
	assert_int_equal(o.requests, 1);
	outcome_free(&o);
	rejected(big, 414);
	free(ok);
	free(big);
}

static void header_count_431(void **state)
{
	char raw[4096] = "GET / HTTP/1.1\r\nHost: h\r\n";
	struct outcome o;

	for (unsigned i = 1; i < HTTP_HEADERS_MAX; i++) {
		snprintf(raw + strlen(raw), sizeof(raw) - strlen(raw), "X-%u: %u\r\n", i, i);
	}
	strcat(raw, "\r\n");
	drive_whole(raw, strlen(raw), &o);
	assert_int_equal(o.error, 0);
	outcome_free(&o);
	/* One more field than HTTP_HEADERS_MAX. */
	strcpy(raw + strlen(raw) - 2U, "X-last: 1\r\n\r\n");
	rejected(raw, 431);
}

static void header_bytes_431(void **state)
{
	/* The request line and the fields, CRLFs included, may be HTTP_HEADER_BYTES_MAX. */
	const char *head = "GET / HTTP/1.1\r\nHost: h\r\nX: ";
	size_t fill = HTTP_HEADER_BYTES_MAX - strlen(head) - 4U;
	char *ok = repeat(head, 'v', fill, "\r\n\r\n");
	char *big = repeat(head, 'v', fill + 1U, "\r\n\r\n");
	struct outcome o;

	assert_int_equal(strlen(ok), HTTP_HEADER_BYTES_MAX);
	drive_whole(ok, strlen(ok), &o);
	assert_int_equal(o.error, 0);
	assert_int_equal(o.requests, 1);
	outcome_free(&o);
	drive_whole(big, strlen(big), &o);
	assert_int_equal(o.error, 431);
	outcome_free(&o);
	free(ok);
	free(big);
	/* Endless empty lines before a request are bounded by the same budget. */
	big = malloc(2U * HTTP_HEADER_BYTES_MAX + 1U);
	for (size_t i = 0; i < HTTP_HEADER_BYTES_MAX; i++) {
		memcpy(big + 2U * i, "\r\n", 2);
	}
	big[2U * HTTP_HEADER_BYTES_MAX] = '\0';
	drive_whole(big, strlen(big), &o);
	assert_int_equal(o.error, 431);
	outcome_free(&o);
	free(big);
}

static void body_limit_413(void **state)
{
	char raw[256];
	struct outcome o;
	char *max, *over;
	size_t cuts[5];

	snprintf(raw, sizeof(raw), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: %u\r\n\r\n",
		 HTTP_BODY_MAX + 1U);
	rejected(raw, 413);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
		 413);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
		 "fffffffffffffffffffff\r\n", 413);
	/* Exactly HTTP_BODY_MAX: accepted, also when split. */
	snprintf(raw, sizeof(raw), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: %u\r\n\r\n",
		 HTTP_BODY_MAX);
	max = repeat(raw, 'b', HTTP_BODY_MAX, "");
	cuts[0] = 7;
	cuts[1] = strlen(raw) + 1U;
	cuts[2] = strlen(raw) + 4096U;
	cuts[3] = strlen(max) - 1U;
	cuts[4] = strlen(max);
	drive(max, strlen(max), cuts, 5, &o);
	assert_int_equal(o.error, 0);
	assert_int_equal(o.requests, 1);
	outcome_free(&o);
	free(max);
	/* Chunks adding up to one byte too many. */
	snprintf(raw, sizeof(raw), "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
		 "\r\n%x\r\n", HTTP_BODY_MAX);
	over = repeat(raw, 'c', HTTP_BODY_MAX, "\r\n1\r\nc\r\n0\r\n\r\n");
	drive_whole(over, strlen(over), &o);
	assert_int_equal(o.error, 413);
	outcome_free(&o);
	free(over);
}

static void trailer_limit_431(void **state)
{
	char *big = repeat("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
			   "0\r\nX: ", 't', HTTP_HEADER_BYTES_MAX, "\r\n\r\n");
	struct outcome o;

	/* Whole only: every split of 8 KiB would take long under ASan for nothing new. */
	drive_whole(big, strlen(big), &o);
	assert_int_equal(o.error, 431);
	outcome_free(&o);
	free(big);
}

/* --- malformed requests and their statuses ---------------------------------------- */

static void request_line_errors(void **state)
{
	rejected("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400);
	rejected("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400);
	rejected("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400);
	rejected("GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n", 400);
	rejected("GET / http/1.1\r\nHost: h\r\n\r\n", 400);
	rejected("GET / HTTP/1\r\nHost: h\r\n\r\n", 400);
	rejected("GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400);
	rejected("GET /\r\n\r\n", 400);		/* HTTP/0.9 */
	rejected("GET wsman HTTP/1.1\r\nHost: h\r\n\r\n", 400);
	rejected("GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400);
	rejected("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400);
	rejected(" GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400);
	rejected("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400);	/* TLS on the HTTP port */
}

static void version_505(void **state)
{
	rejected("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505);
	rejected("GET / HTTP/0.9\r\nHost: h\r\n\r\n", 505);
	rejected("GET / HTTP/3.1\r\n\r\n", 505);
}

static void method_too_long_501(void **state)
{
	rejected("ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\nHost: h\r\n\r\n", 501);
}

static void line_endings(void **state)
{
	rejected("GET / HTTP/1.1\nHost: h\r\n\r\n", 400);		/* bare LF */
	rejected("GET / HTTP/1.1\r\nHost: h\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost: h\r\n\n", 400);
	rejected("GET / HTTP/1.1\rHost: h\r\n\r\n", 400);		/* bare CR */
	rejected("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost: h\r\n\rX", 400);
	rejected("\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", 400);
}

static void field_errors(void **state)
{
	/* RFC 9112 5.2: obs-fold. */
	rejected("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n\tb\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400);
	/* RFC 9112 5.1: whitespace between name and colon. */
	rejected("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\n: h\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHo(st: h\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost h\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost: h\r\nX: a\x7f\r\n\r\n", 400);
	{
		static const char nul[] = "GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n";

		fails_with(nul, sizeof(nul) - 1U, 400);
	}
	/* RFC 9112 3.2: Host is required once in HTTP/1.1. */
	rejected("GET / HTTP/1.1\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
	rejected("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", 400);
}

static void expectations(void **state)
{
	rejected("POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417);
	/* RFC 9110 10.1.1: a 100-continue of HTTP/1.0 is ignored, not refused. */
	parses_to("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
		  "method 2 target / 1.0 keep-alive 0\nExpect=[100-continue]\n"
		  "Content-Length=[1]\nbody 1: x");
}

static void length_required_411(void **state)
{
	rejected("POST /wsman HTTP/1.1\r\nHost: h\r\n\r\n", 411);
	rejected("POST /wsman HTTP/1.0\r\n\r\n", 411);
}

/* --- smuggling: framing two parsers could disagree on (RFC 9112 6.3, 11.2) --------- */

static void content_length_smuggling(void **state)
{
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"
		 "hello", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
		 "hello!", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\nhello", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\nhello", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x5\r\n\r\nhello", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5 5\r\n\r\nhello", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400);
}

static void transfer_encoding_smuggling(void **state)
{
	/* Both framings: refused, whatever the order. */
	rejected("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
		 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
		 "Content-Length: 3\r\n\r\n0\r\n\r\n", 400);
	/* Chunked twice, or not last, or in HTTP/1.0. */
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
		 "Transfer-Encoding: chunked\r\n\r\n", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400);
	rejected("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n", 400);
	/* Codings we do not implement: 501. */
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;x=1\r\n\r\n", 501);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n", 501);
	rejected("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n", 501);
}

static void chunk_framing_errors(void **state)
{
	const char *h = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
	static const char *const bodies[] = {
		"\r\n",				/* no size */
		"g\r\n",			/* not hex */
		"-1\r\n",
		"5x\r\nhello\r\n0\r\n\r\n",	/* junk after the size */
		"5\nhello\r\n0\r\n\r\n",	/* bare LF after the size */
		"5\r\nhello\n0\r\n\r\n",	/* bare LF after the data */
		"5\r\nhelloX\r\n0\r\n\r\n",	/* data longer than its size */
		"5\r\nhell\r\n0\r\n\r\n",	/* shorter: CRLF expected where data is */
		"5;a\nb\r\nhello\r\n0\r\n\r\n",	/* LF inside an extension */
		"0\r\n\n",			/* bare LF ending the trailers */
		"0\r\nX\r\n\r\n",		/* trailer without colon */
		"0\r\n X: 1\r\n\r\n",		/* obs-fold in trailers */
		"0\r\nX : 1\r\n\r\n",
		"0\r\nX: \x01\r\n\r\n",
		"0\r\n\rX",
	};
	char raw[512];

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		snprintf(raw, sizeof(raw), "%s%s", h, bodies[i]);
		rejected(raw, 400);
	}
	snprintf(raw, sizeof(raw), "%s5;%0300d\r\nhello\r\n0\r\n\r\n", h, 0);
	rejected(raw, 400);	/* extension over HTTP_CHUNK_EXT_MAX */
}

static void request_after_bad_length_is_not_parsed(void **state)
{
	/* The classic CL.CL desync: refused before any byte of the second length is trusted. */
	struct outcome o;
	const char *raw = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 30\r\n"
			  "\r\nGET /admin HTTP/1.1\r\nHost: h\r\n\r\n";

	drive_whole(raw, strlen(raw), &o);
	assert_int_equal(o.error, 400);
	assert_int_equal(o.requests, 0);
	outcome_free(&o);
}

/* --- pipelining, 100-continue, reuse --------------------------------------------- */

static void pipelined_requests(void **state)
{
	const char *raw = "POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
			  "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
			  "POST /wsman HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
			  "2\r\nxy\r\n0\r\n\r\n"
			  "GET /partial HTTP/1.1\r\nHo";
	struct outcome o;

	check_every_split(raw, strlen(raw), &o);
	assert_int_equal(o.error, 0);
	assert_int_equal(o.requests, 3);
	/* The unfinished fourth request was consumed but is not complete. */
	assert_int_equal(o.consumed, strlen(raw));
	expect_request(&o, 0, "method 2 target /wsman 1.1 keep-alive 1\nHost=[h]\n"
		       "Content-Length=[3]\nbody 3: abc");
	expect_request(&o, 1, "method 1 target /a 1.1 keep-alive 1\nHost=[h]\nbody 0: ");
	expect_request(&o, 2, "method 2 target /wsman 1.1 keep-alive 1\nHost=[h]\n"
		       "Transfer-Encoding=[chunked]\nbody 2: xy");
	outcome_free(&o);
}

static void done_consumes_only_its_request(void **state)
{
	const char *raw = "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\n";
	size_t used = 0, first = strlen("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

	http_parser_init(&parser, &request);
	assert_int_equal(http_parser_feed(&parser, raw, strlen(raw), &used), HTTP_PARSE_DONE);
	assert_int_equal(used, first);
	/* Until http_parser_next(), nothing more is taken. */
	assert_int_equal(http_parser_feed(&parser, raw + used, strlen(raw) - used, &used),
			 HTTP_PARSE_DONE);
	assert_int_equal(used, 0);
	assert_false(http_parser_in_request(&parser));
	http_parser_next(&parser);
	assert_false(http_parser_in_request(&parser));
	assert_int_equal(http_parser_feed(&parser, raw + first, 3, &used), HTTP_PARSE_MORE);
	assert_true(http_parser_in_request(&parser));
	assert_false(http_parser_head_done(&parser));
	http_parser_free(&parser);
}

static void continue_when_body_is_awaited(void **state)
{
	const char *head = "POST /wsman HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n"
			   "Content-Length: 4\r\n\r\n";
	size_t used;

	http_parser_init(&parser, &request);
	assert_int_equal(http_parser_feed(&parser, head, strlen(head) - 1U, &used),
			 HTTP_PARSE_MORE);
	assert_false(http_parser_continue_due(&parser));
	assert_int_equal(http_parser_feed(&parser, head + strlen(head) - 1U, 1, &used),
			 HTTP_PARSE_MORE);
	assert_true(http_parser_head_done(&parser));
	assert_true(http_parser_continue_due(&parser));
	assert_false(http_parser_continue_due(&parser));	/* once */
	assert_int_equal(http_parser_feed(&parser, "body", 4, &used), HTTP_PARSE_DONE);
	assert_false(http_parser_continue_due(&parser));
	assert_string_equal((const char *)request.body, "body");
	http_parser_next(&parser);

	/* Head and body in one piece: no 100 (RFC 9110 10.1.1 allows omitting it). */
	assert_int_equal(http_parser_feed(&parser, head, strlen(head), &used), HTTP_PARSE_MORE);
	assert_int_equal(http_parser_feed(&parser, "bo", 2, &used), HTTP_PARSE_MORE);
	assert_true(http_parser_continue_due(&parser));
	http_parser_next(&parser);
	{
		char whole[256];

		snprintf(whole, sizeof(whole), "%sbody", head);
		assert_int_equal(http_parser_feed(&parser, whole, strlen(whole), &used),
				 HTTP_PARSE_DONE);
		assert_false(http_parser_continue_due(&parser));
	}
	http_parser_next(&parser);
	/* HTTP/1.0: the expectation is ignored (RFC 9110 10.1.1). */
	head = "POST /wsman HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
	assert_int_equal(http_parser_feed(&parser, head, strlen(head), &used), HTTP_PARSE_MORE);
	assert_true(http_parser_head_done(&parser));
	assert_false(http_parser_continue_due(&parser));
	http_parser_free(&parser);
}

static void connection_fields_survive_next(void **state)
{
	size_t used;
	const char *raw = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

	http_parser_init(&parser, &request);
	request.over_tls = true;
	request.peer_ipv4 = 0x0A000202U;
	assert_int_equal(http_parser_feed(&parser, raw, strlen(raw), &used), HTTP_PARSE_DONE);
	request.authenticated = true;
	http_parser_next(&parser);
	assert_true(request.over_tls);
	assert_int_equal(request.peer_ipv4, 0x0A000202U);
	assert_false(request.authenticated);
	assert_int_equal(request.header_count, 0);
	http_parser_free(&parser);
}

/* A small body's buffer is kept for the connection's next request, a
 * large one freed (HTTP_BUF_KEEP_MAX); the next body starts empty. */
static void body_buffer_kept_when_small(void **state)
{
	const char *small = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
	char *large = repeat("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3000\r\n\r\n", 'x',
			     3000U, "");
	const char *none = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
	size_t used;
	char *kept;

	http_parser_init(&parser, &request);
	assert_int_equal(http_parser_feed(&parser, small, strlen(small), &used), HTTP_PARSE_DONE);
	kept = parser.body.data;
	assert_non_null(kept);
	http_parser_next(&parser);
	assert_ptr_equal(parser.body.data, kept);
	assert_int_equal(parser.body.len, 0);
	assert_int_equal(http_parser_feed(&parser, none, strlen(none), &used), HTTP_PARSE_DONE);
	assert_int_equal(request.body_len, 0);
	assert_string_equal((const char *)request.body, "");
	http_parser_next(&parser);
	assert_int_equal(http_parser_feed(&parser, large, strlen(large), &used), HTTP_PARSE_DONE);
	assert_int_equal(request.body_len, 3000);
	assert_true(parser.body.cap > HTTP_BUF_KEEP_MAX);
	http_parser_next(&parser);
	assert_null(parser.body.data);
	assert_int_equal(parser.body.cap, 0);
	assert_int_equal(http_parser_feed(&parser, small, strlen(small), &used), HTTP_PARSE_DONE);
	assert_int_equal(request.body_len, 5);
	assert_memory_equal(request.body, "hello", 6);
	http_parser_free(&parser);
	free(large);
}

static void body_allocation_failure_503(void **state)
{
	const char *raw = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
	size_t used;

	http_parser_init(&parser, &request);
	realloc_calls = 0;
	realloc_fail_at = 0;
	assert_int_equal(http_parser_feed(&parser, raw, strlen(raw), &used), HTTP_PARSE_ERROR);
	assert_int_equal(http_parser_error(&parser), 503);
	realloc_fail_at = -1;
	http_parser_free(&parser);
}

/* --- the response side ------------------------------------------------------------- */

static void buf_caps(void **state)
{
	struct http_buf b = { .max = 10 };

	assert_int_equal(http_buf_append(&b, "12345", 5), 0);
	assert_int_equal(http_buf_append(&b, "123456", 6), -E2BIG);
	assert_int_equal(b.len, 5);
	assert_int_equal(http_buf_append(&b, "67890", 5), 0);
	assert_memory_equal(b.data, "1234567890", 10);
	assert_int_equal(http_buf_append(&b, "", 0), 0);
	assert_int_equal(http_buf_append(&b, "x", 1), -E2BIG);
	assert_int_equal(http_buf_append(&b, "x", SIZE_MAX), -E2BIG);
	free(b.data);

	memset(&b, 0, sizeof(b));
	b.max = 1000;
	realloc_calls = 0;
	realloc_fail_at = 0;
	assert_int_equal(http_buf_append(&b, "x", 1), -ENOMEM);
	assert_int_equal(b.len, 0);
	realloc_fail_at = -1;
	assert_int_equal(http_buf_append(&b, "x", 1), 0);
	free(b.data);
}

/* A sent response's small buffers are reused by the next, large ones freed;
 * everything else starts as http_response_init() leaves it. */
static void response_buffers_recycled(void **state)
{
	struct http_response resp;
	char big[HTTP_BUF_KEEP_MAX + 1U];
	char *body;

	memset(big, 'b', sizeof(big));
	http_response_init(&resp, 1024);
	assert_int_equal(http_buf_append(&resp.body, "<x/>", 4), 0);
	assert_int_equal(http_response_add_header(&resp, "X-A", "1"), 0);
	resp.status = 200;
	resp.close = true;
	resp.content_type = "text/plain";
	body = resp.body.data;
	http_response_recycle(&resp);
	http_response_reuse(&resp, 64);
	assert_ptr_equal(resp.body.data, body);
	assert_int_equal(resp.body.len, 0);
	assert_int_equal(resp.body.max, 64);
	assert_int_equal(resp.headers.len, 0);
	assert_int_equal(resp.status, 500);
	assert_false(resp.close);
	assert_null(resp.content_type);
	/* The cap is the new one's, whatever the kept buffer's capacity. */
	assert_int_equal(http_buf_append(&resp.body, big, 65), -E2BIG);
	http_response_reuse(&resp, sizeof(big));
	assert_int_equal(http_buf_append(&resp.body, big, sizeof(big)), 0);
	http_response_recycle(&resp);
	assert_null(resp.body.data);
	assert_int_equal(resp.body.len, 0);
	assert_non_null(resp.headers.data);
	http_response_free(&resp);
}

static char *head_of(struct http_response *resp, bool keep_alive, uint8_t minor)
{
	struct http_buf out = { .max = 8192 };

	assert_int_equal(http_response_head(resp, keep_alive, minor, &out), 0);
	assert_int_equal(http_buf_append(&out, "", 1), 0);
	return out.data;
}

static void response_heads(void **state)
{
	struct http_response resp;
	char *h;

	http_response_init(&resp, 1024);
	assert_int_equal(resp.status, 500);
	resp.status = 200;
	resp.content_type = "application/soap+xml;charset=UTF-8";
	assert_int_equal(http_buf_append(&resp.body, "<x/>", 4), 0);
	h = head_of(&resp, true, 1);
	assert_string_equal(h, "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8"
			    "\r\nContent-Length: 4\r\n\r\n");
	free(h);
	h = head_of(&resp, true, 0);
	assert_string_equal(h, "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8"
			    "\r\nContent-Length: 4\r\nConnection: keep-alive\r\n\r\n");
	free(h);

	resp.status = 401;
	resp.content_type = NULL;
	resp.body.len = 0;
	assert_int_equal(http_response_add_header(&resp, "WWW-Authenticate",
						  "Digest realm=\"vmanhv\""), 0);
	h = head_of(&resp, false, 1);
	assert_string_equal(h, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close"
			    "\r\nWWW-Authenticate: Digest realm=\"vmanhv\"\r\n\r\n");
	free(h);

	resp.status = 204;
	resp.headers.len = 0;
	h = head_of(&resp, true, 1);
	assert_string_equal(h, "HTTP/1.1 204 No Content\r\n\r\n");
	free(h);
	http_response_free(&resp);
}

static void header_injection_refused(void **state)
{
	struct http_response resp;

	http_response_init(&resp, 0);
	assert_int_equal(http_response_add_header(&resp, "X", "a\r\nSet-Cookie: x"), -EINVAL);
	assert_int_equal(http_response_add_header(&resp, "X", "a\nb"), -EINVAL);
	assert_int_equal(http_response_add_header(&resp, "X Y", "a"), -EINVAL);
	assert_int_equal(http_response_add_header(&resp, "", "a"), -EINVAL);
	assert_int_equal(http_response_add_header(&resp, "Allow", "POST, OPTIONS"), 0);
	assert_int_equal(resp.headers.len, strlen("Allow: POST, OPTIONS\r\n"));
	assert_memory_equal(resp.headers.data, "Allow: POST, OPTIONS\r\n", resp.headers.len);
	http_response_free(&resp);
}

static void simple_responses_and_reasons(void **state)
{
	struct http_response resp;
	static const int statuses[] = { 100, 200, 204, 400, 401, 403, 404, 405, 408, 411, 413,
					414, 415, 417, 429, 431, 500, 501, 503, 505 };

	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		assert_true(strlen(http_status_reason(statuses[i])) > 0U);
	}
	assert_string_equal(http_status_reason(413), "Content Too Large");
	assert_string_equal(http_status_reason(299), "");
	http_response_init(&resp, 256);
	http_response_simple(&resp, 404);
	assert_int_equal(resp.status, 404);
	assert_memory_equal(resp.body.data, "404 Not Found\n", resp.body.len);
	http_response_free(&resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_get),
		cmocka_unit_test(post_with_length),
		cmocka_unit_test(chunked_with_extensions_and_trailers),
		cmocka_unit_test(chunked_empty_body),
		cmocka_unit_test(http10_persistence),
		cmocka_unit_test(higher_minor_version_is_1_1),
		cmocka_unit_test(target_forms),
		cmocka_unit_test(field_values_trimmed),
		cmocka_unit_test(field_lines_whole_and_split),
		cmocka_unit_test(leading_empty_lines_ignored),
		cmocka_unit_test(other_methods_parse_for_501),
		cmocka_unit_test(get_with_body_and_lookup),
		cmocka_unit_test(target_limit_414),
		cmocka_unit_test(header_count_431),
		cmocka_unit_test(header_bytes_431),
		cmocka_unit_test(body_limit_413),
		cmocka_unit_test(trailer_limit_431),
		cmocka_unit_test(request_line_errors),
		cmocka_unit_test(version_505),
		cmocka_unit_test(method_too_long_501),
		cmocka_unit_test(line_endings),
		cmocka_unit_test(field_errors),
		cmocka_unit_test(expectations),
		cmocka_unit_test(length_required_411),
		cmocka_unit_test(content_length_smuggling),
		cmocka_unit_test(transfer_encoding_smuggling),
		cmocka_unit_test(chunk_framing_errors),
		cmocka_unit_test(request_after_bad_length_is_not_parsed),
		cmocka_unit_test(pipelined_requests),
		cmocka_unit_test(done_consumes_only_its_request),
		cmocka_unit_test(continue_when_body_is_awaited),
		cmocka_unit_test(connection_fields_survive_next),
		cmocka_unit_test(body_buffer_kept_when_small),
		cmocka_unit_test(body_allocation_failure_503),
		cmocka_unit_test(buf_caps),
		cmocka_unit_test(response_buffers_recycled),
		cmocka_unit_test(response_heads),
		cmocka_unit_test(header_injection_refused),
		cmocka_unit_test(simple_responses_and_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

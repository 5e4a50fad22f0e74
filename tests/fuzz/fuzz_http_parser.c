/* sources: mgmt/http/http_parser.c mgmt/http/http_message.c */
/* libs: */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary bytes as what a client sends on one connection,
 * through the incremental HTTP/1.1 parser (mgmt/http/http_parser.c), cut
 * into pieces whose sizes come from the input itself, so every split of a
 * request across TCP segments gets explored.  Pipelined requests are taken
 * one after the other, as the server does.  The harness checks the parser's
 * contract: a complete request has a known method or none, a target that is
 * NUL-terminated within its buffer, a body of the length it says, and an
 * error is always one of the statuses http_parser_error() documents, and
 * the same bytes fed whole give the same requests, error and length read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/http/http_parser.h"

#define REQUESTS_MAX	64	/* pipelined requests taken from one input */

static void check_request(const struct http_request *req)
{
	if (memchr(req->target, '\0', sizeof(req->target)) == NULL) {
		abort();
	}
	if (req->header_count > HTTP_HEADERS_MAX || req->body_len > HTTP_BODY_MAX) {
		abort();
	}
	for (uint32_t i = 0; i < req->header_count; i++) {
		if (req->header[i].name == NULL || req->header[i].value == NULL) {
			abort();
		}
		(void)strlen(req->header[i].name);	/* ASan: inside the buffer */
		(void)strlen(req->header[i].value);
	}
	if (req->body_len > 0U && (req->body == NULL || req->body[req->body_len] != '\0')) {
		abort();
	}
}

static void check_error(int status)
{
	static const int documented[] = { 400, 411, 413, 414, 417, 431, 501, 503, 505 };

	for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++) {
		if (status == documented[i]) {
			return;
		}
	}
	abort();
}

/* FNV-1a over what a parse produced, so two feed plans compare in one word. */
static uint64_t fold(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ b[i]) * 0x100000001b3ULL;
	}
	return h;
}

static uint64_t fold_request(uint64_t h, const struct http_request *req)
{
	uint32_t head[4] = { (uint32_t)req->method, req->version_minor, req->keep_alive,
			     req->header_count };

	h = fold(h, head, sizeof(head));
	h = fold(h, req->target, strlen(req->target) + 1U);
	for (uint32_t i = 0; i < req->header_count; i++) {
		h = fold(h, req->header[i].name, strlen(req->header[i].name) + 1U);
		h = fold(h, req->header[i].value, strlen(req->header[i].value) + 1U);
	}
	h = fold(h, &req->body_len, sizeof(req->body_len));
	return fold(h, req->body, req->body_len);
}

/*
 * Feed data[0, size) in pieces of `piece` bytes, taking pipelined requests
 * one after the other as the server does; check each request and error
 * against the contract.  Returns a digest of the requests, the error and
 * how far the parser read, which must not depend on the pieces.
 */
static uint64_t parse_in_pieces(const uint8_t *data, size_t size, size_t piece)
{
	static struct http_parser parser;
	struct http_request req;
	uint64_t digest = 0xcbf29ce484222325ULL;
	size_t off = 0;
	int requests = 0, error = 0;

	http_parser_init(&parser, &req);
	while (off < size && requests < REQUESTS_MAX) {
		size_t len = size - off < piece ? size - off : piece;
		size_t used = 0;
		enum http_parse_result r = http_parser_feed(&parser, data + off, len, &used);

		if (used > len) {
			abort();
		}
		off += used;
		if (r == HTTP_PARSE_ERROR) {
			error = http_parser_error(&parser);
			check_error(error);
			break;
		}
		if (r == HTTP_PARSE_DONE) {
			check_request(&req);
			digest = fold_request(digest, &req);
			http_parser_next(&parser);
			requests++;
		} else if (used != len) {
			abort();	/* MORE must consume everything it was given */
		}
	}
	http_parser_free(&parser);
	digest = fold(digest, &error, sizeof(error));
	return fold(digest, &off, sizeof(off));
}

/*
 * Input: one byte, the piece size (0 means "all at once"), then the bytes.
 * The pieces must not change the outcome: the parser takes whole field
 * lines in one pass and split ones a byte at a time (http_parser.c,
 * field_line_take), so the same input is also parsed whole and compared.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t piece;

	if (size < 1U) {
		return 0;
	}
	piece = data[0] == 0U ? size : data[0];
	if (parse_in_pieces(data + 1, size - 1U, piece) !=
	    parse_in_pieces(data + 1, size - 1U, size)) {
		abort();	/* a split changed what was parsed */
	}
	return 0;
}

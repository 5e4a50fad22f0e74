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
 * error is always one of the statuses http_parser_error() documents.
 *
 * Input: one byte, the piece size (0 means "all at once"), then the bytes.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_parser parser;
	struct http_request req;
	size_t piece, off = 1;
	int requests = 0;

	if (size < 1U) {
		return 0;
	}
	piece = data[0] == 0U ? size : data[0];
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
			check_error(http_parser_error(&parser));
			break;
		}
		if (r == HTTP_PARSE_DONE) {
			check_request(&req);
			http_parser_next(&parser);
			requests++;
		} else if (used != len) {
			abort();	/* MORE must consume everything it was given */
		}
	}
	http_parser_free(&parser);
	return 0;
}

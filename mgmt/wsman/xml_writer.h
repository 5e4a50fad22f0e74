/* SPDX-License-Identifier: MIT */
/*
 * A small streaming XML writer: the only way the WS-Man layer produces
 * XML, so every piece of text that reaches a reply is escaped in one place.
 * Markup names come from the code (trusted); text and attribute values may
 * come from a request or a provider and are always escaped.
 *
 * Output goes into an http_buf (mgmt/http/http.h).  The writer has its own
 * byte limit on top of the buffer's cap, for the client's
 * wsman:MaxEnvelopeSize (DSP0226 R6.2-2).  The first failure sticks: later
 * calls do nothing, and xml_writer_finish() reports it and removes the
 * partial output, so a caller writes a whole document and checks once.
 */
#ifndef VMANHV_MGMT_WSMAN_XML_WRITER_H
#define VMANHV_MGMT_WSMAN_XML_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "mgmt/http/http.h"

struct xml_writer {
	struct http_buf *out;
	size_t start;		/* out->len when the writer began */
	size_t limit;		/* at most this many bytes after start */
	int err;		/* 0, -E2BIG (limit or cap) or -ENOMEM */
	bool tag_open;		/* "<name attr=..." written, '>' not yet */
};

/* Start writing at the end of out; at most limit bytes. */
void xml_writer_init(struct xml_writer *w, struct http_buf *out, size_t limit);

/* 0, or the first error; on error out is back to its length at init. */
int xml_writer_finish(struct xml_writer *w);

/* "<qname"; attributes may follow until the next content or close. */
void xml_open(struct xml_writer *w, const char *qname);
/* ' name="value"' with value escaped; only right after xml_open. */
void xml_attr(struct xml_writer *w, const char *name, const char *value);
/* "</qname>", or "/>" when the element has no content yet. */
void xml_close(struct xml_writer *w, const char *qname);
/* Escaped character data (UTF-8, len bytes). */
void xml_text(struct xml_writer *w, const char *text, size_t len);
/* <qname>escaped text</qname> */
void xml_text_element(struct xml_writer *w, const char *qname, const char *text);
/*
 * Markup written earlier by a writer, copied as it is (a reply that is the
 * same every time is written once and kept).  Only for text a writer made:
 * nothing is escaped.
 */
void xml_markup(struct xml_writer *w, const char *xml, size_t len);

#endif

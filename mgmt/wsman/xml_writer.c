/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "mgmt/wsman/xml_writer.h"

/* U+FFFD REPLACEMENT CHARACTER, for bytes XML 1.0 cannot carry at all */
#define XML_REPLACEMENT	"\xEF\xBF\xBD"

void xml_writer_init(struct xml_writer *w, struct http_buf *out, size_t limit)
{
	w->out = out;
	w->start = out->len;
	w->limit = limit;
	w->err = 0;
	w->tag_open = false;
}

int xml_writer_finish(struct xml_writer *w)
{
	if (w->err != 0) {
		w->out->len = w->start;
	}
	return w->err;
}

static void put(struct xml_writer *w, const char *s, size_t len)
{
	struct http_buf *out = w->out;
	size_t used = out->len - w->start;
	int rc;

	if (w->err != 0) {
		return;
	}
	if (len > w->limit - used) {
		w->err = -E2BIG;
		return;
	}
	/* Most pieces are a few octets and the buffer has room: no call for
	 * them (cap never exceeds max, so http_buf_append would take them). */
	if (len - 1U < out->cap - out->len) {
		memcpy(out->data + out->len, s, len);
		out->len += len;
		return;
	}
	rc = http_buf_append(out, s, len);
	if (rc != 0) {
		w->err = rc;
	}
}

static void put_str(struct xml_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

static void end_start_tag(struct xml_writer *w)
{
	if (w->tag_open) {
		put(w, ">", 1);
		w->tag_open = false;
	}
}

/*
 * The replacement for byte c, or NULL when c goes out as it is.  XML 1.0
 * section 2.2 has no way to carry C0 controls other than TAB, LF and CR, so
 * they become U+FFFD; CR, and in attributes TAB and LF, are written as
 * character references so that end-of-line and attribute-value
 * normalisation (XML 1.0 sections 2.11 and 3.3.3) give them back unchanged.
 * '>' is escaped too so "]]>" can never appear in text.
 */
static const char *escape_for(unsigned char c, bool in_attr)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '\r':
		return "&#13;";
	case '"':
		return in_attr ? "&quot;" : NULL;
	case '\t':
		return in_attr ? "&#9;" : NULL;
	case '\n':
		return in_attr ? "&#10;" : NULL;
	default:
		return c < 0x20U ? XML_REPLACEMENT : NULL;
	}
}

/* Which bytes escape_for() replaces: ESC_TEXT everywhere, ESC_ATTR only in
 * attribute values.  Looked up per byte so that plain runs cost little. */
#define ESC_TEXT	1U
#define ESC_ATTR	2U
static const uint8_t escaped[256] = {
	[0 ... 8] = ESC_TEXT, ['\t'] = ESC_ATTR, ['\n'] = ESC_ATTR, [11 ... 31] = ESC_TEXT,
	['"'] = ESC_ATTR, ['&'] = ESC_TEXT, ['<'] = ESC_TEXT, ['>'] = ESC_TEXT,
};

static void put_escaped(struct xml_writer *w, const char *s, size_t len, bool in_attr)
{
	unsigned mask = in_attr ? (ESC_TEXT | ESC_ATTR) : ESC_TEXT;
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		const char *esc;

		if ((escaped[(unsigned char)s[i]] & mask) == 0U) {
			continue;
		}
		esc = escape_for((unsigned char)s[i], in_attr);
		put(w, s + run, i - run);
		put_str(w, esc);
		run = i + 1;
	}
	put(w, s + run, len - run);
}

void xml_open(struct xml_writer *w, const char *qname)
{
	end_start_tag(w);
	put(w, "<", 1);
	put_str(w, qname);
	w->tag_open = true;
}

void xml_attr(struct xml_writer *w, const char *name, const char *value)
{
	put(w, " ", 1);
	put_str(w, name);
	put(w, "=\"", 2);
	put_escaped(w, value, strlen(value), true);
	put(w, "\"", 1);
}

void xml_close(struct xml_writer *w, const char *qname)
{
	if (w->tag_open) {
		put(w, "/>", 2);
		w->tag_open = false;
		return;
	}
	put(w, "</", 2);
	put_str(w, qname);
	put(w, ">", 1);
}

void xml_text(struct xml_writer *w, const char *text, size_t len)
{
	end_start_tag(w);
	put_escaped(w, text, len, false);
}

void xml_text_element(struct xml_writer *w, const char *qname, const char *text)
{
	xml_open(w, qname);
	xml_text(w, text, strlen(text));
	xml_close(w, qname);
}

void xml_markup(struct xml_writer *w, const char *xml, size_t len)
{
	end_start_tag(w);
	put(w, xml, len);
}

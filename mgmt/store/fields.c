/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/store/fields.h"

void fields_writer_init(struct fields_writer *w, void *buf, size_t size)
{
	*w = (struct fields_writer){ .buf = buf, .size = size };
}

/* A field whose name is nlen bytes, taken as they are. */
static void put_raw(struct fields_writer *w, const char *name, size_t nlen, const void *value,
		    size_t len)
{
	size_t need = 1U + nlen + 2U + len;
	uint8_t *p;

	if (nlen == 0U || nlen > FIELD_NAME_MAX || len > FIELD_VALUE_MAX ||
	    need > w->size - w->used) {
		w->overflow = true;
		return;
	}
	p = w->buf + w->used;
	p[0] = (uint8_t)nlen;
	memcpy(p + 1, name, nlen);
	p[1U + nlen] = (uint8_t)len;
	p[2U + nlen] = (uint8_t)(len >> 8);
	if (len > 0U) {
		memcpy(p + 3U + nlen, value, len);
	}
	w->used += need;
}

void fields_put(struct fields_writer *w, const char *name, const void *value, size_t len)
{
	put_raw(w, name, strnlen(name, FIELD_NAME_MAX + 1U), value, len);
}

void fields_put_text(struct fields_writer *w, const char *name, const char *text)
{
	fields_put(w, name, text, strlen(text));
}

void fields_put_uint(struct fields_writer *w, const char *name, uint64_t value)
{
	char text[24];
	int n = snprintf(text, sizeof(text), "%llu", (unsigned long long)value);

	fields_put(w, name, text, (size_t)n);
}

void fields_put_field(struct fields_writer *w, const struct field *f)
{
	/* byte for byte: a name this firmware cannot read may hold any byte */
	put_raw(w, f->name, f->name_len, f->value, f->len);
}

int fields_next(const void *record, size_t len, size_t *off, struct field *f)
{
	const uint8_t *p = record;
	size_t o = *off;

	if (o >= len) {
		return 0;
	}
	f->name_len = p[o];
	if (f->name_len == 0U || f->name_len > FIELD_NAME_MAX || len - o < 3U + f->name_len) {
		return -EBADMSG;
	}
	f->name = (const char *)p + o + 1U;
	f->len = (size_t)p[o + 1U + f->name_len] | (size_t)p[o + 2U + f->name_len] << 8;
	if (f->len > len - o - 3U - f->name_len) {
		return -EBADMSG;
	}
	f->value = p + o + 3U + f->name_len;
	*off = o + 3U + f->name_len + f->len;
	return 1;
}

bool field_is(const struct field *f, const char *name)
{
	return strlen(name) == f->name_len && memcmp(f->name, name, f->name_len) == 0;
}

int field_text(const struct field *f, char *out, size_t size)
{
	if (f->len >= size) {
		return -E2BIG;
	}
	if (memchr(f->value, '\0', f->len) != NULL) {
		return -EINVAL;
	}
	memcpy(out, f->value, f->len);
	out[f->len] = '\0';
	return 0;
}

int field_uint(const struct field *f, uint64_t max, uint64_t *value)
{
	uint64_t v = 0;

	if (f->len == 0U || f->len > 20U) {
		return -EINVAL;
	}
	for (size_t i = 0; i < f->len; i++) {
		unsigned d = (unsigned)f->value[i] - '0';

		if (d > 9U || d > max || v > (max - d) / 10U) {
			return -EINVAL;
		}
		v = v * 10U + d;
	}
	*value = v;
	return 0;
}

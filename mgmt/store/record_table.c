/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "mgmt/store/fields.h"
#include "mgmt/store/record_table.h"

#define FORMAT_FIELD	"format"

static uint64_t uint_get(const void *p, size_t size)
{
	switch (size) {
	case 1: return *(const uint8_t *)p;
	case 2: return *(const uint16_t *)p;
	case 4: return *(const uint32_t *)p;
	default: return *(const uint64_t *)p;
	}
}

static void uint_set(void *p, size_t size, uint64_t v)
{
	switch (size) {
	case 1: *(uint8_t *)p = (uint8_t)v; break;
	case 2: *(uint16_t *)p = (uint16_t)v; break;
	case 4: *(uint32_t *)p = (uint32_t)v; break;
	default: *(uint64_t *)p = v; break;
	}
}

static const struct record_setting *setting_named(const struct record_table *t,
						  const struct field *f)
{
	for (size_t i = 0; i < t->count; i++) {
		if (field_is(f, t->settings[i].name)) {
			return &t->settings[i];
		}
	}
	return NULL;
}

/* The old record's fields the table has no setting for, as they were. */
static void carry_unknown(const struct record_table *t, struct fields_writer *w, const void *old,
			  size_t old_len)
{
	struct field f;
	size_t off = 0;

	while (old != NULL && fields_next(old, old_len, &off, &f) == 1) {
		if (!field_is(&f, FORMAT_FIELD) && setting_named(t, &f) == NULL) {
			fields_put_field(w, &f);
		}
	}
}

int record_encode(const struct record_table *t, const void *obj, const void *old,
		  size_t old_len, void *buf, size_t size, size_t *len)
{
	const uint8_t *base = obj;
	struct fields_writer w;

	fields_writer_init(&w, buf, size);
	fields_put_uint(&w, FORMAT_FIELD, t->format);
	for (size_t i = 0; i < t->count; i++) {
		const struct record_setting *s = &t->settings[i];
		const uint8_t *member = base + s->offset;

		if (s->kind == RECORD_TEXT) {
			fields_put(&w, s->name, member, strnlen((const char *)member, s->size));
		} else {
			fields_put_uint(&w, s->name, uint_get(member, s->size));
		}
	}
	carry_unknown(t, &w, old, old_len);
	*len = w.used;
	return w.overflow ? -ENOSPC : 0;
}

static int setting_read(const struct record_setting *s, const struct field *f, void *obj)
{
	uint8_t *member = (uint8_t *)obj + s->offset;
	uint64_t v;

	if (s->kind == RECORD_TEXT) {
		/* a repeated field: the last one, nothing of the first */
		memset(member, 0, s->size);
		return field_text(f, (char *)member, s->size) == 0 ? 0 : -EBADMSG;
	}
	if (field_uint(f, s->max, &v) != 0 || v < s->min) {
		return -EBADMSG;
	}
	uint_set(member, s->size, v);
	return 0;
}

static int format_check(const struct record_table *t, const void *p, size_t len, size_t *off)
{
	struct field f;
	uint64_t format;

	if (fields_next(p, len, off, &f) != 1 || !field_is(&f, FORMAT_FIELD) ||
	    field_uint(&f, UINT32_MAX, &format) != 0 || format == 0U) {
		return -EBADMSG;
	}
	return format > t->format ? -EPROTONOSUPPORT : 0;
}

int record_decode(const struct record_table *t, const void *p, size_t len, void *obj,
		  record_unknown_fn unknown, void *ctx)
{
	char skipped[FIELD_NAME_MAX + 1U];
	struct field f;
	size_t off = 0;
	int rc = format_check(t, p, len, &off);

	while (rc == 0 && (rc = fields_next(p, len, &off, &f)) == 1) {
		const struct record_setting *s = setting_named(t, &f);

		rc = s != NULL ? setting_read(s, &f, obj) : 0;
		if (s == NULL && unknown != NULL) {
			memcpy(skipped, f.name, f.name_len);
			skipped[f.name_len] = '\0';
			unknown(ctx, (const char *)obj + t->settings[0].offset, skipped);
		}
	}
	return rc;
}

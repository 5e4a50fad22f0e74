/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "mgmt/store/definition.h"
#include "mgmt/store/fields.h"

enum kind { TEXT, UINT };

/* One setting: its field name, where it lives in struct definition, its limits. */
struct setting {
	const char *name;
	enum kind kind;
	size_t offset;
	size_t size;		/* of the member */
	uint64_t max;		/* UINT only */
	uint64_t min;		/* UINT only */
};

#define TEXT_SETTING(n, m) { n, TEXT, offsetof(struct definition, m), \
			     sizeof(((struct definition *)0)->m), 0, 0 }
#define UINT_SETTING(n, m, lo, hi) { n, UINT, offsetof(struct definition, m), \
				     sizeof(((struct definition *)0)->m), hi, lo }

/* The order they are written in; "name" must be there for a record to be usable. */
static const struct setting settings[] = {
	TEXT_SETTING("name", name),
	TEXT_SETTING("label", label),
	TEXT_SETTING("image", image),
	TEXT_SETTING("initrd", initrd),
	TEXT_SETTING("cmdline", cmdline),
	UINT_SETTING("memory", memory_bytes, 0, HV_VM_MEMORY_MAX),
	UINT_SETTING("vcpus", vcpus, 0, HV_VM_VCPUS_MAX),
	UINT_SETTING("startup", startup, DEFINITION_STARTUP_NONE, DEFINITION_STARTUP_ALWAYS),
	UINT_SETTING("active", active, 0, 1),
};
#define SETTINGS	(sizeof(settings) / sizeof(settings[0]))
#define FORMAT_FIELD	"format"

bool definition_startup_valid(uint64_t v)
{
	return v >= DEFINITION_STARTUP_NONE && v <= DEFINITION_STARTUP_ALWAYS;
}

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

static const struct setting *setting_named(const struct field *f)
{
	for (size_t i = 0; i < SETTINGS; i++) {
		if (field_is(f, settings[i].name)) {
			return &settings[i];
		}
	}
	return NULL;
}

/* The old record's fields this firmware has no setting for, as they were. */
static void carry_unknown(struct fields_writer *w, const void *old, size_t old_len)
{
	struct field f;
	size_t off = 0;

	while (old != NULL && fields_next(old, old_len, &off, &f) == 1) {
		if (!field_is(&f, FORMAT_FIELD) && setting_named(&f) == NULL) {
			fields_put_field(w, &f);
		}
	}
}

int definition_encode(const struct definition *d, const void *old, size_t old_len, void *buf,
		      size_t size, size_t *len)
{
	const uint8_t *base = (const uint8_t *)d;
	struct fields_writer w;

	fields_writer_init(&w, buf, size);
	fields_put_uint(&w, FORMAT_FIELD, DEFINITION_FORMAT);
	for (size_t i = 0; i < SETTINGS; i++) {
		const struct setting *s = &settings[i];

		if (s->kind == TEXT) {
			fields_put(&w, s->name, base + s->offset, strnlen((const char *)base +
									  s->offset, s->size));
		} else {
			fields_put_uint(&w, s->name, uint_get(base + s->offset, s->size));
		}
	}
	carry_unknown(&w, old, old_len);
	*len = w.used;
	return w.overflow ? -ENOSPC : 0;
}

static int setting_read(const struct setting *s, const struct field *f, struct definition *d)
{
	uint8_t *member = (uint8_t *)d + s->offset;
	uint64_t v;

	if (s->kind == TEXT) {
		memset(member, 0, s->size);	/* a repeated field: the last one, nothing of the first */
		return field_text(f, (char *)member, s->size) == 0 ? 0 : -EBADMSG;
	}
	if (field_uint(f, s->max, &v) != 0 || v < s->min) {
		return -EBADMSG;
	}
	uint_set(member, s->size, v);
	return 0;
}

static int format_check(const void *p, size_t len, size_t *off)
{
	struct field f;
	uint64_t format;

	if (fields_next(p, len, off, &f) != 1 || !field_is(&f, FORMAT_FIELD) ||
	    field_uint(&f, UINT32_MAX, &format) != 0 || format == 0U) {
		return -EBADMSG;
	}
	return format > DEFINITION_FORMAT ? -EPROTONOSUPPORT : 0;
}

int definition_decode(const void *p, size_t len, struct definition *d,
		      definition_unknown_fn unknown, void *ctx)
{
	char skipped[FIELD_NAME_MAX + 1U];
	struct field f;
	size_t off = 0;
	int rc = format_check(p, len, &off);

	memset(d, 0, sizeof(*d));
	d->startup = DEFINITION_STARTUP_NONE;
	while (rc == 0 && (rc = fields_next(p, len, &off, &f)) == 1) {
		const struct setting *s = setting_named(&f);

		rc = s != NULL ? setting_read(s, &f, d) : 0;
		if (s == NULL && unknown != NULL) {
			memcpy(skipped, f.name, f.name_len);
			skipped[f.name_len] = '\0';
			unknown(ctx, d->name, skipped);
		}
	}
	if (rc == 0 && d->name[0] == '\0') {
		rc = -EBADMSG;
	}
	return rc;
}

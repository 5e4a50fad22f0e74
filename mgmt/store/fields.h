/* SPDX-License-Identifier: MIT */
/*
 * The fields of one stored record (docs/store.md): a sequence of named
 * values, each u8 name length (1..63), the name, u16 value length, the
 * value, little endian.  Records of VM definitions and of management users
 * are made of them, so that a field added later is skipped by an older
 * reader instead of breaking the format.  Numbers are decimal text.
 * Portable: no allocation, no I/O.
 */
#ifndef VMANHV_MGMT_STORE_FIELDS_H
#define VMANHV_MGMT_STORE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FIELD_NAME_MAX		63U
#define FIELD_VALUE_MAX		0xFFFFU

/* Appends fields to buf; a field that does not fit sets overflow and is dropped. */
struct fields_writer {
	uint8_t *buf;
	size_t size;
	size_t used;
	bool overflow;
};

struct field {
	const char *name;		/* not NUL-terminated */
	size_t name_len;
	const uint8_t *value;
	size_t len;
};

void fields_writer_init(struct fields_writer *w, void *buf, size_t size);
void fields_put(struct fields_writer *w, const char *name, const void *value, size_t len);
void fields_put_text(struct fields_writer *w, const char *name, const char *text);
void fields_put_uint(struct fields_writer *w, const char *name, uint64_t value);
/* The field f as it is (name and value copied). */
void fields_put_field(struct fields_writer *w, const struct field *f);

/*
 * The field at *off of the record p[0..len), advancing *off.  1 for a
 * field, 0 at the end, -EBADMSG when the bytes there are not a whole field.
 */
int fields_next(const void *p, size_t len, size_t *off, struct field *f);

/* Whether f is called `name`. */
bool field_is(const struct field *f, const char *name);
/* f's value as a NUL-terminated string: 0, -E2BIG (size too small), -EINVAL (a NUL inside). */
int field_text(const struct field *f, char *out, size_t size);
/* f's value as a decimal number: 0 or -EINVAL (empty, not digits, above max). */
int field_uint(const struct field *f, uint64_t max, uint64_t *value);

#endif

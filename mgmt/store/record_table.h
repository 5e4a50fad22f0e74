/* SPDX-License-Identifier: MIT */
/*
 * A stored record (fields.h) described by a const table: one row per
 * setting, naming its field and where it lives in a C struct, with its
 * limits (docs/store.md).  A VM's definition and a child pool are records
 * of this kind, so adding a setting to either is one row in its table.
 *
 * The first field is always "format": a record of a newer format than the
 * table's is refused whole; a field the table lacks is skipped on reading
 * (the caller hears of it) and carried over unchanged on writing.
 * Portable: no allocation, no I/O.
 */
#ifndef VMANHV_MGMT_STORE_RECORD_TABLE_H
#define VMANHV_MGMT_STORE_RECORD_TABLE_H

#include <stddef.h>
#include <stdint.h>

enum record_kind { RECORD_TEXT, RECORD_UINT };

/* One setting: its field name, where it lives in the struct, its limits. */
struct record_setting {
	const char *name;
	enum record_kind kind;
	size_t offset;
	size_t size;		/* of the member: a char array, or a 1, 2, 4 or 8 byte unsigned */
	uint64_t min;		/* RECORD_UINT only */
	uint64_t max;		/* RECORD_UINT only */
};

#define RECORD_TEXT_SETTING(type, n, m) \
	{ n, RECORD_TEXT, offsetof(type, m), sizeof(((type *)0)->m), 0, 0 }
#define RECORD_UINT_SETTING(type, n, m, lo, hi) \
	{ n, RECORD_UINT, offsetof(type, m), sizeof(((type *)0)->m), lo, hi }

struct record_table {
	/* in the order they are written; the first is a text naming the record */
	const struct record_setting *settings;
	size_t count;
	uint32_t format;			/* what this firmware writes and reads at most */
};

/*
 * The struct at obj as a record into buf (size bytes), *len its length;
 * the fields of `old` (the record it replaces, or NULL) the table lacks
 * are appended unchanged.  0 or -ENOSPC.
 */
int record_encode(const struct record_table *t, const void *obj, const void *old,
		  size_t old_len, void *buf, size_t size, size_t *len);

/* Told about each field a reader skips; `record` is the text of the table's
 * first setting (the record's name) as read so far. */
typedef void (*record_unknown_fn)(void *ctx, const char *record, const char *field);

/*
 * The record p[0..len) into the struct at obj, which the caller has set to
 * its defaults (a field the record lacks keeps them).  0, -EBADMSG (not a
 * sequence of fields, no format first, a value out of range or too long),
 * -EPROTONOSUPPORT (a newer format).  unknown (may be NULL) hears of every
 * field skipped.
 */
int record_decode(const struct record_table *t, const void *p, size_t len, void *obj,
		  record_unknown_fn unknown, void *ctx);

#endif

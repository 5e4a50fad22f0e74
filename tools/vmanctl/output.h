/* SPDX-License-Identifier: MIT */
/*
 * What the commands print: a text table (columns padded to their widest
 * cell), a record (one "Key: value" per line), or with --json the same rows
 * as a JSON array of objects / one object (RFC 8259), keys in snake_case,
 * numeric columns as numbers, boolean ones as true/false, absent values as
 * null.
 */
#ifndef VMANCTL_OUTPUT_H
#define VMANCTL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* How a column's value goes into JSON when it has that form; else a string. */
enum json_kind {
	JSON_TEXT,
	JSON_NUMBER,		/* an RFC 8259 number */
	JSON_BOOL,		/* CIM's "true"/"false" as true/false */
};

struct column {
	const char *header;	/* "NAME" in the text table, "Name" in a record */
	const char *key;	/* "name" in JSON */
	enum json_kind kind;
};

struct table {
	const struct column *cols;
	size_t ncols;
	char **cells;		/* nrows * ncols, NULL for absent */
	size_t nrows, cap;
};

void table_init(struct table *t, const struct column *cols, size_t ncols);
/* table_add_row - copies of VALUES (ncols of them, NULL allowed).  0 or -ENOMEM. */
int table_add_row(struct table *t, const char *const *values);
/* table_print - the table, or with JSON an array of objects. */
void table_print(const struct table *t, bool json, FILE *out);
/* table_print_record - row 0 as "Header: value" lines, or with JSON an object. */
void table_print_record(const struct table *t, bool json, FILE *out);
void table_free(struct table *t);

/* json_string - S as a JSON string literal, escaped per RFC 8259 section 7. */
void json_string(FILE *out, const char *s);

#endif

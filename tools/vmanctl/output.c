/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/output.h"

void table_init(struct table *t, const struct column *cols, size_t ncols)
{
	*t = (struct table){ .cols = cols, .ncols = ncols };
}

int table_add_row(struct table *t, const char *const *values)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		char **grown = realloc(t->cells, cap * t->ncols * sizeof(*grown));

		if (grown == NULL) {
			return -ENOMEM;
		}
		t->cells = grown;
		t->cap = cap;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		t->cells[t->nrows * t->ncols + c] = values[c] ? strdup(values[c]) : NULL;
	}
	t->nrows++;
	return 0;
}

void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20) {
				fprintf(out, "\\u%04x", *p);
			} else {
				fputc(*p, out);	/* UTF-8 passes through (RFC 8259 8.1) */
			}
		}
	}
	fputc('"', out);
}

/* RFC 8259 section 6 numbers as CIM integers and reals print them:
 * -?digits(.digits)?; anything else (0x10, inf, 1e) stays a string. */
static bool is_number(const char *s)
{
	size_t n;

	if (s == NULL) {
		return false;
	}
	s += *s == '-';
	n = strspn(s, "0123456789");
	if (n == 0 || (n > 1 && *s == '0')) {
		return false;
	}
	s += n;
	if (*s == '.') {
		n = strspn(++s, "0123456789");
		s += n;
		if (n == 0) {
			return false;
		}
	}
	return *s == '\0';
}

static void json_value(FILE *out, const struct column *col, const char *v)
{
	if (v == NULL) {
		fputs("null", out);
	} else if (col->kind == JSON_NUMBER && is_number(v)) {
		fputs(v, out);
	} else if (col->kind == JSON_BOOL && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)) {
		fputs(v, out);	/* DSP0230: xs:boolean, written as true/false here */
	} else {
		json_string(out, v);
	}
}

static void json_object(const struct table *t, size_t row, FILE *out)
{
	fputc('{', out);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs(c ? ", " : "", out);
		json_string(out, t->cols[c].key);
		fputs(": ", out);
		json_value(out, &t->cols[c], t->cells[row * t->ncols + c]);
	}
	fputc('}', out);
}

static const char *cell(const struct table *t, size_t row, size_t col)
{
	const char *v = t->cells[row * t->ncols + col];

	return v != NULL ? v : "-";
}

void table_print(const struct table *t, bool json, FILE *out)
{
	size_t width[32] = { 0 };

	if (json) {
		fputc('[', out);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs(r ? ",\n " : "", out);
			json_object(t, r, out);
		}
		fputs("]\n", out);
		return;
	}
	for (size_t c = 0; c < t->ncols && c < 32; c++) {
		width[c] = strlen(t->cols[c].header);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t n = strlen(cell(t, r, c));

			width[c] = n > width[c] ? n : width[c];
		}
	}
	for (size_t r = 0; r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols && c < 32; c++) {
			const char *v = r == 0 ? t->cols[c].header : cell(t, r - 1, c);

			if (c + 1 == t->ncols) {
				fprintf(out, "%s\n", v);
			} else {
				fprintf(out, "%-*s  ", (int)width[c], v);
			}
		}
	}
}

void table_print_record(const struct table *t, bool json, FILE *out)
{
	size_t width = 0;

	if (t->nrows == 0) {
		return;
	}
	if (json) {
		json_object(t, 0, out);
		fputc('\n', out);
		return;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		size_t n = strlen(t->cols[c].header);

		width = n > width ? n : width;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cells[c] != NULL) {
			fprintf(out, "%s:%*s %s\n", t->cols[c].header,
				(int)(width - strlen(t->cols[c].header)), "", t->cells[c]);
		}
	}
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i]);
	}
	free(t->cells);
	*t = (struct table){ 0 };
}

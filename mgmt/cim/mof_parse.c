/* SPDX-License-Identifier: MIT */
/*
 * The MOF instance subset (mof_parse.h).  The reader never recurses on the
 * input (an array holds scalars only), so its stack use is fixed, and it
 * reads each byte a bounded number of times.
 */
#include <string.h>
#include <strings.h>

#include "mgmt/cim/mof_parse.h"

#define MOF_TOKEN_MAX	CIM_MESSAGE_MAX	/* an identifier, for messages */

enum tok {
	T_END,
	T_IDENT,	/* name, keyword, true/false/null */
	T_ALIAS,	/* $name */
	T_STRING,	/* one or more adjacent string literals, unescaped */
	T_NUMBER,
	T_PUNCT,	/* one of { } = ; , */
	T_BAD,
};

struct mof {
	const char *p;
	const char *end;
	struct cim_arena *arena;
	struct cim_result *res;
	unsigned line;
	enum tok tok;
	char punct;
	const char *text;	/* T_IDENT, T_ALIAS: the name (not NUL-terminated) */
	size_t len;
	char *str;		/* T_STRING, in the arena */
	size_t str_len;
	uint64_t num;
	const char *bad;	/* T_BAD: why */
};

static enum cim_status syntax(struct mof *m, const char *why)
{
	return cim_fail(m->res, CIM_ERR_INVALID_PARAMETER, "MOF line %u: %s", m->line, why);
}

static void skip_space(struct mof *m)
{
	while (m->p < m->end) {
		if (*m->p == '\n') {
			m->line++;
			m->p++;
		} else if (*m->p == ' ' || *m->p == '\t' || *m->p == '\r') {
			m->p++;
		} else if (m->end - m->p >= 2 && m->p[0] == '/' && m->p[1] == '/') {
			while (m->p < m->end && *m->p != '\n') {
				m->p++;
			}
		} else if (m->end - m->p >= 2 && m->p[0] == '/' && m->p[1] == '*') {
			m->p += 2;
			while (m->p < m->end &&
			       !(m->end - m->p >= 2 && m->p[0] == '*' && m->p[1] == '/')) {
				m->line += *m->p == '\n';
				m->p++;
			}
			m->p = m->end - m->p >= 2 ? m->p + 2 : m->end;
		} else {
			return;
		}
	}
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* DSP0004 escapes: \t \n \r \" \' \\ and \xH..H (ASCII only here).  \b,
 * \f and other control characters are refused: XML 1.0 cannot carry them,
 * and every value may go back to a client in XML. */
static bool unescape(struct mof *m, char *out, size_t *n)
{
	char c = *m->p++;
	static const char from[] = "tnr\"'\\";
	static const char to[] = "\t\n\r\"'\\";
	const char *f;
	unsigned v = 0;
	int digits = 0;

	if (c != 'x' && c != 'X') {
		f = c != '\0' ? strchr(from, c) : NULL;
		if (f == NULL) {
			m->bad = "an unknown escape in a string.";
			return false;
		}
		if (out != NULL) {
			out[*n] = to[f - from];
		}
		(*n)++;
		return true;
	}
	while (m->p < m->end && digits < 4 && hex_digit(*m->p) >= 0) {
		v = v * 16 + (unsigned)hex_digit(*m->p++);
		digits++;
	}
	if (digits == 0 || v > 0x7F || (v < 0x20 && v != '\t' && v != '\n' && v != '\r')) {
		m->bad = "a \\x escape that is not a printable ASCII character.";
		return false;
	}
	if (out != NULL) {
		out[*n] = (char)v;
	}
	(*n)++;
	return true;
}

/* One "..." literal appended to out (NULL: only counted into *n); false
 * with m->bad on error. */
static bool string_literal(struct mof *m, char *out, size_t *n)
{
	m->p++;
	while (m->p < m->end && *m->p != '"') {
		if (*m->p == '\n') {
			m->bad = "a string runs past its line.";
			return false;
		}
		if (*m->p == '\\') {
			m->p++;
			if (m->p == m->end || !unescape(m, out, n)) {
				m->bad = m->bad != NULL ? m->bad : "a string ends in a backslash.";
				return false;
			}
			continue;
		}
		if (out != NULL) {
			out[*n] = *m->p;
		}
		(*n)++;
		m->p++;
	}
	if (m->p == m->end) {
		m->bad = "a string is not closed.";
		return false;
	}
	m->p++;
	return true;
}

/* Adjacent literals into *out (NULL: only their length into *n). */
static bool strings(struct mof *m, char *out, size_t *n)
{
	do {
		if (!string_literal(m, out, n)) {
			return false;
		}
		skip_space(m);
	} while (m->p < m->end && *m->p == '"');
	return true;
}

/* Measured first, so that the arena holds exactly the string. */
static void lex_strings(struct mof *m)
{
	struct mof probe = *m;
	size_t n = 0;
	char *out;

	if (!strings(&probe, NULL, &n)) {
		m->tok = T_BAD;
		m->bad = probe.bad;
		return;
	}
	out = cim_arena_alloc(m->arena, n + 1);
	if (out == NULL) {
		m->tok = T_BAD;
		m->bad = "the request's values do not fit the service's memory.";
		return;
	}
	n = 0;
	strings(m, out, &n);
	out[n] = '\0';
	m->tok = T_STRING;
	m->str = out;
	m->str_len = n;
}

/* Decimal or 0x hexadecimal, unsigned 64-bit. */
static void lex_number(struct mof *m)
{
	uint64_t v = 0;
	unsigned base = 10;
	bool any = false;

	if (m->end - m->p > 2 && m->p[0] == '0' && (m->p[1] == 'x' || m->p[1] == 'X')) {
		base = 16;
		m->p += 2;
	}
	while (m->p < m->end && hex_digit(*m->p) >= 0 && (unsigned)hex_digit(*m->p) < base) {
		unsigned d = (unsigned)hex_digit(*m->p++);

		if (v > (UINT64_MAX - d) / base) {
			m->tok = T_BAD;
			m->bad = "a number does not fit 64 bits.";
			return;
		}
		v = v * base + d;
		any = true;
	}
	if (!any || (m->p < m->end && (is_ident_char(*m->p) || *m->p == '.'))) {
		m->tok = T_BAD;
		m->bad = "only unsigned integers (decimal or 0x hex) are understood.";
		return;
	}
	m->tok = T_NUMBER;
	m->num = v;
}

static void next(struct mof *m)
{
	skip_space(m);
	m->bad = NULL;
	if (m->p == m->end) {
		m->tok = T_END;
		return;
	}
	if (is_ident_start(*m->p) || (*m->p == '$' && m->end - m->p > 1)) {
		bool alias = *m->p == '$';

		m->p += alias;
		m->text = m->p;
		while (m->p < m->end && is_ident_char(*m->p)) {
			m->p++;
		}
		m->len = (size_t)(m->p - m->text);
		m->tok = alias ? T_ALIAS : T_IDENT;
		return;
	}
	if (*m->p == '"') {
		lex_strings(m);
		return;
	}
	if ((*m->p >= '0' && *m->p <= '9') || *m->p == '+') {
		m->p += *m->p == '+';
		lex_number(m);
		return;
	}
	if (strchr("{}=;,", *m->p) != NULL) {
		m->tok = T_PUNCT;
		m->punct = *m->p++;
		return;
	}
	m->tok = T_BAD;
	m->bad = *m->p == '-' ? "negative numbers are not understood (every type is unsigned)."
	       : *m->p == '[' ? "qualifiers are not understood in instance text."
			      : "an unexpected character.";
}

static bool is_word(const struct mof *m, const char *w)
{
	return m->tok == T_IDENT && m->len == strlen(w) && strncasecmp(m->text, w, m->len) == 0;
}

static bool is_punct(const struct mof *m, char c)
{
	return m->tok == T_PUNCT && m->punct == c;
}

static enum cim_status expect_punct(struct mof *m, char c, const char *why)
{
	if (!is_punct(m, c)) {
		return syntax(m, m->tok == T_BAD ? m->bad : why);
	}
	next(m);
	return CIM_OK;
}

/* One scalar token into slot idx. */
static enum cim_status scalar(struct mof *m, struct cim_builder *b, int idx)
{
	enum cim_status st;

	switch (m->tok) {
	case T_STRING:
		st = cim_builder_text(b, idx, m->str, m->str_len);
		break;
	case T_NUMBER:
		st = cim_builder_uint(b, idx, m->num);
		break;
	case T_IDENT:
		if (is_word(m, "true") || is_word(m, "false")) {
			st = cim_builder_bool(b, idx, is_word(m, "true"));
		} else if (is_word(m, "null")) {
			st = cim_builder_nil(b, idx);
		} else {
			st = syntax(m, "a value is a bare word (strings need quotes).");
		}
		break;
	case T_ALIAS:
		return syntax(m, "aliases as values are not understood.");
	case T_BAD:
		return syntax(m, m->bad);
	default:
		return syntax(m, "a value is missing.");
	}
	if (st == CIM_OK) {
		next(m);
	}
	return st;
}

static enum cim_status array(struct mof *m, struct cim_builder *b, int idx)
{
	next(m);	/* { */
	if (!b->types[idx].array) {
		return cim_fail(m->res, CIM_ERR_TYPE_MISMATCH, "%s.%s is not an array.", b->owner,
				b->types[idx].name);
	}
	if (is_punct(m, '}')) {
		next(m);
		return cim_builder_empty_array(b, idx);
	}
	for (;;) {
		if (is_word(m, "null")) {
			return cim_fail(m->res, CIM_ERR_TYPE_MISMATCH,
					"%s.%s: an array element is NULL.", b->owner,
					b->types[idx].name);
		}
		if (scalar(m, b, idx) != CIM_OK) {
			return m->res->status;
		}
		if (is_punct(m, '}')) {
			next(m);
			return CIM_OK;
		}
		if (expect_punct(m, ',', "array elements are separated by ','.") != CIM_OK) {
			return m->res->status;
		}
	}
}

static enum cim_status property(struct mof *m, struct cim_builder *b)
{
	char name[MOF_TOKEN_MAX];
	int idx;

	if (m->tok != T_IDENT) {
		return syntax(m, m->tok == T_BAD ? m->bad : "a property name is expected.");
	}
	if (m->len >= sizeof(name)) {
		return syntax(m, "a property name is too long.");
	}
	memcpy(name, m->text, m->len);
	name[m->len] = '\0';
	idx = cim_builder_find(b, name);
	if (idx < 0) {
		return m->res->status;
	}
	next(m);
	if (expect_punct(m, '=', "a property name is followed by '='.") != CIM_OK) {
		return m->res->status;
	}
	if (is_punct(m, '{') ? array(m, b, idx) != CIM_OK : scalar(m, b, idx) != CIM_OK) {
		return m->res->status;
	}
	return expect_punct(m, ';', "a property value ends with ';'.");
}

/* "instance of <Class> [as $Alias] {": <Class> is cls or one of its
 * subclasses (DSP0004 5.1.2.13), the class parsed into *actual. */
static enum cim_status header(struct mof *m, const struct cim_class *cls,
			      const struct cim_class **actual)
{
	next(m);
	if (!is_word(m, "instance")) {
		return syntax(m, "the text does not start with 'instance of'.");
	}
	next(m);
	if (!is_word(m, "of")) {
		return syntax(m, "'instance' is not followed by 'of'.");
	}
	next(m);
	if (m->tok != T_IDENT) {
		return syntax(m, "'instance of' is not followed by a class name.");
	}
	*actual = cim_class_accepting(cls, m->text, m->len);
	if (*actual == NULL) {
		return cim_fail(m->res, CIM_ERR_INVALID_PARAMETER,
				"MOF line %u: an instance of %.*s where %s is expected.", m->line,
				(int)(m->len < 64 ? m->len : 64), m->text, cls->name);
	}
	next(m);
	if (is_word(m, "as")) {
		next(m);
		if (m->tok != T_ALIAS) {
			return syntax(m, "'as' is not followed by an alias ($name).");
		}
		next(m);
	}
	return expect_punct(m, '{', "the class name is followed by '{'.");
}

/* Length of the UTF-8 sequence at s (RFC 3629: shortest form, no
 * surrogates, at most U+10FFFF), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
		     : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;

	if (len == 0 || len > n) {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			return 0;
		}
	}
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
	    (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F)) {
		return 0;
	}
	return len;
}

/* MOF is UTF-8 text (DSP0004 7.1); control characters other than white
 * space cannot go back to a client in XML, so they are refused here. */
static bool text_ok(const char *text, size_t len, unsigned *line)
{
	const unsigned char *s = (const unsigned char *)text;

	*line = 1;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence(s + i, len - i);

		if (n == 0 || (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')) {
			return false;
		}
		*line += s[i] == '\n';
		i += n;
	}
	return true;
}

enum cim_status cim_mof_parse(const char *text, size_t len, const struct cim_class *cls,
			      struct cim_arena *arena, struct cim_builder *scratch,
			      struct cim_result *res, struct cim_instance **out)
{
	struct mof m = { .p = text, .end = text + len, .arena = arena, .res = res, .line = 1 };
	struct cim_builder *b = scratch != NULL ? scratch : cim_arena_alloc(arena, sizeof(*b));

	if (!text_ok(text, len, &m.line)) {
		return syntax(&m, "the text is not UTF-8, or holds a control character.");
	}
	m.line = 1;
	if (b == NULL) {
		return cim_arena_full(res);
	}
	if (header(&m, cls, &cls) != CIM_OK) {
		return res->status;
	}
	cim_builder_init_class(b, cls, arena, res);
	while (!is_punct(&m, '}')) {
		if (m.tok == T_END) {
			return syntax(&m, "the instance is not closed with '}'.");
		}
		if (property(&m, b) != CIM_OK) {
			return res->status;
		}
	}
	next(&m);
	if (is_punct(&m, ';')) {
		next(&m);
	}
	if (m.tok != T_END) {
		return syntax(&m, "text after the instance.");
	}
	*out = cim_builder_instance(b, cls);
	return *out != NULL ? CIM_OK : res->status;
}

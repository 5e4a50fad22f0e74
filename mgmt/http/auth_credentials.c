/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "mgmt/http/auth_credentials.h"

/* A read position in the header value and a write position in cred->text. */
struct cursor {
	const char *s;
	size_t len;
	size_t pos;
	char *out;
	char *out_end;
};

/* tchar (RFC 9110 5.6.2) */
static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* token68 without its trailing "=" padding (RFC 9110 11.2) */
static bool is_token68_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("-._~+/", c) != NULL);
}

/* qdtext (RFC 9110 5.6.4): HTAB, SP, VCHAR but DQUOTE and "\", obs-text */
static bool is_qdtext(char c)
{
	unsigned char u = (unsigned char)c;

	return u == '\t' || u == ' ' || u == 0x21U || (u >= 0x23U && u <= 0x5BU) ||
	       (u >= 0x5DU && u <= 0x7EU) || u >= 0x80U;
}

/* What may follow "\" in a quoted-pair (RFC 9110 5.6.4): HTAB, SP, VCHAR, obs-text */
static bool is_quoted_pair_char(char c)
{
	unsigned char u = (unsigned char)c;

	return u == '\t' || (u >= 0x20U && u != 0x7FU);
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static bool at_end(const struct cursor *cur)
{
	return cur->pos >= cur->len;
}

static char peek(const struct cursor *cur)
{
	return at_end(cur) ? '\0' : cur->s[cur->pos];
}

static void skip_ows(struct cursor *cur)
{
	while (!at_end(cur) && is_ows(cur->s[cur->pos])) {
		cur->pos++;
	}
}

/* Append one byte to cred->text; -E2BIG cannot happen with the sizes chosen, but is checked. */
static int emit(struct cursor *cur, char c)
{
	if (cur->out >= cur->out_end) {
		return -E2BIG;
	}
	*cur->out++ = c;
	return 0;
}

/* Copy s[from, to) into cred->text as a NUL-terminated string. */
static int emit_span(struct cursor *cur, size_t from, size_t to, const char **copy)
{
	*copy = cur->out;
	for (size_t i = from; i < to; i++) {
		if (emit(cur, cur->s[i]) != 0) {
			return -E2BIG;
		}
	}
	return emit(cur, '\0');
}

static int take_token(struct cursor *cur, const char **copy, size_t *copy_len)
{
	size_t start = cur->pos;

	while (!at_end(cur) && is_tchar(cur->s[cur->pos])) {
		cur->pos++;
	}
	if (cur->pos == start) {
		return -EINVAL;
	}
	if (copy_len != NULL) {
		*copy_len = cur->pos - start;
	}
	return emit_span(cur, start, cur->pos, copy);
}

/*
 * Whether the rest of the value is the token68 form: token68 characters, "="
 * padding, then nothing but whitespace; *end is where the token68 ends.
 * Anything else is an auth-param list (RFC 9110 11.4 allows one or the other).
 */
static bool rest_is_token68(const struct cursor *cur, size_t *end)
{
	size_t i = cur->pos;

	while (i < cur->len && is_token68_char(cur->s[i])) {
		i++;
	}
	if (i == cur->pos) {
		return false;
	}
	while (i < cur->len && cur->s[i] == '=') {
		i++;
	}
	*end = i;
	while (i < cur->len && is_ows(cur->s[i])) {
		i++;
	}
	return i == cur->len;
}

/* quoted-string (RFC 9110 5.6.4), unescaped into cred->text. */
static int take_quoted(struct cursor *cur, const char **copy, size_t *copy_len)
{
	*copy = cur->out;
	cur->pos++;	/* the opening DQUOTE */
	while (!at_end(cur) && cur->s[cur->pos] != '"') {
		char c = cur->s[cur->pos++];

		if (c == '\\') {
			if (at_end(cur) || !is_quoted_pair_char(cur->s[cur->pos])) {
				return -EINVAL;
			}
			c = cur->s[cur->pos++];
		} else if (!is_qdtext(c)) {
			return -EINVAL;
		}
		if (emit(cur, c) != 0) {
			return -E2BIG;
		}
	}
	if (at_end(cur)) {
		return -EINVAL;	/* no closing DQUOTE: a truncated value */
	}
	cur->pos++;
	*copy_len = (size_t)(cur->out - *copy);
	return emit(cur, '\0');
}

/* auth-param = token BWS "=" BWS ( token / quoted-string ) */
static int take_param(struct cursor *cur, struct auth_credentials *out)
{
	struct auth_param param;
	int rc;

	if (out->param_count >= AUTH_PARAMS_MAX) {
		return -E2BIG;
	}
	rc = take_token(cur, &param.name, NULL);
	if (rc != 0) {
		return rc;
	}
	skip_ows(cur);
	if (peek(cur) != '=') {
		return -EINVAL;
	}
	cur->pos++;
	skip_ows(cur);
	if (peek(cur) == '"') {
		rc = take_quoted(cur, &param.value, &param.value_len);
	} else {
		rc = take_token(cur, &param.value, &param.value_len);
	}
	if (rc != 0) {
		return rc;
	}
	if (auth_credentials_param(out, param.name) != NULL) {
		return -EINVAL;	/* RFC 9110 11.2: a name occurs only once */
	}
	out->param[out->param_count++] = param;
	return 0;
}

/* #auth-param: elements separated by "," with optional whitespace; empty elements allowed. */
static int take_param_list(struct cursor *cur, struct auth_credentials *out)
{
	for (;;) {
		int rc;

		while (is_ows(peek(cur)) || peek(cur) == ',') {
			cur->pos++;
		}
		if (at_end(cur)) {
			return 0;
		}
		rc = take_param(cur, out);
		if (rc != 0) {
			return rc;
		}
		skip_ows(cur);
		if (!at_end(cur) && peek(cur) != ',') {
			return -EINVAL;
		}
	}
}

int auth_credentials_parse(const char *value, struct auth_credentials *out)
{
	struct cursor cur = {
		.s = value,
		.len = strnlen(value, AUTH_HEADER_MAX + 1U),
		.out = out->text,
		.out_end = out->text + sizeof(out->text),
	};
	size_t end;
	int rc;

	out->scheme = NULL;
	out->token68 = NULL;
	out->param_count = 0;
	if (cur.len > AUTH_HEADER_MAX) {
		return -E2BIG;
	}
	skip_ows(&cur);
	rc = take_token(&cur, &out->scheme, NULL);
	if (rc != 0 || at_end(&cur)) {
		return rc;
	}
	if (!is_ows(peek(&cur))) {
		return -EINVAL;	/* RFC 9110 11.4: 1*SP after the scheme */
	}
	skip_ows(&cur);
	if (rest_is_token68(&cur, &end)) {
		return emit_span(&cur, cur.pos, end, &out->token68);
	}
	return take_param_list(&cur, out);
}

const struct auth_param *auth_credentials_param(const struct auth_credentials *cred,
						const char *name)
{
	for (uint32_t i = 0; i < cred->param_count; i++) {
		if (auth_token_equal(cred->param[i].name, name)) {
			return &cred->param[i];
		}
	}
	return NULL;
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool auth_token_equal(const char *a, const char *b)
{
	while (*a != '\0' && ascii_lower(*a) == ascii_lower(*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

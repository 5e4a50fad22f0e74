/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "tools/vmanctl/netrc.h"

struct netrc_lexer {
	const char *p, *end;
	unsigned line;
	char token[NETRC_TOKEN_MAX];
};

static void skip_space(struct netrc_lexer *lx)
{
	while (lx->p < lx->end && isspace((unsigned char)*lx->p)) {
		lx->line += *lx->p == '\n';
		lx->p++;
	}
}

/* macdef's body runs to the first empty line (ftp(1) "macdef"). */
static void skip_macro(struct netrc_lexer *lx)
{
	while (lx->p < lx->end) {
		if (*lx->p == '\n') {
			lx->line++;
			if (lx->p + 1 < lx->end && lx->p[1] == '\n') {
				lx->p += 2;
				lx->line++;
				return;
			}
		}
		lx->p++;
	}
}

static int append(struct netrc_lexer *lx, size_t *n, char c)
{
	if (*n + 1 >= sizeof(lx->token)) {
		return -EINVAL;
	}
	lx->token[(*n)++] = c;
	return 0;
}

static int read_quoted(struct netrc_lexer *lx, size_t *n)
{
	for (lx->p++; lx->p < lx->end && *lx->p != '"'; lx->p++) {
		if (*lx->p == '\\' && lx->p + 1 < lx->end) {
			lx->p++;
		}
		lx->line += *lx->p == '\n';
		if (append(lx, n, *lx->p) < 0) {
			return -EINVAL;
		}
	}
	if (lx->p >= lx->end) {
		return -EINVAL;		/* unterminated quote */
	}
	lx->p++;
	return 0;
}

/* The next token into lx->token: 1, 0 at the end, -EINVAL when malformed. */
static int next_token(struct netrc_lexer *lx)
{
	size_t n = 0;

	skip_space(lx);
	if (lx->p >= lx->end) {
		return 0;
	}
	if (*lx->p == '"') {
		if (read_quoted(lx, &n) < 0) {
			return -EINVAL;
		}
	} else {
		for (; lx->p < lx->end && !isspace((unsigned char)*lx->p); lx->p++) {
			if (append(lx, &n, *lx->p) < 0) {
				return -EINVAL;
			}
		}
	}
	lx->token[n] = '\0';
	return 1;
}

struct netrc_match {
	bool in_entry, matches, found;
	struct netrc_entry cur;
};

/* An entry ends: keep it if it is the one asked for. */
static void entry_end(struct netrc_match *m, const char *login, struct netrc_entry *out)
{
	if (m->in_entry && m->matches && !m->found &&
	    (login == NULL || strcmp(m->cur.login, login) == 0)) {
		*out = m->cur;
		m->found = true;
	}
	m->in_entry = false;
}

static int value_into(struct netrc_lexer *lx, char *dst)
{
	if (next_token(lx) != 1) {
		return -EINVAL;
	}
	memcpy(dst, lx->token, sizeof(lx->token));
	return 0;
}

/* One keyword and its value; `default` is matched in a second pass. */
static int keyword(struct netrc_lexer *lx, struct netrc_match *m, const char *host,
		   bool want_default, const char *login, struct netrc_entry *out)
{
	if (strcmp(lx->token, "machine") == 0 || strcmp(lx->token, "default") == 0) {
		bool is_default = lx->token[0] == 'd';

		entry_end(m, login, out);
		m->in_entry = true;
		memset(&m->cur, 0, sizeof(m->cur));
		if (is_default) {
			m->matches = want_default;
			return 0;
		}
		if (next_token(lx) != 1) {
			return -EINVAL;
		}
		m->matches = !want_default && strcmp(lx->token, host) == 0;
		return 0;
	}
	if (strcmp(lx->token, "login") == 0) {
		return value_into(lx, m->cur.login);
	}
	if (strcmp(lx->token, "password") == 0) {
		return value_into(lx, m->cur.password);
	}
	if (strcmp(lx->token, "account") == 0) {
		return next_token(lx) == 1 ? 0 : -EINVAL;
	}
	if (strcmp(lx->token, "macdef") == 0) {
		entry_end(m, login, out);
		if (next_token(lx) != 1) {
			return -EINVAL;
		}
		skip_macro(lx);
		return 0;
	}
	return -EINVAL;			/* a stray token */
}

static int pass(const char *text, size_t len, const char *host, bool want_default,
		const char *login, struct netrc_entry *out, unsigned *line)
{
	struct netrc_lexer lx = { .p = text, .end = text + len, .line = 1 };
	struct netrc_match m = { 0 };
	int rc;

	while ((rc = next_token(&lx)) == 1) {
		unsigned keyword_line = lx.line;

		if (keyword(&lx, &m, host, want_default, login, out) < 0) {
			*line = keyword_line;	/* where the entry's problem starts */
			return -EINVAL;
		}
	}
	if (rc < 0) {
		*line = lx.line;
		return -EINVAL;
	}
	entry_end(&m, login, out);
	return m.found ? 0 : -ENOENT;
}

int netrc_find(const char *text, size_t len, const char *host, const char *login,
	       struct netrc_entry *out, unsigned *line)
{
	int rc = pass(text, len, host, false, login, out, line);

	if (rc != -ENOENT) {
		return rc;
	}
	return pass(text, len, host, true, login, out, line);
}

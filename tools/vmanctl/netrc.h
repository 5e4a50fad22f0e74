/* SPDX-License-Identifier: MIT */
/*
 * ~/.netrc (the ftp(1)/curl(1) format): `machine HOST login USER password
 * SECRET`, `default ...`, `macdef NAME` bodies skipped up to a blank line,
 * tokens separated by any white space, "double quoted" tokens with \" and \\.
 */
#ifndef VMANCTL_NETRC_H
#define VMANCTL_NETRC_H

#include <stddef.h>

#define NETRC_TOKEN_MAX	256

struct netrc_entry {
	char login[NETRC_TOKEN_MAX];	/* "" when the entry has none */
	char password[NETRC_TOKEN_MAX];	/* "" when the entry has none */
};

/*
 * netrc_find - the entry for HOST in TEXT (LEN bytes, NUL not needed).
 * With LOGIN non-NULL only an entry with that login matches (as curl does
 * when the user is given).  The first matching `machine` wins; `default`
 * matches when no machine does.
 * Returns 0, -ENOENT (no entry), or -EINVAL (malformed: a keyword without
 * its value, a token longer than NETRC_TOKEN_MAX - 1, an unterminated
 * quote), with *LINE the line of the problem.
 */
int netrc_find(const char *text, size_t len, const char *host, const char *login,
	       struct netrc_entry *out, unsigned *line);

#endif

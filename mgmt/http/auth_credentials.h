/* SPDX-License-Identifier: MIT */
/*
 * The syntax of an Authorization header value (RFC 9110 11.4, 11.6.2):
 *
 *   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param  = token BWS "=" BWS ( token / quoted-string )
 *
 * Parsing is separate from what Digest and Basic make of the result, so the
 * grammar has one implementation and one fuzzer.  It never allocates and
 * never reads past the value's terminating NUL or past AUTH_HEADER_MAX.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_CREDENTIALS_H
#define VMANHV_MGMT_HTTP_AUTH_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A Digest header with SHA-256, a 64-byte user name, a 256-byte URI and the
 * 64-digit nonce of auth_nonce.h is under 800 bytes; longer is refused.
 */
#define AUTH_HEADER_MAX		1024U
#define AUTH_PARAMS_MAX		16U	/* Digest defines 13 */

struct auth_param {
	const char *name;		/* a token, as received */
	const char *value;		/* unquoted and unescaped, NUL-terminated */
	size_t value_len;
};

struct auth_credentials {
	const char *scheme;		/* a token, as received: compare case-insensitively */
	const char *token68;		/* the token68 form (Basic), or NULL */
	struct auth_param param[AUTH_PARAMS_MAX];
	uint32_t param_count;
	/* NUL-terminated copies of every part; unescaping only shrinks text. */
	char text[AUTH_HEADER_MAX + 2U * AUTH_PARAMS_MAX + 2U];
};

/*
 * Parse an Authorization header value into *out.  Tolerates parameters in
 * any order, tokens or quoted strings for any value, optional whitespace
 * around "=" and ",", and empty list elements (RFC 9110 5.6.1).
 * Returns 0, -EINVAL for a syntax error (including a repeated parameter,
 * RFC 9110 11.2) or -E2BIG for a value longer than AUTH_HEADER_MAX or with
 * more than AUTH_PARAMS_MAX parameters.
 */
int auth_credentials_parse(const char *value, struct auth_credentials *out);

/* The value of parameter `name` (case-insensitive, RFC 9110 11.2), or NULL. */
const struct auth_param *auth_credentials_param(const struct auth_credentials *cred,
						const char *name);

/* ASCII case-insensitive equality of two tokens (RFC 9110 11.1, 11.2). */
bool auth_token_equal(const char *a, const char *b);

#endif

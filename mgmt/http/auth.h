/* SPDX-License-Identifier: MIT */
/*
 * Authentication of management requests (DESIGN.md section 6): HTTP Digest
 * (RFC 7616: SHA-256, and MD5 for old clients) on HTTP and HTTPS, Basic
 * (RFC 7617) only over TLS.  Nonces expire and are single-use per nonce
 * count; failed attempts are rate-limited per source address.  There is no
 * built-in password: the credentials come from the firmware command line or
 * are generated once and printed on the console.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_H
#define VMANHV_MGMT_HTTP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mgmt/http/http.h"

#define AUTH_USER_MAX		64U
#define AUTH_USERS_MAX		8U	/* management users (accounts) at most */
#define AUTH_PASSWORD_MAX	128U	/* bytes; Basic decodes into a buffer this long */
#define AUTH_REALM		"vmanhv"
/* A generated one-time password: 16 of 56 unambiguous characters, about 93 bits. */
#define AUTH_GENERATED_PASSWORD_LEN	16U

struct auth_context;

/* A random-byte source with mbedTLS's f_rng signature: 0 on success. */
typedef int (*auth_random_fn)(void *rng_ctx, unsigned char *out, size_t len);

/*
 * Create the authentication state.  user/password come from the command
 * line (`user=`, `password=`), or password is NULL and a random one-time
 * password is drawn from rng; then *generated points at it (owned by the
 * context) so boot can print it once.  Nonces are drawn from rng too.
 * user defaults to "admin" when NULL.  NULL on allocation failure, a failing
 * rng, password NULL with generated NULL, or credentials that could not be
 * sent: a user name empty, longer than AUTH_USER_MAX or holding ":" or a
 * control character (RFC 7617 2), a password empty, longer than
 * AUTH_PASSWORD_MAX or holding a control character.
 */
struct auth_context *auth_create(const char *user, const char *password, auth_random_fn rng,
				 void *rng_ctx, const char **generated);
void auth_destroy(struct auth_context *auth);

/*
 * The management users beyond the first (DSP1034 accounts, docs/auth.md):
 * names and passwords as auth_create() accepts them.
 * auth_user_add: 0, -EINVAL (not sendable), -EEXIST, -ENOSPC, -EIO.
 * auth_user_set_password: 0, -EINVAL, -ENOENT, -EIO.
 * auth_user_remove: 0, -ENOENT, -EBUSY (the last user is never removed).
 * auth_user_name: the i-th user's name (0-based, in the order added), NULL past the last.
 */
int auth_user_add(struct auth_context *auth, const char *user, const char *password);
int auth_user_set_password(struct auth_context *auth, const char *user, const char *password);
int auth_user_remove(struct auth_context *auth, const char *user);
const char *auth_user_name(const struct auth_context *auth, uint32_t i);

enum auth_result {
	AUTH_OK = 0,
	AUTH_CHALLENGE,		/* resp is a 401 with WWW-Authenticate challenges */
	AUTH_RATE_LIMITED,	/* resp is a 429 (or 401 with Retry-After) */
	AUTH_BAD_REQUEST,	/* resp is a 400: malformed Authorization header */
};

/*
 * Check req's Authorization header.  On anything but AUTH_OK, resp has been
 * filled with the reply to send.  now_ms is the monotonic clock.
 * A request without an Authorization header gets AUTH_CHALLENGE and does not
 * count as a failed attempt, nor does a right digest with an expired nonce
 * (stale=true); every other refused Authorization header does.
 * @pre resp was set up by http_response_init() and has no headers yet.
 */
enum auth_result auth_check(struct auth_context *auth, const struct http_request *req,
			    struct http_response *resp, uint64_t now_ms);

#endif

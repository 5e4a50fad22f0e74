/* SPDX-License-Identifier: MIT */
/*
 * What auth.c and auth_verify.c share: the context and the verdict of one
 * Authorization header.  Not for other modules: they use auth.h.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_INTERNAL_H
#define VMANHV_MGMT_HTTP_AUTH_INTERNAL_H

#include <stdint.h>

#include "mgmt/http/auth.h"
#include "mgmt/http/auth_credentials.h"
#include "mgmt/http/auth_digest.h"
#include "mgmt/http/auth_nonce.h"
#include "mgmt/http/auth_ratelimit.h"
#include "mgmt/http/auth_users.h"

#define AUTH_OPAQUE_BYTES	16U

/*
 * The secrets kept are H(A1) per Digest algorithm (RFC 7616 3.4.2), never a
 * password given on the command line; docs/auth.md says why that suffices
 * for Basic too.
 */
struct auth_context {
	struct auth_users users;	/* never empty after auth_create */
	char opaque[2U * AUTH_OPAQUE_BYTES + 1U];	/* the same in every challenge */
	char generated[AUTH_GENERATED_PASSWORD_LEN + 1U]; /* "" unless generated */
	auth_random_fn rng;
	void *rng_ctx;
	struct auth_nonces nonces;
	struct auth_ratelimit ratelimit;
};

enum auth_verdict {
	AUTH_VERDICT_OK = 0,
	AUTH_VERDICT_DENIED,	/* 401 with fresh challenges; counts as a failure */
	AUTH_VERDICT_STALE,	/* right digest, old nonce: 401 stale=true (RFC 7616 3.3) */
	AUTH_VERDICT_MALFORMED,	/* 400; counts as a failure */
};

/* Digest credentials (RFC 7616 3.4) for req, at now_ms. */
enum auth_verdict auth_verify_digest(struct auth_context *auth,
				     const struct auth_credentials *cred,
				     const struct http_request *req, uint64_t now_ms);

/* Basic credentials (RFC 7617 2); the caller has checked the transport. */
enum auth_verdict auth_verify_basic(const struct auth_context *auth,
				    const struct auth_credentials *cred);

#endif

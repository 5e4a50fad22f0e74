/* SPDX-License-Identifier: MIT */
/*
 * One SOAP exchange over HTTP(S) with libcurl: HTTP Digest on http://
 * (RFC 7616; the endpoint never takes Basic in clear), Basic on https://
 * once the server's key matches its pin (tls_pin.h).  The handle is kept
 * for the session, so the connection and the Digest nonce are reused.
 */
#ifndef VMANCTL_TRANSPORT_H
#define VMANCTL_TRANSPORT_H

#include <stddef.h>

#include "tools/vmanctl/vmanctl.h"

#define TRANSPORT_REPLY_MAX	(16u * 1024 * 1024)

struct transport_reply {
	char *data;		/* NUL-terminated; free() it */
	size_t len;
	long status;		/* the HTTP status */
};

/*
 * transport_post - POST BODY to v->url and wait for the reply.
 * Returns VMANCTL_OK with *REPLY filled (any status but 401: WS-Man faults
 * come with 400 and 500, DSP0226 R13.1-1), or, having said why:
 * VMANCTL_UNREACHABLE, VMANCTL_AUTH (401), VMANCTL_PIN.
 */
int transport_post(struct vmanctl *v, const char *body, size_t len,
		   struct transport_reply *reply);

/* transport_close - the handle and its connection. */
void transport_close(struct vmanctl *v);

#endif

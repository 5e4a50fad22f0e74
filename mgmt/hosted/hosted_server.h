/* SPDX-License-Identifier: MIT */
/*
 * The hosted build's HTTP front end (docs/bench.md): the firmware's request
 * parser, dispatch and response head (mgmt/http/http_parser.h,
 * http_dispatch.h, http_message.h) on a POSIX TCP socket, driven by one
 * poll() loop instead of lwIP's callbacks.  Plain HTTP only: TLS is the
 * firmware's altcp_tls, which has no hosted counterpart here.
 */
#ifndef VMANHV_MGMT_HOSTED_HOSTED_SERVER_H
#define VMANHV_MGMT_HOSTED_HOSTED_SERVER_H

#include <signal.h>
#include <stdint.h>

#include "mgmt/http/http_server.h"

/* More than the firmware's HTTP_CONN_MAX: a benchmark may open many. */
#define HOSTED_CONN_MAX		64U

struct hosted_server;

/*
 * Listen on 127.0.0.1:port (0: a free port the kernel picks) for cfg's
 * routes.  cfg->tls must be NULL.  NULL with errno set on failure.
 */
struct hosted_server *hosted_server_open(const struct http_server_config *cfg, uint16_t port);

/* The port actually listened on. */
uint16_t hosted_server_port(const struct hosted_server *s);

/*
 * Serve until *stop becomes non-zero (a signal handler sets it).
 * 0, or -errno when poll() fails for another reason than a signal.
 */
int hosted_server_run(struct hosted_server *s, volatile sig_atomic_t *stop);

/* Close every connection and the listener; s is gone. */
void hosted_server_close(struct hosted_server *s);

#endif

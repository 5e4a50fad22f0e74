/* SPDX-License-Identifier: MIT */
/*
 * vmanctl: the operator's command-line client of a vmanhv host's WS-Man
 * endpoint (DSP0226 over HTTP Digest or HTTPS Basic, the DMTF virtualization
 * profiles of docs/profiles.md).  This header holds what every command
 * shares: the session, the exit codes (docs/vmanctl.md "Exit status") and
 * the one way of telling the operator about an error.
 */
#ifndef VMANCTL_H
#define VMANCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "tools/vmanctl/pin.h"

#define VMANCTL_VERSION		"0.1.0"
#define VMANCTL_TOKEN_MAX	256
#define VMANCTL_HOSTPORT_MAX	300
#define VMANCTL_PATH_MAX	1024

/* Exit status, the same for every command (documented in docs/vmanctl.1). */
enum vmanctl_exit {
	VMANCTL_OK = 0,		/* done */
	VMANCTL_FAILED = 1,	/* the server refused or the operation failed */
	VMANCTL_USAGE = 2,	/* bad command line, missing credentials */
	VMANCTL_UNREACHABLE = 3,	/* no connection, TLS failure, no or bad reply */
	VMANCTL_AUTH = 4,	/* wrong user name or password (HTTP 401) */
	VMANCTL_PIN = 5,	/* the server's key differs from the pinned one */
};

struct vmanctl {
	/* from the command line, the environment, netrc (credentials.c) */
	char url[VMANCTL_PATH_MAX];
	char user[VMANCTL_TOKEN_MAX];
	char password[VMANCTL_TOKEN_MAX];
	const char *password_file;
	const char *netrc_file;		/* NULL: ~/.netrc */
	char known_hosts[VMANCTL_PATH_MAX];
	bool json;
	bool verbose;			/* -v: each request and reply on stderr */
	long timeout_s;			/* one request; a job's whole wait */

	/* the connection (transport.c) */
	void *curl;			/* CURL *, reused: keep-alive and Digest */
	bool https;
	char hostport[VMANCTL_HOSTPORT_MAX];	/* "host:port", the pin's key */
	char pin[PIN_MAX];		/* "" until known */
};

/* vmanctl_error - "vmanctl: MESSAGE" on stderr. */
void vmanctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* vmanctl_note - like vmanctl_error, for what is not an error. */
void vmanctl_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Failed authentication attempts per source address (RFC 7616 5.1 and
 * RFC 7617 4 leave online guessing to the server; Intel AMT's management
 * port had no such limit).  AUTH_FAILURES_MAX failures within
 * AUTH_FAILURE_WINDOW_MS lock a source out for AUTH_FAILURE_WINDOW_MS; a
 * success clears its record.  The table is bounded; when it is full the
 * source that failed least recently is forgotten.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_RATELIMIT_H
#define VMANHV_MGMT_HTTP_AUTH_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define AUTH_SOURCES_MAX	64U
#define AUTH_FAILURES_MAX	5U
#define AUTH_FAILURE_WINDOW_MS	60000ULL

struct auth_source {
	uint32_t ipv4;
	uint32_t failures;		/* within the current window */
	uint64_t window_start_ms;	/* the window's first failure */
	uint64_t last_failure_ms;	/* least recent is evicted first */
	uint64_t locked_until_ms;	/* locked while now < this */
	bool in_use;
};

struct auth_ratelimit {
	struct auth_source source[AUTH_SOURCES_MAX];
};

void auth_ratelimit_init(struct auth_ratelimit *rl);

/* Seconds (rounded up, at least 1) until ipv4 may try again; 0 when it may now. */
uint32_t auth_ratelimit_retry_after(const struct auth_ratelimit *rl, uint32_t ipv4,
				    uint64_t now_ms);

void auth_ratelimit_failure(struct auth_ratelimit *rl, uint32_t ipv4, uint64_t now_ms);
void auth_ratelimit_success(struct auth_ratelimit *rl, uint32_t ipv4);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Digest nonces (RFC 7616 3.3, 5.4, 5.5).  A nonce is
 *
 *   hex( issue time (8 bytes, ms) | random (8) | HMAC-SHA-256(key, both)[0..16) )
 *
 * so any nonce this boot issued is recognised, and its age known, without
 * keeping challenges: a flood of unauthenticated requests costs no state.
 * Only nonces that have authenticated a request enter a bounded table, which
 * remembers the nonce-counts seen (a replay is refused).  When the table is
 * full the oldest nonce is evicted, and every nonce issued no later than an
 * evicted one counts as stale from then on, so an eviction can never reopen a
 * nonce to replays.
 */
#ifndef VMANHV_MGMT_HTTP_AUTH_NONCE_H
#define VMANHV_MGMT_HTTP_AUTH_NONCE_H

#include <stdbool.h>
#include <stdint.h>

#define AUTH_NONCE_LIFETIME_MS	(5ULL * 60ULL * 1000ULL)	/* older: stale=true */
#define AUTH_NONCES_MAX		64U
#define AUTH_NONCE_RANDOM_BYTES	8U
#define AUTH_NONCE_KEY_BYTES	32U
#define AUTH_NONCE_ID_BYTES	(8U + AUTH_NONCE_RANDOM_BYTES)	/* time and random */
#define AUTH_NONCE_BYTES	(AUTH_NONCE_ID_BYTES + 16U)	/* and the MAC */
#define AUTH_NONCE_HEX_LEN	(2U * AUTH_NONCE_BYTES)
/*
 * Nonce-counts accepted per nonce: any count not seen yet within this window
 * below the highest one, so requests sent in parallel with one nonce may
 * arrive out of order (the sliding window of RFC 4303 3.4.3).
 */
#define AUTH_NC_WINDOW		64U

struct auth_nonce_entry {
	uint8_t id[AUTH_NONCE_ID_BYTES];
	uint64_t issued_ms;
	uint32_t nc_max;	/* highest nonce-count accepted */
	uint64_t nc_seen;	/* bit i: nc_max - i was accepted */
	bool in_use;
};

struct auth_nonces {
	uint8_t key[AUTH_NONCE_KEY_BYTES];	/* HMAC key, random per boot */
	bool has_evicted;
	uint64_t evicted_issued_ms;		/* newest issue time ever evicted */
	struct auth_nonce_entry entry[AUTH_NONCES_MAX];
};

enum auth_nonce_status {
	AUTH_NONCE_FRESH = 0,	/* issued here, in time, nonce-count not seen: recorded */
	AUTH_NONCE_STALE,	/* issued here but expired or evicted */
	AUTH_NONCE_UNKNOWN,	/* not issued by this boot's key */
	AUTH_NONCE_REPLAY,	/* the nonce-count was seen already */
};

void auth_nonces_init(struct auth_nonces *nonces, const uint8_t key[AUTH_NONCE_KEY_BYTES]);

/*
 * A new nonce issued at now_ms from fresh random bytes, as
 * AUTH_NONCE_HEX_LEN lower-case hex digits and a NUL.  0, or -EIO.
 */
int auth_nonce_issue(const struct auth_nonces *nonces,
		     const uint8_t random[AUTH_NONCE_RANDOM_BYTES], uint64_t now_ms,
		     char nonce[AUTH_NONCE_HEX_LEN + 1U]);

/*
 * Use nonce with nonce-count nc (> 0) at now_ms; only for a request whose
 * digest is right, so that no one without the password moves a count.
 */
enum auth_nonce_status auth_nonce_use(struct auth_nonces *nonces, const char *nonce, uint32_t nc,
				      uint64_t now_ms);

#endif

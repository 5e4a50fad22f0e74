/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <mbedtls/constant_time.h>
#include <mbedtls/md.h>

#include "mgmt/http/auth_digest.h"
#include "mgmt/http/auth_nonce.h"

#define MAC_BYTES	(AUTH_NONCE_BYTES - AUTH_NONCE_ID_BYTES)

void auth_nonces_init(struct auth_nonces *nonces, const uint8_t key[AUTH_NONCE_KEY_BYTES])
{
	memset(nonces, 0, sizeof(*nonces));
	memcpy(nonces->key, key, AUTH_NONCE_KEY_BYTES);
}

/* The first MAC_BYTES of HMAC-SHA-256(key, id): truncation as in RFC 2104 5. */
static int nonce_mac(const struct auth_nonces *nonces, const uint8_t id[AUTH_NONCE_ID_BYTES],
		     uint8_t mac[MAC_BYTES])
{
	uint8_t full[32] = { 0 };
	int rc = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), nonces->key,
				 sizeof(nonces->key), id, AUTH_NONCE_ID_BYTES, full);

	memcpy(mac, full, MAC_BYTES);
	return rc == 0 ? 0 : -EIO;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	for (unsigned int i = 0; i < 8U; i++) {
		p[i] = (uint8_t)(v >> (56U - 8U * i));
	}
}

static uint64_t get_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8U; i++) {
		v = v << 8 | p[i];
	}
	return v;
}

int auth_nonce_issue(const struct auth_nonces *nonces,
		     const uint8_t random[AUTH_NONCE_RANDOM_BYTES], uint64_t now_ms,
		     char nonce[AUTH_NONCE_HEX_LEN + 1U])
{
	uint8_t raw[AUTH_NONCE_BYTES];

	put_be64(raw, now_ms);
	memcpy(raw + 8, random, AUTH_NONCE_RANDOM_BYTES);
	if (nonce_mac(nonces, raw, raw + AUTH_NONCE_ID_BYTES) != 0) {
		return -EIO;
	}
	auth_hex_encode(raw, sizeof(raw), nonce);
	return 0;
}

/* Whether nonce is one of ours; then *issued_ms is when it was issued. */
static bool nonce_is_authentic(const struct auth_nonces *nonces, const char *nonce,
			       uint8_t raw[AUTH_NONCE_BYTES], uint64_t *issued_ms)
{
	uint8_t mac[MAC_BYTES];

	if (auth_hex_decode(nonce, raw, AUTH_NONCE_BYTES) != 0 ||
	    nonce_mac(nonces, raw, mac) != 0 ||
	    mbedtls_ct_memcmp(mac, raw + AUTH_NONCE_ID_BYTES, MAC_BYTES) != 0) {
		return false;
	}
	*issued_ms = get_be64(raw);
	return true;
}

static struct auth_nonce_entry *entry_find(struct auth_nonces *nonces, const uint8_t *id)
{
	for (uint32_t i = 0; i < AUTH_NONCES_MAX; i++) {
		struct auth_nonce_entry *e = &nonces->entry[i];

		if (e->in_use && memcmp(e->id, id, AUTH_NONCE_ID_BYTES) == 0) {
			return e;
		}
	}
	return NULL;
}

/* A free entry, or the one issued first. */
static struct auth_nonce_entry *entry_victim(struct auth_nonces *nonces)
{
	struct auth_nonce_entry *oldest = &nonces->entry[0];

	for (uint32_t i = 0; i < AUTH_NONCES_MAX; i++) {
		struct auth_nonce_entry *e = &nonces->entry[i];

		if (!e->in_use) {
			return e;
		}
		if (e->issued_ms < oldest->issued_ms) {
			oldest = e;
		}
	}
	return oldest;
}

/*
 * An entry for a nonce used for the first time, or NULL when it would be the
 * oldest in a full table (it would be evicted at once: stale).  Evicting
 * raises the watermark below which unknown nonces are stale.
 */
static struct auth_nonce_entry *entry_admit(struct auth_nonces *nonces, const uint8_t *id,
					    uint64_t issued_ms)
{
	struct auth_nonce_entry *e = entry_victim(nonces);

	if (e->in_use) {
		if (e->issued_ms > issued_ms) {
			return NULL;
		}
		if (!nonces->has_evicted || e->issued_ms > nonces->evicted_issued_ms) {
			nonces->evicted_issued_ms = e->issued_ms;
		}
		nonces->has_evicted = true;
	}
	memset(e, 0, sizeof(*e));
	memcpy(e->id, id, AUTH_NONCE_ID_BYTES);
	e->issued_ms = issued_ms;
	e->in_use = true;
	return e;
}

/* Accept nc once: above the highest so far, or unseen within the window below it. */
static bool nc_accept(struct auth_nonce_entry *e, uint32_t nc)
{
	uint32_t behind;

	if (nc > e->nc_max) {
		uint32_t shift = nc - e->nc_max;

		e->nc_seen = shift >= AUTH_NC_WINDOW ? 0U : e->nc_seen << shift;
		e->nc_seen |= 1U;
		e->nc_max = nc;
		return true;
	}
	behind = e->nc_max - nc;
	if (behind >= AUTH_NC_WINDOW || (e->nc_seen >> behind & 1U) != 0U) {
		return false;
	}
	e->nc_seen |= 1ULL << behind;
	return true;
}

enum auth_nonce_status auth_nonce_use(struct auth_nonces *nonces, const char *nonce, uint32_t nc,
				      uint64_t now_ms)
{
	uint8_t raw[AUTH_NONCE_BYTES];
	uint64_t issued_ms;
	struct auth_nonce_entry *e;

	if (!nonce_is_authentic(nonces, nonce, raw, &issued_ms) || issued_ms > now_ms) {
		return AUTH_NONCE_UNKNOWN;
	}
	if (now_ms - issued_ms > AUTH_NONCE_LIFETIME_MS) {
		return AUTH_NONCE_STALE;
	}
	if (nc == 0U) {
		return AUTH_NONCE_REPLAY;	/* counting starts at 1 (RFC 7616 3.4) */
	}
	e = entry_find(nonces, raw);
	if (e == NULL) {
		if (nonces->has_evicted && issued_ms <= nonces->evicted_issued_ms) {
			return AUTH_NONCE_STALE;
		}
		e = entry_admit(nonces, raw, issued_ms);
		if (e == NULL) {
			return AUTH_NONCE_STALE;
		}
	}
	return nc_accept(e, nc) ? AUTH_NONCE_FRESH : AUTH_NONCE_REPLAY;
}

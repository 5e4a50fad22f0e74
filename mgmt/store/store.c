/* SPDX-License-Identifier: MIT */
/*
 * On disk (docs/store.md), partition 2 split in two equal slots; each slot
 * is a header sector and then the payload's sectors:
 *   header: "VMHVSTOR", u32 version, u32 payload bytes, u64 generation,
 *           SHA-256 of the payload, zeros, and in its last 32 bytes the
 *           SHA-256 of the 480 before them;
 *   payload: records of u8 key length, key, u32 value length, value.
 * All little endian.
 */
#include <errno.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "mgmt/store/store.h"

#define MAGIC		"VMHVSTOR"
#define VERSION		1U
#define OFF_VERSION	8U
#define OFF_BYTES	12U
#define OFF_GENERATION	16U
#define OFF_HASH	24U
#define OFF_SELF_HASH	(STORE_SECTOR - 32U)
#define SLOT_MIN	(1U + STORE_PAYLOAD_MAX / STORE_SECTOR)

struct header {
	uint64_t generation;
	uint32_t bytes;
	uint8_t hash[32];
};

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n-- > 0) {
		v = v << 8 | p[n];
	}
	return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void sha256(const void *data, size_t len, uint8_t *out)
{
	(void)mbedtls_sha256_ret(data, len, out, 0);
}

static uint64_t slot_sectors(const struct store_io *io)
{
	return io->sectors / 2;
}

/* --- the header --------------------------------------------------------------- */

static void header_encode(const struct header *h, uint8_t *sector)
{
	memset(sector, 0, STORE_SECTOR);
	memcpy(sector, MAGIC, 8);
	put_le(sector + OFF_VERSION, VERSION, 4);
	put_le(sector + OFF_BYTES, h->bytes, 4);
	put_le(sector + OFF_GENERATION, h->generation, 8);
	memcpy(sector + OFF_HASH, h->hash, 32);
	sha256(sector, OFF_SELF_HASH, sector + OFF_SELF_HASH);
}

/* 1 for a good header, 0 for no header at all (never written), -EBADMSG
 * for one whose checksum or fields are wrong. */
static int header_decode(const uint8_t *sector, uint64_t capacity, struct header *h)
{
	uint8_t hash[32];

	if (memcmp(sector, MAGIC, 8) != 0) {
		return 0;
	}
	sha256(sector, OFF_SELF_HASH, hash);
	if (memcmp(hash, sector + OFF_SELF_HASH, 32) != 0 ||
	    get_le(sector + OFF_VERSION, 4) != VERSION) {
		return -EBADMSG;
	}
	h->bytes = (uint32_t)get_le(sector + OFF_BYTES, 4);
	h->generation = get_le(sector + OFF_GENERATION, 8);
	memcpy(h->hash, sector + OFF_HASH, 32);
	if (h->bytes > STORE_PAYLOAD_MAX || h->bytes > capacity || h->generation == 0) {
		return -EBADMSG;
	}
	return 1;
}

/* --- loading ------------------------------------------------------------------ */

static uint32_t sectors_for(size_t bytes)
{
	return (uint32_t)((bytes + STORE_SECTOR - 1) / STORE_SECTOR);
}

static bool records_ok(const uint8_t *p, size_t len);

/* Read slot's payload into st and check it against h.  0 or -EBADMSG / io error. */
static int load_payload(struct store *st, int slot, const struct header *h)
{
	uint8_t hash[32];
	int err = 0;

	if (h->bytes > 0) {
		err = st->io->read(st->io->ctx, (uint64_t)slot * slot_sectors(st->io) + 1,
				   sectors_for(h->bytes), st->payload);
	}
	if (err != 0) {
		return err;
	}
	sha256(st->payload, h->bytes, hash);
	if (memcmp(hash, h->hash, 32) != 0 || !records_ok(st->payload, h->bytes)) {
		return -EBADMSG;
	}
	st->used = h->bytes;
	st->generation = h->generation;
	st->slot = slot;
	return 0;
}

static int read_headers(struct store *st, struct header h[2], int good[2],
			struct store_report *report)
{
	uint8_t sector[STORE_SECTOR];

	for (int s = 0; s < 2; s++) {
		int err = st->io->read(st->io->ctx, (uint64_t)s * slot_sectors(st->io), 1, sector);

		if (err != 0) {
			return err;
		}
		good[s] = header_decode(sector, (slot_sectors(st->io) - 1) * STORE_SECTOR, &h[s]);
		report->damaged[s] = good[s] < 0;
	}
	return 0;
}

int store_load(struct store *st, const struct store_io *io, struct store_report *report)
{
	struct header h[2];
	int good[2], order[2], err;

	memset(report, 0, sizeof(*report));
	report->slot = -1;
	st->io = io;
	st->generation = 0;
	st->slot = -1;
	st->used = 0;
	if (slot_sectors(io) < SLOT_MIN) {
		return -EINVAL;
	}
	err = read_headers(st, h, good, report);
	if (err != 0) {
		return err;
	}
	/* the newer first; a slot without a good header is never tried */
	order[0] = good[1] > 0 && (good[0] <= 0 || h[1].generation > h[0].generation) ? 1 : 0;
	order[1] = 1 - order[0];
	for (int i = 0; i < 2; i++) {
		int s = order[i];

		if (good[s] <= 0) {
			continue;
		}
		err = load_payload(st, s, &h[s]);
		if (err == 0) {
			report->generation = st->generation;
			report->slot = s;
			return 0;
		}
		if (err != -EBADMSG) {
			return err;
		}
		report->damaged[s] = true;
	}
	st->used = 0;		/* nothing good: start empty, say so */
	return 0;
}

/* --- records ------------------------------------------------------------------ */

struct record {
	size_t start, len;		/* the whole record */
	const char *key;
	size_t key_len;
	const uint8_t *value;
	size_t value_len;
};

/* The record at *off, advancing *off; false at the end or on a bad record. */
static bool next_record(const uint8_t *p, size_t used, size_t *off, struct record *r)
{
	size_t o = *off;

	if (o >= used || used - o < 1U + 4U) {
		return false;
	}
	r->start = o;
	r->key_len = p[o];
	if (r->key_len == 0 || r->key_len >= STORE_KEY_MAX || used - o - 1 < r->key_len + 4U) {
		return false;
	}
	r->key = (const char *)p + o + 1;
	r->value_len = (size_t)get_le(p + o + 1 + r->key_len, 4);
	if (r->value_len > used - o - 1 - r->key_len - 4) {
		return false;
	}
	r->value = p + o + 1 + r->key_len + 4;
	r->len = 1 + r->key_len + 4 + r->value_len;
	*off = o + r->len;
	return true;
}

static bool records_ok(const uint8_t *p, size_t len)
{
	struct record r;
	size_t off = 0;

	while (next_record(p, len, &off, &r)) {
	}
	return off == len;
}

static bool find(const struct store *st, const char *key, struct record *r)
{
	size_t off = 0, n = strlen(key);

	while (next_record(st->payload, st->used, &off, r)) {
		if (r->key_len == n && memcmp(r->key, key, n) == 0) {
			return true;
		}
	}
	return false;
}

const void *store_get(const struct store *st, const char *key, size_t *len)
{
	struct record r;

	if (!find(st, key, &r)) {
		return NULL;
	}
	*len = r.value_len;
	return r.value;
}

int store_remove(struct store *st, const char *key)
{
	struct record r;

	if (!find(st, key, &r)) {
		return -ENOENT;
	}
	memmove(st->payload + r.start, st->payload + r.start + r.len, st->used - r.start - r.len);
	st->used -= r.len;
	return 0;
}

int store_set(struct store *st, const char *key, const void *value, size_t len)
{
	size_t klen = strlen(key), need = 1 + klen + 4 + len, old = 0;
	struct record r;
	uint8_t *p;

	if (klen == 0 || klen >= STORE_KEY_MAX || len > STORE_VALUE_MAX) {
		return -EINVAL;
	}
	if (find(st, key, &r)) {
		old = r.len;
	}
	if (st->used - old + need > STORE_PAYLOAD_MAX) {
		return -ENOSPC;
	}
	if (old != 0) {
		(void)store_remove(st, key);
	}
	p = st->payload + st->used;
	p[0] = (uint8_t)klen;
	memcpy(p + 1, key, klen);
	put_le(p + 1 + klen, len, 4);
	memcpy(p + 1 + klen + 4, value, len);
	st->used += need;
	return 0;
}

void store_each(const struct store *st, void (*fn)(void *ctx, const char *key), void *ctx)
{
	char key[STORE_KEY_MAX];
	struct record r;
	size_t off = 0;

	while (next_record(st->payload, st->used, &off, &r)) {
		memcpy(key, r.key, r.key_len);
		key[r.key_len] = '\0';
		fn(ctx, key);
	}
}

/* --- committing ------------------------------------------------------------------ */

static int write_payload(struct store *st, uint64_t lba)
{
	uint8_t tail[STORE_SECTOR];
	uint32_t whole = (uint32_t)(st->used / STORE_SECTOR);
	size_t rest = st->used % STORE_SECTOR;
	int err = 0;

	if (whole > 0) {
		err = st->io->write(st->io->ctx, lba, whole, st->payload);
	}
	if (err == 0 && rest > 0) {
		memset(tail, 0, sizeof(tail));
		memcpy(tail, st->payload + (size_t)whole * STORE_SECTOR, rest);
		err = st->io->write(st->io->ctx, lba + whole, 1, tail);
	}
	return err;
}

int store_commit(struct store *st)
{
	struct header h = { .generation = st->generation + 1, .bytes = (uint32_t)st->used };
	int target = st->slot == 0 ? 1 : 0;
	uint64_t base = (uint64_t)target * slot_sectors(st->io);
	uint8_t sector[STORE_SECTOR];
	int err;

	sha256(st->payload, st->used, h.hash);
	/* data first, header last: until the header is down, the other slot is newest */
	err = write_payload(st, base + 1);
	if (err == 0) {
		header_encode(&h, sector);
		err = st->io->write(st->io->ctx, base, 1, sector);
	}
	if (err == 0) {
		st->generation = h.generation;
		st->slot = target;
	}
	return err;
}

/* SPDX-License-Identifier: MIT */
/*
 * The configuration store (docs/store.md): named values (credentials, the
 * TLS key and certificate, and the definitions of VMs and pools) kept on
 * partition 2 of the boot disk so that they survive a reboot or a power cut.
 *
 * The partition holds two slots.  A commit writes the whole store, with a
 * generation one higher, into the slot that does not hold the newest copy:
 * its data first, then its header, which carries the data's SHA-256 and its
 * own.  A power cut at any point leaves either the old copy or the new one
 * readable, never a mix: on load the newest slot whose checksums hold wins,
 * and a slot that fails them is reported.
 *
 * Portable: sectors are read and written through struct store_io, so the
 * format and every crash point run hosted in unit tests.
 */
#ifndef VMANHV_MGMT_STORE_STORE_H
#define VMANHV_MGMT_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_SECTOR		512U
/* The whole store, in RAM and on disk.  128 KiB holds the TLS identity
 * (~3 KiB), 16 VM definitions (under 1 KiB each), the users, and one
 * STORE_VALUE_MAX value besides: the payload is static RAM of the
 * management core, whose budget is 1 MiB (docs/bench.md). */
#define STORE_PAYLOAD_MAX	(128U << 10)
#define STORE_KEY_MAX		64U		/* NUL included */
#define STORE_VALUE_MAX		(64U << 10)

/* Sectors of the partition, counted from its start.  Each write is durable
 * when it returns (the ATA driver flushes). */
struct store_io {
	int (*read)(void *ctx, uint64_t lba, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t lba, uint32_t count, const void *buf);
	uint64_t sectors;
	void *ctx;
};

/* What store_load() found, for the one console line it makes. */
struct store_report {
	uint64_t generation;		/* 0: nothing stored yet */
	int slot;			/* 0 or 1; -1 when empty */
	bool damaged[2];		/* a slot with a header whose checksums fail */
};

struct store {
	const struct store_io *io;
	uint64_t generation;		/* of the copy loaded or last committed */
	int slot;			/* where that copy is; -1: none yet */
	size_t used;			/* bytes of payload */
	uint8_t payload[STORE_PAYLOAD_MAX];
};

/*
 * Read both slots and keep the newest good copy.  0 (also for an empty
 * partition: nothing stored yet), -EINVAL (a partition too small for two
 * slots), or the io's read error.  *report says what was found.
 */
int store_load(struct store *st, const struct store_io *io, struct store_report *report);

/* The value of key, or NULL; *len its size. */
const void *store_get(const struct store *st, const char *key, size_t *len);

/* Set or replace (in RAM, until store_commit()).  0, -EINVAL (key empty
 * or too long, value too long), -ENOSPC (the store would exceed its size). */
int store_set(struct store *st, const char *key, const void *value, size_t len);

/* 0, or -ENOENT. */
int store_remove(struct store *st, const char *key);

/* Call fn for every key in the store, in order. */
void store_each(const struct store *st, void (*fn)(void *ctx, const char *key), void *ctx);

/* Write the store as generation + 1 into the other slot.  0 or the io's
 * write error (the previous copy is then still the newest on disk). */
int store_commit(struct store *st);

#endif

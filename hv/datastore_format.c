/* SPDX-License-Identifier: MIT */
/*
 * Directory layout (little endian):
 *   header, 128 bytes: magic "VMHVDATA", u32 version, u32 count,
 *     SHA-256 of the 31 entry slots (all of them, unused ones zero), zeros;
 *   31 entries of 128 bytes: name[48] (NUL-terminated, [A-Za-z0-9._-]),
 *     u64 lba, u64 bytes, SHA-256 of the file, zeros.
 */
#include <errno.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "hv/datastore_format.h"

#define OFF_VERSION	8U
#define OFF_COUNT	12U
#define OFF_DIR_HASH	16U
#define OFF_LBA		48U
#define OFF_BYTES	56U
#define OFF_FILE_HASH	64U

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = bytes; i > 0; i--) {
		v = v << 8 | p[i - 1];
	}
	return v;
}

static bool name_ok(const char *name)
{
	size_t n = strnlen(name, DATASTORE_NAME_MAX);

	if (n == 0 || n == DATASTORE_NAME_MAX) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-')) {
			return false;
		}
	}
	return true;
}

/* One entry: a good name, after the directory, inside the partition. */
static int parse_entry(const uint8_t *e, uint64_t sectors, struct datastore_file *f)
{
	uint64_t first = DATASTORE_DIR_BYTES / DATASTORE_SECTOR, span;

	memcpy(f->name, e, DATASTORE_NAME_MAX);
	f->lba = get_le(e + OFF_LBA, 8);
	f->bytes = get_le(e + OFF_BYTES, 8);
	memcpy(f->sha256, e + OFF_FILE_HASH, sizeof(f->sha256));
	span = f->bytes / DATASTORE_SECTOR + (f->bytes % DATASTORE_SECTOR != 0);
	if (!name_ok(f->name) || f->lba < first || f->lba > sectors || span > sectors - f->lba) {
		return -EINVAL;
	}
	return 0;
}

int datastore_parse(const uint8_t *raw, uint64_t sectors, struct datastore_dir *dir)
{
	const uint8_t *entries = raw + DATASTORE_HEADER_BYTES;
	uint8_t hash[32];
	uint32_t count;

	dir->count = 0;
	if (memcmp(raw, DATASTORE_MAGIC, 8) != 0) {
		return -ENOENT;
	}
	if (get_le(raw + OFF_VERSION, 4) != DATASTORE_VERSION) {
		return -EPROTO;
	}
	if (mbedtls_sha256_ret(entries, DATASTORE_DIR_BYTES - DATASTORE_HEADER_BYTES, hash, 0) != 0 ||
	    memcmp(hash, raw + OFF_DIR_HASH, sizeof(hash)) != 0) {
		return -EBADMSG;
	}
	count = (uint32_t)get_le(raw + OFF_COUNT, 4);
	if (count > DATASTORE_FILES_MAX) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < count; i++) {
		if (parse_entry(entries + i * DATASTORE_ENTRY_BYTES, sectors, &dir->file[i]) != 0 ||
		    datastore_lookup(dir, dir->file[i].name) != NULL) {
			dir->count = 0;
			return -EINVAL;
		}
		dir->count = i + 1;
	}
	return 0;
}

const struct datastore_file *datastore_lookup(const struct datastore_dir *dir, const char *name)
{
	for (uint32_t i = 0; i < dir->count; i++) {
		if (strcmp(dir->file[i].name, name) == 0) {
			return &dir->file[i];
		}
	}
	return NULL;
}

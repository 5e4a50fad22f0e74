/* SPDX-License-Identifier: MIT */
/*
 * The datastore's directory (docs/disk-layout.md, "The datastore"): the
 * first DATASTORE_DIR_BYTES of partition 3 name the files that follow
 * (guest kernels, initrds, later virtual disks), each with its place, size
 * and SHA-256.  tools/mkimage.py writes it; this parses it, trusting
 * nothing: every count, place and size is checked against the partition.
 */
#ifndef VMANHV_HV_DATASTORE_FORMAT_H
#define VMANHV_HV_DATASTORE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATASTORE_MAGIC		"VMHVDATA"
#define DATASTORE_VERSION	1U
#define DATASTORE_DIR_BYTES	4096U		/* 8 sectors */
#define DATASTORE_HEADER_BYTES	128U
#define DATASTORE_ENTRY_BYTES	128U
#define DATASTORE_FILES_MAX	((DATASTORE_DIR_BYTES - DATASTORE_HEADER_BYTES) / \
				 DATASTORE_ENTRY_BYTES)		/* 31 */
#define DATASTORE_NAME_MAX	48U		/* NUL included */
#define DATASTORE_SECTOR	512U

struct datastore_file {
	char name[DATASTORE_NAME_MAX];
	uint64_t lba;			/* first sector, from the partition's start */
	uint64_t bytes;
	uint8_t sha256[32];
};

struct datastore_dir {
	uint32_t count;
	struct datastore_file file[DATASTORE_FILES_MAX];
};

/*
 * Parse the directory in `raw` (DATASTORE_DIR_BYTES) of a partition of
 * `sectors` sectors.  0; -ENOENT (no magic: an empty or foreign
 * partition), -EPROTO (another version), -EBADMSG (the entries' SHA-256
 * does not match), -EINVAL (a count, name, place or size that does not fit).
 */
int datastore_parse(const uint8_t *raw, uint64_t sectors, struct datastore_dir *dir);

/* The file called name, or NULL. */
const struct datastore_file *datastore_lookup(const struct datastore_dir *dir, const char *name);

#endif

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "drivers/ata.h"
#include "hv/boot_disk.h"
#include "hv/datastore.h"
#include "hv/log.h"
#include "hv/mm.h"

#define PAGE_BYTES		4096U

static struct {
	bool ready;
	const struct ata_disk *disk;
	struct boot_disk_part part;
	struct datastore_dir dir;
} store;

static int read_directory(void)
{
	static uint8_t raw[DATASTORE_DIR_BYTES];
	int err = boot_disk_partition(BOOT_DISK_PART_DATASTORE, &store.part);

	if (err != 0) {
		return err;
	}
	if (store.part.sectors < DATASTORE_DIR_BYTES / DATASTORE_SECTOR) {
		return -EINVAL;
	}
	err = ata_read(store.disk, store.part.lba, DATASTORE_DIR_BYTES / DATASTORE_SECTOR, raw);
	return err ?: datastore_parse(raw, store.part.sectors, &store.dir);
}

int datastore_init(void)
{
	int err;

	store.disk = boot_disk();
	if (store.disk == NULL) {
		hv_log("datastore: no boot disk on ATA (guest files only from modules)\n");
		return -ENODEV;
	}
	err = read_directory();
	if (err == -ENOENT) {
		hv_log("datastore: empty (ATA disk \"%s\")\n", store.disk->model);
		return err;
	}
	if (err != 0) {
		hv_log("datastore: unusable directory (error %d), ignored\n", err);
		return err;
	}
	store.ready = true;
	hv_log("datastore: %u file%s on ATA disk \"%s\", partition 3 at LBA %llu\n",
	       store.dir.count, store.dir.count == 1 ? "" : "s", store.disk->model,
	       (unsigned long long)store.part.lba);
	return 0;
}

const struct datastore_file *datastore_find(const char *name)
{
	return store.ready ? datastore_lookup(&store.dir, name) : NULL;
}

int datastore_load(const struct datastore_file *f, uint8_t **data, uint64_t *pages)
{
	uint64_t sectors = (f->bytes + DATASTORE_SECTOR - 1) / DATASTORE_SECTOR;
	uint8_t hash[32];
	int err;

	*pages = (sectors * DATASTORE_SECTOR + PAGE_BYTES - 1) / PAGE_BYTES;
	if (*pages == 0) {
		*pages = 1;	/* an empty file still gets a buffer */
	}
	*data = page_alloc(*pages, 1);
	if (*data == NULL) {
		return -ENOMEM;
	}
	err = ata_read(store.disk, store.part.lba + f->lba, (uint32_t)sectors, *data);
	if (err == 0 && (mbedtls_sha256_ret(*data, f->bytes, hash, 0) != 0 ||
			 memcmp(hash, f->sha256, sizeof(hash)) != 0)) {
		err = -EBADMSG;
	}
	if (err != 0) {
		page_free(*data, *pages);
		*data = NULL;
		return err == -EBADMSG ? err : -EIO;
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "drivers/ata.h"
#include "hv/datastore.h"
#include "hv/log.h"
#include "hv/mm.h"

#define BOOT_DESCRIPTOR_MAGIC	"VMHVBOOT"	/* LBA 1 (boot/bios_boot_info.h) */
#define MBR_TABLE		446U
#define MBR_ENTRY		16U
#define DATASTORE_PARTITION	2U		/* the third entry */
#define PAGE_BYTES		4096U

static struct {
	bool ready;
	struct ata_disk disk;
	uint64_t part_lba, part_sectors;
	struct datastore_dir dir;
} store;

static const uint16_t channels[2][2] = {
	{ ATA_PRIMARY_IO, ATA_PRIMARY_CTRL },
	{ ATA_SECONDARY_IO, ATA_SECONDARY_CTRL },
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Is this the disk we booted from?  Its LBA 1 holds our descriptor. */
static bool is_boot_disk(const struct ata_disk *d, uint8_t *sector)
{
	return ata_read(d, 1, 1, sector) == 0 &&
	       memcmp(sector, BOOT_DESCRIPTOR_MAGIC, strlen(BOOT_DESCRIPTOR_MAGIC)) == 0;
}

static int find_boot_disk(uint8_t *sector)
{
	for (uint32_t ch = 0; ch < 2; ch++) {
		for (uint8_t drive = 0; drive < 2; drive++) {
			if (ata_probe(ata_io_ports(), channels[ch][0], channels[ch][1], drive,
				      &store.disk) == 0 &&
			    is_boot_disk(&store.disk, sector)) {
				return 0;
			}
		}
	}
	return -ENODEV;
}

static int read_directory(void)
{
	static uint8_t raw[DATASTORE_DIR_BYTES];
	const uint8_t *entry = raw + MBR_TABLE + DATASTORE_PARTITION * MBR_ENTRY;
	int err = ata_read(&store.disk, 0, 1, raw);

	if (err != 0) {
		return err;
	}
	store.part_lba = le32(entry + 8);
	store.part_sectors = le32(entry + 12);
	if (store.part_sectors < DATASTORE_DIR_BYTES / DATASTORE_SECTOR ||
	    store.part_lba + store.part_sectors > store.disk.sectors) {
		return -EINVAL;
	}
	err = ata_read(&store.disk, store.part_lba, DATASTORE_DIR_BYTES / DATASTORE_SECTOR, raw);
	return err ?: datastore_parse(raw, store.part_sectors, &store.dir);
}

int datastore_init(void)
{
	static uint8_t sector[DATASTORE_SECTOR];
	int err = find_boot_disk(sector);

	if (err != 0) {
		hv_log("datastore: no boot disk on ATA (guest files only from modules)\n");
		return err;
	}
	err = read_directory();
	if (err == -ENOENT) {
		hv_log("datastore: empty (ATA disk \"%s\")\n", store.disk.model);
		return err;
	}
	if (err != 0) {
		hv_log("datastore: unusable directory (error %d), ignored\n", err);
		return err;
	}
	store.ready = true;
	hv_log("datastore: %u files on ATA disk \"%s\", partition 3 at LBA %llu\n",
	       store.dir.count, store.disk.model, (unsigned long long)store.part_lba);
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
	err = ata_read(&store.disk, store.part_lba + f->lba, (uint32_t)sectors, *data);
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

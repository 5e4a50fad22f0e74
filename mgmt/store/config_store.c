/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>

#include "drivers/ata.h"
#include "hv/boot_disk.h"
#include "hv/log.h"
#include "mgmt/store/config_store.h"

static struct {
	bool open;
	struct boot_disk_part part;
	struct store_io io;
	struct store store;
} cs;

static int part_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	(void)ctx;
	return ata_read(boot_disk(), cs.part.lba + lba, count, buf);
}

static int part_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	(void)ctx;
	return ata_write(boot_disk(), cs.part.lba + lba, count, buf);
}

static void report(const struct store_report *r)
{
	for (int s = 0; s < 2; s++) {
		if (r->damaged[s]) {
			hv_log("store: slot %d fails its checksum (an interrupted write, or a "
			       "damaged disk); not used\n", s);
		}
	}
	if (r->slot < 0) {
		hv_log("store: empty: nothing kept yet\n");
	} else {
		hv_log("store: generation %llu from slot %d, %zu bytes\n",
		       (unsigned long long)r->generation, r->slot, cs.store.used);
	}
}

int config_store_open(void)
{
	struct store_report r;
	int err;

	if (boot_disk() == NULL) {
		hv_log("store: no boot disk on ATA: the configuration is not kept\n");
		return -ENODEV;
	}
	err = boot_disk_partition(BOOT_DISK_PART_STORE, &cs.part);
	if (err != 0) {
		hv_log("store: no partition 2 on the boot disk (%d): the configuration is not "
		       "kept\n", err);
		return err;
	}
	cs.io = (struct store_io){ part_read, part_write, cs.part.sectors, NULL };
	err = store_load(&cs.store, &cs.io, &r);
	if (err != 0) {
		hv_log("store: unreadable (%d): the configuration is not kept\n", err);
		return err;
	}
	cs.open = true;
	report(&r);
	return 0;
}

struct store *config_store(void)
{
	return cs.open ? &cs.store : NULL;
}

int config_store_commit(const char *why)
{
	int err;

	if (!cs.open) {
		return -ENODEV;
	}
	err = store_commit(&cs.store);
	if (err != 0) {
		hv_log("store: writing %s failed (%d); generation %llu is still the newest\n", why,
		       err, (unsigned long long)cs.store.generation);
	}
	return err;
}

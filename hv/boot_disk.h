/* SPDX-License-Identifier: MIT */
/*
 * The disk vmanhv booted from (docs/disk-layout.md): the first ATA disk,
 * primary master to secondary slave, whose LBA 1 holds the VMHVBOOT
 * descriptor.  Its partition 2 is the configuration store, 3 the datastore.
 * Found once; callers then read and write partitions by number.
 */
#ifndef VMANHV_HV_BOOT_DISK_H
#define VMANHV_HV_BOOT_DISK_H

#include <stdint.h>

#include "drivers/ata.h"

#define BOOT_DISK_PART_STORE		2U
#define BOOT_DISK_PART_DATASTORE	3U

struct boot_disk_part {
	uint64_t lba;		/* first sector on the disk */
	uint64_t sectors;
};

/* The boot disk, found on the first call.  NULL when there is none. */
const struct ata_disk *boot_disk(void);

/* Partition `number` (1-4) of the boot disk: 0, -ENODEV (no boot disk),
 * -ENOENT (no such partition), -EINVAL (it runs past the disk's end). */
int boot_disk_partition(uint32_t number, struct boot_disk_part *part);

#endif

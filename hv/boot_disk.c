/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "hv/boot_disk.h"

#define BOOT_DESCRIPTOR_MAGIC	"VMHVBOOT"	/* LBA 1 (boot/bios_boot_info.h) */
#define MBR_TABLE		446U		/* four 16-byte entries */
#define MBR_ENTRY		16U

static struct {
	bool probed, found;
	struct ata_disk disk;
	uint8_t mbr[ATA_SECTOR_BYTES];
} boot;

static const uint16_t channels[2][2] = {
	{ ATA_PRIMARY_IO, ATA_PRIMARY_CTRL },
	{ ATA_SECONDARY_IO, ATA_SECONDARY_CTRL },
};

/* Is this the disk we booted from?  Its LBA 1 holds our descriptor. */
static bool is_boot_disk(const struct ata_disk *d)
{
	uint8_t sector[ATA_SECTOR_BYTES];

	return ata_read(d, 1, 1, sector) == 0 &&
	       memcmp(sector, BOOT_DESCRIPTOR_MAGIC, strlen(BOOT_DESCRIPTOR_MAGIC)) == 0 &&
	       ata_read(d, 0, 1, boot.mbr) == 0;
}

const struct ata_disk *boot_disk(void)
{
	for (uint32_t ch = 0; ch < 2 && !boot.probed; ch++) {
		for (uint8_t drive = 0; drive < 2 && !boot.found; drive++) {
			boot.found = ata_probe(ata_io_ports(), channels[ch][0], channels[ch][1],
					       drive, &boot.disk) == 0 &&
				     is_boot_disk(&boot.disk);
		}
		boot.probed = boot.found || ch == 1;
	}
	return boot.found ? &boot.disk : NULL;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int boot_disk_partition(uint32_t number, struct boot_disk_part *part)
{
	const uint8_t *e;

	if (boot_disk() == NULL) {
		return -ENODEV;
	}
	if (number < 1 || number > 4) {
		return -ENOENT;
	}
	e = boot.mbr + MBR_TABLE + (number - 1) * MBR_ENTRY;
	if (e[4] == 0) {
		return -ENOENT;		/* type 0: an unused entry */
	}
	part->lba = le32(e + 8);
	part->sectors = le32(e + 12);
	return part->lba + part->sectors > boot.disk.sectors ? -EINVAL : 0;
}

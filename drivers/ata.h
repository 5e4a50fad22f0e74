/* SPDX-License-Identifier: MIT */
/*
 * ATA disks on the legacy IDE channels (ports 0x1F0/0x3F6 and 0x170/0x376),
 * PIO, polled: what Bochs 2.7 offers (it has no AHCI) and what QEMU's
 * i440FX machine offers.  Commands from ATA/ATAPI-7 volume 1: IDENTIFY
 * DEVICE (0xEC), READ/WRITE SECTORS (EXT) (0x20/0x24, 0x30/0x34) and FLUSH
 * CACHE (EXT) (0xE7/0xEA).  Interrupts stay masked (nIEN); every wait is
 * bounded by ATA_TIMEOUT_US.  Port access goes through struct ata_io so
 * that the protocol runs hosted against a simulated drive in unit tests.
 */
#ifndef VMANHV_DRIVERS_ATA_H
#define VMANHV_DRIVERS_ATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ATA_SECTOR_BYTES	512U
#define ATA_MODEL_LEN		40U
#define ATA_TIMEOUT_US		5000000U	/* BSY or DRQ that long: the drive is gone */
#define ATA_PRIMARY_IO		0x1F0U
#define ATA_PRIMARY_CTRL	0x3F6U
#define ATA_SECONDARY_IO	0x170U
#define ATA_SECONDARY_CTRL	0x376U

/* Port access and time: the firmware's are in ata_io_ports(). */
struct ata_io {
	uint8_t (*inb)(void *ctx, uint16_t port);
	void (*outb)(void *ctx, uint16_t port, uint8_t value);
	uint16_t (*inw)(void *ctx, uint16_t port);
	void (*outw)(void *ctx, uint16_t port, uint16_t value);
	uint64_t (*now_us)(void *ctx);
	void *ctx;
};

struct ata_disk {
	const struct ata_io *io;
	uint16_t io_base, ctrl_base;
	uint8_t drive;			/* 0 master, 1 slave */
	bool lba48;
	uint64_t sectors;
	char model[ATA_MODEL_LEN + 1];	/* IDENTIFY words 27-46, trailing spaces cut */
};

/* The firmware's port I/O and clock. */
const struct ata_io *ata_io_ports(void);

/*
 * IDENTIFY the drive at (io_base, ctrl_base, drive).  0 with *disk filled;
 * -ENODEV (no drive, or an ATAPI/SATA-signature device), -ETIMEDOUT, -EIO
 * (the drive reported an error).
 */
int ata_probe(const struct ata_io *io, uint16_t io_base, uint16_t ctrl_base, uint8_t drive,
	      struct ata_disk *disk);

/* Read or write `count` sectors at `lba`.  0, -EINVAL (beyond the disk),
 * -ETIMEDOUT or -EIO.  A write returns once the drive has flushed its cache. */
int ata_read(const struct ata_disk *disk, uint64_t lba, uint32_t count, void *buf);
int ata_write(const struct ata_disk *disk, uint64_t lba, uint32_t count, const void *buf);

#endif

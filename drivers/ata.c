/* SPDX-License-Identifier: MIT */
/*
 * ATA PIO (ATA/ATAPI-7 vol. 1 clause 6 and vol. 2 clause 11, the PIO data-in
 * and data-out protocols).  Register offsets from the command block base.
 */
#include <errno.h>
#include <string.h>

#include "drivers/ata.h"

#define REG_DATA	0U
#define REG_ERROR	1U
#define REG_COUNT	2U
#define REG_LBA_LOW	3U
#define REG_LBA_MID	4U
#define REG_LBA_HIGH	5U
#define REG_DEVICE	6U
#define REG_STATUS	7U	/* read */
#define REG_COMMAND	7U	/* write */

#define ST_ERR		0x01U
#define ST_DRQ		0x08U
#define ST_DF		0x20U
#define ST_BSY		0x80U
#define CTRL_NIEN	0x02U	/* no interrupts: we poll */
#define DEV_LBA		0x40U
#define DEV_OBSOLETE	0xA0U	/* bits 7 and 5, set by convention for old drives */

#define CMD_READ	0x20U
#define CMD_READ_EXT	0x24U
#define CMD_WRITE	0x30U
#define CMD_WRITE_EXT	0x34U
#define CMD_FLUSH	0xE7U
#define CMD_FLUSH_EXT	0xEAU
#define CMD_IDENTIFY	0xECU

#define LBA28_LIMIT	(1ULL << 28)
#define CHUNK28		256U		/* sector count 0 means 256 */
#define CHUNK48		65536U		/* ... and 65536 with EXT */
#define WORDS		(ATA_SECTOR_BYTES / 2U)

static uint8_t status(const struct ata_disk *d)
{
	return d->io->inb(d->io->ctx, (uint16_t)(d->io_base + REG_STATUS));
}

static void reg_out(const struct ata_disk *d, uint32_t reg, uint8_t v)
{
	d->io->outb(d->io->ctx, (uint16_t)(d->io_base + reg), v);
}

/* The 400 ns a drive may take to show a valid status after a command or a
 * device selection (vol. 2, 5.2.x): four reads of the alternate status. */
static void settle(const struct ata_disk *d)
{
	for (int i = 0; i < 4; i++) {
		(void)d->io->inb(d->io->ctx, d->ctrl_base);
	}
}

/* Wait for BSY clear and, with want_drq, for DRQ set.  0, -EIO, -ETIMEDOUT. */
static int wait_ready(const struct ata_disk *d, bool want_drq)
{
	uint64_t start = d->io->now_us(d->io->ctx);

	for (;;) {
		uint8_t st = status(d);

		if ((st & ST_BSY) == 0) {
			if ((st & (ST_ERR | ST_DF)) != 0) {
				return -EIO;
			}
			if (!want_drq || (st & ST_DRQ) != 0) {
				return 0;
			}
		}
		if (d->io->now_us(d->io->ctx) - start > ATA_TIMEOUT_US) {
			return -ETIMEDOUT;
		}
	}
}

static void select_drive(const struct ata_disk *d, uint8_t bits)
{
	reg_out(d, REG_DEVICE, (uint8_t)(DEV_OBSOLETE | DEV_LBA | (d->drive << 4) | bits));
	settle(d);
}

/* Task file for one command: LBA48 writes the high bytes first (vol. 1 6.20). */
static void task_file(const struct ata_disk *d, uint64_t lba, uint32_t count, bool ext)
{
	if (ext) {
		select_drive(d, 0);
		reg_out(d, REG_COUNT, (uint8_t)(count >> 8));
		reg_out(d, REG_LBA_LOW, (uint8_t)(lba >> 24));
		reg_out(d, REG_LBA_MID, (uint8_t)(lba >> 32));
		reg_out(d, REG_LBA_HIGH, (uint8_t)(lba >> 40));
	} else {
		select_drive(d, (uint8_t)((lba >> 24) & 0x0FU));
	}
	reg_out(d, REG_COUNT, (uint8_t)count);
	reg_out(d, REG_LBA_LOW, (uint8_t)lba);
	reg_out(d, REG_LBA_MID, (uint8_t)(lba >> 8));
	reg_out(d, REG_LBA_HIGH, (uint8_t)(lba >> 16));
}

static void read_words(const struct ata_disk *d, uint8_t *buf)
{
	for (uint32_t i = 0; i < WORDS; i++) {
		uint16_t w = d->io->inw(d->io->ctx, (uint16_t)(d->io_base + REG_DATA));

		buf[2 * i] = (uint8_t)w;
		buf[2 * i + 1] = (uint8_t)(w >> 8);
	}
}

static void write_words(const struct ata_disk *d, const uint8_t *buf)
{
	for (uint32_t i = 0; i < WORDS; i++) {
		d->io->outw(d->io->ctx, (uint16_t)(d->io_base + REG_DATA),
			    (uint16_t)(buf[2 * i] | buf[2 * i + 1] << 8));
	}
}

/* IDENTIFY words 27-46: the model, two ASCII bytes per word, high first. */
static void copy_model(char *model, const uint16_t *id)
{
	size_t n = ATA_MODEL_LEN;

	for (uint32_t i = 0; i < ATA_MODEL_LEN / 2U; i++) {
		model[2 * i] = (char)(id[27 + i] >> 8);
		model[2 * i + 1] = (char)id[27 + i];
	}
	while (n > 0 && (model[n - 1] == ' ' || model[n - 1] == '\0')) {
		n--;
	}
	model[n] = '\0';
}

static int identify(struct ata_disk *d, uint16_t *id)
{
	uint8_t raw[ATA_SECTOR_BYTES];
	uint8_t st;
	int err;

	reg_out(d, REG_COMMAND, CMD_IDENTIFY);
	settle(d);
	st = status(d);
	if (st == 0 || st == 0xFF) {
		return -ENODEV;		/* nothing there, or a floating bus */
	}
	err = wait_ready(d, true);
	if (err == -EIO) {
		return -ENODEV;		/* ATAPI aborts IDENTIFY DEVICE */
	}
	if (err != 0) {
		return err;
	}
	read_words(d, raw);
	for (uint32_t i = 0; i < WORDS; i++) {
		id[i] = (uint16_t)(raw[2 * i] | raw[2 * i + 1] << 8);
	}
	return 0;
}

int ata_probe(const struct ata_io *io, uint16_t io_base, uint16_t ctrl_base, uint8_t drive,
	      struct ata_disk *disk)
{
	uint16_t id[WORDS];
	int err;

	*disk = (struct ata_disk){ .io = io, .io_base = io_base, .ctrl_base = ctrl_base,
				   .drive = drive };
	if (status(disk) == 0xFF) {
		return -ENODEV;		/* no controller on this channel */
	}
	io->outb(io->ctx, ctrl_base, CTRL_NIEN);
	select_drive(disk, 0);
	err = identify(disk, id);
	if (err != 0) {
		return err;
	}
	/* word 83 bit 10: the 48-bit feature set; words 100-103 its size */
	disk->lba48 = (id[83] & (1U << 10)) != 0;
	if (disk->lba48) {
		disk->sectors = (uint64_t)id[100] | (uint64_t)id[101] << 16 |
				(uint64_t)id[102] << 32 | (uint64_t)id[103] << 48;
	} else {
		disk->sectors = (uint64_t)id[60] | (uint64_t)id[61] << 16;
	}
	copy_model(disk->model, id);
	return disk->sectors == 0 ? -ENODEV : 0;
}

static bool in_range(const struct ata_disk *d, uint64_t lba, uint32_t count)
{
	return lba <= d->sectors && count <= d->sectors - lba &&
	       (d->lba48 || lba + count <= LBA28_LIMIT);
}

static int transfer(const struct ata_disk *d, uint64_t lba, uint32_t count, uint8_t *rbuf,
		    const uint8_t *wbuf)
{
	bool ext = d->lba48;
	uint32_t chunk_max = ext ? CHUNK48 : CHUNK28;
	int err = 0;

	while (count > 0 && err == 0) {
		uint32_t n = count < chunk_max ? count : chunk_max;

		task_file(d, lba, n, ext);
		reg_out(d, REG_COMMAND, rbuf != NULL ? (ext ? CMD_READ_EXT : CMD_READ)
						     : (ext ? CMD_WRITE_EXT : CMD_WRITE));
		settle(d);
		for (uint32_t i = 0; i < n && err == 0; i++) {
			err = wait_ready(d, true);
			if (err == 0 && rbuf != NULL) {
				read_words(d, rbuf);
				rbuf += ATA_SECTOR_BYTES;
			} else if (err == 0) {
				write_words(d, wbuf);
				wbuf += ATA_SECTOR_BYTES;
			}
		}
		lba += n;
		count -= n;
	}
	return err;
}

int ata_read(const struct ata_disk *disk, uint64_t lba, uint32_t count, void *buf)
{
	if (!in_range(disk, lba, count)) {
		return -EINVAL;
	}
	return transfer(disk, lba, count, buf, NULL);
}

int ata_write(const struct ata_disk *disk, uint64_t lba, uint32_t count, const void *buf)
{
	int err;

	if (!in_range(disk, lba, count)) {
		return -EINVAL;
	}
	err = transfer(disk, lba, count, NULL, buf);
	if (err != 0) {
		return err;
	}
	/* the data is on the medium only once the drive's cache is flushed */
	err = wait_ready(disk, false);
	if (err == 0) {
		reg_out(disk, REG_COMMAND, disk->lba48 ? CMD_FLUSH_EXT : CMD_FLUSH);
		settle(disk);
		err = wait_ready(disk, false);
	}
	return err;
}

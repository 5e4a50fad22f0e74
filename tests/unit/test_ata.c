/* sources: drivers/ata.c */
/* SPDX-License-Identifier: MIT */
/*
 * The ATA PIO driver against a simulated drive: a task file with the
 * LBA48 "previous content" registers (ATA/ATAPI-7 vol. 1 6.20), the PIO
 * data-in and data-out protocols, IDENTIFY, errors and a drive that stays
 * busy (the clock advances with every status read).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/ata.h"

#define IO	0x1F0U
#define CTRL	0x3F6U
#define DISK_SECTORS	4096U

enum phase { IDLE, DATA_IN, DATA_OUT };

struct drive {
	bool present, lba48, busy_forever, fail_reads;
	uint8_t reg[8], hob[8];		/* written values; hob: the previous ones */
	uint8_t status, device, ctrl;
	enum phase phase;
	uint16_t buf[256];
	uint32_t word;
	uint64_t lba;
	uint32_t left;			/* sectors still to move */
	uint8_t *disk;
	uint64_t now;
	int flushes, commands;
	uint8_t last_command;
};

static uint64_t task_lba(struct drive *d, bool ext)
{
	if (ext) {
		return (uint64_t)d->reg[3] | (uint64_t)d->reg[4] << 8 | (uint64_t)d->reg[5] << 16 |
		       (uint64_t)d->hob[3] << 24 | (uint64_t)d->hob[4] << 32 |
		       (uint64_t)d->hob[5] << 40;
	}
	return (uint64_t)d->reg[3] | (uint64_t)d->reg[4] << 8 | (uint64_t)d->reg[5] << 16 |
	       (uint64_t)(d->device & 0x0F) << 24;
}

static void load_sector(struct drive *d)
{
	memcpy(d->buf, d->disk + d->lba * 512, 512);
	d->word = 0;
	d->status = 0x58;		/* DRDY DSC DRQ */
}

static void identify(struct drive *d)
{
	const char *model = "VMANHV SIMULATED DISK";

	memset(d->buf, 0, sizeof(d->buf));
	for (size_t i = 0; i < 20; i++) {
		char a = 2 * i < strlen(model) ? model[2 * i] : ' ';
		char b = 2 * i + 1 < strlen(model) ? model[2 * i + 1] : ' ';

		d->buf[27 + i] = (uint16_t)((uint8_t)a << 8 | (uint8_t)b);
	}
	d->buf[60] = DISK_SECTORS & 0xFFFF;
	d->buf[61] = DISK_SECTORS >> 16;
	if (d->lba48) {
		d->buf[83] = 1U << 10;
		d->buf[100] = DISK_SECTORS;
	}
	d->word = 0;
	d->phase = DATA_IN;
	d->left = 1;
	d->status = 0x58;
}

static void command(struct drive *d, uint8_t cmd)
{
	bool ext = cmd == 0x24 || cmd == 0x34 || cmd == 0xEA;
	uint32_t count = ext ? (uint32_t)(d->hob[2] << 8 | d->reg[2]) : d->reg[2];

	d->commands++;
	d->last_command = cmd;
	if (cmd == 0xEC) {
		identify(d);
		return;
	}
	if (cmd == 0xE7 || cmd == 0xEA) {
		d->flushes++;
		d->status = 0x50;
		return;
	}
	d->lba = task_lba(d, ext);
	d->left = count == 0 ? (ext ? 65536U : 256U) : count;
	if (d->fail_reads || d->lba + d->left > DISK_SECTORS) {
		d->status = 0x51;	/* DRDY DSC ERR */
		d->reg[1] = 0x10;	/* IDNF */
		return;
	}
	if (cmd == 0x20 || cmd == 0x24) {
		d->phase = DATA_IN;
		load_sector(d);
	} else {
		d->phase = DATA_OUT;
		d->word = 0;
		d->status = 0x58;
	}
}

static uint8_t sim_inb(void *ctx, uint16_t port)
{
	struct drive *d = ctx;

	d->now += 10;
	if (!d->present) {
		return 0xFF;
	}
	if (port == CTRL || port == IO + 7) {
		return d->busy_forever ? 0x80 : d->status;
	}
	return d->reg[port - IO];
}

static void sim_outb(void *ctx, uint16_t port, uint8_t v)
{
	struct drive *d = ctx;

	if (port == CTRL) {
		d->ctrl = v;
	} else if (port == IO + 7) {
		command(d, v);
	} else if (port == IO + 6) {
		d->device = v;
	} else {
		d->hob[port - IO] = d->reg[port - IO];
		d->reg[port - IO] = v;
	}
}

static void next_sector(struct drive *d)
{
	if (--d->left == 0) {
		d->phase = IDLE;
		d->status = 0x50;
		return;
	}
	d->lba++;
	if (d->phase == DATA_IN) {
		load_sector(d);
	} else {
		d->word = 0;
	}
}

static uint16_t sim_inw(void *ctx, uint16_t port)
{
	struct drive *d = ctx;
	uint16_t w;

	assert_int_equal(port, IO);
	assert_int_equal(d->phase, DATA_IN);
	w = d->buf[d->word++];
	if (d->word == 256) {
		next_sector(d);
	}
	return w;
}

static void sim_outw(void *ctx, uint16_t port, uint16_t v)
{
	struct drive *d = ctx;

	assert_int_equal(port, IO);
	assert_int_equal(d->phase, DATA_OUT);
	d->disk[d->lba * 512 + d->word * 2] = (uint8_t)v;
	d->disk[d->lba * 512 + d->word * 2 + 1] = (uint8_t)(v >> 8);
	if (++d->word == 256) {
		next_sector(d);
	}
}

static uint64_t sim_now(void *ctx)
{
	return ((struct drive *)ctx)->now;
}

static struct drive *new_drive(bool lba48)
{
	struct drive *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	d->disk = malloc((size_t)DISK_SECTORS * 512);
	assert_non_null(d->disk);
	for (size_t i = 0; i < (size_t)DISK_SECTORS * 512; i++) {
		d->disk[i] = (uint8_t)(i * 13 + i / 512);
	}
	d->present = true;
	d->lba48 = lba48;
	d->status = 0x50;
	return d;
}

static void free_drive(struct drive *d)
{
	free(d->disk);
	free(d);
}

#define SIM_IO(d) { sim_inb, sim_outb, sim_inw, sim_outw, sim_now, (d) }

static void test_probe(void **state)
{
	struct drive *d = new_drive(true);
	struct ata_io io = SIM_IO(d);
	struct ata_disk disk;

	(void)state;
	assert_int_equal(ata_probe(&io, IO, CTRL, 0, &disk), 0);
	assert_true(disk.lba48);
	assert_int_equal(disk.sectors, DISK_SECTORS);
	assert_string_equal(disk.model, "VMANHV SIMULATED DISK");
	assert_int_equal(d->ctrl & 0x02, 0x02);		/* nIEN: polled */
	assert_int_equal(d->device & 0x10, 0);		/* master */
	assert_int_equal(ata_probe(&io, IO, CTRL, 1, &disk), 0);
	assert_int_equal(d->device & 0x10, 0x10);	/* slave selected */
	free_drive(d);
}

static void test_probe_absent_and_busy(void **state)
{
	struct drive *d = new_drive(false);
	struct ata_io io = SIM_IO(d);
	struct ata_disk disk;

	(void)state;
	d->present = false;
	assert_int_equal(ata_probe(&io, IO, CTRL, 0, &disk), -ENODEV);
	d->present = true;
	d->busy_forever = true;
	assert_int_equal(ata_probe(&io, IO, CTRL, 0, &disk), -ETIMEDOUT);
	assert_true(d->now >= ATA_TIMEOUT_US);
	free_drive(d);
}

static void test_read_lba28_and_lba48(void **state)
{
	static uint8_t buf[300 * 512];
	struct ata_disk disk;

	(void)state;
	for (int ext = 0; ext <= 1; ext++) {
		struct drive *d = new_drive(ext == 1);
		struct ata_io io = SIM_IO(d);

		assert_int_equal(ata_probe(&io, IO, CTRL, 0, &disk), 0);
		assert_int_equal(disk.lba48, ext == 1);
		memset(buf, 0, sizeof(buf));
		/* 300 sectors: two commands without EXT (256 at most each) */
		d->commands = 0;
		assert_int_equal(ata_read(&disk, 1000, 300, buf), 0);
		assert_memory_equal(buf, d->disk + 1000 * 512, 300 * 512);
		assert_int_equal(d->commands, ext ? 1 : 2);
		assert_int_equal(d->last_command, ext ? 0x24 : 0x20);
		free_drive(d);
	}
}

static void test_write_flushes(void **state)
{
	static uint8_t buf[3 * 512];
	struct drive *d = new_drive(true);
	struct ata_io io = SIM_IO(d);
	struct ata_disk disk;

	(void)state;
	assert_int_equal(ata_probe(&io, IO, CTRL, 0, &disk), 0);
	memset(buf, 0xA5, sizeof(buf));
	assert_int_equal(ata_write(&disk, DISK_SECTORS - 3, 3, buf), 0);
	assert_memory_equal(d->disk + (DISK_SECTORS - 3) * 512, buf, sizeof(buf));
	assert_int_equal(d->flushes, 1);
	assert_int_equal(d->last_command, 0xEA);
	free_drive(d);
}

static void test_bounds_and_errors(void **state)
{
	uint8_t buf[512];
	struct drive *d = new_drive(true);
	struct ata_io io = SIM_IO(d);
	struct ata_disk disk;

	(void)state;
	assert_int_equal(ata_probe(&io, IO, CTRL, 0, &disk), 0);
	d->commands = 0;
	assert_int_equal(ata_read(&disk, DISK_SECTORS, 1, buf), -EINVAL);
	assert_int_equal(ata_read(&disk, DISK_SECTORS - 1, 2, buf), -EINVAL);
	assert_int_equal(ata_read(&disk, UINT64_MAX, 2, buf), -EINVAL);
	assert_int_equal(d->commands, 0);		/* refused before the drive sees it */
	assert_int_equal(ata_read(&disk, DISK_SECTORS - 1, 1, buf), 0);
	d->fail_reads = true;
	assert_int_equal(ata_read(&disk, 0, 1, buf), -EIO);
	assert_int_equal(ata_write(&disk, 0, 1, buf), -EIO);
	assert_int_equal(d->flushes, 0);		/* no flush after a failed write */
	free_drive(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_probe_absent_and_busy),
		cmocka_unit_test(test_read_lba28_and_lba48),
		cmocka_unit_test(test_write_flushes),
		cmocka_unit_test(test_bounds_and_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

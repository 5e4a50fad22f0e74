/* sources: hv/datastore_format.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * The datastore directory parser on directories built here the way
 * tools/mkimage.py builds them, then damaged one field at a time.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/sha256.h>

#include "hv/datastore_format.h"

#define PART_SECTORS	40000U	/* vmlinuz below takes 16108 */

static uint8_t raw[DATASTORE_DIR_BYTES];

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void seal(void)
{
	mbedtls_sha256_ret(raw + DATASTORE_HEADER_BYTES,
			   DATASTORE_DIR_BYTES - DATASTORE_HEADER_BYTES, raw + 16, 0);
}

static void add(uint32_t i, const char *name, uint64_t lba, uint64_t bytes)
{
	uint8_t *e = raw + DATASTORE_HEADER_BYTES + i * DATASTORE_ENTRY_BYTES;

	memset(e, 0, DATASTORE_ENTRY_BYTES);
	strncpy((char *)e, name, DATASTORE_NAME_MAX);
	put_le(e + 48, lba, 8);
	put_le(e + 56, bytes, 8);
	memset(e + 64, (int)i + 1, 32);		/* the file's hash, whatever it is */
}

static void build(void)
{
	memset(raw, 0, sizeof(raw));
	memcpy(raw, "VMHVDATA", 8);
	put_le(raw + 8, 1, 4);
	put_le(raw + 12, 2, 4);
	add(0, "vmlinuz", 8, 8247232);
	add(1, "initrd.cpio", 8 + 16112, 1000);
	seal();
}

static void test_parse(void **state)
{
	struct datastore_dir dir;
	const struct datastore_file *f;

	(void)state;
	build();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), 0);
	assert_int_equal(dir.count, 2);
	f = datastore_lookup(&dir, "vmlinuz");
	assert_non_null(f);
	assert_int_equal(f->lba, 8);
	assert_int_equal(f->bytes, 8247232);
	assert_int_equal(f->sha256[0], 1);
	f = datastore_lookup(&dir, "initrd.cpio");
	assert_non_null(f);
	assert_int_equal(f->sha256[31], 2);
	assert_null(datastore_lookup(&dir, "vmlinu"));
	assert_null(datastore_lookup(&dir, "missing"));
}

static void test_refuses(void **state)
{
	struct datastore_dir dir;

	(void)state;
	build();
	raw[0] = 'X';
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -ENOENT);
	build();
	put_le(raw + 8, 2, 4);
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EPROTO);
	build();
	raw[DATASTORE_HEADER_BYTES + 60]++;		/* a size changed, hash not */
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EBADMSG);
	build();
	put_le(raw + 12, DATASTORE_FILES_MAX + 1, 4);
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
	/* a file that runs past the partition's end, by one byte */
	build();
	add(1, "initrd.cpio", PART_SECTORS - 2, 2 * 512 + 1);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
	assert_int_equal(dir.count, 0);
	add(1, "initrd.cpio", PART_SECTORS - 2, 2 * 512);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), 0);
	/* inside the directory itself; a huge LBA that would wrap */
	add(1, "initrd.cpio", 7, 10);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
	add(1, "initrd.cpio", UINT64_MAX - 1, 4096);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
	/* names: empty, unterminated, a slash, a duplicate */
	add(1, "", 100, 10);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
	add(1, "x", 100, 10);
	memset(raw + DATASTORE_HEADER_BYTES + DATASTORE_ENTRY_BYTES, 'a', DATASTORE_NAME_MAX);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
	add(1, "../etc", 100, 10);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
	add(1, "vmlinuz", 100, 10);
	seal();
	assert_int_equal(datastore_parse(raw, PART_SECTORS, &dir), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

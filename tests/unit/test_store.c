/* sources: mgmt/store/store.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * The configuration store on a simulated partition that can lose power at
 * any sector write of a commit (the sector being written may be left torn,
 * half new and half old): after every such crash a fresh load finds either
 * the old store or the new one, whole.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/store/store.h"

#define PART_SECTORS	8192U		/* 4 MiB, partition 2's default */

struct disk {
	uint8_t *data;
	long budget;			/* sector writes left; < 0: unlimited */
	bool dead;			/* power is gone */
	bool tear;			/* the sector written at the cut is torn */
	long writes;
};

static int disk_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct disk *d = ctx;

	assert_true(lba + count <= PART_SECTORS);
	memcpy(buf, d->data + lba * STORE_SECTOR, (size_t)count * STORE_SECTOR);
	return 0;
}

static int disk_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct disk *d = ctx;

	assert_true(lba + count <= PART_SECTORS);
	for (uint32_t i = 0; i < count; i++) {
		uint8_t *dst = d->data + (lba + i) * STORE_SECTOR;
		const uint8_t *src = (const uint8_t *)buf + (size_t)i * STORE_SECTOR;

		if (d->dead) {
			return -EIO;
		}
		if (d->budget == 0) {
			d->dead = true;
			if (d->tear) {
				memcpy(dst, src, STORE_SECTOR / 2);
			}
			return -EIO;
		}
		memcpy(dst, src, STORE_SECTOR);
		d->writes++;
		if (d->budget > 0) {
			d->budget--;
		}
	}
	return 0;
}

static struct disk *new_disk(void)
{
	struct disk *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	d->data = calloc(PART_SECTORS, STORE_SECTOR);
	assert_non_null(d->data);
	d->budget = -1;
	return d;
}

static void free_disk(struct disk *d)
{
	free(d->data);
	free(d);
}

static struct store *new_store(void)
{
	struct store *st = malloc(sizeof(*st));

	assert_non_null(st);
	return st;
}

#define IO(d) { disk_read, disk_write, PART_SECTORS, (d) }

/* A store's content as text: "key=value;..." in order. */
static void each_key(void *ctx, const char *key)
{
	char *out = ctx;

	strcat(out, key);
	strcat(out, ";");
}

static void content(const struct store *st, char *out)
{
	out[0] = '\0';
	store_each(st, each_key, out);
}

static void fill(struct store *st, const char *tag, int n)
{
	char key[32], value[2000];

	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "vm/%s-%d", tag, i);
		memset(value, 'a' + i % 26, sizeof(value));
		snprintf(value, sizeof(value), "%s-%d", tag, i);
		assert_int_equal(store_set(st, key, value, sizeof(value)), 0);
	}
}

static void test_empty_then_roundtrip(void **state)
{
	struct disk *d = new_disk();
	struct store_io io = IO(d);
	struct store *st = new_store();
	struct store_report rep;
	size_t len;
	const char *v;

	(void)state;
	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(rep.generation, 0);
	assert_int_equal(rep.slot, -1);
	assert_false(rep.damaged[0] || rep.damaged[1]);
	assert_int_equal(store_set(st, "tls/key", "KEY", 3), 0);
	assert_int_equal(store_set(st, "auth/admin", "secret", 6), 0);
	assert_int_equal(store_set(st, "tls/key", "KEY2", 4), 0);	/* replaced */
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(st->generation, 2);

	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(rep.generation, 2);
	assert_int_equal(rep.slot, 1);			/* generations alternate slots */
	v = store_get(st, "tls/key", &len);
	assert_non_null(v);
	assert_int_equal(len, 4);
	assert_memory_equal(v, "KEY2", 4);
	assert_null(store_get(st, "tls", &len));
	assert_int_equal(store_remove(st, "auth/admin"), 0);
	assert_int_equal(store_remove(st, "auth/admin"), -ENOENT);
	assert_null(store_get(st, "auth/admin", &len));
	assert_non_null(store_get(st, "tls/key", &len));
	free(st);
	free_disk(d);
}

static void test_limits(void **state)
{
	static char big[STORE_VALUE_MAX + 1];
	struct disk *d = new_disk();
	struct store_io io = IO(d), small = IO(d);
	struct store *st = new_store();
	struct store_report rep;
	char key[STORE_KEY_MAX + 1];
	int n = 0;

	(void)state;
	small.sectors = 2 * (STORE_PAYLOAD_MAX / STORE_SECTOR);	/* one sector short per slot */
	assert_int_equal(store_load(st, &small, &rep), -EINVAL);
	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(store_set(st, "", "x", 1), -EINVAL);
	memset(key, 'k', sizeof(key));
	key[STORE_KEY_MAX] = '\0';			/* 64 characters: too long */
	assert_int_equal(store_set(st, key, "x", 1), -EINVAL);
	key[STORE_KEY_MAX - 1] = '\0';			/* 63: the longest */
	assert_int_equal(store_set(st, key, "x", 1), 0);
	assert_int_equal(store_set(st, "big", big, sizeof(big)), -EINVAL);
	/* fill up: then a set fails whole and changes nothing */
	for (;;) {
		char k[16];
		int rc;

		snprintf(k, sizeof(k), "k%d", n++);
		rc = store_set(st, k, big, STORE_VALUE_MAX);
		if (rc != 0) {
			assert_int_equal(rc, -ENOSPC);
			break;
		}
	}
	assert_true(st->used <= STORE_PAYLOAD_MAX);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(rep.generation, 1);
	free(st);
	free_disk(d);
}

/* Commit B over A with the power cut after `budget` sector writes. */
static void crash_once(long budget, bool tear, const char *a, const char *b, long *total)
{
	struct disk *d = new_disk();
	struct store_io io = IO(d);
	struct store *st = new_store();
	struct store_report rep;
	char got[4096];
	int rc;

	assert_int_equal(store_load(st, &io, &rep), 0);
	fill(st, "a", 20);
	assert_int_equal(store_commit(st), 0);		/* generation 1: A */
	assert_int_equal(store_commit(st), 0);		/* generation 2: A again, both slots */
	fill(st, "b", 30);				/* B = A + 30 more */
	d->budget = budget;
	d->tear = tear;
	d->writes = 0;
	rc = store_commit(st);
	*total = d->writes;
	/* power back: a fresh load */
	d->dead = false;
	d->budget = -1;
	assert_int_equal(store_load(st, &io, &rep), 0);
	content(st, got);
	if (rc == 0) {
		assert_int_equal(rep.generation, 3);
		assert_string_equal(got, b);
	} else if (rep.generation == 3) {
		assert_string_equal(got, b);		/* the header made it */
	} else {
		assert_int_equal(rep.generation, 2);
		assert_string_equal(got, a);
	}
	free(st);
	free_disk(d);
}

static void test_power_cut_at_every_sector(void **state)
{
	struct disk *d = new_disk();
	struct store_io io = IO(d);
	struct store *st = new_store();
	struct store_report rep;
	char a[4096], b[4096];
	long total = 0, sectors;

	(void)state;
	assert_int_equal(store_load(st, &io, &rep), 0);
	fill(st, "a", 20);
	content(st, a);
	fill(st, "b", 30);
	content(st, b);
	crash_once(-1, false, a, b, &sectors);		/* how many writes a commit takes */
	assert_true(sectors > 100);
	for (long k = 0; k <= sectors; k++) {
		crash_once(k, k % 2 == 1, a, b, &total);
	}
	free(st);
	free_disk(d);
}

static void test_damaged_newest_falls_back(void **state)
{
	struct disk *d = new_disk();
	struct store_io io = IO(d);
	struct store *st = new_store();
	struct store_report rep;
	size_t len;

	(void)state;
	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(store_set(st, "x", "old", 3), 0);
	assert_int_equal(store_commit(st), 0);		/* gen 1 in slot 0 */
	assert_int_equal(store_set(st, "x", "new", 3), 0);
	assert_int_equal(store_commit(st), 0);		/* gen 2 in slot 1 */
	/* a bit flips in slot 1's payload */
	d->data[(PART_SECTORS / 2 + 1) * STORE_SECTOR + 3] ^= 0x40;
	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(rep.generation, 1);
	assert_int_equal(rep.slot, 0);
	assert_true(rep.damaged[1]);
	assert_false(rep.damaged[0]);
	assert_memory_equal(store_get(st, "x", &len), "old", 3);
	/* the next commit goes over the damaged slot, as generation 2 */
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(rep.generation, 2);
	assert_false(rep.damaged[0] || rep.damaged[1]);
	/* a damaged header on both: empty, both reported */
	d->data[10] ^= 1;
	d->data[(PART_SECTORS / 2) * STORE_SECTOR + 10] ^= 1;
	assert_int_equal(store_load(st, &io, &rep), 0);
	assert_int_equal(rep.generation, 0);
	assert_true(rep.damaged[0] && rep.damaged[1]);
	assert_null(store_get(st, "x", &len));
	free(st);
	free_disk(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_then_roundtrip),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_power_cut_at_every_sector),
		cmocka_unit_test(test_damaged_newest_falls_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

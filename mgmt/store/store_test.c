/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cmdline.h"
#include "hv/log.h"
#include "mgmt/store/config_store.h"
#include "mgmt/store/store_test.h"

#define TEST_KEY	"test/gen"
#define TEST_BYTES	(64U << 10)

/* Only a store-test run needs it: from the heap then, not 64 KiB of static RAM. */
static uint8_t *value;

/* 8 bytes of generation, then bytes that depend on it and on their place. */
static void make_value(uint64_t gen)
{
	memcpy(value, &gen, sizeof(gen));
	for (uint32_t i = sizeof(gen); i < TEST_BYTES; i++) {
		value[i] = (uint8_t)(gen * 131U + i * 7U + (i >> 9));
	}
}

static void check(const struct store *st)
{
	size_t len;
	const uint8_t *v = store_get(st, TEST_KEY, &len);

	if (v == NULL) {
		hv_log("store-test: generation %llu has no test record\n",
		       (unsigned long long)st->generation);
		return;
	}
	make_value(st->generation);
	hv_log("store-test: generation %llu %s\n", (unsigned long long)st->generation,
	       len == TEST_BYTES && memcmp(v, value, TEST_BYTES) == 0 ? "consistent"
								   : "INCONSISTENT");
}

void store_test_run(const char *cmdline)
{
	struct store *st = config_store();
	char text[16];
	unsigned long n, i;

	if (!cmdline_value(cmdline, "store-test", text, sizeof(text))) {
		return;
	}
	if (st == NULL) {
		hv_log("store-test: no store\n");
		return;
	}
	value = malloc(TEST_BYTES);
	if (value == NULL) {
		hv_log("store-test: no memory for the test value\n");
		return;
	}
	check(st);
	n = strtoul(text, NULL, 10);
	for (i = 0; i < n; i++) {
		make_value(st->generation + 1);
		if (store_set(st, TEST_KEY, value, TEST_BYTES) != 0 ||
		    config_store_commit("a test generation") != 0) {
			break;
		}
		hv_log("store-test: committed generation %llu\n",
		       (unsigned long long)st->generation);
	}
	if (i == n) {
		hv_log("store-test: done\n");
	}
	free(value);
	value = NULL;
}

/* SPDX-License-Identifier: MIT */
/*
 * `store-test=N` (tests only, docs/console.md): check that the store holds
 * a consistent test record, then commit N more generations of it, so that
 * a test can cut the power at any moment of a write and look at the next
 * boot.  The record "test/gen" holds the generation it was committed in and
 * a 64 KiB value every byte of which is derived from that generation: a mix
 * of two commits cannot pass the check.
 */
#ifndef VMANHV_MGMT_STORE_STORE_TEST_H
#define VMANHV_MGMT_STORE_STORE_TEST_H

/* Run when the command line has store-test=N; prints `store-test:` lines. */
void store_test_run(const char *cmdline);

#endif

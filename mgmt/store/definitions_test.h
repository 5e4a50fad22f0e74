/* SPDX-License-Identifier: MIT */
/*
 * `definitions-test=N` (tests only, docs/console.md, docs/store.md): check
 * that the VMs recreated from the store are exactly those of one round of
 * this test, then run N more rounds, each changing the definitions and
 * writing them with definitions_save(), so that a test can cut the power
 * at any moment of a write and look at the next boot.
 *
 * Round K (from 1) leaves: crash-a labelled "round-K" with
 * AutomaticStartupAction 2 + K % 3; crash-b defined afresh with 1 + K % 4
 * vCPUs and 256 + 4 * (K % 16) KiB, labelled "round-K", with Weight
 * 1 + K % 10000 and its memory from the child pool crash-p, made again with
 * 1 + K % 4 MiB; crash-odd, labelled "round-K", only when K is odd.  A mix
 * of two rounds cannot pass the check.
 */
#ifndef VMANHV_MGMT_STORE_DEFINITIONS_TEST_H
#define VMANHV_MGMT_STORE_DEFINITIONS_TEST_H

/* Run when the command line has definitions-test=N; prints `definitions-test:` lines. */
void definitions_test_run(const char *cmdline);

#endif

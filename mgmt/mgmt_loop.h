/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_MGMT_MGMT_LOOP_H
#define VMANHV_MGMT_MGMT_LOOP_H

#include <stdbool.h>

/*
 * `exit=net` (docs/console.md): end the emulator once the management
 * network has its address, not right after `boot: ready`.
 */
bool mgmt_exit_waits_for_net(const char *cmdline);

/*
 * The BSP's life after boot (DESIGN.md section 4): start the management
 * network, then serve it forever.  Never returns.
 */
void mgmt_loop_run(const char *cmdline) __attribute__((noreturn));

#endif

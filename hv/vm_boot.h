/* SPDX-License-Identifier: MIT */
/*
 * Guests named on the firmware command line (`guest=hello,ept`,
 * docs/console.md), started through hv/api.h like any management client,
 * and the `exit` option's wait for them.
 */
#ifndef VMANHV_HV_VM_BOOT_H
#define VMANHV_HV_VM_BOOT_H

#include <stdint.h>

/* Start every guest `guest=` names, each in a VM of its own; a Linux guest
 * gets `guest.initrd=`, `guest.mem=` and the words after " -- " (guest_cmdline). */
void vm_boot_start_guests(const char *cmdline, const char *guest_cmdline);
/*
 * `exit`: wait until every guest started here has stopped, at most
 * timeout_us; ask the rest to stop; destroy them all.  Prints one line.
 */
void vm_boot_finish(uint64_t timeout_us);

#endif

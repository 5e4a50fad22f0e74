/* SPDX-License-Identifier: MIT */
/*
 * vmanhv_ConsoleOutput: what each VM's serial console (COM1) has written,
 * read-only, one instance per VM (docs/profiles.md "Console").  The
 * hypervisor keeps the last bytes in a ring (hv_vm_console_read()); the
 * instance carries them as base64 with their place in everything the
 * console ever wrote, so that a client that follows prints each byte once
 * and knows when the ring dropped bytes it never read.
 */
#ifndef VMANHV_MGMT_PROFILES_CONSOLE_OUTPUT_H
#define VMANHV_MGMT_PROFILES_CONSOLE_OUTPUT_H

#include "mgmt/cim/cim.h"

#define CONSOLE_OUTPUT_CLASS	"vmanhv_ConsoleOutput"
/* hv/api.h: "the VM keeps the last 4 KiB" of its console. */
#define CONSOLE_OUTPUT_MAX	4096U

extern const struct cim_class console_output_class;
extern const struct cim_provider console_output_provider;

#endif

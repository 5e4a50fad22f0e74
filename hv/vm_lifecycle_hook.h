/* SPDX-License-Identifier: MIT */
/*
 * `lifecycle=VERB:NAME@MS,...` (tests, docs/console.md): with `guest=` and
 * `exit`, run hv/api.h's pause, resume, reset, stop and destroy on the
 * named VMs at those times after `boot: ready`, from the `exit` wait loop
 * (hv/vm_boot.c), printing one line per step with the page allocator's
 * free pages before and after.
 */
#ifndef VMANHV_HV_VM_LIFECYCLE_HOOK_H
#define VMANHV_HV_VM_LIFECYCLE_HOOK_H

/* Read `lifecycle=` from the command line; times count from now. */
void lifecycle_hook_schedule(const char *cmdline);
/* Run the steps whose time has come (management CPU, the `exit` wait loop). */
void lifecycle_hook_run_due(void);

#endif

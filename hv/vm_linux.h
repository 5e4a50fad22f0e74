/* SPDX-License-Identifier: MIT */
/*
 * A VM that boots a Linux kernel (hv/loader/linux.h) from guest files
 * (hv/guest_file.h): the kernel and initrd are read, laid out in the VM's
 * RAM with its command line, and the BSP's start state filled in.
 */
#ifndef VMANHV_HV_VM_LINUX_H
#define VMANHV_HV_VM_LINUX_H

#include <stdint.h>

#include "hv/guest_file.h"
#include "hv/vcpu.h"

struct vm;

/*
 * Load the kernel in guest file k (opened by the caller, named `kernel`)
 * with the guest file `initrd` ("" for none) and `cmdline`.  0, or
 * -ENOENT (no initrd of that name), -EBADMSG (a damaged datastore file), -ENOEXEC
 * (not a 64-bit bzImage of boot protocol 2.12 or later), -E2BIG (command line too long),
 * -EFBIG (does not fit the VM's RAM), -EIO, -ENOMEM.
 */
int vm_linux_load(struct vm *vm, const struct guest_file *k, const char *kernel,
		  const char *initrd, const char *cmdline, uint64_t acpi_rsdp_gpa,
		  struct vcpu_boot *boot);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * hv_error_text() (hv/api.h): the words for every error hv/api.h returns,
 * one table for the firmware and for the hosted test backend
 * (mgmt/hosted/hv_backend.c), so a client reads the same message from both.
 */
#include <errno.h>

#include "hv/api.h"

const char *hv_error_text(int err)
{
	switch (-err) {
	case 0:
		return "success";
	case EINVAL:
		return "invalid name, memory size or vCPU count";
	case ENOENT:
		return "no such VM or guest image";
	case EEXIST:
		return "a VM of that name exists";
	case ENOSPC:
		return "too many VMs";
	case ENOMEM:
		return "out of memory";
	case EFBIG:
		return "the image does not fit in the VM's memory";
	case EBUSY:
		return "the VM is not in a state that allows this";
	case ENOTSUP:
		return "VMs cannot run on this machine";
	case ETIMEDOUT:
		return "a vCPU did not leave its CPU in time; the VM was stopped";
	case ERANGE:
		return "CPU terms out of range (Weight 1-10000, Limit and Reservation up to the "
		       "vCPUs, affinity only on guest CPUs that exist)";
	case EADDRINUSE:
		return "the CPUs the VM's Reservation or affinity needs are used or held by other "
		       "running VMs";
	case ENODEV:
		return "no CPU can run guests (CPU 0 runs the management core)";
	case ENOEXEC:
		return "the guest file is neither a 64-bit Linux bzImage (boot protocol 2.12 or "
		       "later) nor an x86 ELF executable that loads into the VM";
	case E2BIG:
		return "the kernel command line is longer than the kernel accepts";
	case EBADMSG:
		return "a guest file fails its SHA-256 (a damaged datastore)";
	case EIO:
		return "the boot disk failed while reading a guest file";
	default:
		return "unexpected error";
	}
}

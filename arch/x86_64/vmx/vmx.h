/* SPDX-License-Identifier: MIT */
/*
 * The VT-x back end as the rest of the firmware sees it: VMX root operation
 * on every CPU.
 */
#ifndef VMANHV_ARCH_VMX_VMX_H
#define VMANHV_ARCH_VMX_VMX_H

#include <stdbool.h>
#include <stdint.h>

/*
 * VMXON on every online CPU (the BSP itself, the APs through their command
 * mailbox), then one console line: `vmx: on, N/M CPUs in VMX root
 * operation` or why not.  Without VMX (CPUID) it does nothing and prints
 * nothing: the summary line already said management-only mode.
 */
void vmx_enable_all_cpus(void);
/* An AP's half of it (smp.c, CPU_CMD_VMX_ON). */
void vmx_cpu_on_command(void);
/* Whether CPU `index` is in VMX root operation. */
bool vmx_cpu_is_on(uint32_t index);
/* Why VMs cannot run on this machine, or NULL when they can (on some CPU). */
const char *vmx_unavailable_reason(void);

#endif

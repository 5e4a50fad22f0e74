/* SPDX-License-Identifier: MIT */
/*
 * The guest registers the VMCS does not hold (SDM Vol. 3C 24.4: RSP, RIP
 * and RFLAGS are in the guest-state area; the other general registers and
 * CR2 are not), saved and restored by vmx_entry.S.  Slots are in the
 * instruction-encoding order (SDM Vol. 2A table 2-2), so an exit
 * qualification's register number indexes gpr[] directly; gpr[4] (RSP) is
 * unused: RSP is read from the VMCS.
 */
#ifndef VMANHV_ARCH_VMX_VMX_REGS_H
#define VMANHV_ARCH_VMX_VMX_REGS_H

#define GREG_RAX	0
#define GREG_RCX	1
#define GREG_RDX	2
#define GREG_RBX	3
#define GREG_RSP	4
#define GREG_RBP	5
#define GREG_RSI	6
#define GREG_RDI	7
#define GREG_COUNT	16

#define GREGS_OFFSET(n)	((n) * 8)
#define GREGS_CR2	(GREG_COUNT * 8)

#ifndef __ASSEMBLY__
#include <stdint.h>

struct guest_regs {
	uint64_t gpr[GREG_COUNT];
	uint64_t cr2;
};

_Static_assert(__builtin_offsetof(struct guest_regs, cr2) == GREGS_CR2, "vmx_entry.S offsets");

/*
 * Enter the guest with the current VMCS: VMLAUNCH when `launched` is 0,
 * VMRESUME otherwise.  Returns VMX_OK (0) after a VM exit, with the guest's
 * registers in *regs, or the enum vmx_status of a failed VM entry
 * instruction (the guest never ran).
 */
int vmx_enter_guest(struct guest_regs *regs, uint32_t launched);
#endif

#endif

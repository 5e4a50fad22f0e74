/* SPDX-License-Identifier: MIT */
/*
 * The VMX instructions (SDM Vol. 3C 30.3) behind checked wrappers, and the
 * VMCS accessors.  A failing VMREAD or VMWRITE of a field vmanhv knows is a
 * hypervisor bug: the accessor reports the field, the value and the
 * VM-instruction error (30.4) once, and marks this CPU's current VMCS as
 * failed; vmcs_take_error() lets the caller stop the VM instead of entering
 * it with a half-written VMCS.
 */
#ifndef VMANHV_ARCH_VMX_VMCS_H
#define VMANHV_ARCH_VMX_VMCS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/vmx/vmcs_fields.h"

/* How a VMX instruction ended (30.2): VMsucceed, VMfailInvalid or VMfailValid. */
enum vmx_status {
	VMX_OK = 0,
	VMX_FAIL_INVALID = 1,	/* CF=1: no current VMCS or a bad pointer */
	VMX_FAIL_VALID = 2,	/* ZF=1: the reason is in VM_INSTRUCTION_ERROR */
};

uint64_t vmcs_read(uint32_t field);
void vmcs_write(uint32_t field, uint64_t value);
/* Set `bits` in a control field / clear them. */
void vmcs_set_bits(uint32_t field, uint64_t bits);
void vmcs_clear_bits(uint32_t field, uint64_t bits);

/*
 * The first accessor failure on this CPU since the last call, as text for a
 * stop reason ("" when none), and clear it.  Returns true when there was one.
 */
bool vmcs_take_error(char *buf, unsigned long len);

enum vmx_status vmx_vmxon(uint64_t region_phys);
enum vmx_status vmx_vmclear(uint64_t vmcs_phys);
enum vmx_status vmx_vmptrld(uint64_t vmcs_phys);
/* INVEPT / INVVPID, single context (types 1); 28.3.3.1 and 30.3. */
enum vmx_status vmx_invept_single(uint64_t eptp);
enum vmx_status vmx_invept_global(void);
enum vmx_status vmx_invvpid_single(uint16_t vpid);

/* The VM-instruction error number's meaning (30.4), never NULL. */
const char *vmx_instruction_error_name(uint32_t error);

#endif

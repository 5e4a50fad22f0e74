/* SPDX-License-Identifier: MIT */
/*
 * VMX instructions and VMCS accessors.  Every VMX instruction reports its
 * outcome in RFLAGS (SDM Vol. 3C 30.2): CF=1 VMfailInvalid, ZF=1
 * VMfailValid with the error number in the VMCS (30.4).
 */
#include <stdio.h>

#include "arch/x86_64/percpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "hv/log.h"

#define VMCS_ERROR_TEXT	160U

/* Per-CPU: the first accessor failure since vmcs_take_error() last ran. */
static char vmcs_error[MAX_CPUS][VMCS_ERROR_TEXT];

static const char *const instruction_errors[] = {
	[1] = "VMCALL executed in VMX root operation",
	[2] = "VMCLEAR with invalid physical address",
	[3] = "VMCLEAR with VMXON pointer",
	[4] = "VMLAUNCH with non-clear VMCS",
	[5] = "VMRESUME with non-launched VMCS",
	[6] = "VMRESUME after VMXOFF",
	[7] = "VM entry with invalid control field(s)",
	[8] = "VM entry with invalid host-state field(s)",
	[9] = "VMPTRLD with invalid physical address",
	[10] = "VMPTRLD with VMXON pointer",
	[11] = "VMPTRLD with incorrect VMCS revision identifier",
	[12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
	[13] = "VMWRITE to read-only VMCS component",
	[15] = "VMXON executed in VMX root operation",
	[16] = "VM entry with invalid executive-VMCS pointer",
	[17] = "VM entry with non-launched executive VMCS",
	[18] = "VM entry with executive-VMCS pointer not VMXON pointer",
	[19] = "VMCALL with non-clear VMCS",
	[20] = "VMCALL with invalid VM-exit control fields",
	[22] = "VMCALL with incorrect MSEG revision identifier",
	[23] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
	[24] = "VMCALL with invalid SMM-monitor features",
	[25] = "VM entry with invalid VM-execution control fields in executive VMCS",
	[26] = "VM entry with events blocked by MOV SS",
	[28] = "invalid operand to INVEPT/INVVPID",
};

const char *vmx_instruction_error_name(uint32_t error)
{
	const uint32_t n = sizeof(instruction_errors) / sizeof(instruction_errors[0]);

	if (error < n && instruction_errors[error] != NULL) {
		return instruction_errors[error];
	}
	return "unknown VM-instruction error";
}

/* CF and ZF after a VMX instruction, as a status (30.2). */
static enum vmx_status status_from(bool cf, bool zf)
{
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_OK;
}

#define VMX_OP_MEM(insn, operand)						\
	({									\
		bool cf_, zf_;							\
		__asm__ volatile(insn " %2" : "=@ccc"(cf_), "=@ccz"(zf_)	\
				 : "m"(operand) : "memory");			\
		status_from(cf_, zf_);						\
	})

enum vmx_status vmx_vmxon(uint64_t region_phys)
{
	return VMX_OP_MEM("vmxon", region_phys);
}

enum vmx_status vmx_vmclear(uint64_t vmcs_phys)
{
	return VMX_OP_MEM("vmclear", vmcs_phys);
}

enum vmx_status vmx_vmptrld(uint64_t vmcs_phys)
{
	return VMX_OP_MEM("vmptrld", vmcs_phys);
}

/* The 128-bit INVEPT/INVVPID descriptor (30.3, INVEPT and INVVPID). */
struct inv_descriptor {
	uint64_t lo, hi;
};

static enum vmx_status invalidate(bool ept, uint64_t type, struct inv_descriptor desc)
{
	bool cf, zf;

	if (ept) {
		__asm__ volatile("invept %2, %3" : "=@ccc"(cf), "=@ccz"(zf)
				 : "m"(desc), "r"(type) : "memory");
	} else {
		__asm__ volatile("invvpid %2, %3" : "=@ccc"(cf), "=@ccz"(zf)
				 : "m"(desc), "r"(type) : "memory");
	}
	return status_from(cf, zf);
}

enum vmx_status vmx_invept_single(uint64_t eptp)
{
	return invalidate(true, 1, (struct inv_descriptor){ eptp, 0 });
}

enum vmx_status vmx_invept_global(void)
{
	return invalidate(true, 2, (struct inv_descriptor){ 0, 0 });
}

enum vmx_status vmx_invvpid_single(uint16_t vpid)
{
	return invalidate(false, 1, (struct inv_descriptor){ vpid, 0 });
}

static enum vmx_status vmread_raw(uint32_t field, uint64_t *value)
{
	bool cf, zf;

	__asm__ volatile("vmread %3, %0" : "=r"(*value), "=@ccc"(cf), "=@ccz"(zf)
			 : "r"((uint64_t)field) : "memory");
	return status_from(cf, zf);
}

/* Report an accessor failure once per stop: the first is the one that matters. */
static void accessor_failed(const char *what, uint32_t field, enum vmx_status st)
{
	char *slot = vmcs_error[cpu_current_index()];
	uint64_t err = 0;

	if (slot[0] != '\0') {
		return;
	}
	if (st == VMX_FAIL_VALID && vmread_raw(VMCS_VM_INSTRUCTION_ERROR, &err) == VMX_OK) {
		snprintf(slot, VMCS_ERROR_TEXT, "%s of VMCS field 0x%04x failed: "
			 "VM-instruction error %lu (%s)", what, field, err,
			 vmx_instruction_error_name((uint32_t)err));
	} else {
		snprintf(slot, VMCS_ERROR_TEXT, "%s of VMCS field 0x%04x failed: no current VMCS",
			 what, field);
	}
	hv_log("vmx: cpu %u: %s\n", cpu_current_index(), slot);
}

uint64_t vmcs_read(uint32_t field)
{
	uint64_t value = 0;
	enum vmx_status st = vmread_raw(field, &value);

	if (st != VMX_OK) {
		accessor_failed("VMREAD", field, st);
		return 0;
	}
	return value;
}

void vmcs_write(uint32_t field, uint64_t value)
{
	bool cf, zf;

	__asm__ volatile("vmwrite %2, %3" : "=@ccc"(cf), "=@ccz"(zf)
			 : "rm"(value), "r"((uint64_t)field) : "memory");
	if (cf || zf) {
		char what[40];

		snprintf(what, sizeof(what), "VMWRITE 0x%lx", value);
		accessor_failed(what, field, status_from(cf, zf));
	}
}

void vmcs_set_bits(uint32_t field, uint64_t bits)
{
	vmcs_write(field, vmcs_read(field) | bits);
}

void vmcs_clear_bits(uint32_t field, uint64_t bits)
{
	vmcs_write(field, vmcs_read(field) & ~bits);
}

bool vmcs_take_error(char *buf, unsigned long len)
{
	char *slot = vmcs_error[cpu_current_index()];
	bool had = slot[0] != '\0';

	snprintf(buf, len, "%s", slot);
	slot[0] = '\0';
	return had;
}

/* SPDX-License-Identifier: MIT */
/*
 * Inside the VT-x back end: the decoded exit every handler receives, the
 * handlers that live in their own files, and the helpers they share.
 * Handlers return enum vcpu_exit_action (hv/vcpu.h).
 */
#ifndef VMANHV_ARCH_VMX_VMX_EXIT_H
#define VMANHV_ARCH_VMX_VMX_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/vcpu.h"

struct vmx_exit {
	uint32_t reason;		/* basic exit reason */
	uint64_t qualification;		/* read when the table entry asks for it */
	uint64_t rip;			/* guest RIP of the exiting instruction */
};

typedef int (*vmx_exit_fn)(struct vcpu *vcpu, const struct vmx_exit *exit);

/* Read the exit, count it, run its handler from the table. */
int vmx_exit_dispatch(struct vcpu *vcpu);
/* Boot-time check that every table slot names a handler (false: a bug). */
bool vmx_exit_table_complete(void);

/* Handlers with files of their own. */
int vmx_exit_cpuid(struct vcpu *vcpu, const struct vmx_exit *exit);
int vmx_exit_cr_access(struct vcpu *vcpu, const struct vmx_exit *exit);
int vmx_exit_io(struct vcpu *vcpu, const struct vmx_exit *exit);
int vmx_exit_rdmsr(struct vcpu *vcpu, const struct vmx_exit *exit);
int vmx_exit_wrmsr(struct vcpu *vcpu, const struct vmx_exit *exit);
int vmx_exit_interrupt_window(struct vcpu *vcpu, const struct vmx_exit *exit);

/*
 * Before every VM entry (vmx_inject.c): the APIC timer brought up to now,
 * the highest deliverable interrupt injected or the interrupt window opened.
 */
void vmx_inject_pending(struct vcpu *vcpu);

/* The instruction completed: RIP past it, STI/MOV-SS blocking over (27.2.1, 24.4.2). */
void vmx_skip_instruction(void);
/* The same for an instruction of `length` bytes decoded by the hypervisor (MMIO). */
void vmx_skip_bytes(uint64_t length);
/* An EPT violation at `gpa`, which a device on the VM's MMIO bus claims (vmx_exit_mmio.c). */
int vmx_exit_mmio(struct vcpu *vcpu, const struct vmx_exit *exit, uint64_t gpa);
/*
 * Inject a hardware exception at the next VM entry (26.5.1), with an error
 * code where the vector has one and the guest is in protected mode (26.2.1.3:
 * real-mode delivery pushes none).  RIP is not advanced: a fault.
 */
void vmx_inject_exception(uint8_t vector, uint32_t error_code);

/* VMCS setup (vmcs_setup.c): 0, or -errno with `why` filled. */
int vmcs_setup(struct vcpu *vcpu, char *why, unsigned long why_len);
/* The shared bitmaps (vmx_bitmaps.c), built once on the BSP before any VM. */
int vmx_bitmaps_init(void);
uint64_t vmx_msr_bitmap(void);
uint64_t vmx_io_bitmap_a(void);
uint64_t vmx_io_bitmap_b(void);

#define VECTOR_UD	6U
#define VECTOR_GP	13U

#endif

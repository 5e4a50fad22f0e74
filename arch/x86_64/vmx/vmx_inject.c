/* SPDX-License-Identifier: MIT */
/*
 * Interrupts into the guest.  Before every VM entry the vCPU's APIC timer
 * is brought up to the TSC, and the highest interrupt its APIC would
 * deliver (hv/devices/lapic.h) goes into the VM-entry interruption-
 * information field as an external interrupt (SDM Vol. 3C 24.8.3, 26.6) when
 * the guest can take it: RFLAGS.IF set, no STI or MOV-SS blocking (24.4.2),
 * and no other event being injected on this entry.  When it cannot,
 * interrupt-window exiting (24.6.2) brings it back out the moment it can
 * (exit reason 7, 25.2), and injection is tried again.  The APIC's IRR is
 * the per-vCPU book of pending interrupts; an injected vector moves to ISR
 * at once, as when a CPU acknowledges it (10.8.4).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"

#define INTERRUPTIBILITY_STI_MOV_SS	0x3U	/* 24.4.2, table 24-3 */

static void set_window_exiting(struct vmx_vcpu *v, bool on)
{
	if (v->window_exiting == on) {
		return;
	}
	if (on) {
		vmcs_set_bits(VMCS_PROC_CONTROLS, PROC_INTERRUPT_WINDOW_EXITING);
	} else {
		vmcs_clear_bits(VMCS_PROC_CONTROLS, PROC_INTERRUPT_WINDOW_EXITING);
	}
	v->window_exiting = on;
}

/* The guest would take an external interrupt now (6.8.1, 24.4.2). */
static bool guest_interruptible(void)
{
	return (vmcs_read(VMCS_GUEST_RFLAGS) & RFLAGS_IF) &&
	       !(vmcs_read(VMCS_GUEST_INTERRUPTIBILITY) & INTERRUPTIBILITY_STI_MOV_SS);
}

void vmx_inject_pending(struct vcpu *vcpu)
{
	struct vlapic *apic = &vcpu->lapic;
	int vector;

	vlapic_timer_update(apic, rdtsc());
	vector = vlapic_pending_vector(apic);
	if (vector < 0) {
		set_window_exiting(&vcpu->vmx, false);
		return;
	}
	/* The valid bit is cleared on every exit (24.8.3): set now, a handler injected. */
	if ((vmcs_read(VMCS_ENTRY_INTR_INFO) & INTR_INFO_VALID) || !guest_interruptible()) {
		set_window_exiting(&vcpu->vmx, true);
		return;
	}
	vmcs_write(VMCS_ENTRY_INTR_INFO, (uint32_t)vector | INTR_TYPE_EXTERNAL | INTR_INFO_VALID);
	vlapic_ack(apic, (uint8_t)vector);
	vcpu->interrupts_injected++;
	set_window_exiting(&vcpu->vmx, false);
}

/* The guest can take interrupts again: vmx_inject_pending does it before the entry. */
int vmx_exit_interrupt_window(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	return VCPU_CONTINUE;
}

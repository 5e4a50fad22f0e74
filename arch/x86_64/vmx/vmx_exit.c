/* SPDX-License-Identifier: MIT */
/*
 * The VM-exit dispatch table (style rule 6): one const slot per basic exit
 * reason of SDM Vol. 3C appendix C, each naming a handler, "inject #UD"
 * (instructions the guest's CPUID does not offer, 25.1.2/25.1.3), or
 * "unhandled" (stop the VM, naming the reason: nothing vmanhv enables
 * should reach those).  The dispatcher counts every exit per reason.
 */
#include <stdarg.h>
#include <stdio.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/vm.h"

#define INTERRUPTIBILITY_STI_MOV_SS	0x3U	/* 24.4.2, table 24-3 */
#define EPT_QUAL_READ		(1ULL << 0)	/* 27.2.1, table 27-7 */
#define EPT_QUAL_WRITE		(1ULL << 1)
#define EPT_QUAL_FETCH		(1ULL << 2)
#define RFLAGS_GUEST_IF		(1ULL << 9)
#define XCR0_X87_SSE		0x3ULL
#define VECTORING_INFO_ENTRY_BITS	0x80000FFFU	/* valid, error, type, vector */

struct vmx_exit_entry {
	vmx_exit_fn handler;
	const char *name;
	bool needs_qualification;
};

void vmx_skip_instruction(void)
{
	vmx_skip_bytes(vmcs_read(VMCS_EXIT_INSTR_LEN));
}

void vmx_skip_bytes(uint64_t length)
{
	vmcs_write(VMCS_GUEST_RIP, vmcs_read(VMCS_GUEST_RIP) + length);
	vmcs_clear_bits(VMCS_GUEST_INTERRUPTIBILITY, INTERRUPTIBILITY_STI_MOV_SS);
}

void vmx_inject_exception(uint8_t vector, uint32_t error_code)
{
	bool has_error = vector == 8U || (vector >= 10U && vector <= 14U) || vector == 17U;
	uint32_t info = vector | INTR_TYPE_HW_EXCEPTION | INTR_INFO_VALID;

	if (has_error && (vmcs_read(VMCS_GUEST_CR0) & 1U)) {	/* CR0.PE */
		info |= INTR_INFO_DELIVER_ERROR;
		vmcs_write(VMCS_ENTRY_EXCEPTION_ERROR, error_code);
	}
	vmcs_write(VMCS_ENTRY_INTR_INFO, info);
}

static const struct vmx_exit_entry vmx_exit_table[VMX_EXIT_REASON_COUNT];

const char *vmx_exit_reason_name(uint32_t reason)
{
	return reason < VMX_EXIT_REASON_COUNT ? vmx_exit_table[reason].name : "out of range";
}

static int exit_unhandled(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	return vcpu_stop(vcpu, "unhandled VM exit %u (%s), qualification 0x%lx, at rip 0x%lx",
			 exit->reason, vmx_exit_reason_name(exit->reason), exit->qualification,
			 exit->rip);
}

/* An instruction the guest was not offered: #UD, as on a CPU without it. */
static int exit_inject_ud(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	vcpu_note_event(vcpu, "#UD injected for %s at rip 0x%lx", vmx_exit_reason_name(exit->reason),
			exit->rip);
	vmx_inject_exception(VECTOR_UD, 0);
	return VCPU_CONTINUE;
}

/* Exception bitmap 0: only NMIs, which belong to the host, come here (27.2.2). */
static int exit_exception_nmi(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	uint32_t info = (uint32_t)vmcs_read(VMCS_EXIT_INTR_INFO);

	if ((info & INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI) {
		return VCPU_CONTINUE;	/* no host NMI source exists yet: nothing to forward */
	}
	return vcpu_stop(vcpu, "unexpected exception vector %u in the guest at rip 0x%lx",
			 info & INTR_INFO_VECTOR_MASK, exit->rip);
}

/*
 * Without "acknowledge interrupt on exit" the interrupt is still pending in
 * the LAPIC (27.2.2): open a one-instruction window and let the host's IDT
 * take it.
 */
static int exit_external_interrupt(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	__asm__ volatile("sti; nop; cli" ::: "memory");
	return VCPU_CONTINUE;
}

static int exit_triple_fault(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	return vcpu_stop(vcpu, "triple fault at rip 0x%lx", exit->rip);
}

/*
 * HLT with IF=0: no interrupt can wake the vCPU again (SDM Vol. 2A HLT; NMIs
 * are not emulated).  The BSP doing it ends the VM.  An AP only waits for
 * good (the VM ends when all its vCPUs have): Linux parks its APs that way
 * (stop_this_cpu()) while the BSP goes on to power off through ACPI.  With
 * IF=1 the vCPU waits for an interrupt from its APIC, unless one is already
 * pending.
 */
static int exit_hlt(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	struct vm *vm = vcpu->vm;

	if (!(vmcs_read(VMCS_GUEST_RFLAGS) & RFLAGS_GUEST_IF)) {
		uint32_t halted = vcpu->halted_for_good
					  ? __atomic_load_n(&vm->vcpus_halted, __ATOMIC_ACQUIRE)
					  : __atomic_add_fetch(&vm->vcpus_halted, 1U, __ATOMIC_ACQ_REL);

		vcpu->halted_for_good = true;
		if (vcpu->index != 0U &&
		    halted + __atomic_load_n(&vm->vcpus_done, __ATOMIC_ACQUIRE) < vm->vcpu_count) {
			return VCPU_WAIT;	/* RIP stays on the HLT: it halts again */
		}
		return vcpu_stop(vcpu, "guest halted with interrupts disabled at rip 0x%lx",
				 exit->rip);
	}
	vmx_skip_instruction();
	vlapic_timer_update(&vcpu->lapic, rdtsc());
	return vlapic_pending_vector(&vcpu->lapic) >= 0 ? VCPU_CONTINUE : VCPU_WAIT;
}

/* INVD would drop the host's dirty lines too: write them back instead. */
static int exit_invd(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	__asm__ volatile("wbinvd" ::: "memory");
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

/* No performance counters are offered (CPUID leaf 0xA is zero): #GP (Vol. 2B RDPMC). */
static int exit_rdpmc(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	vcpu_note_event(vcpu, "#GP injected for RDPMC at rip 0x%lx", exit->rip);
	vmx_inject_exception(VECTOR_GP, 0);
	return VCPU_CONTINUE;
}

/*
 * Guest memory is RAM from GPA 0 to ram_size, and device registers on the
 * VM's MMIO bus (vmx_exit_mmio.c): any other GPA is an access to nothing,
 * which stops the VM with the address.  A violation inside RAM means the
 * EPT is wrong: also a stop, called a bug.
 */
static int exit_ept_violation(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	uint64_t q = exit->qualification;
	const char *what = (q & EPT_QUAL_WRITE) ? "write" : (q & EPT_QUAL_FETCH) ? "fetch" : "read";

	if (vm_gpa_is_ram(vcpu->vm, gpa, 1)) {
		return vcpu_stop(vcpu, "EPT violation inside guest RAM: %s at GPA 0x%lx "
				 "(hypervisor bug), rip 0x%lx", what, gpa, exit->rip);
	}
	if (vm_mmio_claims(&vcpu->vm->mmio, gpa)) {
		return vmx_exit_mmio(vcpu, exit, gpa);
	}
	return vcpu_stop(vcpu, "EPT violation: %s at GPA 0x%lx, outside guest RAM "
			 "(0-0x%lx) and no device there, rip 0x%lx", what, gpa,
			 vcpu->vm->ram_size - 1U, exit->rip);
}

static int exit_ept_misconfig(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	return vcpu_stop(vcpu, "EPT misconfiguration at GPA 0x%lx (hypervisor bug)",
			 vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS));
}

/*
 * The timer ends the slice, or came first for the guest's APIC timer
 * (vmx_vcpu.c arms it for whichever is earlier), which the next entry injects.
 */
static int exit_preemption_timer(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	return rdtsc() >= vcpu->vmx.slice_end ? VCPU_YIELD : VCPU_CONTINUE;
}

/*
 * XSETBV (Vol. 2D): the guest's CPUID offers no XSAVE, so the only XCR0 it
 * may hold is x87|SSE; anything else, or another XCR, is #GP.
 */
static int exit_xsetbv(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	const uint64_t *gpr = vcpu->vmx.regs.gpr;
	uint64_t value = (gpr[GREG_RDX] << 32) | (uint32_t)gpr[GREG_RAX];

	if ((uint32_t)gpr[GREG_RCX] != 0U || value != XCR0_X87_SSE) {
		vcpu_note_event(vcpu, "#GP injected for XSETBV XCR%u = 0x%lx at rip 0x%lx",
				(uint32_t)gpr[GREG_RCX], value, exit->rip);
		vmx_inject_exception(VECTOR_GP, 0);
		return VCPU_CONTINUE;
	}
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

#define HANDLE(fn, text)	{ fn, text, false }
#define HANDLE_Q(fn, text)	{ fn, text, true }
#define UD(text)		{ exit_inject_ud, text, false }
#define UNHANDLED(text)		{ exit_unhandled, text, true }

static const struct vmx_exit_entry vmx_exit_table[VMX_EXIT_REASON_COUNT] = {
	[0] = HANDLE(exit_exception_nmi, "exception or NMI"),
	[1] = HANDLE(exit_external_interrupt, "external interrupt"),
	[2] = HANDLE(exit_triple_fault, "triple fault"),
	[3] = UNHANDLED("INIT signal"),
	[4] = UNHANDLED("start-up IPI"),
	[5] = UNHANDLED("I/O SMI"),
	[6] = UNHANDLED("other SMI"),
	[7] = HANDLE(vmx_exit_interrupt_window, "interrupt window"),
	[8] = UNHANDLED("NMI window"),
	[9] = UNHANDLED("task switch"),
	[10] = HANDLE(vmx_exit_cpuid, "CPUID"),
	[11] = UD("GETSEC"),
	[12] = HANDLE(exit_hlt, "HLT"),
	[13] = HANDLE(exit_invd, "INVD"),
	[14] = UNHANDLED("INVLPG"),
	[15] = HANDLE(exit_rdpmc, "RDPMC"),
	[16] = UNHANDLED("RDTSC"),
	[17] = UD("RSM"),
	[18] = UD("VMCALL"),
	[19] = UD("VMCLEAR"),
	[20] = UD("VMLAUNCH"),
	[21] = UD("VMPTRLD"),
	[22] = UD("VMPTRST"),
	[23] = UD("VMREAD"),
	[24] = UD("VMRESUME"),
	[25] = UD("VMWRITE"),
	[26] = UD("VMXOFF"),
	[27] = UD("VMXON"),
	[28] = HANDLE_Q(vmx_exit_cr_access, "control-register access"),
	[29] = UNHANDLED("MOV DR"),
	[30] = HANDLE_Q(vmx_exit_io, "I/O instruction"),
	[31] = HANDLE(vmx_exit_rdmsr, "RDMSR"),
	[32] = HANDLE(vmx_exit_wrmsr, "WRMSR"),
	[33] = UNHANDLED("VM-entry failure: invalid guest state"),
	[34] = UNHANDLED("VM-entry failure: MSR loading"),
	[35] = UNHANDLED("reserved (35)"),
	[36] = UD("MWAIT"),
	[37] = UNHANDLED("monitor trap flag"),
	[38] = UNHANDLED("reserved (38)"),
	[39] = UD("MONITOR"),
	[40] = UNHANDLED("PAUSE"),
	[41] = UNHANDLED("VM-entry failure: machine-check event"),
	[42] = UNHANDLED("reserved (42)"),
	[43] = UNHANDLED("TPR below threshold"),
	[44] = UNHANDLED("APIC access"),
	[45] = UNHANDLED("virtualized EOI"),
	[46] = UNHANDLED("GDTR/IDTR access"),
	[47] = UNHANDLED("LDTR/TR access"),
	[48] = HANDLE_Q(exit_ept_violation, "EPT violation"),
	[49] = HANDLE(exit_ept_misconfig, "EPT misconfiguration"),
	[50] = UD("INVEPT"),
	[51] = UNHANDLED("RDTSCP"),
	[52] = HANDLE(exit_preemption_timer, "VMX-preemption timer expired"),
	[53] = UD("INVVPID"),
	[54] = UNHANDLED("WBINVD"),
	[55] = HANDLE(exit_xsetbv, "XSETBV"),
	[56] = UNHANDLED("APIC write"),
	[57] = UNHANDLED("RDRAND"),
	[58] = UNHANDLED("INVPCID"),
	[59] = UD("VMFUNC"),
	[60] = UD("ENCLS"),
	[61] = UNHANDLED("RDSEED"),
	[62] = UNHANDLED("page-modification log full"),
	[63] = UD("XSAVES"),
	[64] = UD("XRSTORS"),
	[65] = UD("PCONFIG"),
	[66] = UNHANDLED("SPP-related event"),
	[67] = UD("UMWAIT"),
	[68] = UD("TPAUSE"),
	[69] = UD("LOADIWKEY"),
};

bool vmx_exit_table_complete(void)
{
	for (uint32_t i = 0; i < VMX_EXIT_REASON_COUNT; i++) {
		if (vmx_exit_table[i].handler == NULL || vmx_exit_table[i].name == NULL) {
			return false;
		}
	}
	return true;
}

/* Bit 31 of the exit reason: the entry itself failed, the guest never ran (26.7). */
static int entry_failure(struct vcpu *vcpu, uint32_t reason)
{
	uint32_t basic = reason & EXIT_REASON_BASIC_MASK;

	return vcpu_stop(vcpu, "VM entry failed: exit reason %u (%s), qualification %lu",
			 basic, vmx_exit_reason_name(basic), vmcs_read(VMCS_EXIT_QUALIFICATION));
}

/*
 * An exit in the middle of delivering an event (27.2.4): the event did not
 * reach the guest; hand it back to the next VM entry (26.5.1) so that it
 * is not lost.
 */
static void reinject_vectoring_event(void)
{
	uint32_t info = (uint32_t)vmcs_read(VMCS_IDT_VECTORING_INFO);

	if (!(info & INTR_INFO_VALID)) {
		return;
	}
	vmcs_write(VMCS_ENTRY_INTR_INFO, info & VECTORING_INFO_ENTRY_BITS);
	if (info & INTR_INFO_DELIVER_ERROR) {
		vmcs_write(VMCS_ENTRY_EXCEPTION_ERROR, vmcs_read(VMCS_IDT_VECTORING_ERROR));
	}
	vmcs_write(VMCS_ENTRY_INSTR_LEN, vmcs_read(VMCS_EXIT_INSTR_LEN));
}

/* printf at buf + used, never past len; returns the new used. */
static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (used >= len) {
		return used;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	return n > 0 ? used + (size_t)n : used;
}

void vmx_exit_summary(const uint64_t counts[VMX_EXIT_REASON_COUNT], char *buf, size_t len)
{
	const char *separator = " (";
	uint64_t total = 0;
	size_t used;

	for (uint32_t i = 0; i < VMX_EXIT_REASON_COUNT; i++) {
		total += counts[i];
	}
	used = append(buf, len, 0, "%lu", total);
	for (uint32_t i = 0; i < VMX_EXIT_REASON_COUNT; i++) {
		if (counts[i] != 0U) {
			used = append(buf, len, used, "%s%s %lu", separator, vmx_exit_table[i].name,
				      counts[i]);
			separator = ", ";
		}
	}
	if (total > 0U) {
		append(buf, len, used, ")");
	}
}

int vmx_exit_dispatch(struct vcpu *vcpu)
{
	uint32_t reason = (uint32_t)vmcs_read(VMCS_EXIT_REASON);
	struct vmx_exit exit = { .reason = reason & EXIT_REASON_BASIC_MASK };
	const struct vmx_exit_entry *entry;

	if (reason & EXIT_REASON_ENTRY_FAILURE) {
		return entry_failure(vcpu, reason);
	}
	if (exit.reason >= VMX_EXIT_REASON_COUNT) {
		return vcpu_stop(vcpu, "VM exit reason %u is beyond the dispatch table",
				 exit.reason);
	}
	vcpu->vmx.exits[exit.reason]++;
	entry = &vmx_exit_table[exit.reason];
	reinject_vectoring_event();
	exit.rip = vmcs_read(VMCS_GUEST_RIP);
	if (entry->needs_qualification) {
		exit.qualification = vmcs_read(VMCS_EXIT_QUALIFICATION);
	}
	return entry->handler(vcpu, &exit);
}

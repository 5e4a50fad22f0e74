/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's VMCS through its life: allocated on the management CPU, cleared,
 * loaded and filled on the CPU that runs it (SDM Vol. 3C 24.11.3: a VMCS is
 * launched on one CPU at a time), entered slice by slice, cleared when the
 * vCPU stops so that its memory may be freed.
 *
 * The guest's x87/SSE state is its own: the host's code is built without
 * vector registers, but the libraries it calls (formatting a console line)
 * are not, so every exit saves the guest's state and loads a clean one,
 * and every entry puts the guest's back (FXSAVE/FXRSTOR, SDM Vol. 1 10.5).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/mm.h"
#include "hv/vm.h"

#define FXSAVE_FCW	0	/* offsets in the FXSAVE image, SDM Vol. 1 table 10-2 */
#define FXSAVE_MXCSR	24
#define FCW_INIT	0x037FU	/* FNINIT's control word */
#define MXCSR_INIT	0x1F80U	/* all SIMD exceptions masked */
#define TIMER_MAX	0xFFFFFFFFULL

/* Per CPU: the vCPU whose VMCS is current (VMPTRLD) here. */
static struct vmx_vcpu *current_vmcs[MAX_CPUS];

static void fpu_init_image(uint8_t *area)
{
	memset(area, 0, 512);
	*(uint16_t *)(area + FXSAVE_FCW) = FCW_INIT;
	*(uint32_t *)(area + FXSAVE_MXCSR) = MXCSR_INIT;
}

static void fxsave(uint8_t *area)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[512])area));
}

static void fxrstor(const uint8_t *area)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[512])area));
}

/* The state the host's libraries start from after every exit. */
static const uint8_t *host_fpu_image(void)
{
	static uint8_t image[512] __attribute__((aligned(16)));

	if (*(uint16_t *)(image + FXSAVE_FCW) == 0U) {
		fpu_init_image(image);	/* same bytes on every CPU: a benign race */
	}
	return image;
}

int vmx_vcpu_create(struct vmx_vcpu *v, uint16_t vpid)
{
	uint32_t *vmcs;

	memset(v, 0, sizeof(*v));
	vmcs = page_alloc(1, 1);
	if (vmcs == NULL) {
		return -ENOMEM;
	}
	vmcs[0] = cpus[0].vmx.vmcs_revision;	/* 24.2: revision id, bit 31 clear */
	v->vmcs = vmcs;
	v->vpid = vpid;
	fpu_init_image(v->fpu);
	for (uint32_t i = 0; i < VMX_GUEST_MSRS; i++) {
		v->guest_msrs[i].index = vmx_guest_msr_index[i];	/* values: 0, as at reset */
	}
	return 0;
}

void vmx_vcpu_destroy(struct vmx_vcpu *v)
{
	if (v->vmcs != NULL) {
		page_free(v->vmcs, 1);
		v->vmcs = NULL;
	}
}

static int make_current(struct vmx_vcpu *v)
{
	uint32_t cpu = this_cpu()->index;

	if (current_vmcs[cpu] == v) {
		return 0;
	}
	if (vmx_vmptrld((uintptr_t)v->vmcs) != VMX_OK) {
		return -EIO;
	}
	current_vmcs[cpu] = v;
	return 0;
}

/* Fresh translations for this VM's EPT and this vCPU's VPID (28.3.3.3, 28.3.3.4). */
static void flush_translations(struct vcpu *vcpu)
{
	if (vmx_invept_single(ept_pointer(&vcpu->vm->ept)) != VMX_OK) {
		vmx_invept_global();
	}
	if (vcpu->vmx.vpid != 0U) {
		vmx_invvpid_single(vcpu->vmx.vpid);
	}
}

int vmx_vcpu_load(struct vcpu *vcpu, char *why, unsigned long why_len)
{
	struct vmx_vcpu *v = &vcpu->vmx;
	int err;

	if (vmx_vmclear((uintptr_t)v->vmcs) != VMX_OK || make_current(v) != 0) {
		snprintf(why, why_len, "VMCLEAR/VMPTRLD of the VMCS at %p failed", v->vmcs);
		return -EIO;
	}
	err = vmcs_setup(vcpu, why, why_len);
	if (err != 0) {
		return err;
	}
	flush_translations(vcpu);
	if (vmcs_take_error(why, why_len)) {
		return -EIO;
	}
	v->loaded = true;
	return 0;
}

void vmx_vcpu_unload(struct vmx_vcpu *v)
{
	uint32_t cpu = this_cpu()->index;

	if (v->loaded) {
		vmx_vmclear((uintptr_t)v->vmcs);
	}
	if (current_vmcs[cpu] == v) {
		current_vmcs[cpu] = NULL;
	}
	v->loaded = false;
	v->launched = false;	/* VMCLEAR made it "clear": VMLAUNCH next (24.11.3) */
	v->window_exiting = false;
}

/*
 * Until the end of the slice or the guest's next APIC timer expiry,
 * whichever is first, in preemption-timer ticks (24.6.1, 25.5.1): the
 * guest's timer fires on time even while it runs without exits.
 */
static void arm_preemption_timer(const struct vcpu *vcpu, uint64_t slice_end)
{
	const struct vmx_vcpu *v = &vcpu->vmx;
	uint64_t now = rdtsc(), apic = vlapic_timer_next(&vcpu->lapic);
	uint64_t end = apic < slice_end ? apic : slice_end;
	uint64_t ticks = end > now ? (end - now) >> v->preemption_shift : 0U;

	if (v->preemption_timer) {
		vmcs_write(VMCS_PREEMPTION_TIMER, ticks > TIMER_MAX ? TIMER_MAX : ticks);
	}
}

static int entry_failed(struct vcpu *vcpu, int status)
{
	const char *insn = vcpu->vmx.launched ? "VMRESUME" : "VMLAUNCH";
	uint32_t err;

	if (status != VMX_FAIL_VALID) {
		return vcpu_stop(vcpu, "VM entry failed: %s VMfailInvalid (no current VMCS)", insn);
	}
	err = (uint32_t)vmcs_read(VMCS_VM_INSTRUCTION_ERROR);
	return vcpu_stop(vcpu, "VM entry failed: %s error %u (%s)", insn, err,
			 vmx_instruction_error_name(err));
}

int vmx_vcpu_run_once(struct vcpu *vcpu, uint64_t slice_end)
{
	struct vmx_vcpu *v = &vcpu->vmx;
	char why[160];
	int status, action;

	if (make_current(v) != 0) {
		return vcpu_stop(vcpu, "VMPTRLD of the VMCS at %p failed", v->vmcs);
	}
	v->slice_end = slice_end;
	vmx_inject_pending(vcpu);
	arm_preemption_timer(vcpu, slice_end);
	fxrstor(v->fpu);
	status = vmx_enter_guest(&v->regs, v->launched);
	fxsave(v->fpu);
	fxrstor(host_fpu_image());
	if (status != VMX_OK) {
		return entry_failed(vcpu, status);
	}
	v->launched = true;
	action = vmx_exit_dispatch(vcpu);
	if (vmcs_take_error(why, sizeof(why))) {
		return vcpu_stop(vcpu, "hypervisor error: %s", why);
	}
	return action;
}

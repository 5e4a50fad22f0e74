/* SPDX-License-Identifier: MIT */
/*
 * Entering VMX root operation on every CPU (SDM Vol. 3C 23.7): check
 * IA32_FEATURE_CONTROL, fix CR0 and CR4 to the values VMX operation allows
 * (23.8, appendix A.7/A.8), set CR4.VMXE, and run VMXON on a 4 KiB region
 * stamped with the VMCS revision identifier (24.11.5).  A CPU that cannot
 * says why; nothing here faults where VMX is absent, because nothing runs
 * past the CPUID check.
 */
#include <errno.h>
#include <stdio.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/mm.h"

#define MSR_IA32_VMX_CR0_FIXED0		0x486U
#define MSR_IA32_VMX_CR0_FIXED1		0x487U
#define MSR_IA32_VMX_CR4_FIXED0		0x488U
#define MSR_IA32_VMX_CR4_FIXED1		0x489U
#define FEATURE_CONTROL_LOCK		(1ULL << 0)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1ULL << 2)
#define BASIC_VMCS_SIZE(b)		(((b) >> 32) & 0x1FFFU)	/* A.1 */
#define BASIC_PHYS_32BIT		(1ULL << 48)
#define BASIC_MEMTYPE(b)		(((b) >> 50) & 0xFU)
#define MEMTYPE_WB			6U
#define CR4_VMXE			(1ULL << 13)
#define VMXON_WAIT_US			200000U
#define WHY_LEN				120U

struct vmx_cpu {
	void *vmxon_region;
	volatile bool on;
	volatile bool done;		/* the AP answered CPU_CMD_VMX_ON */
	char why_not[WHY_LEN];
};

static struct vmx_cpu vmx_cpus[MAX_CPUS];
/* Set once on the BSP when what all VMs share could not be prepared. */
static const char *shared_setup_failed;

/*
 * IA32_FEATURE_CONTROL (23.7): locked by platform firmware, respect it;
 * unlocked, allow VMXON outside SMX and lock it so it stays that way.
 */
static int feature_control_allow(char *why)
{
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	if (!(fc & FEATURE_CONTROL_LOCK)) {
		wrmsr(MSR_IA32_FEATURE_CONTROL,
		      fc | FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
		return 0;
	}
	if (!(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX)) {
		snprintf(why, WHY_LEN, "IA32_FEATURE_CONTROL 0x%lx is locked without "
			 "VMXON outside SMX (enable VT-x in the platform setup)", fc);
		return -EPERM;
	}
	return 0;
}

/* IA32_VMX_BASIC (A.1): what the VMXON region and the VMCSs must look like. */
static int basic_check(const struct vmx_caps *caps, char *why)
{
	if (BASIC_VMCS_SIZE(caps->basic) > PAGE_SIZE) {
		snprintf(why, WHY_LEN, "VMCS size %lu exceeds 4 KiB",
			 BASIC_VMCS_SIZE(caps->basic));
		return -ENOTSUP;
	}
	if (BASIC_MEMTYPE(caps->basic) != MEMTYPE_WB) {
		snprintf(why, WHY_LEN, "VMCS memory type %lu is not write-back",
			 BASIC_MEMTYPE(caps->basic));
		return -ENOTSUP;
	}
	return 0;
}

/* CR0 and CR4 as VMX operation needs them (23.8, A.7, A.8). */
static void fix_control_registers(void)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4() | CR4_VMXE;

	cr0 = (cr0 | rdmsr(MSR_IA32_VMX_CR0_FIXED0)) & rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	cr4 = (cr4 | rdmsr(MSR_IA32_VMX_CR4_FIXED0)) & rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	write_cr0(cr0);
	write_cr4(cr4);
}

static int vmxon_here(struct vmx_cpu *vc, const struct vmx_caps *caps)
{
	uint32_t *region = vc->vmxon_region;
	enum vmx_status st;

	if (region == NULL) {
		region = page_alloc(1, 1);
		if (region == NULL) {
			snprintf(vc->why_not, WHY_LEN, "out of memory for the VMXON region");
			return -ENOMEM;
		}
		vc->vmxon_region = region;
	}
	if ((caps->basic & BASIC_PHYS_32BIT) && (uintptr_t)region >= (1ULL << 32)) {
		snprintf(vc->why_not, WHY_LEN, "VMXON region above 4 GiB on a 32-bit-address VMX");
		return -ENOTSUP;
	}
	region[0] = caps->vmcs_revision;	/* bit 31 clear: not a shadow VMCS */
	fix_control_registers();
	st = vmx_vmxon((uintptr_t)region);
	if (st != VMX_OK) {
		snprintf(vc->why_not, WHY_LEN, "VMXON failed (%s)",
			 st == VMX_FAIL_INVALID ? "VMfailInvalid" : "VMfailValid");
		return -EIO;
	}
	return 0;
}

/* VMXON on the calling CPU; records the outcome in vmx_cpus[]. */
static void vmx_cpu_on(void)
{
	struct percpu *cpu = this_cpu();
	struct vmx_cpu *vc = &vmx_cpus[cpu->index];

	vc->why_not[0] = '\0';
	if (vc->on) {
		return;
	}
	if (!cpu->vmx.present) {
		snprintf(vc->why_not, WHY_LEN, "no VMX (CPUID.1:ECX.VMX=0)");
		return;
	}
	if (feature_control_allow(vc->why_not) != 0 || basic_check(&cpu->vmx, vc->why_not) != 0 ||
	    vmxon_here(vc, &cpu->vmx) != 0) {
		return;
	}
	vc->on = true;
}

void vmx_cpu_on_command(void)
{
	struct vmx_cpu *vc = &vmx_cpus[this_cpu()->index];

	vmx_cpu_on();
	__atomic_store_n(&vc->done, true, __ATOMIC_RELEASE);
}

static void wait_answer(struct vmx_cpu *vc)
{
	uint64_t end = clock_now_us() + VMXON_WAIT_US;

	while (!__atomic_load_n(&vc->done, __ATOMIC_ACQUIRE) && clock_now_us() < end) {
		cpu_relax();
	}
	if (!vc->done && vc->why_not[0] == '\0') {
		snprintf(vc->why_not, WHY_LEN, "no answer to the VMXON request");
	}
}

void vmx_enable_all_cpus(void)
{
	uint32_t n = smp_cpu_count(), on = 0, first_off = MAX_CPUS;

	if (!cpus[0].vmx.present) {
		return;
	}
	vmx_cpu_on();
	for (uint32_t i = 1; i < n; i++) {
		vmx_cpus[i].done = false;
		smp_send_command(i, CPU_CMD_VMX_ON);
		wait_answer(&vmx_cpus[i]);
	}
	for (uint32_t i = 0; i < n; i++) {
		on += vmx_cpus[i].on ? 1U : 0U;
		first_off = (!vmx_cpus[i].on && first_off == MAX_CPUS) ? i : first_off;
	}
	if (on > 0U) {
		shared_setup_failed = !vmx_exit_table_complete() ? "the exit table has an empty slot (bug)"
				      : vmx_bitmaps_init() != 0 ? "out of memory for the MSR/I/O bitmaps"
				      : NULL;
	}
	if (shared_setup_failed != NULL) {
		hv_log("vmx: off: %s: management-only mode\n", shared_setup_failed);
	} else if (on == n) {
		hv_log("vmx: on, %u/%u CPUs in VMX root operation\n", on, n);
	} else if (on > 0U) {
		hv_log("vmx: on, %u/%u CPUs in VMX root operation (cpu %u: %s)\n", on, n,
		       first_off, vmx_cpus[first_off].why_not);
	} else {
		hv_log("vmx: off: %s: management-only mode\n", vmx_cpus[0].why_not);
	}
}

bool vmx_cpu_is_on(uint32_t index)
{
	return index < MAX_CPUS && vmx_cpus[index].on;
}

const char *vmx_unavailable_reason(void)
{
	uint32_t n = smp_cpu_count();

	if (shared_setup_failed != NULL) {
		return shared_setup_failed;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (vmx_cpus[i].on) {
			return NULL;
		}
	}
	if (!cpus[0].vmx.present) {
		return "CPUID.1:ECX.VMX=0";
	}
	return vmx_cpus[0].why_not[0] != '\0' ? vmx_cpus[0].why_not
					      : "no CPU is in VMX root operation";
}

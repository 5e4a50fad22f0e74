/* SPDX-License-Identifier: MIT */
/*
 * What CPUID tells a guest (SDM Vol. 2A CPUID).  Allow-list, as for MSRs
 * and ports: only the leaves below exist, and in each only the feature bits
 * listed, where the host has them too.  A feature is offered only when
 * vmanhv virtualizes everything it implies: no VMX/SMX, no XSAVE/AVX (no
 * XCR0 switching yet), no MONITOR, MTRR, MCE/MCA, PMU, thermal or
 * debug-store features (their MSRs would #GP).  The APIC is offered in
 * x2APIC mode with the TSC-deadline timer: hv/devices/lapic.c emulates
 * both whatever the host has.
 * Leaf 0x40000000 names the hypervisor: "vmanhv"; leaf 0x40000010 gives
 * the TSC and APIC-timer rates in kHz (the layout VMware and KVM use);
 * leaves 6, 0x15 and 0x16 say the same in Intel's own terms.
 */
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/clock.h"

#define BIT(n)			(1U << (n))
#define LEAF_BASIC_MAX		0x16U
#define LEAF_POWER		0x6U		/* thermal and power management */
#define LEAF_TSC_CRYSTAL	0x15U		/* TSC / core crystal clock ratio */
#define LEAF_FREQUENCY		0x16U		/* base, maximum and bus frequency */
#define CPUID6_EAX_ARAT		BIT(2)		/* the APIC timer runs in every C-state */
#define LEAF_HV_BASE		0x40000000U
#define LEAF_HV_TIMING		0x40000010U
#define LEAF_HV_MAX		LEAF_HV_TIMING
#define LEAF_EXT_BASE		0x80000000U
#define LEAF_EXT_MAX		0x80000008U
#define CPUID1_ECX_HYPERVISOR	BIT(31)
#define CPUID1_ECX_X2APIC	BIT(21)
#define CPUID1_ECX_TSC_DEADLINE	BIT(24)
#define CPUID1_EDX_APIC		BIT(9)
#define CPUID7_EBX_TSC_ADJUST	BIT(1)		/* IA32_TSC_ADJUST, vmx_exit_msr.c */

/* Leaf 1 (tables 3-10 and 3-11). */
#define L1_ECX	(BIT(0) /* SSE3 */ | BIT(1) /* PCLMULQDQ */ | BIT(9) /* SSSE3 */ |	\
		 BIT(13) /* CMPXCHG16B */ | BIT(19) /* SSE4.1 */ | BIT(20) /* SSE4.2 */ |	\
		 BIT(22) /* MOVBE */ | BIT(23) /* POPCNT */ | BIT(25) /* AES */ |	\
		 BIT(30) /* RDRAND */)
#define L1_EDX	(BIT(0) /* FPU */ | BIT(2) /* DE */ | BIT(3) /* PSE */ | BIT(4) /* TSC */ |	\
		 BIT(5) /* MSR */ | BIT(6) /* PAE */ | BIT(8) /* CX8 */ | BIT(11) /* SEP */ |	\
		 BIT(13) /* PGE */ | BIT(15) /* CMOV */ | BIT(16) /* PAT */ |		\
		 BIT(17) /* PSE-36 */ | BIT(19) /* CLFSH */ | BIT(23) /* MMX */ |	\
		 BIT(24) /* FXSR */ | BIT(25) /* SSE */ | BIT(26) /* SSE2 */)
/* Leaf 7 subleaf 0 EBX (table 3-8). */
#define L7_EBX	(BIT(0) /* FSGSBASE */ | BIT(3) /* BMI1 */ | BIT(7) /* SMEP */ |		\
		 BIT(8) /* BMI2 */ | BIT(9) /* ERMS */ | BIT(18) /* RDSEED */ |		\
		 BIT(19) /* ADX */ | BIT(20) /* SMAP */ | BIT(23) /* CLFLUSHOPT */)
/* Leaf 0x80000001. */
#define E1_ECX	(BIT(0) /* LAHF-SAHF */ | BIT(5) /* LZCNT */ | BIT(8) /* PREFETCHW */)
#define E1_EDX	(BIT(11) /* SYSCALL */ | BIT(20) /* NX */ | BIT(26) /* 1 GiB pages */ |	\
		 BIT(29) /* Intel 64 */)
#define E1_EDX_RDTSCP		BIT(27)
#define E7_EDX_INVARIANT_TSC	BIT(8)

struct cpuid_allow {
	uint32_t leaf;
	uint32_t eax, ebx, ecx, edx;	/* masks over the host's answer */
};

static const struct cpuid_allow cpuid_allow[] = {
	{ 0x0U, ~0U, ~0U, ~0U, ~0U },			/* max leaf (clamped), vendor */
	{ 0x1U, ~0U, 0xFFFFU, L1_ECX, L1_EDX },		/* EBX: brand index, CLFLUSH size */
	{ 0x7U, 0U, L7_EBX, 0U, 0U },
	{ 0x80000000U, ~0U, 0U, 0U, 0U },		/* max extended leaf (clamped) */
	{ 0x80000001U, 0U, 0U, E1_ECX, E1_EDX },
	{ 0x80000002U, ~0U, ~0U, ~0U, ~0U },		/* brand string */
	{ 0x80000003U, ~0U, ~0U, ~0U, ~0U },
	{ 0x80000004U, ~0U, ~0U, ~0U, ~0U },
	{ 0x80000007U, 0U, 0U, 0U, E7_EDX_INVARIANT_TSC },
	{ 0x80000008U, 0xFFFFU, 0U, 0U, 0U },		/* physical/linear address bits */
};

static const struct cpuid_allow *allowed(uint32_t leaf)
{
	for (size_t i = 0; i < sizeof(cpuid_allow) / sizeof(cpuid_allow[0]); i++) {
		if (cpuid_allow[i].leaf == leaf) {
			return &cpuid_allow[i];
		}
	}
	return NULL;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/*
 * The hypervisor leaves: max leaf and "vmanhv" in EBX:ECX:EDX; the timing
 * leaf with the TSC rate (EAX) and the APIC timer's input clock (EBX), kHz.
 */
static struct cpuid_regs hypervisor_leaf(uint32_t leaf)
{
	if (leaf == LEAF_HV_TIMING) {
		return (struct cpuid_regs){ (uint32_t)clock_tsc_khz(), VLAPIC_BUS_KHZ, 0U, 0U };
	}
	if (leaf != LEAF_HV_BASE) {
		return (struct cpuid_regs){ 0 };
	}
	return (struct cpuid_regs){ LEAF_HV_MAX, 0x6E616D76U /* "vman" */,
				    0x00007668U /* "hv" */, 0U };
}

/*
 * The timing leaves an unmodified Linux needs on a platform without a PIT
 * or HPET (docs/vmx.md): leaf 0x15 gives the TSC rate exactly (TSC = ECX *
 * EBX / EAX Hz, the crystal being the APIC timer's 100 MHz bus clock, so
 * Linux also takes its APIC timer period from it) and 0x16 the same in MHz;
 * leaf 6 says ARAT, which with the TSC-deadline timer tells Linux it needs
 * no PIT at all (arch/x86/kernel/apic/apic.c, apic_needs_pit()).
 */
static bool timing_leaf(uint32_t leaf, struct cpuid_regs *r)
{
	uint32_t tsc_khz = (uint32_t)clock_tsc_khz();

	switch (leaf) {
	case LEAF_POWER:
		*r = (struct cpuid_regs){ CPUID6_EAX_ARAT, 0U, 0U, 0U };
		return true;
	case LEAF_TSC_CRYSTAL:
		*r = (struct cpuid_regs){ VLAPIC_BUS_KHZ, tsc_khz, VLAPIC_BUS_KHZ * 1000U, 0U };
		return true;
	case LEAF_FREQUENCY:
		*r = (struct cpuid_regs){ tsc_khz / 1000U, tsc_khz / 1000U, VLAPIC_BUS_KHZ / 1000U,
					  0U };
		return true;
	default:
		return false;
	}
}

/* The host's leaf through the allow-list (leaf 7: subleaf 0 only). */
static struct cpuid_regs masked(uint32_t leaf, uint32_t subleaf)
{
	const struct cpuid_allow *a = allowed(leaf);
	struct cpuid_regs host;

	if (a == NULL || (leaf == 0x7U && subleaf != 0U)) {
		return (struct cpuid_regs){ 0 };
	}
	host = cpuid(leaf, subleaf);
	return (struct cpuid_regs){ host.eax & a->eax, host.ebx & a->ebx, host.ecx & a->ecx,
				    host.edx & a->edx };
}

/* What vmanhv emulates whatever the host has, the same on every vCPU. */
static void add_emulated(uint32_t leaf, struct cpuid_regs *r)
{
	if (leaf == 0x1U) {
		r->ecx |= CPUID1_ECX_HYPERVISOR | CPUID1_ECX_X2APIC | CPUID1_ECX_TSC_DEADLINE;
	} else if (leaf == 0x7U) {
		/* with an invariant TSC it tells Linux the TSC needs no
		 * clocksource watchdog (docs/vmx.md) */
		r->ebx |= CPUID7_EBX_TSC_ADJUST;
	}
}

/* Per-vCPU values on top of the masked host leaf. */
static void personalize(const struct vcpu *vcpu, uint32_t leaf, struct cpuid_regs *r)
{
	add_emulated(leaf, r);
	if (leaf == 0x0U) {
		r->eax = min_u32(r->eax, LEAF_BASIC_MAX);
	} else if (leaf == 0x1U) {
		/* One logical processor per package; the initial APIC id is the vCPU's index. */
		r->ebx |= (1U << 16) | (vcpu->index << 24);
		/* The APIC flag follows IA32_APIC_BASE.EN (SDM Vol. 3A 10.4.3). */
		r->edx |= vcpu->lapic.enabled ? CPUID1_EDX_APIC : 0U;
	} else if (leaf == LEAF_EXT_BASE) {
		r->eax = min_u32(r->eax, LEAF_EXT_MAX);
	} else if (leaf == 0x80000001U &&
		   (vmcs_read(VMCS_PROC_CONTROLS2) & PROC2_ENABLE_RDTSCP)) {
		r->edx |= cpuid(leaf, 0).edx & E1_EDX_RDTSCP;	/* RDTSCP runs natively */
	}
}

static struct cpuid_regs guest_cpuid(const struct vcpu *vcpu, uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	if ((leaf & 0xFFFFFF00U) == LEAF_HV_BASE) {
		return hypervisor_leaf(leaf);
	}
	if (timing_leaf(leaf, &r)) {
		return r;
	}
	if (allowed(leaf) == NULL || (leaf == 0x7U && subleaf != 0U)) {
		return (struct cpuid_regs){ 0 };
	}
	r = masked(leaf, subleaf);
	personalize(vcpu, leaf, &r);
	return r;
}

/*
 * The feature leaves as every vCPU sees them after reset (its APIC enabled),
 * without a vCPU: what hv_guest_cpu_features() reports.  RDTSCP is offered
 * where this CPU's VMX lets vmcs_setup.c enable it (SDM Vol. 3D A.3.3:
 * allowed-1 bits of IA32_VMX_PROCBASED_CTLS2); without VMX it is not.
 */
struct cpuid_regs vmx_cpuid_offered(uint32_t leaf)
{
	struct cpuid_regs r = masked(leaf, 0U);
	const struct vmx_caps *caps = &this_cpu()->vmx;

	add_emulated(leaf, &r);
	if (leaf == 0x1U) {
		r.edx |= CPUID1_EDX_APIC;
	} else if (leaf == 0x80000001U && (caps->procbased2 >> 32) & PROC2_ENABLE_RDTSCP) {
		r.edx |= cpuid(leaf, 0).edx & E1_EDX_RDTSCP;
	}
	return r;
}

int vmx_exit_cpuid(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	uint64_t *gpr = vcpu->vmx.regs.gpr;
	struct cpuid_regs r = guest_cpuid(vcpu, (uint32_t)gpr[GREG_RAX], (uint32_t)gpr[GREG_RCX]);

	gpr[GREG_RAX] = r.eax;
	gpr[GREG_RBX] = r.ebx;
	gpr[GREG_RCX] = r.ecx;
	gpr[GREG_RDX] = r.edx;
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

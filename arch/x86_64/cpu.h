/* SPDX-License-Identifier: MIT */
/* Thin wrappers around x86 instructions the rest of the firmware needs. */
#ifndef VMANHV_ARCH_CPU_H
#define VMANHV_ARCH_CPU_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_IA32_APIC_BASE		0x01BU
#define MSR_IA32_FEATURE_CONTROL	0x03AU
#define MSR_IA32_VMX_BASIC		0x480U
#define MSR_IA32_VMX_PINBASED_CTLS	0x481U
#define MSR_IA32_VMX_PROCBASED_CTLS	0x482U
#define MSR_IA32_VMX_EXIT_CTLS		0x483U
#define MSR_IA32_VMX_ENTRY_CTLS		0x484U
#define MSR_IA32_VMX_MISC		0x485U
#define MSR_IA32_VMX_PROCBASED_CTLS2	0x48BU
#define MSR_IA32_VMX_EPT_VPID_CAP	0x48CU
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS	0x48DU
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48EU
#define MSR_IA32_VMX_TRUE_EXIT_CTLS	0x48FU
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS	0x490U
#define MSR_IA32_EFER			0xC0000080U
#define MSR_IA32_GS_BASE		0xC0000101U

#define CR0_MP		(1UL << 1)
#define CR0_EM		(1UL << 2)
#define CR0_TS		(1UL << 3)
#define CR0_NE		(1UL << 5)
#define CR4_OSFXSR	(1UL << 9)
#define CR4_OSXMMEXCPT	(1UL << 10)

#define RFLAGS_IF	(1UL << 9)

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void outw(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t value;

	__asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

#define DEFINE_CR_ACCESSORS(n)						\
	static inline uint64_t read_cr##n(void)				\
	{								\
		uint64_t v;						\
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));	\
		return v;						\
	}								\
	static inline void write_cr##n(uint64_t v)			\
	{								\
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline uint64_t read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

static inline void irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

/* Save IF and disable interrupts; irq_restore() puts IF back. */
static inline uint64_t irq_save(void)
{
	uint64_t flags = read_rflags();

	irq_disable();
	return flags;
}

static inline void irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF) {
		irq_enable();
	}
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/* Wait for the next interrupt with IF set; "sti; hlt" has no race (SDM 2A, STI). */
static inline void cpu_idle(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

static inline __attribute__((noreturn)) void cpu_halt_forever(void)
{
	for (;;) {
		__asm__ volatile("cli; hlt" ::: "memory");
	}
}

static inline bool rdrand64(uint64_t *out)
{
	unsigned char ok;

	__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
	return ok != 0;
}

static inline bool rdseed64(uint64_t *out)
{
	unsigned char ok;

	__asm__ volatile("rdseed %0; setc %1" : "=r"(*out), "=qm"(ok));
	return ok != 0;
}

#endif

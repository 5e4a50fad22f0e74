/* SPDX-License-Identifier: MIT */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"

#define APIC_BASE_ENABLE	(1ULL << 11)
#define APIC_BASE_X2APIC	(1ULL << 10)
#define APIC_BASE_ADDR_MASK	0xFFFFFF000ULL

/* Register offsets in the xAPIC page; x2APIC MSR = 0x800 + offset / 16. */
#define REG_ID			0x020U
#define REG_TPR			0x080U
#define REG_EOI			0x0B0U
#define REG_SVR			0x0F0U
#define REG_ICR_LOW		0x300U
#define REG_ICR_HIGH		0x310U
#define REG_LVT_TIMER		0x320U
#define REG_TIMER_INITIAL	0x380U
#define REG_TIMER_CURRENT	0x390U
#define REG_TIMER_DIVIDE	0x3E0U

#define SVR_ENABLE		(1U << 8)
#define LVT_MASKED		(1U << 16)
#define TIMER_DIVIDE_16		0x3U
#define ICR_INIT		(5U << 8)
#define ICR_STARTUP		(6U << 8)
#define ICR_FIXED		(0U << 8)
#define ICR_LEVEL_ASSERT	(1U << 14)
#define ICR_SEND_PENDING	(1U << 12)
#define X2APIC_MSR_BASE		0x800U
#define ICR_SPINS		1000000U

static volatile uint8_t *xapic_page;
static bool x2apic;

static uint32_t lapic_read(uint32_t reg)
{
	if (x2apic) {
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + reg / 16U);
	}
	return *(volatile uint32_t *)(xapic_page + reg);
}

static void lapic_write(uint32_t reg, uint32_t value)
{
	if (x2apic) {
		wrmsr(X2APIC_MSR_BASE + reg / 16U, value);
		return;
	}
	*(volatile uint32_t *)(xapic_page + reg) = value;
}

void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_IA32_APIC_BASE, base);
	}
	x2apic = (base & APIC_BASE_X2APIC) != 0U;
	xapic_page = (volatile uint8_t *)(uintptr_t)(base & APIC_BASE_ADDR_MASK);
	lapic_write(REG_TPR, 0);
	lapic_write(REG_LVT_TIMER, LVT_MASKED);
	lapic_write(REG_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
}

bool lapic_x2apic_mode(void)
{
	return x2apic;
}

uint32_t lapic_id(void)
{
	return x2apic ? lapic_read(REG_ID) : lapic_read(REG_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(REG_EOI, 0);
}

/* x2APIC takes the ICR as one 64-bit MSR write (SDM Vol. 3A 11.12.9). */
static void lapic_send_icr(uint32_t apic_id, uint32_t low)
{
	if (x2apic) {
		wrmsr(X2APIC_MSR_BASE + REG_ICR_LOW / 16U, ((uint64_t)apic_id << 32) | low);
		return;
	}
	lapic_write(REG_ICR_HIGH, apic_id << 24);
	lapic_write(REG_ICR_LOW, low);
	for (uint32_t i = 0; i < ICR_SPINS && (lapic_read(REG_ICR_LOW) & ICR_SEND_PENDING); i++) {
		cpu_relax();
	}
}

void lapic_send_init(uint32_t apic_id)
{
	lapic_send_icr(apic_id, ICR_INIT | ICR_LEVEL_ASSERT);
}

void lapic_send_sipi(uint32_t apic_id, uint8_t vector_page)
{
	lapic_send_icr(apic_id, ICR_STARTUP | ICR_LEVEL_ASSERT | vector_page);
}

void lapic_send_fixed(uint32_t apic_id, uint8_t vector)
{
	lapic_send_icr(apic_id, ICR_FIXED | ICR_LEVEL_ASSERT | vector);
}

void lapic_timer_oneshot(uint32_t count, uint8_t vector)
{
	lapic_write(REG_TIMER_DIVIDE, TIMER_DIVIDE_16);
	lapic_write(REG_LVT_TIMER, vector);	/* one-shot mode, unmasked */
	lapic_write(REG_TIMER_INITIAL, count);
}

void lapic_timer_stop(void)
{
	lapic_write(REG_LVT_TIMER, LVT_MASKED);
	lapic_write(REG_TIMER_INITIAL, 0);
}

uint32_t lapic_timer_current(void)
{
	return lapic_read(REG_TIMER_CURRENT);
}

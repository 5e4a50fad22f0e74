/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the application processors: the universal start-up algorithm
 * of SDM Vol. 3A 8.4.4.1 (INIT, 10 ms, SIPI, 200 us, SIPI), one AP at a
 * time because they share the trampoline's data block.
 */
#include <stddef.h>
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/smp_layout.h"
#include "arch/x86_64/vmx/vmx.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/mm.h"
#include "hv/vcpu.h"

#define INIT_DELAY_US		10000U
#define SIPI_DELAY_US		200U
#define AP_ONLINE_TIMEOUT_US	200000U

struct trampoline_data {
	uint64_t cr3;
	uint64_t stack;
	uint64_t cpu;
	uint64_t entry;
};

extern const char __ap_trampoline_start[], __ap_trampoline_end[];
extern const char ap_trampoline[], ap_trampoline_data[];
extern char boot_pml4[];

static uint32_t cpu_count = 1;
static cpu_online_fn online_hook;

/*
 * An AP waits for commands with interrupts off while it looks, so a wake-up
 * IPI sent after the look is taken by the "sti; hlt" and ends the halt.
 */
static __attribute__((noreturn)) void ap_idle_loop(struct percpu *cpu)
{
	for (;;) {
		enum cpu_command cmd;

		irq_disable();
		cmd = __atomic_exchange_n(&cpu->command, CPU_CMD_NONE, __ATOMIC_ACQ_REL);
		if (cmd == CPU_CMD_FAULT_TEST) {
			exception_provoke_page_fault();
		} else if (cmd == CPU_CMD_VMX_ON) {
			vmx_cpu_on_command();
		} else if (cmd == CPU_CMD_RUN_VCPUS) {
			vcpu_run_queued(cpu->index);
		}
		cpu_idle();
	}
}

/* The AP's first C code, on its own stack, still on the boot page tables. */
static __attribute__((noreturn)) void ap_entry(struct percpu *cpu)
{
	cpu_load_tables(cpu);
	cpu_enable_fpu();
	write_cr3(paging_kernel_cr3());
	lapic_init();
	online_hook(cpu->index);
	__atomic_store_n(&cpu->online, true, __ATOMIC_RELEASE);
	ap_idle_loop(cpu);
}

static struct trampoline_data *trampoline_install(void)
{
	size_t len = (size_t)(__ap_trampoline_end - __ap_trampoline_start);

	memcpy((void *)(uintptr_t)TRAMPOLINE_ADDR, __ap_trampoline_start, len);
	return (struct trampoline_data *)(uintptr_t)(TRAMPOLINE_ADDR +
						     (ap_trampoline_data - ap_trampoline));
}

static int cpu_alloc_stacks(struct percpu *cpu)
{
	cpu->stack = page_alloc(CPU_STACK_SIZE / PAGE_SIZE, 1);
	cpu->ist_stack = page_alloc(CPU_IST_STACK_SIZE / PAGE_SIZE, 1);
	return cpu->stack != NULL && cpu->ist_stack != NULL ? 0 : -1;
}

static bool wait_online(struct percpu *cpu, uint64_t timeout_us)
{
	uint64_t end = clock_now_us() + timeout_us;

	while (!__atomic_load_n(&cpu->online, __ATOMIC_ACQUIRE)) {
		if (clock_now_us() > end) {
			return false;
		}
		cpu_relax();
	}
	return true;
}

static bool start_ap(struct trampoline_data *data, struct percpu *cpu)
{
	data->cr3 = (uintptr_t)boot_pml4;
	data->stack = (uintptr_t)(cpu->stack + CPU_STACK_SIZE);
	data->cpu = (uintptr_t)cpu;
	data->entry = (uintptr_t)ap_entry;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	lapic_send_init(cpu->apic_id);
	clock_delay_us(INIT_DELAY_US);
	lapic_send_sipi(cpu->apic_id, TRAMPOLINE_ADDR >> 12);
	clock_delay_us(SIPI_DELAY_US);
	if (!cpu->online) {
		lapic_send_sipi(cpu->apic_id, TRAMPOLINE_ADDR >> 12);
	}
	return wait_online(cpu, AP_ONLINE_TIMEOUT_US);
}

uint32_t smp_start_aps(const struct madt_info *madt, uint32_t bsp_apic_id, cpu_online_fn online)
{
	struct trampoline_data *data = trampoline_install();

	online_hook = online;
	for (uint32_t i = 0; i < madt->cpu_count && cpu_count < MAX_CPUS; i++) {
		struct percpu *cpu = &cpus[cpu_count];

		if (madt->apic_id[i] == bsp_apic_id) {
			continue;
		}
		percpu_init(cpu, cpu_count, madt->apic_id[i]);
		if (cpu_alloc_stacks(cpu) != 0) {
			hv_log("smp: out of memory for cpu %u stacks\n", cpu_count);
			break;
		}
		if (!start_ap(data, cpu)) {
			hv_log("smp: cpu with apic %u did not come up\n", madt->apic_id[i]);
			continue;
		}
		cpu_count++;
	}
	return cpu_count;
}

uint32_t smp_cpu_count(void)
{
	return cpu_count;
}

void smp_send_command(uint32_t index, int command)
{
	cpus[index].command = (enum cpu_command)command;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lapic_send_fixed(cpus[index].apic_id, VECTOR_WAKEUP);
}

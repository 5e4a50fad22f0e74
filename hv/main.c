/* SPDX-License-Identifier: MIT */
/*
 * boot_main: from the first C instruction on the BSP to a running system.
 * Each step prints one line of docs/console.md; a step that cannot go on
 * says why and stops the machine.
 */
#include <stdio.h>
#include <string.h>

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/vmx/vmx.h"
#include "boot/boot_info.h"
#include "boot/cmdline.h"
#include "drivers/pci.h"
#include "hv/clock.h"
#include "hv/heap.h"
#include "hv/log.h"
#include "mgmt/mgmt_loop.h"
#include "mgmt/store/config_store.h"
#include "mgmt/store/definitions_test.h"
#include "mgmt/store/persist.h"
#include "mgmt/store/store_test.h"
#include "hv/mm.h"
#include "hv/version.h"
#include "hv/api.h"
#include "hv/datastore.h"
#include "hv/guest_file.h"
#include "hv/vm_boot.h"
#include "mgmt/libs_check.h"

#define HEAP_MAX_BYTES		(64ULL << 20)
#define HEAP_MIN_BYTES		(4ULL << 20)
#define TIMER_TEST_US		10000U
#define FAULT_WAIT_US		1000000U
#define GUESTS_EXIT_WAIT_US	10000000U	/* `exit` waits this long for guests */

extern uint64_t boot_tsc_entry;

void boot_main(uint32_t magic, uint32_t info_phys);

static struct boot_info boot_info;
/* The words after " -- ": the Linux guest's command line (docs/console.md). */
static char guest_cmdline[HV_CMDLINE_LEN];
static struct memmap memory_map;
static struct madt_info madt;
static volatile bool timer_test_fired;
static uint64_t timer_test_armed_at;

static __attribute__((noreturn)) void boot_fail(const char *what, int err)
{
	hv_log("boot: %s failed (%d); halting\n", what, err);
	cpu_halt_forever();
}

static void bsp_tables(void)
{
	static uint8_t bsp_ist_stack[CPU_IST_STACK_SIZE] __attribute__((aligned(16)));

	percpu_init(&cpus[0], 0, 0);
	cpus[0].ist_stack = bsp_ist_stack;
	idt_init();
	cpu_load_tables(&cpus[0]);
	cpu_enable_fpu();
}

static void memory_init(void)
{
	struct mm_stats st;
	uint64_t heap;
	int err = mm_init(&boot_info, &memory_map);

	if (err != 0) {
		boot_fail("memory map", err);
	}
	err = paging_init(memmap_usable_end(&memory_map));
	if (err != 0) {
		boot_fail("host page tables", err);
	}
	st = mm_stats();
	heap = st.free_pages * PAGE_SIZE / 4U;
	heap = heap > HEAP_MAX_BYTES ? HEAP_MAX_BYTES : heap < HEAP_MIN_BYTES ? HEAP_MIN_BYTES : heap;
	err = heap_init(heap);
	if (err != 0) {
		boot_fail("heap", err);
	}
	st = mm_stats();
	hv_log("mem: %lu MiB usable in %u regions, %lu pages free (heap %lu MiB)\n",
	       st.usable_bytes >> 20, st.usable_regions, st.free_pages, heap_size() >> 20);
}

static void libs_init(void)
{
	char line[160];
	int err = mgmt_libs_check(line, sizeof(line));

	if (err != 0) {
		hv_log("libs: %s\n", line);
		boot_fail("library self-check", err);
	}
	hv_log("libs: %s\n", line);
}

static const struct acpi_rsdp *find_rsdp(void)
{
	if (boot_info.has_rsdp) {
		return acpi_rsdp_validate(boot_info.rsdp);
	}
	return acpi_rsdp_scan_bios();
}

static void acpi_init(void)
{
	const struct acpi_rsdp *rsdp = find_rsdp();
	const struct acpi_sdt_header *table;
	int err;

	if (rsdp == NULL) {
		boot_fail("ACPI (no RSDP)", -2);
	}
	table = acpi_find_table(rsdp, "APIC");
	if (table == NULL) {
		boot_fail("ACPI (no MADT)", -2);
	}
	err = acpi_madt_parse(table, &madt);
	if (err != 0) {
		boot_fail("ACPI MADT", err);
	}
	hv_log("acpi: rsdp at %p (revision %u), %u cpus in MADT, ioapic at 0x%x\n",
	       (const void *)rsdp, rsdp->revision, madt.cpu_count,
	       madt.ioapic_count ? madt.ioapic[0].address : 0U);
}

static void clock_setup(void)
{
	struct clock_rates rates;
	int err;

	pic_disable();
	lapic_init();
	err = pit_calibrate(&rates);
	if (err != 0) {
		boot_fail("clock calibration against the PIT", err);
	}
	clock_init(rates.tsc_khz, rates.lapic_khz);
	timer_init();
	hv_log("timer: tsc %lu kHz, lapic timer %lu kHz (calibrated against the PIT)\n",
	       rates.tsc_khz, rates.lapic_khz);
}

/* Runs on every CPU as it comes up, the BSP first. */
static void cpu_report_in(uint32_t index)
{
	struct percpu *cpu = &cpus[index];

	cpu->apic_id = lapic_id();
	vmx_caps_read(&cpu->vmx);
	hv_log("cpu %u apic %u up%s\n", index, cpu->apic_id, index == 0 ? " (bsp)" : "");
}

static void smp_init(void)
{
	uint32_t n;

	cpu_report_in(0);
	cpus[0].online = true;
	n = smp_start_aps(&madt, cpus[0].apic_id, cpu_report_in);
	hv_log("smp: all %u CPUs up in %lu us (%lu TSC ticks since reset)\n", n,
	       clock_tsc_to_us(rdtsc()), rdtsc());
	if (n != madt.cpu_count) {
		hv_log("smp: %u of the %u CPUs in the MADT did not start\n", madt.cpu_count - n,
		       madt.cpu_count);
	}
}

static void vmx_summary(void)
{
	uint32_t n = smp_cpu_count(), same = 0;
	char line[200];

	for (uint32_t i = 0; i < n; i++) {
		same += vmx_caps_equal(&cpus[0].vmx, &cpus[i].vmx) ? 1U : 0U;
	}
	vmx_caps_describe(&cpus[0].vmx, line, sizeof(line));
	if (cpus[0].vmx.present) {
		hv_log("vmx: %s (cpus %u/%u, vmcs rev 0x%x, feature_control 0x%lx)\n", line, same, n,
		       cpus[0].vmx.vmcs_revision, cpus[0].vmx.feature_control);
	} else {
		hv_log("vmx: %s\n", line);
	}
	if (same != n) {
		hv_log("vmx: CPUs disagree on VMX features: only %u of %u match the BSP\n", same, n);
	}
}

static void timer_test_done(struct timer *t)
{
	(void)t;
	timer_test_fired = true;
}

/* Prove the one-shot timer path: interrupt, dispatch, callback. */
static void timer_selftest(void)
{
	static struct timer t;

	timer_test_armed_at = clock_now_us();
	timer_arm(&t, TIMER_TEST_US, timer_test_done);
	while (!timer_test_fired) {
		cpu_idle();
	}
	hv_log("timer: one-shot of %u us fired after %lu us\n", TIMER_TEST_US,
	       clock_now_us() - timer_test_armed_at);
}

/* fault=pagefault: the last CPU takes a page fault; the BSP waits and goes on. */
static void fault_test(void)
{
	uint32_t victim = smp_cpu_count() - 1U;
	uint64_t end = clock_now_us() + FAULT_WAIT_US;

	if (victim == 0) {
		exception_provoke_page_fault();
	}
	smp_send_command(victim, CPU_CMD_FAULT_TEST);
	while (!cpus[victim].stopped && clock_now_us() < end) {
		cpu_relax();
	}
	hv_log("boot: cpu %u %s after the deliberate page fault\n", victim,
	       cpus[victim].stopped ? "stopped" : "did NOT stop");
}

/* `exit` ends the emulator at `boot: ready`; `exit=net` once the network is up. */
static bool exit_at_ready(void)
{
	return cmdline_has(boot_info.cmdline, "exit") && !mgmt_exit_waits_for_net(boot_info.cmdline);
}

void boot_main(uint32_t magic, uint32_t info_phys)
{
	char option[32];
	char shown[BOOT_CMDLINE_MAX];

	console_init();
	bsp_tables();
	if (boot_info_parse(magic, (const void *)(uintptr_t)info_phys, &boot_info) != 0) {
		hv_log("vmanhv %s: unknown loader (magic 0x%08x); halting\n", VMANHV_VERSION, magic);
		cpu_halt_forever();
	}
	hv_log("vmanhv %s booting (via %s)\n", VMANHV_VERSION, boot_source_name(boot_info.source));
	cmdline_redact(boot_info.cmdline, shown, sizeof(shown));
	hv_log("cmdline: %s\n", shown);
	cmdline_split_guest(boot_info.cmdline, guest_cmdline, sizeof(guest_cmdline));
	memory_init();
	acpi_init();
	clock_setup();
	libs_init();
	irq_enable();
	smp_init();
	vmx_summary();
	vmx_enable_all_cpus();
	timer_selftest();
	if (cmdline_value(boot_info.cmdline, "fault", option, sizeof(option)) &&
	    strcmp(option, "pagefault") == 0) {
		fault_test();
	}
	pci_init(find_rsdp());
	(void)datastore_init();		/* guest files; it says what it found */
	(void)config_store_open();	/* credentials, TLS identity, definitions */
	store_test_run(boot_info.cmdline);
	guest_files_init(&boot_info);
	persist_definitions_boot();	/* the stored VMs, before the endpoint serves */
	definitions_test_run(boot_info.cmdline);
	hv_log("boot: ready (reset to ready %lu us)\n", clock_now_us());
	vm_boot_start_guests(boot_info.cmdline, guest_cmdline);
	if (exit_at_ready()) {
		vm_boot_finish(GUESTS_EXIT_WAIT_US);
		console_flush();
		platform_exit_emulator();
	}
	mgmt_loop_run(boot_info.cmdline);
}

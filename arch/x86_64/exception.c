/* SPDX-License-Identifier: MIT */
/*
 * A CPU exception in the firmware is a firmware bug (or the deliberate
 * fault=pagefault test): report everything needed to find it, mark the CPU
 * stopped so the others can see it, and park that CPU with interrupts off.
 * The other CPUs go on.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/percpu.h"
#include "hv/log.h"

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "res",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "res", "res",
	"res", "res", "res", "res", "#HV", "#VC", "#SX", "res",
};

static void report_registers(const struct trap_frame *f)
{
	hv_log("  rip 0x%016lx cs 0x%lx rflags 0x%lx rsp 0x%016lx ss 0x%lx\n",
	       f->rip, f->cs, f->rflags, f->rsp, f->ss);
	hv_log("  cr2 0x%016lx cr3 0x%016lx cr4 0x%lx\n", read_cr2(), read_cr3(), read_cr4());
	hv_log("  rax 0x%016lx rbx 0x%016lx rcx 0x%016lx rdx 0x%016lx\n",
	       f->rax, f->rbx, f->rcx, f->rdx);
	hv_log("  rsi 0x%016lx rdi 0x%016lx rbp 0x%016lx r8  0x%016lx\n",
	       f->rsi, f->rdi, f->rbp, f->r8);
	hv_log("  r9  0x%016lx r10 0x%016lx r11 0x%016lx r12 0x%016lx\n",
	       f->r9, f->r10, f->r11, f->r12);
	hv_log("  r13 0x%016lx r14 0x%016lx r15 0x%016lx\n", f->r13, f->r14, f->r15);
}

void exception_report(const struct trap_frame *frame)
{
	uint32_t index = cpu_current_index();

	hv_log("EXCEPTION vector %lu (%s) error 0x%016lx on cpu %u\n", frame->vector,
	       exception_names[frame->vector & 31U], frame->error, index);
	report_registers(frame);
	hv_log("cpu %u stopped\n", index);
	cpus[index].stopped = true;
	cpu_halt_forever();
}

void exception_provoke_page_fault(void)
{
	volatile const uint64_t *unmapped = (volatile const uint64_t *)(uintptr_t)EXCEPTION_TEST_ADDRESS;

	(void)*unmapped;
}

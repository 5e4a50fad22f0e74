/* SPDX-License-Identifier: MIT */
/*
 * A virtual CPU and the per-CPU loop that runs vCPUs.  A vCPU belongs to
 * one VM and is pinned to one physical CPU (an AP: CPU 0 runs the
 * management core, DESIGN.md section 4).  Several vCPUs on one CPU share
 * it round-robin in slices ended by the VMX preemption timer.  Each vCPU
 * has its local APIC (hv/devices/lapic.h); vCPU 0 is the BSP, the others
 * wait for INIT-SIPI-SIPI like application processors (SDM Vol. 3A 8.4).
 */
#ifndef VMANHV_HV_VCPU_H
#define VMANHV_HV_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/vmx/vmx.h"
#include "hv/devices/lapic.h"

struct vm;

/* What the run loop does after an exit handler (the handlers' result). */
enum vcpu_exit_action {
	VCPU_CONTINUE = 0,	/* enter the guest again */
	VCPU_YIELD,		/* the slice is over: let the next vCPU run */
	VCPU_WAIT,		/* halted with interrupts on: not runnable until an event */
	VCPU_STOP,		/* the VM stops; vm->stop_reason says why */
};

enum vcpu_mode {
	VCPU_MODE_REAL,		/* CR0.PE=0 at CS:IP (unrestricted guest) */
	VCPU_MODE_LONG,		/* 64-bit, paging on, CR3 given */
};

/* Deliberately broken VM entries, to test their reports (docs/console.md, fault=). */
enum vcpu_entry_fault {
	VCPU_ENTRY_OK = 0,
	VCPU_ENTRY_BAD_CONTROL,		/* VMLAUNCH fails: VMfailValid, error 7 */
	VCPU_ENTRY_BAD_GUEST_STATE,	/* VM exit 33 with bit 31 set */
};

/* The register state a vCPU starts with (the loader fills it in). */
struct vcpu_boot {
	enum vcpu_mode mode;
	uint64_t rip, rsp, rsi;
	uint64_t cr3;		/* VCPU_MODE_LONG: guest PML4 */
	uint64_t gdt_base;	/* VCPU_MODE_LONG: flat GDT (null, code 0x08, data 0x10) */
	uint16_t cs_selector;	/* VCPU_MODE_REAL: CS = selector, base = selector << 4;
				 * VCPU_MODE_LONG: CS's selector, 0 for the flat GDT's 0x08 */
	uint16_t ds_selector;	/* VCPU_MODE_LONG: DS/ES/SS/FS/GS, 0 for 0x10 */
	uint16_t gdt_limit;	/* VCPU_MODE_LONG: 0 for the flat GDT's three entries */
	enum vcpu_entry_fault test_fault;	/* tests only (fault=vmentry|guest-state) */
};

enum vcpu_state {
	VCPU_IDLE = 0,		/* not queued */
	VCPU_RUNNABLE,
	VCPU_WAITING,		/* VCPU_WAIT */
	VCPU_DONE,		/* stopped; its VMCS is cleared */
};

#define VCPU_EVENT_LEN	112U

struct vcpu {
	struct vm *vm;
	uint32_t index;			/* within its VM */
	uint32_t cpu;			/* the physical CPU that runs it */
	struct vcpu_boot boot;
	volatile enum vcpu_state state;
	/* What the hypervisor last did to the guest, e.g. an injected #UD. */
	char last_event[VCPU_EVENT_LEN];
	struct vlapic lapic;
	/*
	 * INIT and SIPI from another vCPU (any CPU sets them, the owning CPU
	 * acts on them before the next entry).  An AP in wait-for-SIPI is not
	 * entered at all: the state is emulated, not VMX's activity state 3.
	 */
	volatile bool init_pending, sipi_pending;
	volatile uint8_t sipi_vector;
	volatile bool wait_for_sipi;
	volatile bool parked;		/* off its CPU, VMCS cleared, for a reset (hv/vm.h) */
	bool halted_for_good;		/* HLT with IF=0 (arch/x86_64/vmx/vmx_exit.c) */
	uint64_t interrupts_injected;	/* counter (style rule 19) */
	/* Scheduling (hv/sched_share.h), its CPU only: virtual time for the
	 * Weight, and the TSC ticks it has run (read by management, atomic). */
	uint64_t vtime;
	uint64_t ran_ticks;
	struct vmx_vcpu vmx;
};

/*
 * Queue the vCPU on `cpu` and wake that CPU (percpu command
 * CPU_CMD_RUN_VCPUS).  0, -EBUSY when that CPU's queue is full.
 */
int vcpu_start(struct vcpu *vcpu, uint32_t cpu);
/*
 * Back to power-on state, for a start or a reset (the CPU that ran it has
 * cleared its VMCS): APIC reset, registers zero, the BSP runnable from
 * vcpu->boot, an AP waiting for INIT-SIPI.
 */
void vcpu_power_on(struct vcpu *vcpu);
/* Wake the CPU that runs `vcpu` so that it looks at stop requests and events. */
void vcpu_kick(const struct vcpu *vcpu);
/*
 * Deliver what `from` wrote to its ICR (or SELF IPI) to the vCPUs of its
 * VM that the message addresses, and wake them.  0, or -ENOTSUP for a
 * delivery mode vmanhv does not emulate (NMI, SMI).
 */
int vcpu_send_ipi(struct vcpu *from, const struct vlapic_ipi *ipi);
/* A message from a device (the I/O APIC) to the vCPUs of `vm` it addresses. */
void vcpu_deliver(struct vm *vm, const struct vlapic_ipi *message);
/*
 * Run the vCPUs queued on the calling CPU until none is left
 * (CPU_CMD_RUN_VCPUS in smp.c's idle loop).  Interrupts are off.
 */
void vcpu_run_queued(uint32_t cpu);
/* How many vCPUs are queued on `cpu` (placement). */
uint32_t vcpu_queue_length(uint32_t cpu);

/*
 * Stop the vCPU's VM with a reason (printf-style), adding what the
 * hypervisor last did to the guest.  Returns VCPU_STOP for the handler to
 * return.
 */
int vcpu_stop(struct vcpu *vcpu, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * From a device model in the middle of an exit: set the stop reason as
 * vcpu_stop() does and have the VM stop before the vCPU's next entry.
 */
void vcpu_request_stop(struct vcpu *vcpu, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The xAPIC page's vm_mmio_fn (hv/vm_io.h); `device` is the VM. */
void vcpu_xapic_window(void *device, uint64_t offset, uint8_t size, bool is_read,
		       uint64_t *value);
/* Record what the hypervisor did to the guest (printf-style). */
void vcpu_note_event(struct vcpu *vcpu, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

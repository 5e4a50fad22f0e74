/* SPDX-License-Identifier: MIT */
/*
 * A virtual machine: guest RAM (contiguous, from the page allocator, zeroed,
 * mapped at guest physical 0 through EPT), its devices on an I/O port bus,
 * a console ring fed by its COM1, 1 to VM_VCPUS_MAX vCPUs, and the reason
 * it stopped.  VMs live in a fixed table (no heap in hv/); hv/api.h is the
 * door management uses.
 */
#ifndef VMANHV_HV_VM_H
#define VMANHV_HV_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/vmx/ept.h"
#include "hv/acpi/vm_platform.h"
#include "hv/devices/i8042.h"
#include "hv/devices/legacy_pc.h"
#include "hv/devices/pci_host.h"
#include "hv/devices/ioapic.h"
#include "hv/devices/rtc.h"
#include "hv/devices/uart8250.h"
#include "hv/sched_share.h"
#include "hv/spinlock.h"
#include "hv/vcpu.h"
#include "hv/vm_io.h"

#define VM_MAX			8U
#define VM_VCPUS_MAX		4U
#define VM_NAME_LEN		24U
#define VM_STOP_REASON_LEN	256U
#define VM_CONSOLE_RING		4096U	/* bytes of guest console kept */
#define VM_CONSOLE_LINE		160U	/* longest line echoed to the firmware console */

enum vm_state {
	VM_STATE_FREE = 0,	/* table slot unused */
	VM_STATE_DEFINED,	/* memory and devices ready, not started */
	VM_STATE_RUNNING,
	VM_STATE_STOPPED,	/* stop_reason says why; may be destroyed */
};

struct vm_console {
	char ring[VM_CONSOLE_RING];
	uint64_t written;		/* bytes ever written; ring holds the last ones */
	char line[VM_CONSOLE_LINE];
	uint32_t line_len;
};

struct vm {
	uint32_t id;			/* table index, stable while the VM exists */
	char name[VM_NAME_LEN];
	volatile enum vm_state state;
	uint8_t *ram;			/* host address of guest physical 0 */
	uint64_t ram_size;
	struct ept ept;
	struct vm_io_bus io;
	struct vm_mmio_bus mmio;	/* device registers outside RAM (EPT violations) */
	struct vm_platform platform;	/* ACPI tables, PM1a, virtio slots (hv/acpi/) */
	struct uart8250 com1;
	struct rtc rtc;
	struct i8042 i8042;
	struct pci_host pci;		/* an empty PCI bus (hv/devices/pci_host.h) */
	uint64_t legacy_accesses;	/* to the absent PIC/PIT ports (hv/devices/legacy_pc.h) */
	struct ioapic ioapic;		/* at 0xFEC00000 on the MMIO bus */
	struct spinlock ioapic_lock;	/* its vCPUs and devices reach it from several CPUs */
	struct vm_console console;
	volatile bool stop_requested;	/* management or a stopping vCPU asked */
	/*
	 * Lifecycle (docs/vmx.md): a paused RUNNING VM's vCPUs are not picked
	 * to run; with reset_requested as well, each one clears its VMCS on its
	 * own CPU and sets vcpu->parked, and management then reloads the VM.
	 */
	volatile bool paused;
	volatile bool reset_requested;
	char stop_reason[VM_STOP_REASON_LEN];
	bool stop_reason_claimed;	/* the first reason wins */
	/*
	 * How it shares CPUs (docs/scheduler.md): the terms (management sets
	 * them any time; its CPUs read each field atomically), the Limit in
	 * TSC ticks per period, the period's spending (any of its CPUs, under
	 * sched_lock), the CPUs its Reservation holds while it runs, and when
	 * it started and stopped (TSC) for the time it has existed running.
	 */
	struct sched_terms sched;
	uint64_t budget_ticks;
	struct sched_budget budget;
	struct spinlock sched_lock;
	uint64_t reserved_cpus;
	uint64_t started_tsc, stopped_tsc;
	uint32_t vcpu_count;
	uint32_t vcpus_halted;		/* halted with IF=0 for good (atomic) */
	uint32_t vcpus_done;		/* retired vCPUs; the last one marks the VM STOPPED */
	struct vcpu vcpu[VM_VCPUS_MAX];	/* vcpu[0] is the BSP */
};

/*
 * A VM named `name` with `ram_bytes` of RAM (a multiple of 4 KiB, at least
 * 64 KiB) and `vcpus` vCPUs (1 to VM_VCPUS_MAX): memory zeroed and mapped
 * RWX write-back, COM1, the CMOS RTC, the i8042 and the I/O APIC attached.  NULL with *err = -EINVAL, -ENOSPC (table
 * full), -EEXIST (name taken) or -ENOMEM.
 */
struct vm *vm_create(const char *name, uint64_t ram_bytes, uint32_t vcpus, int *err);
/* The VM named `name` or with id `id`, NULL when none. */
struct vm *vm_find(const char *name);
struct vm *vm_get(uint32_t id);
/*
 * Run vCPU i on cpus[i]: the BSP from vm->vcpu[0].boot (the loader's start
 * state), the others waiting for INIT-SIPI.  0, -EBUSY (not DEFINED) or
 * -errno.
 */
int vm_start(struct vm *vm, const uint32_t *cpus);
/* Ask a running VM to stop; the stop happens on its vCPU's CPU. */
void vm_request_stop(struct vm *vm);
/* Hold a RUNNING VM's vCPUs off their CPUs / let them run again.  0 or -EBUSY. */
int vm_pause(struct vm *vm);
int vm_resume(struct vm *vm);
/*
 * Reset, step 1: pause the VM and wait (at most `timeout_us`) until every
 * vCPU has cleared its VMCS on its CPU.  0, -EBUSY (not RUNNING, or it
 * stopped meanwhile) or -ETIMEDOUT (then it is asked to stop).
 */
int vm_reset_park(struct vm *vm, uint64_t timeout_us);
/* Step 2: RAM zeroed, devices and I/O buses set up afresh (then the platform and image). */
int vm_reset_memory_and_devices(struct vm *vm);
/* Step 3: vCPUs back to their power-on state (the BSP at vcpu[0].boot), running. */
void vm_reset_release(struct vm *vm);
/*
 * Where each vCPU of `vm` should run (hv/vm_placement.c, DSP1044 terms):
 * only CPUs of its affinity (any guest CPU when 0) that no other running
 * VM's Reservation holds, the least loaded first; with a Reservation of N,
 * N CPUs where nothing runs, all for it (*reserved: their mask).  0,
 * -ENODEV (no CPU runs guests) or -EADDRINUSE (the CPUs it may use are
 * held by other VMs, or too few are free for its Reservation).
 */
int vm_placement_plan(const struct vm *vm, uint32_t *cpus, uint64_t *reserved);
/* Free a DEFINED or STOPPED VM's memory and slot.  0 or -EBUSY. */
int vm_destroy(struct vm *vm);

/*
 * Guest memory, only through these (DESIGN.md section 1): false / -EFAULT
 * when [gpa, gpa + len) is not all guest RAM.
 */
bool vm_gpa_is_ram(const struct vm *vm, uint64_t gpa, uint64_t len);
int vm_gpa_write(struct vm *vm, uint64_t gpa, const void *src, size_t len);
int vm_gpa_read(const struct vm *vm, uint64_t gpa, void *dst, size_t len);

/* On the vCPU's CPU: record the stop reason (the first one wins). */
void vm_set_stop_reason(struct vm *vm, const char *reason);
/*
 * On a vCPU's CPU, once its VMCS is cleared: the first asks the other vCPUs
 * to stop, the last prints the stop and marks the VM STOPPED.
 */
void vm_vcpu_done(struct vcpu *vcpu);
/* A device drives I/O APIC pin `pin` (GSI) to `level` (any CPU). */
void vm_ioapic_set_pin(struct vm *vm, uint32_t pin, bool level);
/* A local APIC ended level-triggered `vector`: tell the I/O APIC (any vCPU's CPU). */
void vm_ioapic_eoi(struct vm *vm, uint8_t vector);
/* Exits per basic reason, summed over the VM's vCPUs. */
void vm_exit_counts(const struct vm *vm, uint64_t counts[VMX_EXIT_REASON_COUNT]);
/* A byte from the guest's COM1: into the ring, and line by line to the console. */
void vm_console_put(struct vm *vm, uint8_t byte);

#endif

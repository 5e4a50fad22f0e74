/* SPDX-License-Identifier: MIT */
/*
 * VM objects: creation (RAM, EPT, devices), start, stop, destruction, the
 * guest-memory accessors and the console ring.  Creation and destruction
 * run on the management CPU; stop reasons are written on the CPU that runs
 * the vCPU, which alone touches its VMCS (DESIGN.md section 4).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/mm.h"
#include "hv/spinlock.h"
#include "hv/vm.h"

#define VM_RAM_MIN	(64ULL * 1024U)
#define SIZE_2M		(2ULL << 20)

static struct vm vms[VM_MAX];
static struct spinlock vms_lock;	/* slot allocation and name lookup */

static bool name_is_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= VM_NAME_LEN) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.')) {
			return false;
		}
	}
	return true;
}

struct vm *vm_find(const char *name)
{
	for (uint32_t i = 0; i < VM_MAX; i++) {
		if (vms[i].state != VM_STATE_FREE && strcmp(vms[i].name, name) == 0) {
			return &vms[i];
		}
	}
	return NULL;
}

struct vm *vm_get(uint32_t id)
{
	return id < VM_MAX && vms[id].state != VM_STATE_FREE ? &vms[id] : NULL;
}

/* A free slot, claimed under the lock (state DEFINED keeps others off it). */
static struct vm *slot_claim(const char *name, int *err)
{
	struct vm *vm = NULL;

	spin_lock(&vms_lock);
	if (vm_find(name) != NULL) {
		*err = -EEXIST;
	} else {
		for (uint32_t i = 0; i < VM_MAX && vm == NULL; i++) {
			if (vms[i].state == VM_STATE_FREE) {
				vm = &vms[i];
				memset(vm, 0, sizeof(*vm));
				vm->id = i;
				vm->sched = sched_terms_default();
				snprintf(vm->name, sizeof(vm->name), "%s", name);
				vm->state = VM_STATE_DEFINED;
			}
		}
		*err = vm == NULL ? -ENOSPC : 0;
	}
	spin_unlock(&vms_lock);
	return vm;
}

static void uart_to_console(void *ctx, uint8_t byte)
{
	vm_console_put(ctx, byte);
}

static uint64_t wall_seconds(void *ctx)
{
	return clock_wall_us() / 1000000U;
}

/*
 * The guest pulled the i8042's reset line.  Resetting a VM in place is not
 * emulated: it stops, saying so, and management may start it again.
 */
static void i8042_to_reset(void *ctx, uint8_t command)
{
	struct vm *vm = ctx;
	char reason[VM_STOP_REASON_LEN];

	snprintf(reason, sizeof(reason), "guest reset itself through the i8042 (command 0x%x); "
		 "a reset stops the VM", command);
	vm_set_stop_reason(vm, reason);
	vm_request_stop(vm);
}

/* I/O APIC messages go to the vCPUs' local APICs. */
static void ioapic_to_vcpus(void *ctx, const struct vlapic_ipi *message)
{
	vcpu_deliver(ctx, message);
}

/*
 * The I/O APIC's window at 0xFEC00000, under its lock.  An access the
 * 82093AA does not define (not 32 bits at IOREGSEL or IOWIN) stops the VM
 * naming it, rather than inventing an answer: reads give all-ones meanwhile.
 */
static void ioapic_window(void *device, uint64_t offset, uint8_t size, bool is_read,
			  uint64_t *value)
{
	struct vm *vm = device;
	char reason[VM_STOP_REASON_LEN];
	uint32_t v = (uint32_t)*value;
	int err;

	spin_lock(&vm->ioapic_lock);
	err = ioapic_mmio(&vm->ioapic, offset, size, !is_read, &v);
	spin_unlock(&vm->ioapic_lock);
	if (err != 0) {
		snprintf(reason, sizeof(reason), "I/O APIC: %u-byte %s at offset 0x%lx; only 32-bit "
			 "accesses to IOREGSEL (0x0) and IOWIN (0x10) are defined", size,
			 is_read ? "read" : "write", offset);
		vm_set_stop_reason(vm, reason);
		vm_request_stop(vm);
		v = 0xFFFFFFFFU;
	}
	if (is_read) {
		*value = v;
	}
}

void vm_ioapic_set_pin(struct vm *vm, uint32_t pin, bool level)
{
	spin_lock(&vm->ioapic_lock);
	ioapic_set_pin(&vm->ioapic, pin, level);
	spin_unlock(&vm->ioapic_lock);
}

void vm_ioapic_eoi(struct vm *vm, uint8_t vector)
{
	spin_lock(&vm->ioapic_lock);
	ioapic_eoi(&vm->ioapic, vector);
	spin_unlock(&vm->ioapic_lock);
}

/* COM1's interrupt is ISA IRQ 4: I/O APIC pin 4 (the MADT has no override for it). */
static void uart_to_ioapic(void *ctx, bool asserted)
{
	vm_ioapic_set_pin(ctx, UART8250_COM1_IRQ, asserted);
}

/* The PIC, PIT and delay ports a PC had, claimed and absent (hv/devices/legacy_pc.h). */
static int legacy_ports_init(struct vm *vm)
{
	int err = 0;

	for (unsigned i = 0; i < legacy_pc_range_count && err == 0; i++) {
		err = vm_io_register(&vm->io, legacy_pc_ranges[i].base, legacy_pc_ranges[i].count,
				     legacy_pc_io, &vm->legacy_accesses);
	}
	return err;
}

/*
 * The devices: COM1, the CMOS RTC (0x70-0x71), the i8042 (0x60, 0x64) on
 * ports; the I/O APIC and the vCPUs' xAPIC page on the MMIO bus.
 */
static int devices_init(struct vm *vm)
{
	uart8250_init(&vm->com1, uart_to_console, vm);
	uart8250_set_irq(&vm->com1, uart_to_ioapic, vm);
	rtc_init(&vm->rtc, wall_seconds, vm);
	i8042_init(&vm->i8042, i8042_to_reset, vm);
	pci_host_init(&vm->pci);
	ioapic_init(&vm->ioapic, ioapic_to_vcpus, vm);
	return vm_mmio_register(&vm->mmio, IOAPIC_BASE_GPA, IOAPIC_MMIO_SIZE, ioapic_window, vm) ?:
	       vm_mmio_register(&vm->mmio, VLAPIC_XAPIC_BASE, VLAPIC_XAPIC_SIZE, vcpu_xapic_window,
				vm) ?:
	       vm_io_register(&vm->io, UART8250_COM1_BASE, UART8250_PORTS, uart8250_io,
			      &vm->com1) ?:
	       vm_io_register(&vm->io, RTC_PORT_BASE, RTC_PORTS, rtc_io, &vm->rtc) ?:
	       vm_io_register(&vm->io, I8042_DATA_PORT, 1, i8042_data_io, &vm->i8042) ?:
	       vm_io_register(&vm->io, I8042_COMMAND_PORT, 1, i8042_command_io, &vm->i8042) ?:
	       vm_io_register(&vm->io, PCI_HOST_ADDRESS_PORT, PCI_HOST_PORTS, pci_host_address_io,
			      &vm->pci) ?:
	       vm_io_register(&vm->io, PCI_HOST_DATA_PORT, PCI_HOST_PORTS, pci_host_data_io,
			      &vm->pci) ?:
	       legacy_ports_init(vm);
}

/* RAM from the page allocator (zeroed), 2 MiB aligned so EPT can use 2 MiB pages. */
static int memory_init(struct vm *vm, uint64_t ram_bytes)
{
	uint64_t pages = ram_bytes / PAGE_SIZE;
	int err;

	vm->ram = page_alloc(pages, SIZE_2M / PAGE_SIZE);
	if (vm->ram == NULL) {
		return -ENOMEM;
	}
	vm->ram_size = ram_bytes;
	err = ept_init(&vm->ept);
	if (err == 0) {
		err = ept_map_range(&vm->ept, 0, (uintptr_t)vm->ram, ram_bytes, EPT_RWX);
	}
	return err;
}

static void release(struct vm *vm)
{
	ept_destroy(&vm->ept);
	if (vm->ram != NULL) {
		page_free(vm->ram, vm->ram_size / PAGE_SIZE);
	}
	for (uint32_t i = 0; i < VM_VCPUS_MAX; i++) {
		vmx_vcpu_destroy(&vm->vcpu[i].vmx);
	}
	vm->ram = NULL;
	__atomic_store_n(&vm->state, VM_STATE_FREE, __ATOMIC_RELEASE);
}

/* VPID 0 is the host's (28.1): VM slot and vCPU index give each vCPU its own. */
static int vcpus_init(struct vm *vm, uint32_t count)
{
	int err = 0;

	vm->vcpu_count = count;
	for (uint32_t i = 0; i < count && err == 0; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].index = i;
		err = vmx_vcpu_create(&vm->vcpu[i].vmx,
				      (uint16_t)(vm->id * VM_VCPUS_MAX + i + 1U));
	}
	return err;
}

struct vm *vm_create(const char *name, uint64_t ram_bytes, uint32_t vcpus, int *err)
{
	struct vm *vm;

	if (!name_is_valid(name) || ram_bytes < VM_RAM_MIN || (ram_bytes % PAGE_SIZE) != 0U ||
	    vcpus == 0U || vcpus > VM_VCPUS_MAX) {
		*err = -EINVAL;
		return NULL;
	}
	vm = slot_claim(name, err);
	if (vm == NULL) {
		return NULL;
	}
	*err = memory_init(vm, ram_bytes);
	if (*err == 0) {
		*err = devices_init(vm);
	}
	if (*err == 0) {
		*err = vcpus_init(vm, vcpus);
	}
	if (*err != 0) {
		release(vm);
		return NULL;
	}
	return vm;
}

/* "1 2 1": where each vCPU runs, for the start line. */
static void cpu_list(const struct vm *vm, const uint32_t *cpus, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < vm->vcpu_count && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%u", i > 0U ? " " : "", cpus[i]);

		used += n > 0 ? (size_t)n : 0U;
	}
}

int vm_start(struct vm *vm, const uint32_t *cpus)
{
	char where[4U * VM_VCPUS_MAX + 1U];
	int err = 0;

	if (vm->state != VM_STATE_DEFINED) {
		return -EBUSY;
	}
	vm->state = VM_STATE_RUNNING;
	vm->budget = (struct sched_budget){ 0 };
	vm->started_tsc = rdtsc();
	vm->stopped_tsc = 0;
	for (uint32_t i = 0; i < vm->vcpu_count; i++) {
		vm->vcpu[i].ran_ticks = 0;
		vm->vcpu[i].vtime = 0;
	}
	hv_log("vm %s started on cpu %u (%lu KiB RAM)\n", vm->name, cpus[0], vm->ram_size >> 10);
	if (vm->vcpu_count > 1U) {
		cpu_list(vm, cpus, where, sizeof(where));
		hv_log("vm %s: %u vCPUs on cpus %s\n", vm->name, vm->vcpu_count, where);
	}
	/* APs first: they wait for a SIPI, so none can miss the BSP's first IPI. */
	for (uint32_t i = vm->vcpu_count; i-- > 0U && err == 0;) {
		err = vcpu_start(&vm->vcpu[i], cpus[i]);
		if (err != 0 && i + 1U < vm->vcpu_count) {
			/* Some APs were queued: they stop, and with them the VM. */
			vm->vcpus_done += i + 1U;
			vm_set_stop_reason(vm, "a vCPU could not be queued");
			vm_request_stop(vm);
			return err;
		}
	}
	if (err != 0) {
		vm->state = VM_STATE_DEFINED;
	}
	return err;
}

static void kick_all(const struct vm *vm)
{
	for (uint32_t i = 0; i < vm->vcpu_count; i++) {
		vcpu_kick(&vm->vcpu[i]);
	}
}

void vm_request_stop(struct vm *vm)
{
	if (vm->state != VM_STATE_RUNNING) {
		return;
	}
	__atomic_store_n(&vm->stop_requested, true, __ATOMIC_RELEASE);
	kick_all(vm);
}

int vm_pause(struct vm *vm)
{
	if (vm->state != VM_STATE_RUNNING || vm->paused) {
		return -EBUSY;
	}
	/* Each CPU sees the flag at its vCPU's next exit, which the kick forces. */
	__atomic_store_n(&vm->paused, true, __ATOMIC_RELEASE);
	kick_all(vm);
	return 0;
}

int vm_resume(struct vm *vm)
{
	if (vm->state != VM_STATE_RUNNING || !vm->paused || vm->reset_requested) {
		return -EBUSY;
	}
	__atomic_store_n(&vm->paused, false, __ATOMIC_RELEASE);
	kick_all(vm);
	return 0;
}

static bool all_parked(const struct vm *vm)
{
	for (uint32_t i = 0; i < vm->vcpu_count; i++) {
		if (!__atomic_load_n(&vm->vcpu[i].parked, __ATOMIC_ACQUIRE)) {
			return false;
		}
	}
	return true;
}

int vm_reset_park(struct vm *vm, uint64_t timeout_us)
{
	uint64_t end = clock_now_us() + timeout_us;

	if (vm->state != VM_STATE_RUNNING || vm->reset_requested) {
		return -EBUSY;
	}
	__atomic_store_n(&vm->reset_requested, true, __ATOMIC_RELEASE);
	__atomic_store_n(&vm->paused, true, __ATOMIC_RELEASE);
	kick_all(vm);
	while (!all_parked(vm) && vm->state == VM_STATE_RUNNING && clock_now_us() < end) {
		clock_delay_us(100);
	}
	if (vm->state != VM_STATE_RUNNING) {
		/* It stopped on its own meanwhile: no vCPU is left to park. */
		__atomic_store_n(&vm->reset_requested, false, __ATOMIC_RELEASE);
		return -EBUSY;
	}
	if (!all_parked(vm)) {
		vm_set_stop_reason(vm, "reset: a vCPU did not leave its CPU in time");
		vm_request_stop(vm);
		return -ETIMEDOUT;
	}
	return 0;
}

/*
 * Every vCPU is parked, so nothing runs in the guest or its devices: the
 * buses are emptied and the devices registered anew, as at creation.
 */
int vm_reset_memory_and_devices(struct vm *vm)
{
	memset(vm->ram, 0, vm->ram_size);
	memset(&vm->io, 0, sizeof(vm->io));
	memset(&vm->mmio, 0, sizeof(vm->mmio));
	memset(&vm->platform, 0, sizeof(vm->platform));
	vm->legacy_accesses = 0;
	return devices_init(vm);
}

void vm_reset_release(struct vm *vm)
{
	/* Still paused: no CPU picks a vCPU while it is set to power-on state. */
	__atomic_store_n(&vm->reset_requested, false, __ATOMIC_RELEASE);
	for (uint32_t i = 0; i < vm->vcpu_count; i++) {
		vcpu_power_on(&vm->vcpu[i]);
	}
	__atomic_store_n(&vm->paused, false, __ATOMIC_RELEASE);
	kick_all(vm);
}

int vm_destroy(struct vm *vm)
{
	if (vm->state != VM_STATE_DEFINED && vm->state != VM_STATE_STOPPED) {
		return -EBUSY;
	}
	release(vm);
	return 0;
}

bool vm_gpa_is_ram(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	return gpa < vm->ram_size && len <= vm->ram_size - gpa;
}

int vm_gpa_write(struct vm *vm, uint64_t gpa, const void *src, size_t len)
{
	if (!vm_gpa_is_ram(vm, gpa, len)) {
		return -EFAULT;
	}
	memcpy(vm->ram + gpa, src, len);
	return 0;
}

int vm_gpa_read(const struct vm *vm, uint64_t gpa, void *dst, size_t len)
{
	if (!vm_gpa_is_ram(vm, gpa, len)) {
		return -EFAULT;
	}
	memcpy(dst, vm->ram + gpa, len);
	return 0;
}

void vm_set_stop_reason(struct vm *vm, const char *reason)
{
	/* vCPUs on several CPUs may stop at once: one claim decides whose reason it is. */
	if (!__atomic_exchange_n(&vm->stop_reason_claimed, true, __ATOMIC_ACQ_REL)) {
		snprintf(vm->stop_reason, sizeof(vm->stop_reason), "%s", reason);
	}
}

static void console_flush_line(struct vm *vm)
{
	struct vm_console *c = &vm->console;

	hv_log("[vm %s] %.*s\n", vm->name, (int)c->line_len, c->line);
	c->line_len = 0;
}

void vm_exit_counts(const struct vm *vm, uint64_t counts[VMX_EXIT_REASON_COUNT])
{
	for (uint32_t r = 0; r < VMX_EXIT_REASON_COUNT; r++) {
		counts[r] = 0;
		for (uint32_t i = 0; i < vm->vcpu_count; i++) {
			counts[r] += vm->vcpu[i].vmx.exits[r];
		}
	}
}

void vm_vcpu_done(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	uint64_t counts[VMX_EXIT_REASON_COUNT];
	char exits[240];

	if (__atomic_add_fetch(&vm->vcpus_done, 1U, __ATOMIC_ACQ_REL) < vm->vcpu_count) {
		/* One vCPU stopping stops its VM: the others follow. */
		vm_request_stop(vm);
		return;
	}
	if (vm->console.line_len > 0U) {
		console_flush_line(vm);
	}
	vm_set_stop_reason(vm, "stopped without a reason (hypervisor bug)");
	vm_exit_counts(vm, counts);
	vmx_exit_summary(counts, exits, sizeof(exits));
	hv_log("vm %s stopped: %s\n", vm->name, vm->stop_reason);
	hv_log("vm %s exits: %s\n", vm->name, exits);
	vm->stopped_tsc = rdtsc();
	__atomic_store_n(&vm->state, VM_STATE_STOPPED, __ATOMIC_RELEASE);
}

void vm_console_put(struct vm *vm, uint8_t byte)
{
	struct vm_console *c = &vm->console;

	c->ring[c->written % VM_CONSOLE_RING] = (char)byte;
	c->written++;
	if (byte == '\n') {
		console_flush_line(vm);
		return;
	}
	if (byte == '\r') {
		return;
	}
	/*
	 * A full line goes out when the next byte needs room, not at once: a
	 * line of exactly VM_CONSOLE_LINE bytes and its newline stay one line.
	 */
	if (c->line_len == VM_CONSOLE_LINE) {
		console_flush_line(vm);
	}
	/* Control bytes would reach the operator's terminal: show them as '.'. */
	c->line[c->line_len++] = (byte >= 0x20U && byte < 0x7FU) ? (char)byte : '.';
}

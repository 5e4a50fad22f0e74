/* SPDX-License-Identifier: MIT */
/*
 * hv/api.h on top of the VM objects: copy the request in, validate the
 * copy, then act (style rule 4).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "hv/api.h"
#include "hv/clock.h"
#include "hv/guest_file.h"
#include "hv/loader/elf.h"
#include "hv/log.h"
#include "hv/mm.h"
#include "hv/vm.h"
#include "hv/vm_image.h"
#include "hv/vm_linux.h"

_Static_assert(HV_VM_NAME_LEN == VM_NAME_LEN, "one name length");
_Static_assert(HV_STOP_REASON_LEN == VM_STOP_REASON_LEN, "one stop-reason length");
_Static_assert(HV_VM_VCPUS_MAX == VM_VCPUS_MAX, "one vCPU limit");
_Static_assert(HV_VM_MAX == VM_MAX, "ids are table slots");

const char *hv_vms_unavailable(void)
{
	return vmx_unavailable_reason();
}

int hv_host_resources(struct hv_host_resources *out)
{
	uint32_t n = smp_cpu_count();
	uint64_t held = 0;

	for (uint32_t id = 0; id < VM_MAX; id++) {
		const struct vm *vm = vm_get(id);

		held += vm != NULL ? vm->ram_size : 0U;
	}
	*out = (struct hv_host_resources){
		.guest_cpus = n > 1U ? n - 1U : 0U,
		.guest_memory_bytes = held + mm_stats().free_pages * PAGE_SIZE,
	};
	return 0;
}

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

#define RESET_PARK_TIMEOUT_US	1000000U

/*
 * What each VM was created from (by id), so that hv_vm_reset can load it
 * again: the API chose the loader, so the API keeps the recipe.
 */
static struct hv_vm_config recipes[HV_VM_MAX];

/*
 * A guest file (module or datastore, read once): an ELF guest when it starts
 * with the ELF magic, else a Linux bzImage.  An ELF guest takes no initrd
 * (-EINVAL, rather than ignoring what the operator asked for).
 */
static int file_load(struct vm *vm, const struct hv_vm_config *c)
{
	struct guest_file f;
	int err = guest_file_open(c->image, &f);

	if (err != 0) {
		return err;
	}
	if (!elf_is_elf(f.data, f.size)) {
		err = vm_linux_load(vm, &f, c->image, c->initrd, c->cmdline, 0, &vm->vcpu[0].boot);
	} else if (c->initrd[0] != '\0') {
		hv_log("vm %s: %s is an ELF guest, which takes no initrd\n", vm->name, c->image);
		err = -EINVAL;
	} else {
		err = vm_image_load(vm, &(struct vm_image){ c->image, f.data, f.size },
				    &vm->vcpu[0].boot);
		if (err == 0) {
			hv_log("vm %s: ELF guest %s (%s, %zu bytes), entry %#llx\n", vm->name,
			       c->image, f.source, f.size,
			       (unsigned long long)vm->vcpu[0].boot.rip);
		}
	}
	guest_file_close(&f);
	return err;
}

/* The image into RAM and the BSP's boot state: a built-in guest or a guest file. */
static int image_load(struct vm *vm, const struct hv_vm_config *c)
{
	struct vm_image image;

	if (vm_image_find(c->image, &image)) {
		return vm_image_load(vm, &image, &vm->vcpu[0].boot);
	}
	return file_load(vm, c);	/* -ENOENT when there is no file of that name */
}

int hv_vm_create(const struct hv_vm_config *config, uint32_t *id)
{
	struct hv_vm_config c = *config;
	struct vm *vm;
	int err;
	bool builtin;

	if (!terminated(c.name, sizeof(c.name)) || !terminated(c.image, sizeof(c.image)) ||
	    !terminated(c.initrd, sizeof(c.initrd)) || !terminated(c.cmdline, sizeof(c.cmdline))) {
		return -EINVAL;
	}
	builtin = vm_image_find(c.image, &(struct vm_image){ 0 });
	if (c.memory_bytes == 0U) {
		c.memory_bytes = builtin ? VM_IMAGE_RAM_BYTES : HV_VM_LINUX_RAM_DEFAULT;
	}
	if (c.vcpus == 0U) {
		c.vcpus = 1;
	}
	if (c.memory_bytes < HV_VM_MEMORY_MIN || c.memory_bytes > HV_VM_MEMORY_MAX ||
	    c.vcpus > HV_VM_VCPUS_MAX) {
		return -EINVAL;
	}
	vm = vm_create(c.name, c.memory_bytes, c.vcpus, &err);
	if (vm == NULL) {
		return err;
	}
	err = vm_platform_init(vm) ?: image_load(vm, &c);
	if (err != 0) {
		vm_destroy(vm);
		return err;
	}
	recipes[vm->id] = c;
	*id = vm->id;
	return 0;
}

int hv_vm_start(uint32_t id)
{
	struct vm *vm = vm_get(id);
	uint32_t where[VM_VCPUS_MAX];
	uint64_t reserved;
	int err;

	if (vm == NULL) {
		return -ENOENT;
	}
	if (hv_vms_unavailable() != NULL) {
		return -ENOTSUP;
	}
	if (vm->state != VM_STATE_DEFINED) {
		return -EBUSY;
	}
	err = vm_placement_plan(vm, where, &reserved);
	if (err != 0) {
		return err;
	}
	vm->reserved_cpus = reserved;	/* before it runs: others' placement sees it */
	err = vm_start(vm, where);
	if (err != 0) {
		vm->reserved_cpus = 0;
	}
	return err;
}

/*
 * Copied and validated first; then each field is stored whole, since the
 * CPUs running the VM read them at their next slice (docs/scheduler.md).
 */
int hv_vm_set_cpu_terms(uint32_t id, const struct hv_cpu_terms *terms)
{
	struct hv_cpu_terms c = *terms;
	struct sched_terms t = { .weight = c.weight, .limit_permille = c.limit_permille,
				 .reserved_cpus = c.reserved_cpus, .affinity = c.affinity };
	struct vm *vm = vm_get(id);
	uint64_t period = clock_tsc_khz() * SCHED_PERIOD_US / 1000U;

	if (vm == NULL) {
		return -ENOENT;
	}
	if (!sched_terms_valid(&t, vm->vcpu_count, smp_cpu_count())) {
		return -ERANGE;
	}
	__atomic_store_n(&vm->sched.weight, t.weight, __ATOMIC_RELAXED);
	__atomic_store_n(&vm->sched.limit_permille, t.limit_permille, __ATOMIC_RELAXED);
	__atomic_store_n(&vm->budget_ticks, sched_budget_per_period(t.limit_permille, period),
			 __ATOMIC_RELAXED);
	vm->sched.reserved_cpus = t.reserved_cpus;	/* read at the next start only */
	vm->sched.affinity = t.affinity;
	return 0;
}

int hv_vm_stop(uint32_t id)
{
	struct vm *vm = vm_get(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	if (vm->state != VM_STATE_RUNNING) {
		return -EBUSY;
	}
	vm_request_stop(vm);
	return 0;
}

int hv_vm_pause(uint32_t id)
{
	struct vm *vm = vm_get(id);

	return vm == NULL ? -ENOENT : vm_pause(vm);
}

int hv_vm_resume(uint32_t id)
{
	struct vm *vm = vm_get(id);

	return vm == NULL ? -ENOENT : vm_resume(vm);
}

/*
 * Park the vCPUs (VMCS cleared on their CPUs), rebuild RAM, devices, ACPI
 * tables and image as hv_vm_create did, then power the vCPUs on.  A load
 * that fails now (a guest file removed since) stops the VM, saying why.
 */
int hv_vm_reset(uint32_t id)
{
	struct vm *vm = vm_get(id);
	char reason[VM_STOP_REASON_LEN];
	int err;

	if (vm == NULL) {
		return -ENOENT;
	}
	err = vm_reset_park(vm, RESET_PARK_TIMEOUT_US);
	if (err != 0) {
		return err;
	}
	err = vm_reset_memory_and_devices(vm) ?: vm_platform_init(vm) ?:
	      image_load(vm, &recipes[id]);
	if (err != 0) {
		snprintf(reason, sizeof(reason), "reset: reloading %s failed: %s (%d)",
			 recipes[id].image, hv_error_text(err), err);
		vm_set_stop_reason(vm, reason);
		vm_request_stop(vm);
	}
	vm_reset_release(vm);
	return err;
}

int hv_vm_destroy(uint32_t id)
{
	struct vm *vm = vm_get(id);

	return vm == NULL ? -ENOENT : vm_destroy(vm);
}

static uint64_t exit_total(const struct vm *vm)
{
	uint64_t counts[VMX_EXIT_REASON_COUNT], n = 0;

	vm_exit_counts(vm, counts);
	for (uint32_t i = 0; i < VMX_EXIT_REASON_COUNT; i++) {
		n += counts[i];
	}
	return n;
}

int hv_vm_power_button(uint32_t id)
{
	struct vm *vm = vm_get(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	if (vm->state != VM_STATE_RUNNING) {
		return -EBUSY;
	}
	vm_platform_power_button(vm);
	return 0;
}

/* Time since it started (TSC), up to its stop once STOPPED; 0 before a start. */
static uint64_t elapsed_us(const struct vm *vm)
{
	uint64_t end = vm->state == VM_STATE_STOPPED ? vm->stopped_tsc : rdtsc();

	if (vm->started_tsc == 0U || vm->state == VM_STATE_DEFINED || end < vm->started_tsc) {
		return 0;
	}
	return clock_tsc_to_us(end - vm->started_tsc);
}

int hv_vm_info(uint32_t id, struct hv_vm_info *info)
{
	const struct vm *vm = vm_get(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	*info = (struct hv_vm_info){
		.id = vm->id,
		.state = vm->state == VM_STATE_RUNNING ? (vm->paused ? HV_VM_PAUSED : HV_VM_RUNNING)
			 : vm->state == VM_STATE_STOPPED ? HV_VM_STOPPED : HV_VM_DEFINED,
		.memory_bytes = vm->ram_size,
		.cpu = vm->vcpu[0].cpu,
		.vcpus = vm->vcpu_count,
		.exits = exit_total(vm),
		.console_bytes = vm->console.written,
		.elapsed_us = elapsed_us(vm),
		.reserved_cpus = vm->state == VM_STATE_RUNNING ? vm->reserved_cpus : 0U,
	};
	for (uint32_t i = 0; i < vm->vcpu_count; i++) {
		info->vcpu_cpu[i] = vm->vcpu[i].cpu;
		info->vcpu_time_us[i] =
			clock_tsc_to_us(__atomic_load_n(&vm->vcpu[i].ran_ticks, __ATOMIC_RELAXED));
		info->cpu_time_us += info->vcpu_time_us[i];
	}
	memcpy(info->name, vm->name, sizeof(info->name));
	memcpy(info->stop_reason, vm->stop_reason, sizeof(info->stop_reason));
	return 0;
}

int hv_vm_config_get(uint32_t id, struct hv_vm_config *config)
{
	const struct vm *vm = vm_get(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	*config = recipes[id];
	config->memory_bytes = vm->ram_size;	/* what it has now, not what it was made with */
	config->vcpus = vm->vcpu_count;
	return 0;
}

size_t hv_vm_console_read(uint32_t id, uint64_t *offset, char *buf, size_t len)
{
	const struct vm *vm = vm_get(id);
	uint64_t written, oldest;
	size_t n = 0;

	if (vm == NULL) {
		return 0;
	}
	written = __atomic_load_n(&vm->console.written, __ATOMIC_ACQUIRE);
	oldest = written > VM_CONSOLE_RING ? written - VM_CONSOLE_RING : 0U;
	if (*offset < oldest) {
		*offset = oldest;	/* what was overwritten is lost */
	}
	for (; n < len && *offset < written; n++, (*offset)++) {
		buf[n] = vm->console.ring[*offset % VM_CONSOLE_RING];
	}
	return n;
}

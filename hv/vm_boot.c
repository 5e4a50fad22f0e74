/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "boot/cmdline.h"
#include "hv/api.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/mm.h"
#include "hv/vm.h"
#include "hv/vm_boot.h"
#include "hv/vm_image.h"
#include "hv/vm_lifecycle_hook.h"

#define GUEST_LIST_LEN	160U
#define BOOT_GUESTS_MAX	8U
#define STOP_GRACE_US	2000000U

/* The VMs this file started (management CPU only). */
static uint32_t started[BOOT_GUESTS_MAX];
static uint32_t started_count;
/* `button=MS`: when to press the started guests' power buttons, 0 = never. */
static uint64_t button_at_us;

/*
 * `button=MS` (tests, docs/guest-platform.md): with `exit`, MS milliseconds
 * after the guests start, press the ACPI power button of each one still
 * running, as a graceful shutdown request from management would.
 */
static void button_schedule(const char *cmdline)
{
	char value[16], *end;
	unsigned long ms;

	if (!cmdline_value(cmdline, "button", value, sizeof(value))) {
		return;
	}
	ms = strtoul(value, &end, 10);
	if (*end != '\0' || end == value) {
		hv_log("vm: button=%s ignored: not a number of milliseconds\n", value);
		return;
	}
	button_at_us = clock_now_us() + (uint64_t)ms * 1000U;
}

static void button_press_when_due(void)
{
	struct hv_vm_info info;

	if (button_at_us == 0U || clock_now_us() < button_at_us) {
		return;
	}
	button_at_us = 0;
	for (uint32_t i = 0; i < started_count; i++) {
		if (hv_vm_power_button(started[i]) == 0 && hv_vm_info(started[i], &info) == 0) {
			hv_log("vm %s: power button pressed\n", info.name);
		}
	}
}

/* The VM's name: the image's, or image-2, image-3 ... when it is taken. */
static void vm_name_for(const char *image, char *name, size_t len)
{
	snprintf(name, len, "%s", image);
	for (uint32_t n = 2; vm_find(name) != NULL && n <= BOOT_GUESTS_MAX + 1U; n++) {
		snprintf(name, len, "%.*s-%u", (int)(len - 8U), image, n);
	}
}

/*
 * fault=vmentry / fault=guest-state (tests): the first guest gets an
 * invalid VM-execution control or an invalid guest state, so that its VM
 * entry fails and the failure report can be seen.
 */
static void maybe_break_entry(const char *cmdline, uint32_t id)
{
	char fault[16];
	struct vm *vm = vm_get(id);

	if (started_count != 0U || vm == NULL ||
	    !cmdline_value(cmdline, "fault", fault, sizeof(fault))) {
		return;
	}
	if (strcmp(fault, "vmentry") == 0) {
		vm->vcpu[0].boot.test_fault = VCPU_ENTRY_BAD_CONTROL;
	} else if (strcmp(fault, "guest-state") == 0) {
		vm->vcpu[0].boot.test_fault = VCPU_ENTRY_BAD_GUEST_STATE;
	}
}

/*
 * `guest=IMAGE` or `guest=IMAGE:N` (N vCPUs, docs/vmx.md): the count, cut
 * off the image name.  A count outside 1..HV_VM_VCPUS_MAX comes back as
 * HV_VM_VCPUS_MAX + 1, which hv_vm_create refuses with -EINVAL for the
 * operator to see.
 */
static uint32_t split_vcpus(char *image)
{
	char *colon = strchr(image, ':'), *end;
	unsigned long n;

	if (colon == NULL) {
		return 0;
	}
	*colon = '\0';
	n = strtoul(colon + 1, &end, 10);
	return *end != '\0' || end == colon + 1 || n == 0U || n > HV_VM_VCPUS_MAX
		       ? HV_VM_VCPUS_MAX + 1U : (uint32_t)n;
}

/* A Linux guest's options (docs/console.md); built-in images ignore them. */
static void linux_options(const char *cmdline, const char *guest_cmdline,
			  struct hv_vm_config *config)
{
	char mem[16];

	(void)cmdline_value(cmdline, "guest.initrd", config->initrd, sizeof(config->initrd));
	if (cmdline_value(cmdline, "guest.mem", mem, sizeof(mem))) {
		/* MiB; a bad number gives 1 byte, which hv_vm_create refuses */
		char *end;
		unsigned long mib = strtoul(mem, &end, 10);

		config->memory_bytes = *end == '\0' && mib > 0 ? (uint64_t)mib << 20 : 1;
	}
	snprintf(config->cmdline, sizeof(config->cmdline), "%s", guest_cmdline);
}

/*
 * What the hypervisor keeps for a VM beyond its RAM (issue 4's bench figure):
 * the pages it took besides RAM (EPT tables, VMCSs) and its struct vm
 * (vCPU state and FPU areas, APICs, devices, console ring), a slot of a
 * static table.
 */
static void log_overhead(uint32_t id, const char *name, uint64_t pages_taken)
{
	struct hv_vm_info info;
	uint64_t ram_pages, extra;

	if (hv_vm_info(id, &info) != 0) {
		return;
	}
	ram_pages = info.memory_bytes / PAGE_SIZE;
	extra = pages_taken > ram_pages ? pages_taken - ram_pages : 0U;
	hv_log("vm %s overhead: %llu bytes beyond its RAM (%llu pages of EPT tables and VMCSs, "
	       "%zu bytes of VM state)\n", name,
	       (unsigned long long)(extra * PAGE_SIZE + sizeof(struct vm)),
	       (unsigned long long)extra, sizeof(struct vm));
}

static void start_guest(const char *cmdline, const char *guest_cmdline, char *image)
{
	struct hv_vm_config config = { .memory_bytes = 0 };
	uint64_t free_before = mm_stats().free_pages;
	uint32_t id;
	int err;

	config.vcpus = split_vcpus(image);
	snprintf(config.image, sizeof(config.image), "%s", image);
	if (!vm_image_find(image, &(struct vm_image){ 0 })) {
		linux_options(cmdline, guest_cmdline, &config);
	}
	vm_name_for(image, config.name, sizeof(config.name));
	if (hv_vms_unavailable() != NULL) {
		hv_log("vm %s not started: VMs cannot start without VMX (%s): "
		       "management-only mode\n", config.name, hv_vms_unavailable());
		return;
	}
	err = hv_vm_create(&config, &id);
	if (err != 0) {
		char names[GUEST_LIST_LEN];

		vm_image_list(names, sizeof(names));
		hv_log("vm %s not started: %s (%d); built-in guests: %s\n", config.name,
		       hv_error_text(err), err, names);
		return;
	}
	/* What a VM costs the page allocator, for lifecycle= tests of destroy. */
	hv_log("vm %s created (pages free %lu -> %lu)\n", config.name, free_before,
	       mm_stats().free_pages);
	log_overhead(id, config.name, free_before - mm_stats().free_pages);
	maybe_break_entry(cmdline, id);
	err = hv_vm_start(id);
	if (err != 0) {
		hv_log("vm %s not started: %s (%d)\n", config.name, hv_error_text(err), err);
		hv_vm_destroy(id);
		return;
	}
	started[started_count++] = id;
}

void vm_boot_start_guests(const char *cmdline, const char *guest_cmdline)
{
	char list[GUEST_LIST_LEN];
	char *save = NULL;

	if (!cmdline_value(cmdline, "guest", list, sizeof(list))) {
		return;
	}
	button_schedule(cmdline);
	lifecycle_hook_schedule(cmdline);
	for (char *image = strtok_r(list, ",", &save); image != NULL;
	     image = strtok_r(NULL, ",", &save)) {
		if (started_count == BOOT_GUESTS_MAX) {
			hv_log("vm %s not started: at most %u guests on the command line\n", image,
			       BOOT_GUESTS_MAX);
			continue;
		}
		start_guest(cmdline, guest_cmdline, image);
	}
}

static uint32_t running_count(void)
{
	struct hv_vm_info info;
	uint32_t n = 0;

	for (uint32_t i = 0; i < started_count; i++) {
		n += hv_vm_info(started[i], &info) == 0 &&
		     (info.state == HV_VM_RUNNING || info.state == HV_VM_PAUSED) ? 1U : 0U;
	}
	return n;
}

static void wait_until_stopped(uint64_t end_us)
{
	while (running_count() > 0U && clock_now_us() < end_us) {
		button_press_when_due();
		lifecycle_hook_run_due();
		clock_delay_us(1000);
	}
}

void vm_boot_finish(uint64_t timeout_us)
{
	uint32_t late;

	if (started_count == 0U) {
		return;
	}
	wait_until_stopped(clock_now_us() + timeout_us);
	late = running_count();
	if (late > 0U) {
		hv_log("vm: %u of %u guests still running after %lu s; stopping them\n", late,
		       started_count, timeout_us / 1000000U);
		for (uint32_t i = 0; i < started_count; i++) {
			hv_vm_stop(started[i]);
		}
		wait_until_stopped(clock_now_us() + STOP_GRACE_US);
		late = 0;
	}
	for (uint32_t i = 0; i < started_count; i++) {
		int err = hv_vm_destroy(started[i]);

		/* -ENOENT: lifecycle= destroyed it already. */
		late += err != 0 && err != -ENOENT ? 1U : 0U;
	}
	if (late > 0U) {
		hv_log("vm: %u of %u guests did not stop\n", late, started_count);
		return;
	}
	hv_log("vm: all %u guests stopped and destroyed (%lu pages free)\n", started_count,
	       mm_stats().free_pages);
}

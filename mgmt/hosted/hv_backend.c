/* SPDX-License-Identifier: MIT */
/*
 * The hv/api.h test backend of the hosted build (DESIGN.md section 1, like
 * libvirt's test driver): VMs are records in memory that move through
 * DEFINED -> RUNNING (<-> PAUSED) -> STOPPED at once, with the firmware's validation,
 * limits and errors, and a console ring that says what happened to them.
 * It lets management code that calls hv/api.h link and behave plausibly
 * on Linux; it is never what integration tests run against.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hv/api.h"

/* The firmware's console ring (hv/vm.h) and built-in images (tests/guests/). */
#define BACKEND_CONSOLE_RING	4096U
#define BACKEND_IMAGE_RAM	(2ULL << 20)
#define BACKEND_PAGE		4096ULL
/* The pretend host: four CPUs (one for management) and 4 GiB for guests. */
#define BACKEND_GUEST_CPUS	3U
#define BACKEND_GUEST_RAM	(4ULL << 30)

static const char *const images[] = {
	"cr", "ept", "hello", "hello64", "io", "long", "msr", "spin", "triple", "vmcall",
};

struct backend_vm {
	bool used;
	struct hv_vm_info info;
	struct hv_vm_config config;	/* as created, defaults filled in */
	struct hv_cpu_terms cpu_terms;	/* kept, not acted on: nothing runs here */
	char console[BACKEND_CONSOLE_RING];
};

/* As in the firmware, a VM's id is its slot: hv_vm_info() on 0..HV_VM_MAX-1 lists them. */
static struct {
	struct backend_vm vms[HV_VM_MAX];
} backend;

static struct backend_vm *vm_find(uint32_t id)
{
	return id < HV_VM_MAX && backend.vms[id].used ? &backend.vms[id] : NULL;
}

static void console_put(struct backend_vm *vm, const char *text)
{
	for (; *text != '\0'; text++) {
		vm->console[vm->info.console_bytes % BACKEND_CONSOLE_RING] = *text;
		vm->info.console_bytes++;
	}
}

/* A name the firmware would take: NUL-terminated in its field, [A-Za-z0-9._-]+. */
static bool name_valid(const char *name)
{
	size_t len = strnlen(name, HV_VM_NAME_LEN);

	if (len == 0U || len == HV_VM_NAME_LEN) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-')) {
			return false;
		}
	}
	return true;
}

static bool image_known(const char image[HV_IMAGE_NAME_LEN])
{
	if (strnlen(image, HV_IMAGE_NAME_LEN) == HV_IMAGE_NAME_LEN) {
		return false;
	}
	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		if (strcmp(images[i], image) == 0) {
			return true;
		}
	}
	return false;
}

static bool name_taken(const char *name)
{
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (backend.vms[i].used && strcmp(backend.vms[i].info.name, name) == 0) {
			return true;
		}
	}
	return false;
}

static bool memory_valid(uint64_t bytes)
{
	return bytes == 0U || (bytes % BACKEND_PAGE == 0U && bytes >= HV_VM_MEMORY_MIN &&
			       bytes <= HV_VM_MEMORY_MAX);
}

const char *hv_vms_unavailable(void)
{
	return NULL;
}

int hv_host_resources(struct hv_host_resources *out)
{
	*out = (struct hv_host_resources){ .guest_cpus = BACKEND_GUEST_CPUS,
					   .guest_memory_bytes = BACKEND_GUEST_RAM };
	return 0;
}

/*
 * The pretend host's CPU: a Skylake server (SSE to AVX2, AES, VMX), and
 * what arch/x86_64/vmx/vmx_cpuid.c's allow-list would show its guests of
 * it (no VMX, XSAVE, AVX, AVX2, FMA or F16C; RDTSCP, as VT-x allows it).
 */
#define PRETEND_1_ECX	0x7FFAF3BBU	/* SSE3 PCLMUL ... VMX ... FMA ... AVX F16C RDRAND */
#define PRETEND_1_EDX	0xBFEBFBFFU
#define PRETEND_7_EBX	0x009C07ABU	/* FSGSBASE BMI1 AVX2 SMEP BMI2 ERMS RDSEED ADX SMAP ... */
#define PRETEND_E1_ECX	0x00000121U	/* LAHF LZCNT PREFETCHW */
#define PRETEND_E1_EDX	0x2C100800U	/* SYSCALL NX 1G-pages RDTSCP LM */
/* vmx_cpuid.c's allow-list masks (RDTSCP included: VT-x allows it here) */
#define GUEST_1_ECX	0x42D82203U
#define GUEST_1_EDX	0x078BA97DU
#define GUEST_7_EBX	0x009C0389U
#define GUEST_E1_ECX	0x00000121U
#define GUEST_E1_EDX	0x2C100800U

int hv_guest_cpu_features(struct hv_cpu_features *out)
{
	static const uint32_t host[HV_CPUID_WORDS] = {
		PRETEND_1_ECX, PRETEND_1_EDX, PRETEND_7_EBX, PRETEND_E1_ECX, PRETEND_E1_EDX,
	};
	static const uint32_t shown[HV_CPUID_WORDS] = {
		GUEST_1_ECX, GUEST_1_EDX, GUEST_7_EBX, GUEST_E1_ECX, GUEST_E1_EDX,
	};

	for (uint32_t w = 0; w < HV_CPUID_WORDS; w++) {
		out->host[w] = host[w];
		out->guest[w] = host[w] & shown[w];
	}
	/* the emulated bits whatever the host has */
	out->guest[HV_CPUID_1_ECX] |= (1U << 21) | (1U << 24) | (1U << 31);
	out->guest[HV_CPUID_1_EDX] |= 1U << 9;
	out->guest[HV_CPUID_7_EBX] |= 1U << 1;
	return 0;
}

/* RAM the VMs hold, as the firmware's page allocator would count it. */
static uint64_t memory_held(void)
{
	uint64_t held = 0;

	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		held += backend.vms[i].used ? backend.vms[i].info.memory_bytes : 0U;
	}
	return held;
}

int hv_vm_create(const struct hv_vm_config *config, uint32_t *id)
{
	/* Copied before it is looked at (style.md practice 4). */
	struct hv_vm_config c = *config;
	uint32_t slot = 0;
	struct backend_vm *vm;

	if (!name_valid(c.name) || !memory_valid(c.memory_bytes) || c.vcpus > HV_VM_VCPUS_MAX) {
		return -EINVAL;
	}
	if (!image_known(c.image)) {
		return -ENOENT;	/* the backend has no guest files, only the built-in names */
	}
	if (name_taken(c.name)) {
		return -EEXIST;
	}
	while (slot < HV_VM_MAX && backend.vms[slot].used) {
		slot++;
	}
	if (slot == HV_VM_MAX) {
		return -ENOSPC;
	}
	if (memory_held() + (c.memory_bytes != 0U ? c.memory_bytes : BACKEND_IMAGE_RAM) >
	    BACKEND_GUEST_RAM) {
		return -ENOMEM;
	}
	vm = &backend.vms[slot];
	memset(vm, 0, sizeof(*vm));
	vm->used = true;
	vm->info.id = slot;
	memcpy(vm->info.name, c.name, sizeof(vm->info.name));
	vm->info.state = HV_VM_DEFINED;
	vm->info.memory_bytes = c.memory_bytes != 0U ? c.memory_bytes : BACKEND_IMAGE_RAM;
	vm->info.vcpus = c.vcpus != 0U ? c.vcpus : 1U;
	vm->config = c;
	vm->config.memory_bytes = vm->info.memory_bytes;
	vm->config.vcpus = vm->info.vcpus;
	*id = slot;
	return 0;
}

/* Checked as the firmware checks them (hv/sched_share.c) on a host of
 * BACKEND_GUEST_CPUS guest CPUs; kept and shown, nothing is scheduled. */
int hv_vm_set_cpu_terms(uint32_t id, const struct hv_cpu_terms *terms)
{
	struct backend_vm *vm = vm_find(id);
	struct hv_cpu_terms t = *terms;
	uint64_t guest = ((1ULL << (BACKEND_GUEST_CPUS + 1U)) - 1U) & ~1ULL;

	if (vm == NULL) {
		return -ENOENT;
	}
	if (t.weight < 1U || t.weight > HV_CPU_WEIGHT_MAX ||
	    t.limit_permille > vm->info.vcpus * HV_CPU_PERMILLE || t.reserved_cpus > vm->info.vcpus ||
	    (t.affinity & ~guest) != 0U ||
	    (t.affinity != 0U && (uint32_t)__builtin_popcountll(t.affinity) < t.reserved_cpus)) {
		return -ERANGE;
	}
	vm->cpu_terms = t;
	return 0;
}

int hv_vm_start(uint32_t id)
{
	struct backend_vm *vm = vm_find(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	if (vm->info.state != HV_VM_DEFINED) {
		return -EBUSY;
	}
	vm->info.state = HV_VM_RUNNING;
	vm->info.cpu = 1;	/* CPU 0 runs the management core (DESIGN.md section 4) */
	console_put(vm, "hosted test backend: running\n");
	return 0;
}

/* A VM in state `from` (or PAUSED too, when paused_too) goes to state `to`,
 * and its console says so: the backend's every transition. */
static int vm_move(uint32_t id, enum hv_vm_state from, bool paused_too, enum hv_vm_state to,
		   const char *line)
{
	struct backend_vm *vm = vm_find(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	if (vm->info.state != from && !(paused_too && vm->info.state == HV_VM_PAUSED)) {
		return -EBUSY;
	}
	vm->info.state = to;
	console_put(vm, line);
	return 0;
}

int hv_vm_pause(uint32_t id)
{
	return vm_move(id, HV_VM_RUNNING, false, HV_VM_PAUSED, "hosted test backend: paused\n");
}

int hv_vm_resume(uint32_t id)
{
	return vm_move(id, HV_VM_PAUSED, false, HV_VM_RUNNING, "hosted test backend: resumed\n");
}

/* The firmware reloads the image and runs from the boot state: here, RUNNING again. */
int hv_vm_reset(uint32_t id)
{
	return vm_move(id, HV_VM_RUNNING, true, HV_VM_RUNNING, "hosted test backend: reset\n");
}

/* A RUNNING VM (or a PAUSED one, when paused_too) stops with reason: what the
 * firmware's vCPU loop reports. */
static int vm_stop_with(uint32_t id, bool paused_too, const char *reason)
{
	struct backend_vm *vm = vm_find(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	if (vm->info.state != HV_VM_RUNNING &&
	    !(paused_too && vm->info.state == HV_VM_PAUSED)) {
		return -EBUSY;
	}
	vm->info.state = HV_VM_STOPPED;
	snprintf(vm->info.stop_reason, sizeof(vm->info.stop_reason), "%s", reason);
	console_put(vm, "hosted test backend: stopped\n");
	return 0;
}

int hv_vm_stop(uint32_t id)
{
	return vm_stop_with(id, true, "stopped by request");
}

/* The backend's guests all handle the power button, as Linux does. */
int hv_vm_power_button(uint32_t id)
{
	return vm_stop_with(id, false, "ACPI power off (S5)");
}

int hv_vm_destroy(uint32_t id)
{
	struct backend_vm *vm = vm_find(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	if (vm->info.state == HV_VM_RUNNING || vm->info.state == HV_VM_PAUSED) {
		return -EBUSY;
	}
	memset(vm, 0, sizeof(*vm));
	return 0;
}

int hv_vm_info(uint32_t id, struct hv_vm_info *info)
{
	const struct backend_vm *vm = vm_find(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	*info = vm->info;
	return 0;
}

int hv_vm_config_get(uint32_t id, struct hv_vm_config *config)
{
	const struct backend_vm *vm = vm_find(id);

	if (vm == NULL) {
		return -ENOENT;
	}
	*config = vm->config;
	return 0;
}

size_t hv_vm_console_read(uint32_t id, uint64_t *offset, char *buf, size_t len)
{
	const struct backend_vm *vm = vm_find(id);
	uint64_t end, oldest;
	size_t n = 0;

	if (vm == NULL) {
		return 0;
	}
	end = vm->info.console_bytes;
	oldest = end > BACKEND_CONSOLE_RING ? end - BACKEND_CONSOLE_RING : 0U;
	if (*offset < oldest) {
		*offset = oldest;	/* what the ring no longer holds is skipped */
	}
	for (; *offset < end && n < len; (*offset)++) {
		buf[n++] = vm->console[*offset % BACKEND_CONSOLE_RING];
	}
	return n;
}

/* sources: mgmt/cim/cim.c mgmt/cim/status.c mgmt/cim/arena.c mgmt/profiles/host_system.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/modify_system_settings.c mgmt/profiles/settings_define_state.c mgmt/profiles/virtual_device.c mgmt/profiles/processor_device.c mgmt/profiles/memory_device.c mgmt/profiles/system_device.c mgmt/profiles/settings_define_state_device.c mgmt/profiles/element_setting_data.c mgmt/wsman/filter_association.c mgmt/profiles/job.c mgmt/profiles/job_timeout.c mgmt/wsman/duration.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/child_pool.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool_table.c mgmt/profiles/resource_settings.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* SPDX-License-Identifier: MIT */
/*
 * A VM's devices and settings (DSP1057, DSP1042), hosted: CIM_Processor
 * (one per vCPU) and CIM_Memory with their keys and EnabledState following
 * the VM, CIM_SystemDevice, CIM_SettingsDefineState device <-> RASD,
 * CIM_ElementSettingData VM <-> VSSD, each end found by the DSP0227
 * association filter (mgmt/wsman/filter_association.c) over a registry of
 * these providers; DefineSystem with an initrd and a command line;
 * ModifySystemSettings with every return value, the VM created again with
 * the same resources, and the old VM back when the new settings fail.
 * hv/api.h is a double below that behaves as hv/vm_api.c does: ids are
 * table slots, images "hello"/"hello64" are built in, "vmlinuz" is a Linux
 * kernel file and "initramfs" the only initrd file; a create can be told to
 * fail.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hv/api.h"
#include "hv_cpu_features_double.h"
#include "mgmt/profiles/element_setting_data.h"
#include "mgmt/profiles/memory_device.h"
#include "mgmt/profiles/modify_system_settings.h"
#include "mgmt/profiles/processor_device.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/settings_define_state.h"
#include "mgmt/profiles/settings_define_state_device.h"
#include "mgmt/profiles/system_device.h"
#include "mgmt/profiles/virtual_device.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_settings.h"
#include "mgmt/wsman/enum_request.h"

/* --- test double: hv/api.h --------------------------------------------------------- */

static struct {
	bool used;
	struct hv_vm_info info;
	struct hv_vm_config config;	/* what it was created from */
} hv[HV_VM_MAX];

/* The next creates fail with these errors, in order (0: succeed). */
static int create_errors[4];
static uint32_t create_error_count, creates;

const char *hv_vms_unavailable(void)
{
	return "test double";
}

/* Room for every VM these tests define (the pools' admission, resource_settings.c). */
int hv_host_resources(struct hv_host_resources *out)
{
	*out = (struct hv_host_resources){ .guest_cpus = 3, .guest_memory_bytes = 4ULL << 30 };
	return 0;
}

static bool is_builtin(const char *image)
{
	return strcmp(image, "hello") == 0 || strcmp(image, "hello64") == 0;
}

/* As hv/vm_api.c: a built-in image ignores initrd and command line; a
 * kernel file needs its initrd file to exist. */
static int image_check(const struct hv_vm_config *c)
{
	if (is_builtin(c->image)) {
		return 0;
	}
	if (strcmp(c->image, "vmlinuz") != 0) {
		return -ENOENT;
	}
	return c->initrd[0] == '\0' || strcmp(c->initrd, "initramfs") == 0 ? 0 : -ENOENT;
}

static int slot_take(const struct hv_vm_config *c, uint64_t mem, uint32_t *id)
{
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (!hv[i].used) {
			memset(&hv[i], 0, sizeof(hv[i]));
			hv[i].used = true;
			hv[i].config = *c;
			hv[i].info.id = i;
			hv[i].info.state = HV_VM_DEFINED;
			hv[i].info.memory_bytes = mem;
			hv[i].info.vcpus = c->vcpus != 0U ? c->vcpus : 1U;
			memcpy(hv[i].info.name, c->name, sizeof(c->name));
			*id = i;
			return 0;
		}
	}
	return -ENOSPC;
}

int hv_vm_create(const struct hv_vm_config *config, uint32_t *id)
{
	uint64_t mem = config->memory_bytes;
	int err;

	creates++;
	if (create_error_count > 0U) {
		err = create_errors[0];
		memmove(create_errors, create_errors + 1, sizeof(create_errors) - sizeof(int));
		create_error_count--;
		if (err != 0) {
			return err;
		}
	}
	err = image_check(config);
	if (err != 0) {
		return err;
	}
	mem = mem != 0U ? mem : is_builtin(config->image) ? 2ULL << 20 : HV_VM_LINUX_RAM_DEFAULT;
	if (mem < HV_VM_MEMORY_MIN || mem > HV_VM_MEMORY_MAX || config->vcpus > HV_VM_VCPUS_MAX) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv[i].used && strcmp(hv[i].info.name, config->name) == 0) {
			return -EEXIST;
		}
	}
	return slot_take(config, mem, id);
}

int hv_vm_destroy(uint32_t id)
{
	if (id >= HV_VM_MAX || !hv[id].used) {
		return -ENOENT;
	}
	if (hv[id].info.state == HV_VM_RUNNING || hv[id].info.state == HV_VM_PAUSED) {
		return -EBUSY;
	}
	hv[id].used = false;
	return 0;
}

int hv_vm_info(uint32_t id, struct hv_vm_info *info)
{
	if (id >= HV_VM_MAX || !hv[id].used) {
		return -ENOENT;
	}
	*info = hv[id].info;
	return 0;
}

/* The scheduler's terms as the hypervisor takes them: checked, no effect here. */
int hv_vm_set_cpu_terms(uint32_t id, const struct hv_cpu_terms *terms)
{
	if (id >= HV_VM_MAX || !hv[id].used) {
		return -ENOENT;
	}
	return terms->weight >= 1U && terms->weight <= HV_CPU_WEIGHT_MAX ? 0 : -ERANGE;
}

/* The lifecycle verbs system_state.c calls; RequestStateChange is tested elsewhere. */
int hv_vm_start(uint32_t id)
{
	(void)id;
	return -ENOTSUP;
}

int hv_vm_stop(uint32_t id)
{
	(void)id;
	return -ENOTSUP;
}

int hv_vm_pause(uint32_t id)
{
	(void)id;
	return -ENOTSUP;
}

int hv_vm_resume(uint32_t id)
{
	(void)id;
	return -ENOTSUP;
}

int hv_vm_reset(uint32_t id)
{
	(void)id;
	return -ENOTSUP;
}

int hv_vm_power_button(uint32_t id)
{
	(void)id;
	return -ENOTSUP;
}

const char *hv_error_text(int err)
{
	switch (-err) {
	case ENOENT:
		return "no such VM or guest image";
	case ENOMEM:
		return "out of memory";
	case EINVAL:
		return "invalid name, memory size or vCPU count";
	default:
		return "some hv error";
	}
}

/* The VM named name in the double, or NULL. */
static struct hv_vm_config *hv_config(const char *name, struct hv_vm_info *info)
{
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv[i].used && strcmp(hv[i].info.name, name) == 0) {
			*info = hv[i].info;
			return &hv[i].config;
		}
	}
	return NULL;
}

static void set_state(const char *name, enum hv_vm_state state)
{
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv[i].used && strcmp(hv[i].info.name, name) == 0) {
			hv[i].info.state = state;
		}
	}
}

static int reset(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		virtual_system_forget(i);
	}
	memset(hv, 0, sizeof(hv));
	create_error_count = 0;
	creates = 0;
	return 0;
}

/* --- building calls ---------------------------------------------------------------- */

struct invocation {
	const struct cim_method *m;
	struct cim_value in[CIM_PARAMS_MAX];
	struct cim_value out[CIM_PARAMS_MAX];
	unsigned char arena_buf[4096];
	struct cim_arena arena;
	struct cim_call call;
	struct cim_result res;
};

static const struct cim_method *method(const char *name)
{
	for (uint32_t i = 0; i < vsms_provider.method_count; i++) {
		if (strcmp(vsms_provider.methods[i].name, name) == 0) {
			return &vsms_provider.methods[i];
		}
	}
	fail_msg("no method %s", name);
	return NULL;
}

static void call_init(struct invocation *v, const char *name)
{
	memset(v, 0, sizeof(*v));
	v->m = method(name);
	for (uint32_t i = 0; i < CIM_PARAMS_MAX; i++) {
		v->in[i].is_null = true;
		v->out[i].is_null = true;
	}
	cim_arena_init(&v->arena, v->arena_buf, sizeof(v->arena_buf));
	v->call = (struct cim_call){ .method = v->m, .target = &vsms_ref, .in = v->in,
				     .out = v->out, .arena = &v->arena };
}

static void call_in(struct invocation *v, const char *param, struct cim_value value)
{
	for (uint32_t i = 0; i < v->m->param_count; i++) {
		if (strcmp(v->m->params[i].name, param) == 0) {
			v->in[i] = value;
			return;
		}
	}
	fail_msg("no parameter %s", param);
}

static uint32_t call_run(struct invocation *v)
{
	v->call.return_value = 0xFFFFFFFFU;
	assert_int_equal(v->m->invoke(NULL, &v->call, &v->res), CIM_OK);
	assert_int_equal(v->res.status, CIM_OK);
	return v->call.return_value;
}

static void expect_message(const struct invocation *v, const char *words)
{
	if (strstr(v->res.message, words) == NULL) {
		fail_msg("\"%s\" not in \"%s\"", words, v->res.message);
	}
}

static void instance_init(struct cim_instance *inst, const struct cim_class *cls)
{
	memset(inst, 0, sizeof(*inst));
	inst->cls = cls;
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		inst->values[i].is_null = true;
	}
}

static void set(struct cim_instance *inst, const char *prop, const char *s)
{
	int i = cim_class_property(inst->cls, prop);

	assert_true(i >= 0);
	inst->values[i] = (struct cim_value){ .is_null = s == NULL, .s = s };
}

static void set_u(struct cim_instance *inst, const char *prop, uint64_t u)
{
	int i = cim_class_property(inst->cls, prop);

	assert_true(i >= 0);
	inst->values[i] = (struct cim_value){ .u = u };
}

/* DefineSystem of `name` booting image (initrd, cmdline: NULL left out) with
 * vcpus processors and mib MiB. */
static uint32_t define(struct invocation *v, const char *name, const char *image,
		       const char *initrd, const char *cmdline, uint64_t vcpus, uint64_t mib)
{
	static struct cim_instance settings, mem, cpu;
	static const struct cim_instance *rasds[2] = { &mem, &cpu };

	call_init(v, "DefineSystem");
	instance_init(&settings, &vmanhv_vssd_class);
	set(&settings, "ElementName", name);
	set(&settings, "KernelImage", image);
	set(&settings, "InitialRamDisk", initrd);
	set(&settings, "KernelCommandLine", cmdline);
	instance_init(&mem, &rasd_class);
	set_u(&mem, "ResourceType", RASD_TYPE_MEMORY);
	set_u(&mem, "VirtualQuantity", mib);
	set(&mem, "AllocationUnits", "byte*2^20");
	instance_init(&cpu, &rasd_class);
	set_u(&cpu, "ResourceType", RASD_TYPE_PROCESSOR);
	set_u(&cpu, "VirtualQuantity", vcpus);
	call_in(v, "SystemSettings", (struct cim_value){ .inst = &settings });
	call_in(v, "ResourceSettings", (struct cim_value){ .count = 2, .ia = rasds });
	return call_run(v);
}

/* ModifySystemSettings with the settings `vssd` (built by the caller). */
static uint32_t modify(struct invocation *v, const struct cim_instance *vssd)
{
	call_init(v, "ModifySystemSettings");
	if (vssd != NULL) {
		call_in(v, "SystemSettings", (struct cim_value){ .inst = vssd });
	}
	return call_run(v);
}

/* Settings naming VM `name` by InstanceID, every other property NULL. */
static void settings_of(struct cim_instance *inst, const char *name)
{
	static char id[VSSD_INSTANCE_ID_MAX];

	vssd_instance_id(name, id, sizeof(id));
	instance_init(inst, &vmanhv_vssd_class);
	set(inst, "InstanceID", id);
}

/* --- enumerating ------------------------------------------------------------------- */

#define SEEN_MAX 24
#define TEXT_MAX 80

/* What the tests look at in an instance, copied: instances live only during the call. */
struct item {
	const struct cim_class *cls;
	char key[TEXT_MAX];		/* DeviceID, InstanceID or Name */
	char system[TEXT_MAX];		/* SystemName */
	uint64_t enabled_state, requested_state, block_size, blocks, data_width;
	bool is_volatile;
	uint64_t is_default, is_current, is_next;
	char ends[2][TEXT_MAX];		/* an association's ends: class/key */
};

struct seen {
	uint32_t n;
	struct item item[SEEN_MAX];
};

static const char *string_of(const struct cim_instance *inst, const char *prop)
{
	int i = cim_class_property(inst->cls, prop);

	return i >= 0 && !inst->values[i].is_null ? inst->values[i].s : NULL;
}

static uint64_t u_of(const struct cim_instance *inst, const char *prop)
{
	int i = cim_class_property(inst->cls, prop);

	return i >= 0 && !inst->values[i].is_null ? inst->values[i].u : UINT64_MAX;
}

/* "Class/key" of a reference: its DeviceID, InstanceID or Name key. */
static void end_text(const struct cim_ref *ref, char out[TEXT_MAX])
{
	snprintf(out, TEXT_MAX, "%s/?", ref->class_name);
	for (uint32_t k = 0; k < ref->key_count; k++) {
		const char *n = ref->keys[k].name;

		if (strcmp(n, "DeviceID") == 0 || strcmp(n, "InstanceID") == 0 ||
		    strcmp(n, "Name") == 0) {
			snprintf(out, TEXT_MAX, "%s/%s", ref->class_name, ref->keys[k].value);
		}
	}
}

static int collect(void *ctx, const struct cim_instance *inst)
{
	struct seen *s = ctx;
	struct item *it = &s->item[s->n];
	const char *key = string_of(inst, "DeviceID");
	int e = 0;

	assert_true(s->n < SEEN_MAX);
	memset(it, 0, sizeof(*it));
	it->cls = inst->cls;
	key = key != NULL ? key : string_of(inst, "InstanceID");
	key = key != NULL ? key : string_of(inst, "Name");
	snprintf(it->key, sizeof(it->key), "%s", key != NULL ? key : "");
	snprintf(it->system, sizeof(it->system), "%s",
		 string_of(inst, "SystemName") != NULL ? string_of(inst, "SystemName") : "");
	it->enabled_state = u_of(inst, "EnabledState");
	it->requested_state = u_of(inst, "RequestedState");
	it->block_size = u_of(inst, "BlockSize");
	it->blocks = u_of(inst, "NumberOfBlocks");
	it->data_width = u_of(inst, "DataWidth");
	it->is_volatile = cim_class_property(inst->cls, "Volatile") >= 0 &&
			  inst->values[cim_class_property(inst->cls, "Volatile")].b;
	it->is_default = u_of(inst, "IsDefault");
	it->is_current = u_of(inst, "IsCurrent");
	it->is_next = u_of(inst, "IsNext");
	for (uint32_t p = 0; p < inst->cls->prop_count && e < 2; p++) {
		if (inst->cls->props[p].type == CIM_TYPE_REF) {
			end_text(inst->values[p].ref, it->ends[e++]);
		}
	}
	s->n++;
	return 0;
}

static void enumerate(const struct cim_provider *p, uint32_t from, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(p->enumerate(p->pctx, from, collect, s), 0);
}

/* --- the devices ------------------------------------------------------------------- */

static void test_processors_and_memory(void **state)
{
	struct invocation v;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", NULL, NULL, 2, 64), VSMS_COMPLETED);
	assert_int_equal(define(&v, "db", "hello64", NULL, NULL, 3, 8), VSMS_COMPLETED);
	enumerate(&processor_device_provider, 0, &s);
	assert_int_equal(s.n, 5);
	assert_ptr_equal(s.item[0].cls, &processor_device_class);
	assert_string_equal(s.item[0].key, "web1:cpu0");
	assert_string_equal(s.item[1].key, "web1:cpu1");
	assert_string_equal(s.item[2].key, "db:cpu0");
	assert_string_equal(s.item[4].key, "db:cpu2");
	assert_string_equal(s.item[4].system, "db");
	assert_int_equal(s.item[0].data_width, 64);
	assert_int_equal(s.item[0].enabled_state, 3);		/* defined: Disabled */
	assert_int_equal(s.item[0].requested_state, 12);	/* Not Applicable */
	/* from: a Pull resumes at the fourth */
	enumerate(&processor_device_provider, 3, &s);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.item[0].key, "db:cpu1");
	enumerate(&processor_device_provider, 5, &s);
	assert_int_equal(s.n, 0);

	enumerate(&memory_device_provider, 0, &s);
	assert_int_equal(s.n, 2);
	assert_ptr_equal(s.item[0].cls, &memory_device_class);
	assert_string_equal(s.item[0].key, "web1:memory");
	assert_string_equal(s.item[0].system, "web1");
	assert_int_equal(s.item[0].block_size, MEMORY_DEVICE_BLOCK_SIZE);
	assert_true(s.item[0].blocks * s.item[0].block_size == 64ULL << 20);
	assert_true(s.item[1].blocks * s.item[1].block_size == 8ULL << 20);
	assert_true(s.item[0].is_volatile);
	enumerate(&memory_device_provider, 1, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.item[0].key, "db:memory");
}

static void test_enabled_state_follows_vm(void **state)
{
	static const struct { enum hv_vm_state vm; uint64_t device; } cases[] = {
		{ HV_VM_DEFINED, 3 }, { HV_VM_RUNNING, 2 }, { HV_VM_PAUSED, 9 },
		{ HV_VM_STOPPED, 3 },
	};
	struct invocation v;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_state("web1", cases[i].vm);
		enumerate(&processor_device_provider, 0, &s);
		assert_int_equal(s.item[0].enabled_state, cases[i].device);
		enumerate(&memory_device_provider, 0, &s);
		assert_int_equal(s.item[0].enabled_state, cases[i].device);
	}
}

static void test_classes(void **state)
{
	(void)state;
	/* polymorphism: both are logical devices, the memory a storage extent */
	assert_true(cim_class_is_a(&processor_device_class, "CIM_LogicalDevice"));
	assert_true(cim_class_is_a(&memory_device_class, "CIM_StorageExtent"));
	assert_true(cim_class_is_a(&memory_device_class, "CIM_LogicalDevice"));
	assert_false(cim_class_is_a(&processor_device_class, "CIM_StorageExtent"));
	/* the four keys, fixed for every profile */
	for (int c = 0; c < 2; c++) {
		const struct cim_class *cls = c == 0 ? &processor_device_class
						     : &memory_device_class;
		static const char *const keys[] = { "SystemCreationClassName", "SystemName",
						    "CreationClassName", "DeviceID" };
		uint32_t n = 0;

		for (int k = 0; k < 4; k++) {
			int i = cim_class_property(cls, keys[k]);

			assert_true(i >= 0 && cls->props[i].key);
		}
		for (uint32_t i = 0; i < cls->prop_count; i++) {
			n += cls->props[i].key ? 1U : 0U;
		}
		assert_int_equal(n, 4);
	}
}

static void test_system_device(void **state)
{
	struct invocation v;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "a", "hello", NULL, NULL, 2, 4), VSMS_COMPLETED);
	assert_int_equal(define(&v, "b", "hello", NULL, NULL, 1, 4), VSMS_COMPLETED);
	enumerate(&system_device_provider, 0, &s);
	assert_int_equal(s.n, 5);
	assert_string_equal(s.item[0].ends[0], "CIM_ComputerSystem/a");
	assert_string_equal(s.item[0].ends[1], "CIM_Processor/a:cpu0");
	assert_string_equal(s.item[1].ends[1], "CIM_Processor/a:cpu1");
	assert_string_equal(s.item[2].ends[1], "CIM_Memory/a:memory");
	assert_string_equal(s.item[3].ends[0], "CIM_ComputerSystem/b");
	assert_string_equal(s.item[4].ends[1], "CIM_Memory/b:memory");
	enumerate(&system_device_provider, 4, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.item[0].ends[1], "CIM_Memory/b:memory");
}

/* The host's CPUs are its devices: CPU 0 (management) and the 3 guest CPUs
 * of this file's hv_host_resources(), resumable by position. */
static void test_host_system_device(void **state)
{
	struct seen s;

	(void)state;
	enumerate(&host_system_device_provider, 0, &s);
	assert_int_equal(s.n, 4);
	assert_ptr_equal(s.item[0].cls, &system_device_class);
	assert_string_equal(s.item[0].ends[0], "CIM_ComputerSystem/vmanhv");
	assert_string_equal(s.item[0].ends[1], "CIM_Processor/cpu0");
	assert_string_equal(s.item[3].ends[1], "CIM_Processor/cpu3");
	enumerate(&host_system_device_provider, 3, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.item[0].ends[1], "CIM_Processor/cpu3");
}

static void test_settings_define_state_devices(void **state)
{
	struct invocation v;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "a", "hello", NULL, NULL, 2, 4), VSMS_COMPLETED);
	enumerate(&device_settings_define_state_provider, 0, &s);
	assert_int_equal(s.n, 3);
	assert_ptr_equal(s.item[0].cls, &settings_define_state_class);
	assert_string_equal(s.item[0].ends[0], "CIM_Processor/a:cpu0");
	assert_string_equal(s.item[0].ends[1], DEVICE_RASD_CLASS "/vmanhv:a:processor");
	assert_string_equal(s.item[1].ends[1], DEVICE_RASD_CLASS "/vmanhv:a:processor");
	assert_string_equal(s.item[2].ends[0], "CIM_Memory/a:memory");
	assert_string_equal(s.item[2].ends[1], DEVICE_RASD_CLASS "/vmanhv:a:memory");
}

static void test_element_setting_data(void **state)
{
	struct invocation v;
	struct seen s;

	(void)state;
	enumerate(&element_setting_data_provider, 0, &s);
	assert_int_equal(s.n, 0);
	assert_int_equal(define(&v, "a", "hello", NULL, NULL, 1, 4), VSMS_COMPLETED);
	assert_int_equal(define(&v, "b", "hello", NULL, NULL, 1, 4), VSMS_COMPLETED);
	enumerate(&element_setting_data_provider, 0, &s);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.item[1].ends[0], "CIM_ComputerSystem/b");
	assert_string_equal(s.item[1].ends[1], VMANHV_VSSD_CLASS "/vmanhv:b");
	assert_int_equal(s.item[1].is_default, 1);
	assert_int_equal(s.item[1].is_current, 1);
	assert_int_equal(s.item[1].is_next, 1);
	enumerate(&element_setting_data_provider, 1, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.item[0].ends[0], "CIM_ComputerSystem/b");
}

/* --- the association filter (DSP0227 8.2) over these providers --------------------- */

static const struct cim_provider *const assoc_providers[] = {
	&virtual_system_provider,	&vssd_provider,
	&processor_device_provider,	&memory_device_provider,
	&system_device_provider,	&settings_define_state_provider,
	&device_settings_define_state_provider, &element_setting_data_provider,
};
static const struct cim_registry assoc_registry = {
	assoc_providers, sizeof(assoc_providers) / sizeof(assoc_providers[0]), NULL
};

struct expand_ctx {
	const struct wsman_enum_filter *f;
	struct seen *s;
};

static int expand(void *ctx, const struct cim_instance *assoc)
{
	struct expand_ctx *x = ctx;

	return wsman_filter_association_expand(&assoc_registry, x->f, assoc, collect, x->s);
}

/* AssociatedInstances of object through assoc_class (NULL: any), results of
 * result_class (NULL: any), as the endpoint's walk does (enum_walk.c). */
static void associated(const struct cim_ref *object, const char *assoc_class,
		       const char *result_class, struct seen *s)
{
	struct wsman_enum_filter f = { .kind = WSMAN_FILTER_ASSOCIATED, .has_object = true,
				       .object = *object, .association_class = assoc_class,
				       .result_class = result_class };
	struct expand_ctx x = { &f, s };

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < assoc_registry.count; i++) {
		const struct cim_provider *p = assoc_registry.providers[i];

		if (wsman_filter_association_source(&f, p->cls)) {
			assert_int_equal(p->enumerate(p->pctx, 0, expand, &x), 0);
		}
	}
}

static void test_association_filter(void **state)
{
	struct invocation v;
	struct virtual_system vs;
	struct virtual_device cpu1, mem;
	struct virtual_device_ref ref;
	struct cim_ref vm;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", NULL, NULL, 2, 16), VSMS_COMPLETED);
	assert_int_equal(define(&v, "other", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	virtual_system_ref("web1", &vm);
	/* the VM -> its three devices, and only its own */
	associated(&vm, "CIM_SystemDevice", NULL, &s);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.item[0].key, "web1:cpu0");
	assert_string_equal(s.item[1].key, "web1:cpu1");
	assert_string_equal(s.item[2].key, "web1:memory");
	assert_int_equal(s.item[2].blocks, (16ULL << 20) / MEMORY_DEVICE_BLOCK_SIZE);
	/* ResultClassName narrows by class, superclasses included */
	associated(&vm, "CIM_SystemDevice", "CIM_StorageExtent", &s);
	assert_int_equal(s.n, 1);
	assert_ptr_equal(s.item[0].cls, &memory_device_class);
	associated(&vm, NULL, "CIM_LogicalDevice", &s);
	assert_int_equal(s.n, 3);
	/* the VM -> its VSSD through ElementSettingData */
	associated(&vm, "CIM_ElementSettingData", NULL, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.item[0].key, "vmanhv:web1");
	/* a device -> its VM (the RASD end is alloc's provider, not linked here) */
	assert_int_equal(virtual_system_find("web1", &vs), 0);
	cpu1 = (struct virtual_device){ &vs, VIRTUAL_DEVICE_PROCESSOR, 1 };
	virtual_device_ref(&cpu1, &ref);
	associated(&ref.ref, NULL, NULL, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.item[0].key, "web1");
	mem = (struct virtual_device){ &vs, VIRTUAL_DEVICE_MEMORY, 0 };
	virtual_device_ref(&mem, &ref);
	associated(&ref.ref, "CIM_SystemDevice", "CIM_ComputerSystem", &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.item[0].key, "web1");
}

static int get_found(void *ctx, const struct cim_instance *inst)
{
	return collect(ctx, inst);
}

/* Get by the four keys (the association filter's other-end lookup). */
static void test_get_device_by_keys(void **state)
{
	struct invocation v;
	struct virtual_system vs;
	struct virtual_device dev;
	struct virtual_device_ref ref;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", NULL, NULL, 2, 16), VSMS_COMPLETED);
	assert_int_equal(virtual_system_find("web1", &vs), 0);
	dev = (struct virtual_device){ &vs, VIRTUAL_DEVICE_PROCESSOR, 1 };
	virtual_device_ref(&dev, &ref);
	memset(&s, 0, sizeof(s));
	assert_int_equal(cim_get(&processor_device_provider, ref.ref.keys, ref.ref.key_count,
				 get_found, &s), 0);
	assert_string_equal(s.item[0].key, "web1:cpu1");
	dev.index = 2;	/* web1 has two vCPUs */
	virtual_device_ref(&dev, &ref);
	assert_int_equal(cim_get(&processor_device_provider, ref.ref.keys, ref.ref.key_count,
				 get_found, &s), -ENOENT);
}

/* --- DefineSystem with an initrd and a command line -------------------------------- */

/* One property of a VM's VSSD as Get returns it. */
struct vssd_read {
	const char *prop;
	bool is_null;
	char out[HV_CMDLINE_LEN];
};

static int vssd_prop(void *ctx, const struct cim_instance *inst)
{
	struct vssd_read *r = ctx;
	const char *v = string_of(inst, r->prop);

	r->is_null = v == NULL;
	snprintf(r->out, sizeof(r->out), "%s", v != NULL ? v : "");
	return 0;
}

/* prop of VM name's VSSD, or NULL when it is NULL. */
static const char *vssd_get(const char *name, const char *prop, struct vssd_read *r)
{
	char id[VSSD_INSTANCE_ID_MAX];
	struct cim_key key = { "InstanceID", id, NULL };

	r->prop = prop;
	vssd_instance_id(name, id, sizeof(id));
	assert_int_equal(cim_get(&vssd_provider, &key, 1, vssd_prop, r), 0);
	return r->is_null ? NULL : r->out;
}

static void test_define_linux(void **state)
{
	struct invocation v;
	struct hv_vm_info info;
	struct hv_vm_config *c;
	struct vssd_read r;

	(void)state;
	assert_int_equal(define(&v, "lx", "vmlinuz", "initramfs", "console=ttyS0 quiet", 2, 128),
			 VSMS_COMPLETED);
	c = hv_config("lx", &info);
	assert_non_null(c);
	assert_string_equal(c->image, "vmlinuz");
	assert_string_equal(c->initrd, "initramfs");
	assert_string_equal(c->cmdline, "console=ttyS0 quiet");
	assert_string_equal(vssd_get("lx", "KernelImage", &r), "vmlinuz");
	assert_string_equal(vssd_get("lx", "InitialRamDisk", &r), "initramfs");
	assert_string_equal(vssd_get("lx", "KernelCommandLine", &r), "console=ttyS0 quiet");
	/* none given: NULL, not "" */
	assert_int_equal(define(&v, "plain", "hello", NULL, NULL, 1, 4), VSMS_COMPLETED);
	assert_null(vssd_get("plain", "InitialRamDisk", &r));
	assert_null(vssd_get("plain", "KernelCommandLine", &r));
	/* an initrd that is no guest file: the hypervisor's -ENOENT, named */
	assert_int_equal(define(&v, "lx2", "vmlinuz", "nosuchfile", NULL, 1, 128),
			 VSMS_INVALID_PARAMETER);
	expect_message(&v, "InitialRamDisk \"nosuchfile\"");
	assert_null(hv_config("lx2", &info));
}

static void test_define_linux_refusals(void **state)
{
	char long_cmdline[HV_CMDLINE_LEN + 8];
	struct invocation v;
	struct hv_vm_info info;

	(void)state;
	memset(long_cmdline, 'x', sizeof(long_cmdline) - 1U);
	long_cmdline[sizeof(long_cmdline) - 1U] = '\0';
	assert_int_equal(define(&v, "lx", "vmlinuz", NULL, long_cmdline, 1, 128),
			 VSMS_INVALID_PARAMETER);
	expect_message(&v, "KernelCommandLine is longer than 511 characters");
	assert_int_equal(define(&v, "lx", "vmlinuz", "a23456789012345678901234", NULL, 1, 128),
			 VSMS_INVALID_PARAMETER);
	expect_message(&v, "InitialRamDisk is longer than 23 characters");
	assert_int_equal(define(&v, "lx", "", NULL, NULL, 1, 128), VSMS_INVALID_PARAMETER);
	expect_message(&v, "KernelImage is empty");
	assert_int_equal(creates, 0);	/* refused before the hypervisor was asked */
	assert_null(hv_config("lx", &info));
}

static void test_define_from_reference_keeps_linux_settings(void **state)
{
	static struct cim_instance settings;
	struct cim_ref ref = { .class_name = VMANHV_VSSD_CLASS, .key_count = 1,
			       .keys = { { "InstanceID", "vmanhv:lx", NULL } } };
	struct invocation v;
	struct hv_vm_info info;
	struct hv_vm_config *c;

	(void)state;
	assert_int_equal(define(&v, "lx", "vmlinuz", "initramfs", "quiet", 2, 128),
			 VSMS_COMPLETED);
	call_init(&v, "DefineSystem");
	instance_init(&settings, &vmanhv_vssd_class);
	set(&settings, "ElementName", "lx2");
	set(&settings, "KernelCommandLine", "console=ttyS0");	/* this one differs */
	call_in(&v, "SystemSettings", (struct cim_value){ .inst = &settings });
	call_in(&v, "ReferenceConfiguration", (struct cim_value){ .ref = &ref });
	assert_int_equal(call_run(&v), VSMS_COMPLETED);
	c = hv_config("lx2", &info);
	assert_non_null(c);
	assert_string_equal(c->image, "vmlinuz");
	assert_string_equal(c->initrd, "initramfs");
	assert_string_equal(c->cmdline, "console=ttyS0");
	assert_int_equal(info.vcpus, 2);
	assert_true(info.memory_bytes == 128ULL << 20);
}

/* --- ModifySystemSettings ---------------------------------------------------------- */

static void test_modify_boot_settings(void **state)
{
	static struct cim_instance settings;
	struct invocation v;
	struct hv_vm_info info;
	struct hv_vm_config *c;
	struct vssd_read r;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "lx", "hello", NULL, NULL, 3, 128), VSMS_COMPLETED);
	settings_of(&settings, "lx");
	set(&settings, "ElementName", "Linux box");
	set(&settings, "KernelImage", "vmlinuz");
	set(&settings, "InitialRamDisk", "initramfs");
	set(&settings, "KernelCommandLine", "console=ttyS0");
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	assert_string_equal(v.res.message, "");
	assert_true(v.out[MSS_JOB].is_null);	/* synchronous: no job */
	/* the VM was created again: same name and resources, new boot settings */
	c = hv_config("lx", &info);
	assert_non_null(c);
	assert_string_equal(c->image, "vmlinuz");
	assert_string_equal(c->initrd, "initramfs");
	assert_string_equal(c->cmdline, "console=ttyS0");
	assert_int_equal(info.vcpus, 3);
	assert_true(info.memory_bytes == 128ULL << 20);
	assert_int_equal(info.state, HV_VM_DEFINED);
	/* and its settings say so */
	assert_string_equal(vssd_get("lx", "KernelImage", &r), "vmlinuz");
	assert_string_equal(vssd_get("lx", "InitialRamDisk", &r), "initramfs");
	assert_string_equal(vssd_get("lx", "KernelCommandLine", &r), "console=ttyS0");
	assert_string_equal(vssd_get("lx", "ElementName", &r), "Linux box");
	enumerate(&processor_device_provider, 0, &s);
	assert_int_equal(s.n, 3);
	/* only what is given changes; "" removes the initrd and the command line */
	settings_of(&settings, "lx");
	set(&settings, "InitialRamDisk", "");
	set(&settings, "KernelCommandLine", "");
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	c = hv_config("lx", &info);
	assert_string_equal(c->image, "vmlinuz");
	assert_string_equal(c->initrd, "");
	assert_string_equal(c->cmdline, "");
	assert_null(vssd_get("lx", "InitialRamDisk", &r));
	assert_null(vssd_get("lx", "KernelCommandLine", &r));
	assert_string_equal(vssd_get("lx", "ElementName", &r), "Linux box");
}

/* AutomaticStartupAction changes with the label, or with what the VM boots
 * (the VM created again keeps the new one); a value not 2, 3 or 4 is 4
 * Invalid Parameter and changes nothing. */
static void test_modify_startup_action(void **state)
{
	static struct cim_instance settings;
	struct virtual_system vs;
	struct invocation v;

	(void)state;
	assert_int_equal(define(&v, "auto", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	settings_of(&settings, "auto");
	set_u(&settings, "AutomaticStartupAction", 4);
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	assert_int_equal(virtual_system_find("auto", &vs), 0);
	assert_int_equal(vs.startup_action, 4);
	settings_of(&settings, "auto");
	set(&settings, "KernelCommandLine", "mode=steady");
	set_u(&settings, "AutomaticStartupAction", 3);
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	assert_int_equal(virtual_system_find("auto", &vs), 0);
	assert_int_equal(vs.startup_action, 3);
	assert_string_equal(vs.cmdline, "mode=steady");
	settings_of(&settings, "auto");
	set(&settings, "ElementName", "not this");
	set_u(&settings, "AutomaticStartupAction", 9);
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	assert_non_null(strstr(v.res.message, "AutomaticStartupAction"));
	assert_int_equal(virtual_system_find("auto", &vs), 0);
	assert_int_equal(vs.startup_action, 3);
	assert_string_equal(vs.element_name, "auto");
}

/* A stopped VM (it ran) is off too: it can be changed. */
static void test_modify_stopped_vm(void **state)
{
	static struct cim_instance settings;
	struct invocation v;
	struct hv_vm_info info;

	(void)state;
	assert_int_equal(define(&v, "web", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	set_state("web", HV_VM_STOPPED);
	settings_of(&settings, "web");
	set(&settings, "KernelImage", "hello64");
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	assert_string_equal(hv_config("web", &info)->image, "hello64");
}

static void test_modify_running_vm(void **state)
{
	static struct cim_instance settings;
	struct invocation v;
	struct hv_vm_info info;
	struct vssd_read r;

	(void)state;
	assert_int_equal(define(&v, "web", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	for (int paused = 0; paused < 2; paused++) {
		set_state("web", paused ? HV_VM_PAUSED : HV_VM_RUNNING);
		settings_of(&settings, "web");
		set(&settings, "KernelImage", "hello64");
		set(&settings, "ElementName", "new label");
		creates = 0;
		assert_int_equal(modify(&v, &settings), VSMS_INVALID_STATE);
		expect_message(&v, paused ? "VM web is paused (EnabledState 9)"
					  : "VM web is running (EnabledState 2)");
		assert_int_equal(creates, 0);
		assert_string_equal(hv_config("web", &info)->image, "hello");
		assert_int_equal(info.state, paused ? HV_VM_PAUSED : HV_VM_RUNNING);
		/* nothing changed, not even the label */
		assert_string_equal(vssd_get("web", "ElementName", &r), "web");
	}
	/* the label alone changes in any state, as a Put does (management's own) */
	settings_of(&settings, "web");
	set(&settings, "ElementName", "busy web");
	set(&settings, "KernelImage", "hello");		/* sent back unchanged */
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	assert_string_equal(vssd_get("web", "ElementName", &r), "busy web");
	assert_int_equal(creates, 0);
}

/* The new settings fail: the old VM is back, as it was, and the reason says why. */
static void test_modify_failure_restores_vm(void **state)
{
	static struct cim_instance settings;
	struct invocation v;
	struct hv_vm_info info;
	struct hv_vm_config *c;
	struct vssd_read r;

	(void)state;
	assert_int_equal(define(&v, "lx", "vmlinuz", "initramfs", "quiet", 2, 64),
			 VSMS_COMPLETED);
	settings_of(&settings, "lx");
	set(&settings, "ElementName", "renamed");
	set(&settings, "InitialRamDisk", "nosuchfile");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "InitialRamDisk \"nosuchfile\"");
	expect_message(&v, "the VM keeps its old settings");
	c = hv_config("lx", &info);
	assert_non_null(c);
	assert_string_equal(c->image, "vmlinuz");
	assert_string_equal(c->initrd, "initramfs");
	assert_string_equal(c->cmdline, "quiet");
	assert_int_equal(info.vcpus, 2);
	assert_true(info.memory_bytes == 64ULL << 20);
	assert_string_equal(vssd_get("lx", "InitialRamDisk", &r), "initramfs");
	assert_string_equal(vssd_get("lx", "ElementName", &r), "lx");
	/* a failure of the hypervisor's own (no memory): 2 Failed, VM back */
	settings_of(&settings, "lx");
	set(&settings, "KernelCommandLine", "console=ttyS0");
	create_errors[0] = -ENOMEM;
	create_error_count = 1;
	assert_int_equal(modify(&v, &settings), VSMS_FAILED);
	expect_message(&v, "out of memory");
	assert_string_equal(hv_config("lx", &info)->cmdline, "quiet");
	assert_string_equal(vssd_get("lx", "KernelCommandLine", &r), "quiet");
}

/* Even the old settings fail (never seen: the memory was just freed): 2
 * Failed, the reason says the VM is lost, and no record is left behind. */
static void test_modify_restore_fails(void **state)
{
	static struct cim_instance settings;
	struct invocation v;
	struct hv_vm_info info;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	settings_of(&settings, "web");
	set(&settings, "KernelImage", "hello64");
	create_errors[0] = -ENOMEM;
	create_errors[1] = -ENOMEM;
	create_error_count = 2;
	assert_int_equal(modify(&v, &settings), VSMS_FAILED);
	expect_message(&v, "VM web is lost");
	assert_null(hv_config("web", &info));
	enumerate(&vssd_provider, 0, &s);
	assert_int_equal(s.n, 0);
	/* a new VM of that name starts afresh */
	assert_int_equal(define(&v, "web", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	enumerate(&vssd_provider, 0, &s);
	assert_string_equal(s.item[0].key, "vmanhv:web");
}

static void test_modify_refusals(void **state)
{
	static struct cim_instance settings;
	char long_cmdline[HV_CMDLINE_LEN + 1];
	struct invocation v;
	struct hv_vm_info info;

	(void)state;
	assert_int_equal(define(&v, "web", "hello", NULL, NULL, 1, 16), VSMS_COMPLETED);
	creates = 0;
	assert_int_equal(modify(&v, NULL), VSMS_INVALID_PARAMETER);
	expect_message(&v, "SystemSettings is required");
	instance_init(&settings, &vmanhv_vssd_class);
	set(&settings, "KernelImage", "hello64");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "InstanceID (the settings to change) is required");
	settings_of(&settings, "nobody");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "no VM has settings with that InstanceID");
	settings_of(&settings, "web");
	set(&settings, "VirtualSystemIdentifier", "web2");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "VirtualSystemIdentifier (the VM's name) cannot be changed");
	settings_of(&settings, "web");
	set(&settings, "VirtualSystemType", "DMTF:KVM");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "VirtualSystemType cannot be changed");
	settings_of(&settings, "web");
	set(&settings, "ElementName", "");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ElementName must be 1 to 63 bytes");
	settings_of(&settings, "web");
	set(&settings, "KernelImage", "");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "KernelImage is empty");
	memset(long_cmdline, 'x', sizeof(long_cmdline) - 1U);
	long_cmdline[sizeof(long_cmdline) - 1U] = '\0';
	settings_of(&settings, "web");
	set(&settings, "KernelCommandLine", long_cmdline);
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "KernelCommandLine is longer than 511 characters");
	/* none of these reached the hypervisor or changed anything */
	assert_int_equal(creates, 0);
	assert_string_equal(hv_config("web", &info)->image, "hello");
	/* the same values sent back: nothing to do, nothing re-created */
	settings_of(&settings, "web");
	set(&settings, "KernelImage", "hello");
	set(&settings, "VirtualSystemIdentifier", "web");
	set(&settings, "VirtualSystemType", VSSD_SYSTEM_TYPE);
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	assert_int_equal(creates, 0);
}

/* A VM the firmware's command line started (no record): its image is not
 * known, so a change must name one. */
static void test_modify_vm_without_record(void **state)
{
	static struct cim_instance settings;
	struct hv_vm_config c = { .name = "boot", .image = "hello" };
	struct invocation v;
	struct hv_vm_info info;
	uint32_t id;

	(void)state;
	assert_int_equal(hv_vm_create(&c, &id), 0);
	settings_of(&settings, "boot");
	set(&settings, "KernelCommandLine", "quiet");
	assert_int_equal(modify(&v, &settings), VSMS_INVALID_PARAMETER);
	expect_message(&v, "KernelImage is required");
	set(&settings, "KernelImage", "hello64");
	assert_int_equal(modify(&v, &settings), VSMS_COMPLETED);
	assert_string_equal(hv_config("boot", &info)->image, "hello64");
}

/* Put cannot change what the VM boots: ModifySystemSettings does. */
static void test_put_refuses_boot_settings(void **state)
{
	static struct cim_instance inst;
	struct cim_result res;
	struct invocation v;
	char id[VSSD_INSTANCE_ID_MAX];

	(void)state;
	assert_int_equal(define(&v, "lx", "vmlinuz", "initramfs", "quiet", 1, 128),
			 VSMS_COMPLETED);
	vssd_instance_id("lx", id, sizeof(id));
	instance_init(&inst, &vmanhv_vssd_class);
	set(&inst, "InstanceID", id);
	set(&inst, "ElementName", "x");
	set(&inst, "KernelCommandLine", "quiet");	/* as Get gave it: fine */
	memset(&res, 0, sizeof(res));
	assert_int_equal(vssd_provider.put(NULL, &inst, &res), CIM_OK);
	set(&inst, "KernelCommandLine", "console=ttyS0");
	assert_int_equal(vssd_provider.put(NULL, &inst, &res), CIM_ERR_INVALID_PARAMETER);
	assert_non_null(strstr(res.message, "ModifySystemSettings"));
	set(&inst, "KernelCommandLine", NULL);
	set(&inst, "InitialRamDisk", "other");
	assert_int_equal(vssd_provider.put(NULL, &inst, &res), CIM_ERR_INVALID_PARAMETER);
}

static void test_method_table(void **state)
{
	const struct cim_method *m = method("ModifySystemSettings");

	(void)state;
	assert_int_equal(m->param_count, 2);
	assert_string_equal(m->params[0].name, "SystemSettings");
	assert_ptr_equal(m->params[0].embedded, &vmanhv_vssd_class);
	assert_int_equal(m->params[0].dir, CIM_PARAM_IN);
	assert_string_equal(m->params[1].name, "Job");
	assert_int_equal(m->params[1].dir, CIM_PARAM_OUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_processors_and_memory, reset),
		cmocka_unit_test_setup(test_enabled_state_follows_vm, reset),
		cmocka_unit_test_setup(test_classes, reset),
		cmocka_unit_test_setup(test_system_device, reset),
		cmocka_unit_test_setup(test_host_system_device, reset),
		cmocka_unit_test_setup(test_settings_define_state_devices, reset),
		cmocka_unit_test_setup(test_element_setting_data, reset),
		cmocka_unit_test_setup(test_association_filter, reset),
		cmocka_unit_test_setup(test_get_device_by_keys, reset),
		cmocka_unit_test_setup(test_define_linux, reset),
		cmocka_unit_test_setup(test_define_linux_refusals, reset),
		cmocka_unit_test_setup(test_define_from_reference_keeps_linux_settings, reset),
		cmocka_unit_test_setup(test_modify_boot_settings, reset),
		cmocka_unit_test_setup(test_modify_startup_action, reset),
		cmocka_unit_test_setup(test_modify_stopped_vm, reset),
		cmocka_unit_test_setup(test_modify_running_vm, reset),
		cmocka_unit_test_setup(test_modify_failure_restores_vm, reset),
		cmocka_unit_test_setup(test_modify_restore_fails, reset),
		cmocka_unit_test_setup(test_modify_refusals, reset),
		cmocka_unit_test_setup(test_modify_vm_without_record, reset),
		cmocka_unit_test_setup(test_put_refuses_boot_settings, reset),
		cmocka_unit_test_setup(test_method_table, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

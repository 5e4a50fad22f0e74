/* sources: mgmt/cim/cim.c mgmt/cim/status.c mgmt/cim/arena.c mgmt/profiles/host_system.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/virtual_system_management_capabilities.c mgmt/profiles/hosted_service.c mgmt/profiles/hosted_dependency.c mgmt/profiles/settings_define_state.c mgmt/profiles/element_capabilities.c mgmt/profiles/enabled_logical_element_capabilities.c mgmt/profiles/job.c mgmt/profiles/job_timeout.c mgmt/wsman/duration.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool_table.c mgmt/profiles/resource_settings.c mgmt/profiles/child_pool.c mgmt/profiles/modify_system_settings.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* SPDX-License-Identifier: MIT */
/*
 * The DSP1042/DSP1057 providers hosted: DefineSystem and DestroySystem on
 * CIM_VirtualSystemManagementService with every documented return value,
 * the VMs as CIM_ComputerSystem, their vmanhv_VirtualSystemSettingData
 * (Put of ElementName), the capabilities generated from the method table,
 * and the three associations.  hv/api.h is a small double below that
 * behaves as hv/vm_api.c does (ids are table slots, the same errors).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hv/api.h"
#include "hv_cpu_features_double.h"
#include "mgmt/profiles/element_capabilities.h"
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/hosted_dependency.h"
#include "mgmt/profiles/hosted_service.h"
#include "mgmt/profiles/job.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/settings_define_state.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_management_capabilities.h"
#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_system_settings.h"

/* --- test double: hv/api.h --------------------------------------------------------- */

static struct {
	bool used;
	struct hv_vm_info info;
	char image[HV_IMAGE_NAME_LEN];
} hv[HV_VM_MAX];

const char *hv_vms_unavailable(void)
{
	return "test double";
}

int hv_host_resources(struct hv_host_resources *out)
{
	*out = (struct hv_host_resources){ .guest_cpus = 3, .guest_memory_bytes = 4ULL << 30 };
	return 0;
}

int hv_vm_create(const struct hv_vm_config *config, uint32_t *id)
{
	struct hv_vm_config c = *config;
	uint64_t mem = c.memory_bytes != 0U ? c.memory_bytes : (2ULL << 20);

	if (strcmp(c.image, "hello") != 0 && strcmp(c.image, "hello64") != 0) {
		return -ENOENT;
	}
	if (mem < HV_VM_MEMORY_MIN || mem > HV_VM_MEMORY_MAX || c.vcpus > HV_VM_VCPUS_MAX) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv[i].used && strcmp(hv[i].info.name, c.name) == 0) {
			return -EEXIST;
		}
	}
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (!hv[i].used) {
			memset(&hv[i], 0, sizeof(hv[i]));
			hv[i].used = true;
			hv[i].info.id = i;
			hv[i].info.state = HV_VM_DEFINED;
			hv[i].info.memory_bytes = mem;
			hv[i].info.vcpus = c.vcpus != 0U ? c.vcpus : 1U;
			memcpy(hv[i].info.name, c.name, sizeof(c.name));
			memcpy(hv[i].image, c.image, sizeof(c.image));
			*id = i;
			return 0;
		}
	}
	return -ENOSPC;
}

int hv_vm_destroy(uint32_t id)
{
	if (id >= HV_VM_MAX || !hv[id].used) {
		return -ENOENT;
	}
	if (hv[id].info.state == HV_VM_RUNNING) {
		return -EBUSY;
	}
	hv[id].used = false;
	return 0;
}

/* The lifecycle verbs RequestStateChange calls (mgmt/profiles/system_state.c). */
static uint32_t presses, resets;

static int move(uint32_t id, uint32_t from_mask, enum hv_vm_state to)
{
	if (id >= HV_VM_MAX || !hv[id].used) {
		return -ENOENT;
	}
	if ((from_mask & (1U << hv[id].info.state)) == 0) {
		return -EBUSY;
	}
	hv[id].info.state = to;
	return 0;
}

#define FROM(s) (1U << (s))

int hv_vm_start(uint32_t id)
{
	return move(id, FROM(HV_VM_DEFINED) | FROM(HV_VM_STOPPED), HV_VM_RUNNING);
}

int hv_vm_stop(uint32_t id)
{
	return move(id, FROM(HV_VM_RUNNING) | FROM(HV_VM_PAUSED), HV_VM_STOPPED);
}

int hv_vm_pause(uint32_t id)
{
	return move(id, FROM(HV_VM_RUNNING), HV_VM_PAUSED);
}

int hv_vm_resume(uint32_t id)
{
	return move(id, FROM(HV_VM_PAUSED), HV_VM_RUNNING);
}

int hv_vm_reset(uint32_t id)
{
	int err = move(id, FROM(HV_VM_RUNNING) | FROM(HV_VM_PAUSED), HV_VM_RUNNING);

	resets += err == 0 ? 1U : 0U;
	return err;
}

int hv_vm_power_button(uint32_t id)
{
	int err = move(id, FROM(HV_VM_RUNNING), HV_VM_RUNNING);

	presses += err == 0 ? 1U : 0U;
	return err;
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

const char *hv_error_text(int err)
{
	return err == -EINVAL ? "invalid name or memory size" : "some hv error";
}

static uint64_t define_vcpus = 1;	/* the processor RASD's VirtualQuantity in define() */

static uint64_t test_clock_ms(void)
{
	return 0;	/* jobs start and are stopped here, never waited for */
}

static int reset(void **state)
{
	static const struct job_clock clock = { test_clock_ms, NULL };

	(void)state;
	job_clear();
	job_clock_attach(&clock);
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv[i].used) {
			virtual_system_forget(i);
		}
	}
	memset(hv, 0, sizeof(hv));
	define_vcpus = 1;
	return 0;
}

/* --- building calls ---------------------------------------------------------------- */

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

static int param_index(const struct cim_method *m, const char *name)
{
	for (uint32_t i = 0; i < m->param_count; i++) {
		if (strcmp(m->params[i].name, name) == 0) {
			return (int)i;
		}
	}
	fail_msg("no parameter %s", name);
	return -1;
}

/* One invocation: its in/out values, arena and result. */
struct invocation {
	const struct cim_method *m;
	struct cim_value in[CIM_PARAMS_MAX];
	struct cim_value out[CIM_PARAMS_MAX];
	unsigned char arena_buf[4096];
	struct cim_arena arena;
	struct cim_call call;
	struct cim_result res;
};

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
	v->in[param_index(v->m, param)] = value;
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

/* An instance of cls with every property NULL. */
static void instance_init(struct cim_instance *inst, const struct cim_class *cls)
{
	memset(inst, 0, sizeof(*inst));
	inst->cls = cls;
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		inst->values[i].is_null = true;
	}
}

static void set(struct cim_instance *inst, const char *prop, struct cim_value v)
{
	int i = cim_class_property(inst->cls, prop);

	assert_true(i >= 0);
	inst->values[i] = v;
}

/* The settings a client sends: a vmanhv VSSD, or NULL fields left out. */
static void vssd(struct cim_instance *inst, const char *name, const char *image)
{
	instance_init(inst, &vmanhv_vssd_class);
	if (name != NULL) {
		set(inst, "ElementName", (struct cim_value){ .s = name });
	}
	if (image != NULL) {
		set(inst, "KernelImage", (struct cim_value){ .s = image });
	}
}

static void memory_rasd(struct cim_instance *inst, uint64_t mib)
{
	instance_init(inst, &rasd_class);
	set(inst, "ResourceType", (struct cim_value){ .u = RASD_TYPE_MEMORY });
	set(inst, "VirtualQuantity", (struct cim_value){ .u = mib });
	set(inst, "AllocationUnits", (struct cim_value){ .s = "byte*2^20" });
}

static void cpu_rasd(struct cim_instance *inst, uint64_t n)
{
	instance_init(inst, &rasd_class);
	set(inst, "ResourceType", (struct cim_value){ .u = RASD_TYPE_PROCESSOR });
	set(inst, "VirtualQuantity", (struct cim_value){ .u = n });
}

/* DefineSystem(name, image, memory MiB (0: no RASDs), a processor RASD of define_vcpus). */
static uint32_t define(struct invocation *v, const char *name, const char *image, uint64_t mib)
{
	static struct cim_instance settings, mem, cpu;
	static const struct cim_instance *rasds[2] = { &mem, &cpu };

	call_init(v, "DefineSystem");
	vssd(&settings, name, image);
	memory_rasd(&mem, mib);
	cpu_rasd(&cpu, define_vcpus);
	call_in(v, "SystemSettings", (struct cim_value){ .inst = &settings });
	if (mib != 0U) {
		call_in(v, "ResourceSettings", (struct cim_value){ .count = 2, .ia = rasds });
	}
	return call_run(v);
}

/* --- enumerating ------------------------------------------------------------------- */

#define SEEN_MAX 8

struct seen {
	uint32_t n;
	struct cim_instance inst[SEEN_MAX];
	char text[SEEN_MAX][4][64];	/* string copies: instances live only during the call */
	struct cim_ref refs[SEEN_MAX][2];
	char ref_text[SEEN_MAX][2][CIM_KEYS_MAX][64];
};

/* A deep copy of an association's end: its key strings too. */
static void copy_ref(struct seen *s, int end, const struct cim_ref *ref)
{
	s->refs[s->n][end] = *ref;
	for (uint32_t k = 0; k < ref->key_count; k++) {
		snprintf(s->ref_text[s->n][end][k], sizeof(s->ref_text[0][0][0]), "%s",
			 ref->keys[k].value);
		s->refs[s->n][end].keys[k].value = s->ref_text[s->n][end][k];
	}
}

static const char *copy_string(struct seen *s, const struct cim_instance *inst, const char *prop,
			       int slot)
{
	int i = cim_class_property(inst->cls, prop);

	if (i < 0 || inst->values[i].is_null || inst->values[i].s == NULL) {
		return NULL;
	}
	snprintf(s->text[s->n][slot], sizeof(s->text[0][0]), "%s", inst->values[i].s);
	return s->text[s->n][slot];
}

static int collect(void *ctx, const struct cim_instance *inst)
{
	struct seen *s = ctx;
	static const char *const names[] = { "Name", "ElementName", "InstanceID", "KernelImage" };

	assert_true(s->n < SEEN_MAX);
	s->inst[s->n] = *inst;
	for (int k = 0; k < 4; k++) {
		int i = cim_class_property(inst->cls, names[k]);

		if (i >= 0) {
			s->inst[s->n].values[i].s = copy_string(s, inst, names[k], k);
		}
	}
	if (inst->cls->prop_count == 2 && inst->cls->props[0].type == CIM_TYPE_REF) {
		copy_ref(s, 0, inst->values[0].ref);
		copy_ref(s, 1, inst->values[1].ref);
	}
	s->n++;
	return 0;
}

static void enumerate(const struct cim_provider *p, uint32_t from, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(p->enumerate(p->pctx, from, collect, s), 0);
}

static const struct cim_value *value(const struct cim_instance *inst, const char *prop)
{
	int i = cim_class_property(inst->cls, prop);

	assert_true(i >= 0);
	return &inst->values[i];
}

/* --- tests ------------------------------------------------------------------------- */

static void test_define_system(void **state)
{
	struct invocation v;
	const struct cim_ref *ref;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", 64), VSMS_COMPLETED);
	assert_string_equal(v.res.message, "");
	ref = v.out[param_index(v.m, "ResultingSystem")].ref;
	assert_non_null(ref);
	assert_string_equal(ref->class_name, "CIM_ComputerSystem");
	assert_int_equal(ref->key_count, 2);
	assert_string_equal(ref->keys[0].value, "CIM_ComputerSystem");
	assert_string_equal(ref->keys[1].name, "Name");
	assert_string_equal(ref->keys[1].value, "web1");
	assert_true(v.out[param_index(v.m, "Job")].is_null);	/* synchronous */
	/* the hypervisor got what the RASDs asked */
	assert_true(hv[0].used);
	assert_true(hv[0].info.memory_bytes == 64ULL << 20);
	assert_string_equal(hv[0].image, "hello");

	/* the VM is a CIM_ComputerSystem, Disabled (defined, DSP1057) */
	enumerate(&virtual_system_provider, 0, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(value(&s.inst[0], "Name")->s, "web1");
	assert_string_equal(value(&s.inst[0], "CreationClassName")->s, "CIM_ComputerSystem");
	assert_string_equal(value(&s.inst[0], "ElementName")->s, "web1");
	assert_int_equal(value(&s.inst[0], "EnabledState")->u, 3);
	hv[0].info.state = HV_VM_RUNNING;
	enumerate(&virtual_system_provider, 0, &s);
	assert_int_equal(value(&s.inst[0], "EnabledState")->u, 2);
	hv[0].info.state = HV_VM_STOPPED;
	enumerate(&virtual_system_provider, 0, &s);
	assert_int_equal(value(&s.inst[0], "EnabledState")->u, 3);

	/* its settings */
	enumerate(&vssd_provider, 0, &s);
	assert_int_equal(s.n, 1);
	assert_ptr_equal(s.inst[0].cls, &vmanhv_vssd_class);
	assert_ptr_equal(s.inst[0].cls->super, &vssd_class);
	assert_string_equal(value(&s.inst[0], "InstanceID")->s, "vmanhv:web1");
	assert_string_equal(value(&s.inst[0], "KernelImage")->s, "hello");
	assert_string_equal(value(&s.inst[0], "VirtualSystemIdentifier")->s, "web1");
	assert_string_equal(value(&s.inst[0], "VirtualSystemType")->s, VSSD_SYSTEM_TYPE);
}

static void test_define_without_resources(void **state)
{
	struct invocation v;

	(void)state;
	assert_int_equal(define(&v, "small", "hello64", 0), VSMS_COMPLETED);
	assert_true(hv[0].info.memory_bytes == 2ULL << 20);	/* the image's default */
	assert_int_equal(hv[0].info.vcpus, 1);
}

static void test_define_vcpus(void **state)
{
	struct invocation v;

	(void)state;
	define_vcpus = 2;
	assert_int_equal(define(&v, "smp", "hello", 64), VSMS_COMPLETED);
	assert_int_equal(hv[0].info.vcpus, 2);
	define_vcpus = HV_VM_VCPUS_MAX + 1U;
	assert_int_equal(define(&v, "big", "hello", 64), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ResourceSettings[1]: a VM has 1 to 4 processors");
}

static void test_define_refusals(void **state)
{
	struct invocation v;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", 64), VSMS_COMPLETED);
	assert_int_equal(define(&v, "web1", "hello", 32), VSMS_INVALID_PARAMETER);
	expect_message(&v, "a VM named web1 exists");
	assert_int_equal(define(&v, "bad name", "hello", 64), VSMS_INVALID_PARAMETER);
	expect_message(&v, "may hold only");
	assert_int_equal(define(&v, "", "hello", 64), VSMS_INVALID_PARAMETER);
	expect_message(&v, "empty");
	assert_int_equal(define(&v, "a23456789012345678901234", "hello", 64),
			 VSMS_INVALID_PARAMETER);
	expect_message(&v, "longer than 23");
	assert_int_equal(define(&v, "vmanhv", "hello", 64), VSMS_INVALID_PARAMETER);
	expect_message(&v, "the host's own name");
	assert_int_equal(define(&v, NULL, "hello", 64), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ElementName (the VM's name) is required");
	assert_int_equal(define(&v, "web2", NULL, 64), VSMS_INVALID_PARAMETER);
	expect_message(&v, "KernelImage");
	assert_int_equal(define(&v, "web2", "nosuchimage", 64), VSMS_INVALID_PARAMETER);
	expect_message(&v, "no built-in guest image is called \"nosuchimage\"");
	assert_int_equal(define(&v, "web2", "hello", 4096), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ResourceSettings[0]: memory must be");
	/* no settings at all */
	call_init(&v, "DefineSystem");
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "SystemSettings is required");
	/* nothing was defined by any of these */
	assert_false(hv[1].used);
	/* the table full: Failed, and why */
	for (uint32_t i = 1; i < HV_VM_MAX; i++) {
		char name[8];

		snprintf(name, sizeof(name), "vm%u", i);
		assert_int_equal(define(&v, name, "hello", 1), VSMS_COMPLETED);
	}
	assert_int_equal(define(&v, "onemore", "hello", 1), VSMS_FAILED);
	expect_message(&v, "too many VMs");
}

/* No room for the reply: a CIM error, and no VM left behind. */
static void test_define_no_room_for_reply(void **state)
{
	static struct cim_instance settings;
	struct invocation v;

	(void)state;
	call_init(&v, "DefineSystem");
	vssd(&settings, "web1", "hello");
	call_in(&v, "SystemSettings", (struct cim_value){ .inst = &settings });
	cim_arena_init(&v.arena, v.arena_buf, 8);
	assert_int_equal(v.m->invoke(NULL, &v.call, &v.res), CIM_ERR_FAILED);
	assert_int_equal(v.res.status, CIM_ERR_FAILED);
	assert_false(hv[0].used);
}

static void test_define_from_reference(void **state)
{
	static struct cim_instance settings;
	struct cim_ref ref = { .class_name = "CIM_VirtualSystemSettingData", .key_count = 1,
			       .keys = { { "InstanceID", "vmanhv:web1", NULL } } };
	struct invocation v;

	(void)state;
	define_vcpus = 3;
	assert_int_equal(define(&v, "web1", "hello64", 16), VSMS_COMPLETED);
	call_init(&v, "DefineSystem");
	vssd(&settings, "web2", NULL);
	call_in(&v, "SystemSettings", (struct cim_value){ .inst = &settings });
	call_in(&v, "ReferenceConfiguration", (struct cim_value){ .ref = &ref });
	assert_int_equal(call_run(&v), VSMS_COMPLETED);
	assert_string_equal(hv[1].image, "hello64");
	assert_true(hv[1].info.memory_bytes == 16ULL << 20);
	assert_int_equal(hv[1].info.vcpus, 3);
	/* a reference to nothing */
	ref.keys[0].value = "vmanhv:nobody";
	vssd(&settings, "web3", NULL);
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ReferenceConfiguration refers to no VM");
	ref.class_name = "CIM_ComputerSystem";
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "must refer to a VM's VirtualSystemSettingData");
}

static uint32_t destroy(struct invocation *v, const struct cim_ref *ref)
{
	call_init(v, "DestroySystem");
	if (ref != NULL) {
		call_in(v, "AffectedSystem", (struct cim_value){ .ref = ref });
	}
	return call_run(v);
}

static void test_destroy_system(void **state)
{
	struct invocation v;
	struct cim_ref vm, other;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", 64), VSMS_COMPLETED);
	virtual_system_ref("web1", &vm);
	hv[0].info.state = HV_VM_RUNNING;
	assert_int_equal(destroy(&v, &vm), VSMS_INVALID_STATE);
	expect_message(&v, "VM web1 is running");
	hv[0].info.state = HV_VM_STOPPED;
	assert_int_equal(destroy(&v, &vm), VSMS_COMPLETED);
	assert_false(hv[0].used);
	enumerate(&virtual_system_provider, 0, &s);
	assert_int_equal(s.n, 0);
	enumerate(&vssd_provider, 0, &s);
	assert_int_equal(s.n, 0);
	/* gone: a second DestroySystem names nothing */
	assert_int_equal(destroy(&v, &vm), VSMS_INVALID_PARAMETER);
	expect_message(&v, "no VM has that Name");
	assert_int_equal(destroy(&v, &host_system_ref), VSMS_INVALID_PARAMETER);
	expect_message(&v, "is the host");
	assert_int_equal(destroy(&v, NULL), VSMS_INVALID_PARAMETER);
	expect_message(&v, "AffectedSystem is required");
	other = vm;
	other.class_name = "CIM_VirtualSystemManagementService";
	assert_int_equal(destroy(&v, &other), VSMS_INVALID_PARAMETER);
	expect_message(&v, "must refer to a CIM_ComputerSystem");
	/* a record does not outlive its VM: a new VM of the same name starts afresh */
	assert_int_equal(define(&v, "web1", "hello64", 8), VSMS_COMPLETED);
	enumerate(&vssd_provider, 0, &s);
	assert_string_equal(value(&s.inst[0], "KernelImage")->s, "hello64");
}

/* Put on the VSSD: only ElementName changes (docs/profiles.md). */
static enum cim_status put(const char *id, const char *label, const char *image)
{
	struct cim_instance inst;
	struct cim_result res;

	memset(&res, 0, sizeof(res));
	instance_init(&inst, &vmanhv_vssd_class);
	set(&inst, "InstanceID", (struct cim_value){ .s = id });
	if (label != NULL) {
		set(&inst, "ElementName", (struct cim_value){ .s = label });
	}
	if (image != NULL) {
		set(&inst, "KernelImage", (struct cim_value){ .s = image });
	}
	set(&inst, "VirtualSystemType", (struct cim_value){ .s = VSSD_SYSTEM_TYPE });
	return vssd_provider.put(NULL, &inst, &res);
}

static void test_vssd_put(void **state)
{
	struct invocation v;
	struct seen s;

	(void)state;
	assert_int_equal(define(&v, "web1", "hello", 64), VSMS_COMPLETED);
	assert_int_equal(put("vmanhv:web1", "Web server one", "hello"), CIM_OK);
	enumerate(&vssd_provider, 0, &s);
	assert_string_equal(value(&s.inst[0], "ElementName")->s, "Web server one");
	assert_string_equal(value(&s.inst[0], "VirtualSystemIdentifier")->s, "web1");
	enumerate(&virtual_system_provider, 0, &s);
	assert_string_equal(value(&s.inst[0], "ElementName")->s, "Web server one");
	assert_string_equal(value(&s.inst[0], "Name")->s, "web1");	/* the key stays */
	/* allowed while running too: the hypervisor never sees the label */
	hv[0].info.state = HV_VM_RUNNING;
	assert_int_equal(put("vmanhv:web1", "busy", NULL), CIM_OK);
	assert_int_equal(put("vmanhv:web1", "x", "hello64"), CIM_ERR_INVALID_PARAMETER);
	assert_int_equal(put("vmanhv:web1", NULL, NULL), CIM_ERR_INVALID_PARAMETER);
	assert_int_equal(put("vmanhv:web1", "", NULL), CIM_ERR_INVALID_PARAMETER);
	assert_int_equal(put("vmanhv:nobody", "x", NULL), CIM_ERR_NOT_FOUND);
	assert_int_equal(put("other:web1", "x", NULL), CIM_ERR_NOT_FOUND);
}

static void test_capabilities_from_method_table(void **state)
{
	uint64_t methods[VSMC_METHODS_MAX];
	const struct cim_value *sync;
	struct seen s;

	(void)state;
	assert_int_equal(vsmc_methods_supported(&vsms_provider, methods), 6);
	assert_true(methods[0] == 2 && methods[1] == 3);	/* DefineSystem, DestroySystem */
	/* AddResourceSettings, ModifyResourceSettings, RemoveResourceSettings */
	assert_true(methods[2] == 10 && methods[3] == 5 && methods[4] == 7);
	assert_true(methods[5] == 6);				/* ModifySystemSettings */
	enumerate(&vsmc_provider, 0, &s);
	assert_int_equal(s.n, 1);
	sync = value(&s.inst[0], "SynchronousMethodsSupported");
	assert_int_equal(sync->count, vsms_provider.method_count);
	assert_int_equal(value(&s.inst[0], "AsynchronousMethodsSupported")->count, 0);
	assert_string_equal(value(&s.inst[0], "InstanceID")->s, VSMC_INSTANCE_ID);
	enumerate(&vsmc_provider, 1, &s);
	assert_int_equal(s.n, 0);
}

static void test_service_instance(void **state)
{
	struct seen s;

	(void)state;
	enumerate(&vsms_provider, 0, &s);
	assert_int_equal(s.n, 1);
	assert_true(cim_instance_has_keys(&s.inst[0], vsms_ref.keys, vsms_ref.key_count));
	assert_string_equal(value(&s.inst[0], "Name")->s, VSMS_NAME);
	enumerate(&vsms_provider, 1, &s);
	assert_int_equal(s.n, 0);
}

static void test_associations(void **state)
{
	struct invocation v;
	struct cim_ref vm;
	struct seen s;

	(void)state;
	enumerate(&hosted_service_provider, 0, &s);
	assert_int_equal(s.n, 1);
	assert_true(cim_ref_equal(&s.refs[0][0], &host_system_ref));
	assert_true(cim_ref_equal(&s.refs[0][1], &vsms_ref));
	assert_true(s.inst[0].cls->props[0].key && s.inst[0].cls->props[1].key);
	enumerate(&hosted_dependency_provider, 0, &s);
	assert_int_equal(s.n, 0);
	enumerate(&element_capabilities_provider, 0, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.refs[0][0].class_name, "CIM_VirtualSystemManagementCapabilities");
	assert_string_equal(s.refs[0][0].keys[0].value, VSMC_INSTANCE_ID);
	assert_true(cim_ref_equal(&s.refs[0][1], &vsms_ref));
	assert_int_equal(define(&v, "a", "hello", 4), VSMS_COMPLETED);
	assert_int_equal(define(&v, "b", "hello", 4), VSMS_COMPLETED);
	enumerate(&hosted_dependency_provider, 0, &s);
	assert_int_equal(s.n, 2);
	virtual_system_ref("b", &vm);
	assert_true(cim_ref_equal(&s.refs[1][0], &host_system_ref));
	assert_string_equal(s.refs[1][1].keys[1].value, "b");
	/* from: a Pull resumes at the second */
	enumerate(&hosted_dependency_provider, 1, &s);
	assert_int_equal(s.n, 1);
	enumerate(&settings_define_state_provider, 0, &s);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.refs[0][0].keys[1].value, "a");
	assert_string_equal(s.refs[0][1].class_name, VMANHV_VSSD_CLASS);
	assert_string_equal(s.refs[1][1].keys[0].value, "vmanhv:b");
	enumerate(&virtual_system_provider, 1, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(value(&s.inst[0], "Name")->s, "b");
	enumerate(&vssd_provider, 2, &s);
	assert_int_equal(s.n, 0);
}

static int sds_get_check(void *ctx, const struct cim_instance *inst)
{
	(void)ctx;
	assert_string_equal(inst->values[1].ref->keys[0].value, "vmanhv:a");
	return 0;
}

static void test_settings_define_state_get(void **state)
{
	struct invocation v;
	struct cim_ref vm, vssd = { .class_name = VMANHV_VSSD_CLASS, .key_count = 1,
				    .keys = { { "InstanceID", "vmanhv:a", NULL } } };
	struct cim_key keys[2];

	(void)state;
	assert_int_equal(define(&v, "a", "hello", 4), VSMS_COMPLETED);
	virtual_system_ref("a", &vm);
	keys[0] = (struct cim_key){ "ManagedElement", NULL, &vm };
	keys[1] = (struct cim_key){ "SettingData", NULL, &vssd };
	assert_int_equal(cim_get(&settings_define_state_provider, keys, 2, sds_get_check, NULL), 0);
	vssd.keys[0].value = "vmanhv:b";
	assert_int_equal(cim_get(&settings_define_state_provider, keys, 2, sds_get_check, NULL),
			 -ENOENT);
}

/* RequestStateChange on VM `name` (or the host) with RequestedState `to`. */
static uint32_t request_state(const char *name, uint64_t to, bool with_timeout,
			      enum cim_status *status)
{
	const struct cim_method *m = &computer_system_methods[0];
	struct cim_value in[3], out[3];
	struct cim_result res = { 0 };
	unsigned char buf[512];
	struct cim_arena arena;
	struct cim_ref target;
	struct cim_call call;

	virtual_system_ref(name, &target);
	cim_arena_init(&arena, buf, sizeof(buf));
	for (int i = 0; i < 3; i++) {
		in[i] = (struct cim_value){ .is_null = true };
		out[i] = (struct cim_value){ .is_null = true };
	}
	in[0] = (struct cim_value){ .u = to };
	if (with_timeout) {
		in[2] = (struct cim_value){ .s = "00000000000010.000000:000" };
	}
	call = (struct cim_call){ m, &target, in, out, 0, &arena };
	*status = m->invoke(NULL, &call, &res);
	return call.return_value;
}

static void test_request_state_change(void **state)
{
	struct hv_vm_config c = { .name = "web", .image = "hello" };
	struct hv_vm_info info;
	enum cim_status st;
	uint32_t id;

	(void)state;
	assert_string_equal(computer_system_methods[0].name, "RequestStateChange");
	assert_int_equal(hv_vm_create(&c, &id), 0);
	presses = resets = 0;
	assert_int_equal(request_state("web", 2, false, &st), 0);	/* start */
	assert_int_equal(st, CIM_OK);
	assert_int_equal(request_state("web", 2, false, &st), 0);	/* already */
	assert_int_equal(request_state("web", 9, false, &st), 0);	/* pause */
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(system_state_enabled(info.state), 9);
	assert_int_equal(request_state("web", 4, false, &st), 4097);	/* no button while paused */
	assert_int_equal(request_state("web", 2, false, &st), 0);	/* resume */
	assert_int_equal(request_state("web", 11, false, &st), 0);	/* reset */
	assert_int_equal(request_state("web", 10, false, &st), 0);	/* reboot */
	assert_int_equal(resets, 2);
	/* the power button: a job waits for the guest (test_profiles_jobs.c) */
	assert_int_equal(request_state("web", 4, false, &st), 4096);
	assert_int_equal(presses, 1);
	assert_int_equal(request_state("web", 3, false, &st), 0);	/* hard off */
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(system_state_enabled(info.state), 3);
	assert_int_equal(request_state("web", 9, false, &st), 4097);
	assert_int_equal(request_state("web", 10, false, &st), 4097);
	assert_int_equal(request_state("web", 6, false, &st), 4097);	/* Offline: not offered */
	assert_int_equal(request_state("web", 99, false, &st), 5);
	assert_int_equal(request_state("web", 1, false, &st), 5);
	/* a change that completes at once meets any TimeoutPeriod */
	assert_int_equal(request_state("web", 2, true, &st), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(system_state_enabled(info.state), 2);
	assert_int_equal(request_state("vmanhv", 3, false, &st), 1);	/* the host */
	/* ... reached there: the endpoint invokes an instance's method through
	 * the provider that serves the instance (mgmt/wsman/invoke.c) */
	assert_ptr_equal(host_system_provider.methods, computer_system_methods);
	assert_int_equal(host_system_provider.method_count, COMPUTER_SYSTEM_METHODS);
	(void)request_state("nosuch", 2, false, &st);
	assert_int_equal(st, CIM_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_define_system, reset),
		cmocka_unit_test_setup(test_define_without_resources, reset),
		cmocka_unit_test_setup(test_define_vcpus, reset),
		cmocka_unit_test_setup(test_define_refusals, reset),
		cmocka_unit_test_setup(test_define_no_room_for_reply, reset),
		cmocka_unit_test_setup(test_define_from_reference, reset),
		cmocka_unit_test_setup(test_destroy_system, reset),
		cmocka_unit_test_setup(test_vssd_put, reset),
		cmocka_unit_test_setup(test_capabilities_from_method_table, reset),
		cmocka_unit_test_setup(test_service_instance, reset),
		cmocka_unit_test_setup(test_associations, reset),
		cmocka_unit_test_setup(test_settings_define_state_get, reset),
		cmocka_unit_test_setup(test_request_state_change, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sources: mgmt/cim/cim.c mgmt/cim/status.c mgmt/cim/arena.c mgmt/profiles/host_system.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/element_capabilities.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/allocation_capabilities.c mgmt/profiles/allocation_template.c mgmt/profiles/pool_capabilities.c mgmt/profiles/settings_define_capabilities.c mgmt/profiles/hosted_resource_pool.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool.c mgmt/profiles/resource_pool_table.c mgmt/profiles/resource_settings.c mgmt/profiles/vssd_component.c mgmt/profiles/resource_allocation_from_pool.c mgmt/profiles/element_allocated_from_pool.c mgmt/profiles/child_pool.c mgmt/profiles/resource_pool_configuration_service.c mgmt/profiles/hosted_service.c mgmt/profiles/job.c mgmt/profiles/job_timeout.c mgmt/wsman/duration.c mgmt/profiles/enabled_logical_element_capabilities.c mgmt/profiles/modify_system_settings.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* SPDX-License-Identifier: MIT */
/*
 * The resource allocation providers hosted (DSP1041, DSP1043, DSP1044,
 * DSP1045; docs/allocation.md): the primordial pools' figures at every
 * step, each VM's completed RASDs, the capabilities and templates, the
 * associations, Add/Modify/RemoveResourceSettings with every return value
 * (a VM remade with new sizes keeps its label, image and terms; one that
 * cannot be remade is back as it was), and admission control at start
 * through RequestStateChange.  hv/api.h is a double below that behaves as
 * hv/vm_api.c does (ids are table slots, RAM taken at create, -ENOMEM
 * when the host has none left) on a pretend host of 2 guest CPUs and 256 MiB.
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
#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/allocation_links.h"
#include "mgmt/profiles/hosted_resource_pool.h"
#include "mgmt/profiles/pasd.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/rasd_instance.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/resource_pool_configuration_service.h"
#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_settings.h"

/* --- test double: hv/api.h --------------------------------------------------------- */

#define HOST_GUEST_CPUS	2U
#define HOST_GUEST_RAM	(256ULL << 20)

static struct {
	bool used;
	struct hv_vm_info info;
	char image[HV_IMAGE_NAME_LEN];
} hv[HV_VM_MAX];

static uint32_t creates;	/* hv_vm_create calls that made a VM */
static int create_fails;	/* the next hv_vm_create fails with this (then 0) */

const char *hv_vms_unavailable(void)
{
	return "test double";
}

int hv_host_resources(struct hv_host_resources *out)
{
	*out = (struct hv_host_resources){ .guest_cpus = HOST_GUEST_CPUS,
					   .guest_memory_bytes = HOST_GUEST_RAM };
	return 0;
}

static uint64_t ram_held(void)
{
	uint64_t held = 0;

	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		held += hv[i].used ? hv[i].info.memory_bytes : 0U;
	}
	return held;
}

static int slot_free(const char *name, uint32_t *slot)
{
	*slot = HV_VM_MAX;
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv[i].used && strcmp(hv[i].info.name, name) == 0) {
			return -EEXIST;
		}
		if (!hv[i].used && *slot == HV_VM_MAX) {
			*slot = i;
		}
	}
	return *slot == HV_VM_MAX ? -ENOSPC : 0;
}

int hv_vm_create(const struct hv_vm_config *config, uint32_t *id)
{
	struct hv_vm_config c = *config;
	uint64_t mem = c.memory_bytes != 0U ? c.memory_bytes : (2ULL << 20);
	uint32_t i;
	int err;

	if (create_fails != 0) {
		err = create_fails;
		create_fails = 0;
		return err;
	}
	if (strcmp(c.image, "hello") != 0) {
		return -ENOENT;
	}
	if (mem < HV_VM_MEMORY_MIN || mem > HV_VM_MEMORY_MAX || c.vcpus > HV_VM_VCPUS_MAX) {
		return -EINVAL;
	}
	err = slot_free(c.name, &i);
	if (err != 0) {
		return err;
	}
	if (ram_held() + mem > HOST_GUEST_RAM) {
		return -ENOMEM;	/* as vm_create when the page allocator is empty */
	}
	memset(&hv[i], 0, sizeof(hv[i]));
	hv[i].used = true;
	hv[i].info = (struct hv_vm_info){ .id = i, .state = HV_VM_DEFINED, .memory_bytes = mem,
					  .vcpus = c.vcpus != 0U ? c.vcpus : 1U };
	memcpy(hv[i].info.name, c.name, sizeof(c.name));
	memcpy(hv[i].image, c.image, sizeof(c.image));
	*id = i;
	creates++;
	return 0;
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
	return move(id, FROM(HV_VM_RUNNING) | FROM(HV_VM_PAUSED), HV_VM_RUNNING);
}

int hv_vm_power_button(uint32_t id)
{
	return move(id, FROM(HV_VM_RUNNING), HV_VM_RUNNING);
}

int hv_vm_info(uint32_t id, struct hv_vm_info *info)
{
	if (id >= HV_VM_MAX || !hv[id].used) {
		return -ENOENT;
	}
	*info = hv[id].info;
	return 0;
}

/* What management last handed the scheduler, by VM id (tests read it). */
static struct hv_cpu_terms cpu_terms[HV_VM_MAX];

int hv_vm_set_cpu_terms(uint32_t id, const struct hv_cpu_terms *terms)
{
	if (id >= HV_VM_MAX || !hv[id].used) {
		return -ENOENT;
	}
	if (terms->weight < 1U || terms->weight > HV_CPU_WEIGHT_MAX ||
	    terms->limit_permille > hv[id].info.vcpus * HV_CPU_PERMILLE ||
	    terms->reserved_cpus > hv[id].info.vcpus) {
		return -ERANGE;
	}
	cpu_terms[id] = *terms;
	return 0;
}

const char *hv_error_text(int err)
{
	return err == -ENOMEM ? "out of memory" : err == -EINVAL ? "invalid size" : "hv error";
}

/* PoolIDs DefineSystem puts in its RASDs (NULL: none), set by a test. */
static const char *define_cpu_pool, *define_memory_pool;

static int reset(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv[i].used) {
			allocation_terms_forget(hv[i].info.name);
			virtual_system_forget(i);
		}
	}
	while (child_pool_at(0) != NULL) {
		assert_int_equal(child_pool_delete(child_pool_at(0)->pool_id), 0);
	}
	memset(hv, 0, sizeof(hv));
	memset(cpu_terms, 0, sizeof(cpu_terms));
	creates = 0;
	create_fails = 0;
	define_cpu_pool = NULL;
	define_memory_pool = NULL;
	return 0;
}

/* --- calls ------------------------------------------------------------------------- */

struct invocation {
	const struct cim_method *m;
	struct cim_value in[CIM_PARAMS_MAX];
	struct cim_value out[CIM_PARAMS_MAX];
	unsigned char arena_buf[4096];
	struct cim_arena arena;
	struct cim_call call;
	struct cim_result res;
};

/* A call of method `name` of provider p (the VSMS unless said otherwise). */
static void call_init_on(struct invocation *v, const struct cim_provider *p, const char *name)
{
	memset(v, 0, sizeof(*v));
	for (uint32_t i = 0; i < p->method_count; i++) {
		if (strcmp(p->methods[i].name, name) == 0) {
			v->m = &p->methods[i];
		}
	}
	assert_non_null(v->m);
	for (uint32_t i = 0; i < CIM_PARAMS_MAX; i++) {
		v->in[i].is_null = true;
		v->out[i].is_null = true;
	}
	cim_arena_init(&v->arena, v->arena_buf, sizeof(v->arena_buf));
	v->call = (struct cim_call){ .method = v->m, .target = p == &rpcs_provider ? &rpcs_ref
										: &vsms_ref,
				     .in = v->in, .out = v->out, .arena = &v->arena };
}

static void call_init(struct invocation *v, const char *name)
{
	call_init_on(v, &vsms_provider, name);
}

static int param(const struct invocation *v, const char *name)
{
	for (uint32_t i = 0; i < v->m->param_count; i++) {
		if (strcmp(v->m->params[i].name, name) == 0) {
			return (int)i;
		}
	}
	fail_msg("no parameter %s", name);
	return -1;
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

/* A RASD a client sends: only what the test sets. */
struct rasd {
	struct cim_instance inst;
};

/* A RASD of class cls (the base class or DSP1044's processor subclass). */
static void rasd_init_class(struct rasd *r, const struct cim_class *cls, uint64_t type)
{
	memset(r, 0, sizeof(*r));
	r->inst.cls = cls;
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		r->inst.values[i].is_null = true;
	}
	r->inst.values[cim_class_property(cls, "ResourceType")] = (struct cim_value){ .u = type };
}

static void rasd_init(struct rasd *r, uint64_t type)
{
	rasd_init_class(r, &rasd_class, type);
}

static void rasd_u(struct rasd *r, const char *prop, uint64_t u)
{
	r->inst.values[cim_class_property(r->inst.cls, prop)] = (struct cim_value){ .u = u };
}

static void rasd_s(struct rasd *r, const char *prop, const char *s)
{
	r->inst.values[cim_class_property(r->inst.cls, prop)] = (struct cim_value){ .s = s };
}

/* DefineSystem of `name` (image hello) with vcpus and mib, processor Reservation res. */
static uint32_t define(const char *name, uint64_t vcpus, uint64_t mib, uint64_t reservation)
{
	static struct cim_instance settings;
	static struct rasd cpu, mem;
	static const struct cim_instance *rasds[2] = { &cpu.inst, &mem.inst };
	struct invocation v;

	memset(&settings, 0, sizeof(settings));
	settings.cls = &vmanhv_vssd_class;
	for (uint32_t i = 0; i < vmanhv_vssd_class.prop_count; i++) {
		settings.values[i].is_null = true;
	}
	settings.values[cim_class_property(&vmanhv_vssd_class, "ElementName")] =
		(struct cim_value){ .s = name };
	settings.values[cim_class_property(&vmanhv_vssd_class, "KernelImage")] =
		(struct cim_value){ .s = "hello" };
	rasd_init(&cpu, RASD_TYPE_PROCESSOR);
	rasd_u(&cpu, "VirtualQuantity", vcpus);
	if (reservation != 0U) {
		rasd_u(&cpu, "Reservation", reservation);
	}
	rasd_init(&mem, RASD_TYPE_MEMORY);
	rasd_u(&mem, "VirtualQuantity", mib);
	if (define_cpu_pool != NULL) {
		rasd_s(&cpu, "PoolID", define_cpu_pool);
	}
	if (define_memory_pool != NULL) {
		rasd_s(&mem, "PoolID", define_memory_pool);
	}
	call_init(&v, "DefineSystem");
	v.in[param(&v, "SystemSettings")] = (struct cim_value){ .inst = &settings };
	v.in[param(&v, "ResourceSettings")] = (struct cim_value){ .count = 2, .ia = rasds };
	return call_run(&v);
}

static const struct cim_instance *one[1];

/* ModifyResourceSettings with one RASD. */
static uint32_t modify(struct invocation *v, const struct rasd *r)
{
	one[0] = &r->inst;
	call_init(v, "ModifyResourceSettings");
	v->in[param(v, "ResourceSettings")] = (struct cim_value){ .count = 1, .ia = one };
	return call_run(v);
}

static struct cim_ref vssd_of;
static char vssd_id[VSSD_INSTANCE_ID_MAX];

/* AddResourceSettings to VM `name` with one RASD. */
static uint32_t add(struct invocation *v, const char *name, const struct rasd *r)
{
	vssd_instance_id(name, vssd_id, sizeof(vssd_id));
	vssd_of = (struct cim_ref){ .class_name = VMANHV_VSSD_CLASS,
				    .cim_namespace = CIM_NAMESPACE_DEFAULT, .key_count = 1,
				    .keys = { { "InstanceID", vssd_id, NULL } } };
	one[0] = &r->inst;
	call_init(v, "AddResourceSettings");
	v->in[param(v, "AffectedConfiguration")] = (struct cim_value){ .ref = &vssd_of };
	v->in[param(v, "ResourceSettings")] = (struct cim_value){ .count = 1, .ia = one };
	return call_run(v);
}

static struct hv_vm_info vm(const char *name)
{
	struct virtual_system vs;

	assert_int_equal(virtual_system_find(name, &vs), 0);
	return vs.info;
}

/* RequestStateChange(to) on VM name: its ReturnValue; the reason in *res. */
static uint32_t request_state(const char *name, uint64_t to, struct cim_result *res)
{
	const struct cim_method *m = &computer_system_methods[0];
	struct cim_value in[3], out[3];
	struct cim_ref target;
	struct cim_call call;

	virtual_system_ref(name, &target);
	for (int i = 0; i < 3; i++) {
		in[i] = (struct cim_value){ .is_null = true };
		out[i] = (struct cim_value){ .is_null = true };
	}
	in[0] = (struct cim_value){ .u = to };
	memset(res, 0, sizeof(*res));
	call = (struct cim_call){ m, &target, in, out, 0, NULL };
	assert_int_equal(m->invoke(NULL, &call, res), CIM_OK);
	return call.return_value;
}

/* --- reading instances ------------------------------------------------------------- */

/* Up to 16 instances' numbers and strings, copied during enumeration. */
#define GOT_MAX 16

struct got {
	uint32_t n;
	struct {
		char id[64];
		char units[16];
		char pool[32];
		uint64_t u[8];
		bool b;
		char ends[2][64];	/* an association's ends: the first key's value */
		char cls[48];		/* the instance's class */
	} at[GOT_MAX];
};

static const char *const numbers[8] = { "Capacity", "Reserved", "CurrentlyConsumedResource",
					"MaxConsumableResource", "VirtualQuantity", "Reservation",
					"Limit", "Weight" };

static uint64_t number(const struct cim_instance *inst, const char *prop)
{
	int i = cim_class_property(inst->cls, prop);

	return i >= 0 && !inst->values[i].is_null ? inst->values[i].u : UINT64_MAX;
}

static void text_of(const struct cim_instance *inst, const char *prop, char *buf, size_t size)
{
	int i = cim_class_property(inst->cls, prop);

	snprintf(buf, size, "%s",
		 i >= 0 && !inst->values[i].is_null && inst->values[i].s != NULL ? inst->values[i].s
										  : "");
}

static int gather(void *ctx, const struct cim_instance *inst)
{
	struct got *g = ctx;

	assert_true(g->n < GOT_MAX);
	snprintf(g->at[g->n].cls, sizeof(g->at[0].cls), "%s", inst->cls->name);
	text_of(inst, "InstanceID", g->at[g->n].id, sizeof(g->at[0].id));
	text_of(inst, "AllocationUnits", g->at[g->n].units, sizeof(g->at[0].units));
	text_of(inst, "PoolID", g->at[g->n].pool, sizeof(g->at[0].pool));
	for (int k = 0; k < 8; k++) {
		g->at[g->n].u[k] = number(inst, numbers[k]);
	}
	if (cim_class_property(inst->cls, "Primordial") >= 0) {
		g->at[g->n].b = inst->values[cim_class_property(inst->cls, "Primordial")].b;
	}
	for (int e = 0; e < 2 && inst->cls->props[0].type == CIM_TYPE_REF; e++) {
		const struct cim_ref *r = inst->values[e].ref;
		const char *last = r->keys[r->key_count - 1U].value;

		/* the InstanceID, or for a device its DeviceID (second key) */
		snprintf(g->at[g->n].ends[e], sizeof(g->at[0].ends[0]), "%s",
			 r->key_count == 4U ? r->keys[1].value : last);
	}
	g->n++;
	return 0;
}

static void gather_from(const struct cim_provider *p, struct got *g)
{
	memset(g, 0, sizeof(*g));
	assert_int_equal(p->enumerate(p->pctx, 0, gather, g), 0);
}

/* What enumerating their common class gives: first's instances, then second's. */
static void gather_both(const struct cim_provider *first, const struct cim_provider *second,
			struct got *g)
{
	gather_from(first, g);
	assert_int_equal(second->enumerate(second->pctx, 0, gather, g), 0);
}

enum { CAPACITY, RESERVED, CONSUMED, MAX_CONSUMABLE, VQ, RESERVATION, LIMIT, WEIGHT };

/* The pools' figures: processor then memory. */
static void expect_pools(uint64_t cpu_reserved, uint64_t cpus_used, uint64_t mib_used)
{
	struct got g;

	gather_from(&resource_pool_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].id, "vmanhv:pool:processor");
	assert_string_equal(g.at[0].pool, "vmanhv:pool:processor");
	assert_string_equal(g.at[0].units, "count");
	assert_true(g.at[0].b);
	assert_int_equal(g.at[0].u[CAPACITY], HOST_GUEST_CPUS);
	assert_int_equal(g.at[0].u[RESERVED], cpu_reserved);
	assert_int_equal(g.at[0].u[CONSUMED], cpus_used);
	assert_int_equal(g.at[0].u[MAX_CONSUMABLE], HV_VM_MAX * HV_VM_VCPUS_MAX);
	assert_string_equal(g.at[1].id, "vmanhv:pool:memory");
	assert_string_equal(g.at[1].units, "byte*2^20");
	assert_int_equal(g.at[1].u[CAPACITY], HOST_GUEST_RAM >> 20);
	assert_int_equal(g.at[1].u[RESERVED], mib_used);
	assert_int_equal(g.at[1].u[CONSUMED], mib_used);
	assert_int_equal(g.at[1].u[MAX_CONSUMABLE], HOST_GUEST_RAM >> 20);
}

/* --- tests ------------------------------------------------------------------------- */

static void test_pools_exact_at_every_step(void **state)
{
	struct cim_result res;
	struct invocation v;

	(void)state;
	expect_pools(0, 0, 0);
	assert_int_equal(define("a", 2, 64, 1), VSMS_COMPLETED);
	expect_pools(0, 2, 64);		/* a reservation counts from start on */
	assert_int_equal(define("b", 1, 16, 0), VSMS_COMPLETED);
	expect_pools(0, 3, 80);
	assert_int_equal(request_state("a", STATE_ENABLED, &res), RSC_COMPLETED);
	expect_pools(1, 3, 80);
	assert_int_equal(request_state("a", STATE_QUIESCE, &res), RSC_COMPLETED);
	expect_pools(1, 3, 80);		/* paused keeps its share */
	assert_int_equal(request_state("a", STATE_DISABLED, &res), RSC_COMPLETED);
	expect_pools(0, 3, 80);
	call_init(&v, "DestroySystem");
	{
		struct cim_ref a;

		virtual_system_ref("a", &a);
		v.in[param(&v, "AffectedSystem")] = (struct cim_value){ .ref = &a };
		assert_int_equal(call_run(&v), VSMS_COMPLETED);
	}
	expect_pools(0, 1, 16);
}

static void test_rasds_completed(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(define("web", 2, 64, 1), VSMS_COMPLETED);
	gather_both(&pasd_provider, &rasd_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].cls, PASD_CLASS);		/* DSP1044's subclass */
	assert_string_equal(g.at[1].cls, RASD_CLASS);
	assert_string_equal(g.at[0].id, "vmanhv:web:processor");
	assert_string_equal(g.at[0].pool, "vmanhv:pool:processor");
	assert_string_equal(g.at[0].units, "count");
	assert_int_equal(g.at[0].u[VQ], 2);
	assert_int_equal(g.at[0].u[RESERVATION], 1);
	assert_int_equal(g.at[0].u[LIMIT], 2);		/* not given: the vCPU count */
	assert_int_equal(g.at[0].u[WEIGHT], ALLOCATION_WEIGHT_DEFAULT);
	assert_string_equal(g.at[1].id, "vmanhv:web:memory");
	assert_string_equal(g.at[1].pool, "vmanhv:pool:memory");
	assert_string_equal(g.at[1].units, "byte*2^20");
	assert_int_equal(g.at[1].u[VQ], 64);
	assert_int_equal(g.at[1].u[RESERVATION], 64);	/* RAM is reserved whole */
	assert_int_equal(g.at[1].u[LIMIT], 64);
	assert_int_equal(g.at[1].u[WEIGHT], ALLOCATION_WEIGHT_DEFAULT);
	/* each provider: one RASD per VM, the second VM's at from = 1 */
	assert_int_equal(define("db", 1, 1, 0), VSMS_COMPLETED);
	memset(&g, 0, sizeof(g));
	assert_int_equal(rasd_provider.enumerate(rasd_provider.pctx, 1, gather, &g), 0);
	assert_int_equal(pasd_provider.enumerate(pasd_provider.pctx, 1, gather, &g), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].id, "vmanhv:db:memory");
	assert_string_equal(g.at[1].id, "vmanhv:db:processor");
}

static void test_capabilities_and_templates(void **state)
{
	struct got g;

	(void)state;
	gather_from(&allocation_capabilities_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].id, "vmanhv:allocation:processor");
	assert_string_equal(g.at[1].id, "vmanhv:allocation:memory");
	gather_from(&pool_capabilities_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].ends[0], "vmanhv:allocation:processor");
	assert_string_equal(g.at[0].ends[1], "vmanhv:pool:processor");
	gather_both(&processor_template_provider, &allocation_template_provider, &g);
	assert_int_equal(g.n, ALLOCATION_TEMPLATES);
	assert_string_equal(g.at[0].id, "vmanhv:template:processor:default");
	assert_string_equal(g.at[3].cls, PASD_CLASS);
	assert_string_equal(g.at[4].cls, RASD_CLASS);
	assert_int_equal(g.at[0].u[VQ], 1);
	assert_int_equal(g.at[2].u[VQ], HV_VM_VCPUS_MAX);		/* maximum */
	assert_string_equal(g.at[4].id, "vmanhv:template:memory:default");
	assert_int_equal(g.at[4].u[VQ], 128);
	assert_string_equal(g.at[5].units, "byte*2^10");		/* minimum: 64 KiB */
	assert_int_equal(g.at[5].u[VQ], 64);
	assert_int_equal(g.at[7].u[VQ], 4);				/* increment: a page */
	gather_from(&settings_define_capabilities_provider, &g);
	assert_int_equal(g.n, ALLOCATION_TEMPLATES);
	assert_string_equal(g.at[6].ends[0], "vmanhv:allocation:memory");
	assert_string_equal(g.at[6].ends[1], "vmanhv:template:memory:maximum");
}

static void test_associations(void **state)
{
	struct got g;

	(void)state;
	gather_from(&hosted_resource_pool_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].ends[0], "vmanhv");
	assert_string_equal(g.at[1].ends[1], "vmanhv:pool:memory");
	assert_int_equal(define("web", 2, 8, 0), VSMS_COMPLETED);
	gather_from(&vssd_component_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].ends[0], "vmanhv:web");
	assert_string_equal(g.at[0].ends[1], "vmanhv:web:processor");
	assert_string_equal(g.at[1].ends[1], "vmanhv:web:memory");
	gather_from(&resource_allocation_from_pool_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].ends[0], "vmanhv:pool:processor");
	assert_string_equal(g.at[1].ends[1], "vmanhv:web:memory");
	gather_from(&element_allocated_from_pool_provider, &g);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.at[0].ends[1], "web:cpu0");
	assert_string_equal(g.at[1].ends[1], "web:cpu1");
	assert_string_equal(g.at[2].ends[0], "vmanhv:pool:memory");
	assert_string_equal(g.at[2].ends[1], "web:memory");
	memset(&g, 0, sizeof(g));
	assert_int_equal(element_allocated_from_pool_provider.enumerate(NULL, 2, gather, &g), 0);
	assert_int_equal(g.n, 1);
}

static void test_modify(void **state)
{
	struct invocation v;
	struct rasd r;
	struct cim_result res;
	uint32_t made;

	(void)state;
	assert_int_equal(define("web", 1, 32, 0), VSMS_COMPLETED);
	assert_int_equal(virtual_system_set_element_name("web", "front end"), 0);
	/* RAD: only the InstanceID, the type and the new quantity */
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:web:processor");
	rasd_u(&r, "VirtualQuantity", 3);
	rasd_u(&r, "Weight", 500);
	made = creates;
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);
	assert_int_equal(creates, made + 1U);			/* remade */
	assert_int_equal(v.out[param(&v, "ResultingResourceSettings")].count, 1);
	assert_string_equal(v.out[param(&v, "ResultingResourceSettings")].ra[0]->keys[0].value,
			    "vmanhv:web:processor");
	assert_int_equal(vm("web").vcpus, 3);
	assert_true(vm("web").memory_bytes == 32ULL << 20);	/* left as it was */
	{
		struct virtual_system vs;

		assert_int_equal(virtual_system_find("web", &vs), 0);
		assert_string_equal(vs.element_name, "front end");	/* kept */
		assert_string_equal(vs.image, "hello");
	}
	expect_pools(0, 3, 32);
	/* terms alone: no remaking */
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:web:processor");
	rasd_u(&r, "Reservation", 2);
	made = creates;
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);
	assert_int_equal(creates, made);
	{
		struct allocation_terms t;

		allocation_terms_get("web", &t);
		assert_int_equal(t.cpu_reservation, 2);
		assert_int_equal(t.cpu_weight, 500);		/* the earlier Modify's */
	}
	/* memory: more than the host has left: 2 Failed, the VM as it was */
	assert_int_equal(define("big", 1, 200, 0), VSMS_COMPLETED);
	rasd_init(&r, RASD_TYPE_MEMORY);
	rasd_s(&r, "InstanceID", "vmanhv:web:memory");
	rasd_u(&r, "VirtualQuantity", 64);
	assert_int_equal(modify(&v, &r), VSMS_FAILED);
	expect_message(&v, "pool vmanhv:pool:memory overcommitted by 8 MiB: VM web would hold 64");
	assert_true(v.out[param(&v, "ResultingResourceSettings")].is_null);
	assert_true(vm("web").memory_bytes == 32ULL << 20);
	assert_int_equal(vm("web").vcpus, 3);
	expect_pools(0, 4, 232);
	/* terms that do not fit the vCPUs: 6 Incompatible Parameters */
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:web:processor");
	rasd_u(&r, "VirtualQuantity", 1);	/* below the Reservation of 2 */
	assert_int_equal(modify(&v, &r), VSMS_INCOMPATIBLE_PARAMETERS);
	expect_message(&v, "Reservation is more host CPUs than the VM has vCPUs");
	assert_int_equal(vm("web").vcpus, 3);
	/* running: 5 Invalid State */
	assert_int_equal(request_state("big", STATE_ENABLED, &res), RSC_COMPLETED);
	rasd_init(&r, RASD_TYPE_MEMORY);
	rasd_s(&r, "InstanceID", "vmanhv:big:memory");
	rasd_u(&r, "VirtualQuantity", 100);
	assert_int_equal(modify(&v, &r), VSMS_INVALID_STATE);
	expect_message(&v, "VM big is running: stop it");
	assert_int_equal(request_state("big", STATE_DISABLED, &res), RSC_COMPLETED);
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);	/* stopped: allowed */
	assert_true(vm("big").memory_bytes == 100ULL << 20);
	assert_int_equal(vm("big").state, HV_VM_DEFINED);
}

/* A processor RASD naming host CPU n (rasd_host_resource.c), for HostResource. */
static const char *const host_cpu1[] = {
	"root/cimv2:CIM_Processor.CreationClassName=\"CIM_Processor\",DeviceID=\"cpu1\","
	"SystemCreationClassName=\"CIM_ComputerSystem\",SystemName=\"vmanhv\""
};

/*
 * The scheduler gets the terms at start; a running VM's Weight and Limit
 * change at once (DSP1041), its quantity, Reservation and affinity wait
 * for a stop (docs/scheduler.md).
 */
static void test_terms_reach_the_scheduler(void **state)
{
	struct invocation v;
	struct rasd r;
	struct cim_result res;
	uint32_t id, made;

	(void)state;
	assert_int_equal(define("run", 2, 8, 0), VSMS_COMPLETED);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:run:processor");
	rasd_u(&r, "Limit", 1);
	rasd_u(&r, "Weight", 300);
	r.inst.values[cim_class_property(&rasd_class, "HostResource")] =
		(struct cim_value){ .sa = host_cpu1, .count = 1 };
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);
	assert_int_equal(request_state("run", STATE_ENABLED, &res), RSC_COMPLETED);
	id = vm("run").id;
	assert_int_equal(cpu_terms[id].weight, 300);
	assert_int_equal(cpu_terms[id].limit_permille, 1000);	/* 1 host CPU */
	assert_int_equal(cpu_terms[id].reserved_cpus, 0);
	assert_int_equal(cpu_terms[id].affinity, 0x2);		/* cpu1 */

	/* running: Weight and Limit, at once and without remaking it */
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:run:processor");
	rasd_u(&r, "Weight", 50);
	rasd_u(&r, "Limit", 2);
	made = creates;
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);
	assert_int_equal(creates, made);
	assert_int_equal(vm("run").state, HV_VM_RUNNING);
	assert_int_equal(cpu_terms[id].weight, 50);
	assert_int_equal(cpu_terms[id].limit_permille, 0);	/* all its vCPUs: no cap */
	/* running: no Reservation, quantity or affinity change */
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:run:processor");
	rasd_u(&r, "Reservation", 1);
	assert_int_equal(modify(&v, &r), VSMS_INVALID_STATE);
	expect_message(&v, "(Weight and Limit may change)");
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:run:processor");
	rasd_u(&r, "VirtualQuantity", 1);
	assert_int_equal(modify(&v, &r), VSMS_INVALID_STATE);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:run:processor");
	r.inst.values[cim_class_property(&rasd_class, "MappingBehavior")] =
		(struct cim_value){ .u = 2 };
	r.inst.values[cim_class_property(&rasd_class, "HostResource")] =
		(struct cim_value){ .sa = host_cpu1, .count = 1 };
	assert_int_equal(modify(&v, &r), VSMS_INVALID_PARAMETER);	/* 2 with HostResource */
	{
		struct allocation_terms t;

		allocation_terms_get("run", &t);
		assert_int_equal(t.cpu_weight, 50);
		assert_int_equal(t.cpu_limit, 2);
		assert_int_equal(t.cpu_reservation, 0);
		assert_int_equal(t.cpu_affinity, 0x2);
	}
	/* a Reservation beyond the CPUs HostResource names: 6 */
	assert_int_equal(request_state("run", STATE_DISABLED, &res), RSC_COMPLETED);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:run:processor");
	rasd_u(&r, "Reservation", 2);
	assert_int_equal(modify(&v, &r), VSMS_INCOMPATIBLE_PARAMETERS);
	expect_message(&v, "more host CPUs than its HostResource names");
}

/* The hypervisor refuses the new VM: the old one is made again, as it was. */
/* DSP1044: ModifyResourceSettings takes the processor RASD as its subclass;
 * an extension the vCPUs cannot have is 4 with the extension named and the
 * VM left as it was; one they have is taken. */
static void test_modify_processor_subclass(void **state)
{
	static const char *const avx[] = { "DMTF:x86:AVX" };
	static const char *const sse2[] = { "DMTF:x86:SSE2" };
	struct invocation v;
	struct rasd r;
	uint32_t made;

	(void)state;
	assert_int_equal(define("web", 1, 32, 0), VSMS_COMPLETED);
	rasd_init_class(&r, &pasd_class, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:web:processor");
	rasd_u(&r, "VirtualQuantity", 2);
	r.inst.values[cim_class_property(&pasd_class, "InstructionSetExtensionName")] =
		(struct cim_value){ .count = 1, .sa = avx };
	made = creates;
	assert_int_equal(modify(&v, &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ResourceSettings[0]: DMTF:x86:AVX cannot be given to a guest "
			   "(vmanhv does not virtualize it)");
	assert_int_equal(creates, made);
	assert_int_equal(vm("web").vcpus, 1);
	r.inst.values[cim_class_property(&pasd_class, "InstructionSetExtensionName")] =
		(struct cim_value){ .count = 1, .sa = sse2 };
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);
	assert_int_equal(vm("web").vcpus, 2);
}

static void test_modify_rolls_back(void **state)
{
	struct invocation v;
	struct rasd r;
	struct virtual_system vs;

	(void)state;
	assert_int_equal(define("web", 1, 16, 0), VSMS_COMPLETED);
	assert_int_equal(virtual_system_set_element_name("web", "front end"), 0);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:web:processor");
	rasd_u(&r, "VirtualQuantity", 2);
	rasd_u(&r, "Weight", 7);
	create_fails = -ENOMEM;
	assert_int_equal(modify(&v, &r), VSMS_FAILED);
	expect_message(&v, "no room for 16384 KiB in pool vmanhv:pool:memory: VM web is unchanged");
	assert_int_equal(virtual_system_find("web", &vs), 0);
	assert_int_equal(vs.info.vcpus, 1);
	assert_true(vs.info.memory_bytes == 16ULL << 20);
	assert_string_equal(vs.element_name, "front end");
	assert_string_equal(vs.image, "hello");
	{
		struct allocation_terms t;

		allocation_terms_get("web", &t);
		assert_int_equal(t.cpu_weight, 0);	/* the terms are not taken either */
	}
	create_fails = -EINVAL;
	assert_int_equal(modify(&v, &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "(it is unchanged)");
	assert_int_equal(vm("web").vcpus, 1);
}

static void test_modify_refusals(void **state)
{
	struct invocation v;
	struct rasd r, s;
	static const struct cim_instance *two[2];

	(void)state;
	assert_int_equal(define("a", 1, 8, 0), VSMS_COMPLETED);
	assert_int_equal(define("b", 1, 8, 0), VSMS_COMPLETED);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_u(&r, "VirtualQuantity", 2);
	assert_int_equal(modify(&v, &r), VSMS_INVALID_PARAMETER);	/* no InstanceID */
	expect_message(&v, "needs the InstanceID of a VM's RASD");
	rasd_s(&r, "InstanceID", "vmanhv:a:memory");
	assert_int_equal(modify(&v, &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ResourceType is not its InstanceID's");
	rasd_s(&r, "InstanceID", "vmanhv:nosuch:processor");
	assert_int_equal(modify(&v, &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "no VM has that RASD");
	rasd_s(&r, "InstanceID", "vmanhv:a:processor");
	rasd_init(&s, RASD_TYPE_MEMORY);
	rasd_s(&s, "InstanceID", "vmanhv:b:memory");
	rasd_u(&s, "VirtualQuantity", 16);
	two[0] = &r.inst;
	two[1] = &s.inst;
	call_init(&v, "ModifyResourceSettings");
	v.in[param(&v, "ResourceSettings")] = (struct cim_value){ .count = 2, .ia = two };
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "RASDs of two VMs");
	rasd_u(&r, "VirtualQuantity", HV_VM_VCPUS_MAX + 1U);
	assert_int_equal(modify(&v, &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ResourceSettings[0]: a VM has 1 to 4 processors");
	call_init(&v, "ModifyResourceSettings");
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ResourceSettings is required");
	assert_int_equal(vm("a").vcpus, 1);
	assert_true(vm("b").memory_bytes == 8ULL << 20);
}

static void test_add(void **state)
{
	struct invocation v;
	struct rasd r;
	struct cim_result res;

	(void)state;
	assert_int_equal(define("web", 2, 16, 0), VSMS_COMPLETED);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_u(&r, "VirtualQuantity", 1);
	assert_int_equal(add(&v, "web", &r), VSMS_COMPLETED);
	assert_int_equal(vm("web").vcpus, 3);
	assert_string_equal(v.out[param(&v, "ResultingResourceSettings")].ra[0]->keys[0].value,
			    "vmanhv:web:processor");
	rasd_init(&r, RASD_TYPE_MEMORY);
	rasd_u(&r, "VirtualQuantity", 16384);
	rasd_s(&r, "AllocationUnits", "KiloBytes");
	assert_int_equal(add(&v, "web", &r), VSMS_COMPLETED);
	assert_true(vm("web").memory_bytes == 32ULL << 20);
	expect_pools(0, 3, 32);
	/* past the limits */
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_u(&r, "VirtualQuantity", 2);
	assert_int_equal(add(&v, "web", &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "would have 5 vCPUs");
	assert_int_equal(vm("web").vcpus, 3);
	/* memory with no quantity to add */
	rasd_init(&r, RASD_TYPE_MEMORY);
	assert_int_equal(add(&v, "web", &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "needs a VirtualQuantity");
	/* running */
	assert_int_equal(request_state("web", STATE_ENABLED, &res), RSC_COMPLETED);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	assert_int_equal(add(&v, "web", &r), VSMS_INVALID_STATE);
	expect_message(&v, "is running");
	/* no such VM */
	assert_int_equal(add(&v, "nosuch", &r), VSMS_INVALID_PARAMETER);
	expect_message(&v, "refers to no VM's settings");
	call_init(&v, "AddResourceSettings");
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "AffectedConfiguration is required");
}

static void test_remove_refused(void **state)
{
	struct invocation v;
	struct cim_ref r;
	const struct cim_ref *refs[1] = { &r };

	(void)state;
	assert_int_equal(define("web", 1, 8, 0), VSMS_COMPLETED);
	rasd_ref("vmanhv:web:processor", &r);
	call_init(&v, "RemoveResourceSettings");
	v.in[param(&v, "ResourceSettings")] = (struct cim_value){ .count = 1, .ra = refs };
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "VM web cannot be without its processor");
	rasd_ref("vmanhv:other:memory", &r);
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	expect_message(&v, "ResourceSettings[0] refers to no VM's RASD");
	call_init(&v, "RemoveResourceSettings");
	assert_int_equal(call_run(&v), VSMS_INVALID_PARAMETER);
	assert_int_equal(vm("web").vcpus, 1);
}

static void test_admission(void **state)
{
	struct cim_result res;

	(void)state;
	assert_int_equal(define("a", 2, 8, 2), VSMS_COMPLETED);	/* both guest CPUs */
	assert_int_equal(define("b", 1, 8, 1), VSMS_COMPLETED);
	assert_int_equal(define("c", 1, 8, 0), VSMS_COMPLETED);
	assert_int_equal(request_state("a", STATE_ENABLED, &res), RSC_COMPLETED);
	assert_int_equal(request_state("b", STATE_ENABLED, &res), RSC_FAILED);
	if (strstr(res.message, "pool vmanhv:pool:processor overcommitted by 1 CPU(s)") == NULL ||
	    strstr(res.message, "VM b reserves 1, running VMs reserve 2 of its 2") == NULL) {
		fail_msg("message: %s", res.message);
	}
	assert_int_equal(vm("b").state, HV_VM_DEFINED);
	expect_pools(2, 4, 24);
	/* no reservation: always admitted (vCPUs are time-sliced) */
	assert_int_equal(request_state("c", STATE_ENABLED, &res), RSC_COMPLETED);
	/* a paused VM keeps its reservation; stopped, it frees it */
	assert_int_equal(request_state("a", STATE_QUIESCE, &res), RSC_COMPLETED);
	assert_int_equal(request_state("b", STATE_ENABLED, &res), RSC_FAILED);
	assert_int_equal(request_state("a", STATE_DISABLED, &res), RSC_COMPLETED);
	assert_int_equal(request_state("b", STATE_ENABLED, &res), RSC_COMPLETED);
	expect_pools(1, 4, 24);
	/* resuming a paused VM is no new start: no admission */
	assert_int_equal(request_state("b", STATE_QUIESCE, &res), RSC_COMPLETED);
	assert_int_equal(request_state("b", STATE_ENABLED, &res), RSC_COMPLETED);
	assert_int_equal(allocation_admit("nosuch", &res), CIM_ERR_NOT_FOUND);
}

static void test_define_terms(void **state)
{
	struct allocation_terms t;

	(void)state;
	assert_int_equal(define("a", 1, 8, 2), VSMS_INVALID_PARAMETER);	/* 2 of 1 vCPU */
	assert_int_equal(define("a", 2, 8, 2), VSMS_COMPLETED);
	allocation_terms_get("a", &t);
	assert_int_equal(t.cpu_reservation, 2);
	/* DestroySystem forgets them: a new "a" starts from the defaults */
	{
		struct invocation v;
		struct cim_ref a;

		virtual_system_ref("a", &a);
		call_init(&v, "DestroySystem");
		v.in[param(&v, "AffectedSystem")] = (struct cim_value){ .ref = &a };
		assert_int_equal(call_run(&v), VSMS_COMPLETED);
	}
	allocation_terms_get("a", &t);
	assert_int_equal(t.cpu_reservation, 0);
	assert_int_equal(define("a", 1, 8, 0), VSMS_COMPLETED);
	allocation_terms_get("a", &t);
	assert_int_equal(t.cpu_reservation, 0);
}

static void test_terms_problems(void **state)
{
	struct allocation_terms t = { .cpu_reservation = 3 };

	(void)state;
	assert_non_null(strstr(allocation_terms_problem(&t, 2), "Reservation"));
	t = (struct allocation_terms){ .cpu_reservation = 2, .cpu_limit = 1 };
	assert_non_null(strstr(allocation_terms_problem(&t, 2), "below its Reservation"));
	t = (struct allocation_terms){ .cpu_limit = 3 };
	assert_non_null(strstr(allocation_terms_problem(&t, 2), "Limit"));
	t = (struct allocation_terms){ .memory_weight = 10001 };
	assert_non_null(strstr(allocation_terms_problem(&t, 2), "Weight"));
	t = (struct allocation_terms){ .cpu_reservation = 2, .cpu_limit = 2, .cpu_weight = 1 };
	assert_null(allocation_terms_problem(&t, 2));
}

static void test_rasd_instance_ids(void **state)
{
	char name[HV_VM_NAME_LEN];
	const struct resource_pool_def *pool;

	(void)state;
	assert_int_equal(rasd_instance_parse("vmanhv:web-1:memory", name, &pool), 0);
	assert_string_equal(name, "web-1");
	assert_int_equal(pool->kind, ALLOCATION_MEMORY);
	assert_int_equal(rasd_instance_parse("vmanhv:web:disk", name, &pool), -EINVAL);
	assert_int_equal(rasd_instance_parse("vmanhv::memory", name, &pool), -EINVAL);
	assert_int_equal(rasd_instance_parse("other:web:memory", name, &pool), -EINVAL);
	assert_int_equal(rasd_instance_parse("vmanhv:web", name, &pool), -EINVAL);
	assert_int_equal(rasd_instance_parse(NULL, name, &pool), -EINVAL);
	assert_int_equal(
		rasd_instance_parse("vmanhv:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:memory", name, &pool),
		-EINVAL);
	assert_null(resource_pool_named("vmanhv:pool:disk"));
	assert_ptr_equal(resource_pool_named("vmanhv:pool:memory"),
			 &resource_pools[ALLOCATION_MEMORY]);
}

/* CreateChildResourcePool with a share of `amount` of ResourceType type. */
static uint32_t create_pool(struct invocation *v, const char *name, uint64_t type,
			    uint64_t amount, const char *units)
{
	static struct rasd share;
	static const struct cim_instance *settings[1] = { &share.inst };

	rasd_init(&share, type);
	rasd_u(&share, "Reservation", amount);
	if (units != NULL) {
		rasd_s(&share, "AllocationUnits", units);
	}
	call_init_on(v, &rpcs_provider, "CreateChildResourcePool");
	if (name != NULL) {
		v->in[param(v, "ElementName")] = (struct cim_value){ .s = name };
	}
	v->in[param(v, "Settings")] = (struct cim_value){ .count = 1, .ia = settings };
	return call_run(v);
}

static uint32_t delete_pool(struct invocation *v, const char *id)
{
	static struct cim_ref pool;

	pool = (struct cim_ref){ .class_name = RESOURCE_POOL_CLASS,
				 .cim_namespace = CIM_NAMESPACE_DEFAULT, .key_count = 1,
				 .keys = { { "InstanceID", id, NULL } } };
	call_init_on(v, &rpcs_provider, "DeleteResourcePool");
	v->in[param(v, "Pool")] = (struct cim_value){ .ref = &pool };
	return call_run(v);
}

static void test_child_pools_create_delete(void **state)
{
	struct invocation v;
	struct got g;

	(void)state;
	assert_int_equal(create_pool(&v, "fast", RASD_TYPE_PROCESSOR, 1, "count"), RPCS_COMPLETED);
	assert_string_equal(v.out[param(&v, "Pool")].ref->keys[0].value, "vmanhv:pool:fast");
	assert_int_equal(create_pool(&v, "small", RASD_TYPE_MEMORY, 32, "MB"), RPCS_COMPLETED);
	gather_from(&resource_pool_provider, &g);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.at[0].u[RESERVED], 1);		/* carved out of the parent */
	assert_int_equal(g.at[1].u[RESERVED], 32);
	assert_string_equal(g.at[2].id, "vmanhv:pool:fast");
	assert_false(g.at[2].b);				/* not primordial */
	assert_string_equal(g.at[2].units, "count");
	assert_int_equal(g.at[2].u[CAPACITY], 1);
	assert_int_equal(g.at[2].u[RESERVED], 0);
	assert_string_equal(g.at[3].id, "vmanhv:pool:small");
	assert_int_equal(g.at[3].u[CAPACITY], 32);
	gather_from(&hosted_resource_pool_provider, &g);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.at[3].ends[1], "vmanhv:pool:small");
	gather_from(&element_allocated_from_pool_provider, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.at[0].ends[0], "vmanhv:pool:processor");
	assert_string_equal(g.at[0].ends[1], "vmanhv:pool:fast");
	gather_from(&pool_capabilities_provider, &g);	/* the parent's capabilities */
	assert_int_equal(g.n, 4);
	assert_string_equal(g.at[3].ends[0], "vmanhv:allocation:memory");
	assert_string_equal(g.at[3].ends[1], "vmanhv:pool:small");
	/* refusals */
	assert_int_equal(create_pool(&v, "more", RASD_TYPE_PROCESSOR, 2, NULL),
			 RPCS_INSUFFICIENT_RESOURCES);
	expect_message(&v, "pool vmanhv:pool:processor has 1 count left unreserved, not 2");
	assert_int_equal(create_pool(&v, "half", RASD_TYPE_PROCESSOR, 50, "percent"),
			 RPCS_INVALID_PARAMETER);
	assert_int_equal(create_pool(&v, "fast", RASD_TYPE_PROCESSOR, 1, NULL),
			 RPCS_INVALID_PARAMETER);	/* room for it, but the name is taken */
	expect_message(&v, "a pool of that name exists");
	assert_int_equal(create_pool(&v, "small", RASD_TYPE_MEMORY, 1, NULL),
			 RPCS_INVALID_PARAMETER);
	expect_message(&v, "a pool of that name exists");
	assert_int_equal(create_pool(&v, "memory", RASD_TYPE_MEMORY, 1, NULL),
			 RPCS_INVALID_PARAMETER);
	assert_int_equal(create_pool(&v, NULL, RASD_TYPE_MEMORY, 1, NULL), RPCS_INVALID_PARAMETER);
	assert_int_equal(create_pool(&v, "disk", 17, 1, NULL), RPCS_INCORRECT_RESOURCE_TYPE);
	assert_int_equal(create_pool(&v, "odd", RASD_TYPE_MEMORY, 1, "KB"), RPCS_INVALID_PARAMETER);
	expect_message(&v, "whole MiB");
	/* deleting */
	assert_int_equal(delete_pool(&v, "vmanhv:pool:memory"), RPCS_INVALID_PARAMETER);
	expect_message(&v, "primordial");
	assert_int_equal(delete_pool(&v, "vmanhv:pool:nosuch"), RPCS_INVALID_PARAMETER);
	assert_int_equal(delete_pool(&v, "vmanhv:pool:fast"), RPCS_COMPLETED);
	gather_from(&resource_pool_provider, &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.at[0].u[RESERVED], 0);
	assert_string_equal(g.at[2].id, "vmanhv:pool:small");
}

static void test_child_pools_in_use(void **state)
{
	struct invocation v;
	struct cim_result res;
	struct rasd r;
	struct got g;

	(void)state;
	assert_int_equal(create_pool(&v, "fast", RASD_TYPE_PROCESSOR, 1, NULL), RPCS_COMPLETED);
	assert_int_equal(create_pool(&v, "small", RASD_TYPE_MEMORY, 32, NULL), RPCS_COMPLETED);
	/* a PoolID that names no pool of the type */
	define_cpu_pool = "vmanhv:pool:small";
	assert_int_equal(define("x", 1, 8, 0), VSMS_INVALID_PARAMETER);
	define_cpu_pool = "vmanhv:pool:fast";
	assert_int_equal(define("a", 1, 8, 1), VSMS_COMPLETED);
	define_cpu_pool = NULL;
	assert_int_equal(define("b", 1, 8, 1), VSMS_COMPLETED);
	assert_int_equal(define("c", 1, 8, 1), VSMS_COMPLETED);
	gather_from(&pasd_provider, &g);
	assert_string_equal(g.at[0].pool, "vmanhv:pool:fast");
	assert_string_equal(g.at[1].pool, "vmanhv:pool:processor");
	gather_from(&resource_allocation_from_pool_provider, &g);
	assert_string_equal(g.at[0].ends[0], "vmanhv:pool:fast");
	/* the child pool's CPU for a; what it leaves of the primordial one for b, not c */
	assert_int_equal(request_state("a", STATE_ENABLED, &res), RSC_COMPLETED);
	assert_int_equal(request_state("b", STATE_ENABLED, &res), RSC_COMPLETED);
	assert_int_equal(request_state("c", STATE_ENABLED, &res), RSC_FAILED);
	if (strstr(res.message, "pool vmanhv:pool:processor overcommitted by 1 CPU(s)") == NULL) {
		fail_msg("message: %s", res.message);
	}
	/* memory: the child pool holds 32 MiB */
	define_memory_pool = "vmanhv:pool:small";
	assert_int_equal(define("m", 1, 48, 0), VSMS_FAILED);
	assert_int_equal(virtual_system_find("m", &(struct virtual_system){ 0 }), -ENOENT);
	assert_int_equal(define("m", 1, 24, 0), VSMS_COMPLETED);
	define_memory_pool = NULL;
	rasd_init(&r, RASD_TYPE_MEMORY);
	rasd_s(&r, "InstanceID", "vmanhv:m:memory");
	rasd_u(&r, "VirtualQuantity", 40);
	assert_int_equal(modify(&v, &r), VSMS_FAILED);
	expect_message(&v, "pool vmanhv:pool:small overcommitted by 8 MiB");
	rasd_s(&r, "PoolID", "vmanhv:pool:memory");	/* moved out: room enough */
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);
	assert_true(vm("m").memory_bytes == 40ULL << 20);
	/* in use: 6 */
	assert_int_equal(delete_pool(&v, "vmanhv:pool:fast"), RPCS_IN_USE);
	expect_message(&v, "VM a allocates from it");
	assert_int_equal(request_state("a", STATE_DISABLED, &res), RSC_COMPLETED);
	rasd_init(&r, RASD_TYPE_PROCESSOR);
	rasd_s(&r, "InstanceID", "vmanhv:a:processor");
	rasd_s(&r, "PoolID", "vmanhv:pool:processor");
	assert_int_equal(modify(&v, &r), VSMS_COMPLETED);
	assert_int_equal(delete_pool(&v, "vmanhv:pool:fast"), RPCS_COMPLETED);
	assert_int_equal(delete_pool(&v, "vmanhv:pool:small"), RPCS_COMPLETED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pools_exact_at_every_step, reset),
		cmocka_unit_test_setup(test_rasds_completed, reset),
		cmocka_unit_test_setup(test_capabilities_and_templates, reset),
		cmocka_unit_test_setup(test_associations, reset),
		cmocka_unit_test_setup(test_modify, reset),
		cmocka_unit_test_setup(test_terms_reach_the_scheduler, reset),
		cmocka_unit_test_setup(test_modify_processor_subclass, reset),
		cmocka_unit_test_setup(test_modify_rolls_back, reset),
		cmocka_unit_test_setup(test_modify_refusals, reset),
		cmocka_unit_test_setup(test_add, reset),
		cmocka_unit_test_setup(test_remove_refused, reset),
		cmocka_unit_test_setup(test_admission, reset),
		cmocka_unit_test_setup(test_define_terms, reset),
		cmocka_unit_test_setup(test_terms_problems, reset),
		cmocka_unit_test_setup(test_rasd_instance_ids, reset),
		cmocka_unit_test_setup(test_child_pools_create_delete, reset),
		cmocka_unit_test_setup(test_child_pools_in_use, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

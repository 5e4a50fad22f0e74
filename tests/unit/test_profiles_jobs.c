/* sources: mgmt/cim/cim.c mgmt/cim/status.c mgmt/cim/arena.c mgmt/profiles/host_system.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/virtual_system_management_capabilities.c mgmt/profiles/element_capabilities.c mgmt/profiles/enabled_logical_element_capabilities.c mgmt/profiles/job.c mgmt/profiles/job_timeout.c mgmt/profiles/concrete_job.c mgmt/profiles/cim_error.c mgmt/profiles/affected_job_element.c mgmt/wsman/duration.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool_table.c mgmt/profiles/resource_settings.c mgmt/profiles/child_pool.c mgmt/profiles/modify_system_settings.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* SPDX-License-Identifier: MIT */
/*
 * Jobs hosted (docs/profiles.md, "Jobs"): RequestStateChange(4) starting a
 * CIM_ConcreteJob that completes when the VM stops or ends in Exception
 * when its TimeoutPeriod passes; GetErrors' CIM_Error; KillJob and the
 * job's RequestStateChange; Busy while a job runs; TimeBeforeRemoval; the
 * bounded table; CIM_AffectedJobElement; and each VM's
 * CIM_EnabledLogicalElementCapabilities from the transition table.  The
 * clock is the test's (job_clock_attach), hv/api.h a double like hv/vm_api.c.
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
#include "mgmt/profiles/affected_job_element.h"
#include "mgmt/profiles/cim_error.h"
#include "mgmt/profiles/concrete_job.h"
#include "mgmt/profiles/element_capabilities.h"
#include "mgmt/profiles/enabled_logical_element_capabilities.h"
#include "mgmt/profiles/job.h"
#include "mgmt/profiles/job_timeout.h"
#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_system.h"

/* --- test doubles: hv/api.h and the clock --------------------------------------------- */

static struct {
	bool used;
	struct hv_vm_info info;
} hv[HV_VM_MAX];
static uint32_t presses, stops;

const char *hv_vms_unavailable(void)
{
	return NULL;
}

/* The start's admission control asks (docs/allocation.md): 3 guest CPUs, 4 GiB. */
int hv_host_resources(struct hv_host_resources *out)
{
	*out = (struct hv_host_resources){ .guest_cpus = 3, .guest_memory_bytes = 4ULL << 30 };
	return 0;
}

int hv_vm_create(const struct hv_vm_config *config, uint32_t *id)
{
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (!hv[i].used) {
			memset(&hv[i], 0, sizeof(hv[i]));
			hv[i].used = true;
			hv[i].info.id = i;
			hv[i].info.state = HV_VM_DEFINED;
			hv[i].info.vcpus = 1;
			memcpy(hv[i].info.name, config->name, sizeof(config->name));
			*id = i;
			return 0;
		}
	}
	return -ENOSPC;
}

int hv_vm_destroy(uint32_t id)
{
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
	int err = move(id, FROM(HV_VM_RUNNING) | FROM(HV_VM_PAUSED), HV_VM_STOPPED);

	stops += err == 0 ? 1U : 0U;
	return err;
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

/* The button only: the guest decides (guest_powers_off() below). */
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
	return err == -EBUSY ? "busy" : "some hv error";
}

/* The guest of VM id handles the button: the VM stops as hv/vm.c says. */
static void guest_powers_off(uint32_t id)
{
	hv[id].info.state = HV_VM_STOPPED;
	snprintf(hv[id].info.stop_reason, sizeof(hv[id].info.stop_reason), "ACPI power off (S5)");
}

static uint64_t clock_ms = 1000;
static uint64_t wall = 1795669237123000ULL;	/* 2026-11-26T05:00:37.123Z */

static uint64_t test_monotonic_ms(void)
{
	return clock_ms;
}

static uint64_t test_wall_us(void)
{
	return wall + clock_ms * 1000U;
}

static void advance_ms(uint64_t ms)
{
	clock_ms += ms;
}

static const struct job_clock test_clock = { test_monotonic_ms, test_wall_us };

static int reset(void **state)
{
	(void)state;
	memset(hv, 0, sizeof(hv));
	presses = stops = 0;
	job_clear();
	job_clock_attach(&test_clock);
	return 0;
}

/* A running VM named name: its id. */
static uint32_t running_vm(const char *name)
{
	struct hv_vm_config c = { .image = "hello" };
	uint32_t id;

	snprintf(c.name, sizeof(c.name), "%s", name);
	assert_int_equal(hv_vm_create(&c, &id), 0);
	assert_int_equal(hv_vm_start(id), 0);
	return id;
}

/* --- calling methods ------------------------------------------------------------------ */

struct invocation {
	const struct cim_method *m;
	struct cim_value in[CIM_PARAMS_MAX];
	struct cim_value out[CIM_PARAMS_MAX];
	unsigned char arena_buf[16384];
	struct cim_arena arena;
	struct cim_ref target;
	char target_text[JOB_ID_MAX];
	struct cim_call call;
	struct cim_result res;
};

static const struct cim_method *method_of(const struct cim_method *table, uint32_t n,
					  const char *name)
{
	for (uint32_t i = 0; i < n; i++) {
		if (strcmp(table[i].name, name) == 0) {
			return &table[i];
		}
	}
	fail_msg("no method %s", name);
	return NULL;
}

static int param(const struct cim_method *m, const char *name)
{
	for (uint32_t i = 0; i < m->param_count; i++) {
		if (strcmp(m->params[i].name, name) == 0) {
			return (int)i;
		}
	}
	fail_msg("no parameter %s", name);
	return -1;
}

static void call_init(struct invocation *v, const struct cim_method *m)
{
	memset(v, 0, sizeof(*v));
	v->m = m;
	for (uint32_t i = 0; i < CIM_PARAMS_MAX; i++) {
		v->in[i].is_null = true;
		v->out[i].is_null = true;
	}
	cim_arena_init(&v->arena, v->arena_buf, sizeof(v->arena_buf));
	v->call = (struct cim_call){ .method = m, .target = &v->target, .in = v->in,
				     .out = v->out, .arena = &v->arena };
}

static uint32_t call_run(struct invocation *v)
{
	v->call.return_value = 0xFFFFFFFFU;
	assert_int_equal(v->m->invoke(NULL, &v->call, &v->res), CIM_OK);
	return v->call.return_value;
}

static void expect_message(const char *text, const char *words)
{
	if (strstr(text, words) == NULL) {
		fail_msg("\"%s\" not in \"%s\"", words, text);
	}
}

/* RequestStateChange(to, TimeoutPeriod timeout or NULL) on VM vm; the job's
 * InstanceID into job_id (when 4096). */
static uint32_t request_state(struct invocation *v, const char *vm, uint64_t to,
			      const char *timeout, char job_id[JOB_ID_MAX])
{
	uint32_t rv;

	call_init(v, method_of(computer_system_methods, COMPUTER_SYSTEM_METHODS,
			       "RequestStateChange"));
	virtual_system_ref(vm, &v->target);
	v->in[param(v->m, "RequestedState")] = (struct cim_value){ .u = to };
	if (timeout != NULL) {
		v->in[param(v->m, "TimeoutPeriod")] = (struct cim_value){ .s = timeout };
	}
	rv = call_run(v);
	if (rv == RSC_JOB_STARTED) {
		const struct cim_value *job = &v->out[param(v->m, "Job")];

		assert_false(job->is_null);
		assert_string_equal(job->ref->class_name, "CIM_ConcreteJob");
		assert_int_equal(job->ref->key_count, 1);
		assert_string_equal(job->ref->keys[0].name, "InstanceID");
		snprintf(job_id, JOB_ID_MAX, "%s", job->ref->keys[0].value);
	} else {
		assert_true(v->out[param(v->m, "Job")].is_null);
	}
	return rv;
}

/* A method of CIM_ConcreteJob on job id. */
static void job_call_init(struct invocation *v, const char *id, const char *name)
{
	call_init(v, method_of(concrete_job_provider.methods, concrete_job_provider.method_count,
			       name));
	snprintf(v->target_text, sizeof(v->target_text), "%s", id);
	v->target = (struct cim_ref){ .class_name = CONCRETE_JOB_CLASS, .key_count = 1,
				      .keys = { { "InstanceID", v->target_text, NULL } } };
}

/* --- reading instances --------------------------------------------------------------- */

/* A job's instance as text, copied out of the provider's callback. */
struct job_view {
	bool found;
	char want[JOB_ID_MAX];
	uint64_t state, percent, error_code;
	bool delete_on_completion, error_null;
	char name[64], status[JOB_STATUS_MAX], error[CIM_ERROR_TEXT_MAX], vm[HV_VM_NAME_LEN];
	char start[32], changed[32], keep[32];
	uint64_t op[2];
	uint32_t op_count;
};

static const struct cim_value *prop(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(inst->cls, name);

	assert_true(i >= 0);
	return &inst->values[i];
}

#define COPY(dst, v) snprintf((dst), sizeof(dst), "%s", (v)->s != NULL ? (v)->s : "")

static int view_job(void *ctx, const struct cim_instance *inst)
{
	struct job_view *j = ctx;

	if (strcmp(prop(inst, "InstanceID")->s, j->want) != 0) {
		return 0;
	}
	j->found = true;
	j->state = prop(inst, "JobState")->u;
	j->percent = prop(inst, "PercentComplete")->u;
	j->error_code = prop(inst, "ErrorCode")->u;
	j->delete_on_completion = prop(inst, "DeleteOnCompletion")->b;
	j->error_null = prop(inst, "ErrorDescription")->is_null;
	COPY(j->name, prop(inst, "Name"));
	COPY(j->status, prop(inst, "JobStatus"));
	COPY(j->error, prop(inst, "ErrorDescription"));
	COPY(j->vm, prop(inst, "ElementName"));
	COPY(j->start, prop(inst, "StartTime"));
	COPY(j->changed, prop(inst, "TimeOfLastStateChange"));
	COPY(j->keep, prop(inst, "TimeBeforeRemoval"));
	j->op_count = prop(inst, "OperationalStatus")->count;
	for (uint32_t i = 0; i < j->op_count && i < 2U; i++) {
		j->op[i] = prop(inst, "OperationalStatus")->ua[i];
	}
	return 0;
}

static struct job_view job_view(const char *id)
{
	struct job_view j;

	memset(&j, 0, sizeof(j));
	snprintf(j.want, sizeof(j.want), "%s", id);
	assert_int_equal(concrete_job_provider.enumerate(NULL, 0, view_job, &j), 0);
	return j;
}

static int count_one(void *ctx, const struct cim_instance *inst)
{
	(void)inst;
	(*(uint32_t *)ctx)++;
	return 0;
}

static uint32_t count(const struct cim_provider *p, uint32_t from)
{
	uint32_t n = 0;

	assert_int_equal(p->enumerate(p->pctx, from, count_one, &n), 0);
	return n;
}

/* GetErrors on job id: how many; the first one's properties into *e. */
static uint32_t get_errors(const char *id, struct invocation *v, const struct cim_instance **e)
{
	const struct cim_value *errors;

	job_call_init(v, id, "GetErrors");
	assert_int_equal(call_run(v), JOB_RV_COMPLETED);
	errors = &v->out[param(v->m, "Errors")];
	assert_false(errors->is_null);
	*e = errors->count > 0U ? errors->ia[0] : NULL;
	return errors->count;
}

/* --- tests ----------------------------------------------------------------------- */

static void test_shutdown_job_completes(void **state)
{
	struct invocation v;
	const struct cim_instance *e;
	struct job_view j;
	char id[JOB_ID_MAX];
	uint32_t vm;

	(void)state;
	vm = running_vm("web");
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_JOB_STARTED);
	assert_string_equal(id, "vmanhv:job:1");
	assert_int_equal(presses, 1);
	j = job_view(id);
	assert_true(j.found);
	assert_int_equal(j.state, JOB_RUNNING);
	assert_int_equal(j.percent, 0);
	assert_int_equal(j.error_code, 0);
	assert_true(j.error_null);
	assert_true(j.delete_on_completion);
	assert_string_equal(j.vm, "web");
	assert_string_equal(j.start, "2026-11-26T05:00:38.123Z");	/* wall at 1000 ms */
	assert_string_equal(j.changed, "PT0.000S");	/* no change yet: a 0 interval */
	assert_string_equal(j.keep, "PT300.000S");
	assert_int_equal(j.op_count, 1);
	assert_int_equal(j.op[0], 2);
	expect_message(j.name, "Shut down");
	assert_int_equal(get_errors(id, &v, &e), 0);	/* running: no error */

	/* the guest takes 40 s: still running at 39.9 s, under the 2 min default */
	advance_ms(39900);
	assert_int_equal(job_view(id).state, JOB_RUNNING);
	advance_ms(100);
	guest_powers_off(vm);
	j = job_view(id);
	assert_int_equal(j.state, JOB_COMPLETED);
	assert_int_equal(j.percent, 100);
	assert_string_equal(j.status, "the VM stopped: ACPI power off (S5)");
	assert_string_equal(j.changed, "2026-11-26T05:01:18.123Z");
	assert_int_equal(j.op_count, 2);
	assert_int_equal(j.op[0], 2);
	assert_int_equal(j.op[1], 17);
	assert_int_equal(get_errors(id, &v, &e), 0);
	assert_int_equal(stops, 0);			/* nothing forced */

	/* TimeBeforeRemoval after it ended, and not before */
	advance_ms(JOB_KEEP_MS - 1U);
	assert_true(job_view(id).found);
	advance_ms(1);
	assert_false(job_view(id).found);
	assert_int_equal(count(&concrete_job_provider, 0), 0);
}

static void test_shutdown_timeout_is_an_exception(void **state)
{
	const struct cim_instance *e;
	struct invocation v;
	struct job_view j;
	struct hv_vm_info info;
	char id[JOB_ID_MAX];
	uint32_t vm;

	(void)state;
	vm = running_vm("db");
	assert_int_equal(request_state(&v, "db", STATE_SHUT_DOWN, "PT10S", id), RSC_JOB_STARTED);
	advance_ms(9999);
	assert_int_equal(job_view(id).state, JOB_RUNNING);
	advance_ms(1);
	j = job_view(id);
	assert_int_equal(j.state, JOB_EXCEPTION);
	assert_int_equal(j.percent, 0);
	assert_int_equal(j.error_code, VMH_SHUTDOWN_TIMEOUT);
	assert_false(j.error_null);
	assert_string_equal(j.error, "Virtual system db did not shut down within PT10.000S of "
				     "its ACPI power button being pressed; it is still running "
				     "and nothing was forced.");
	assert_string_equal(j.status, "timed out after PT10.000S");
	assert_int_equal(j.op[0], 6);
	assert_int_equal(j.op[1], 17);
	/* the VM keeps running: nothing is forced */
	assert_int_equal(hv_vm_info(vm, &info), 0);
	assert_int_equal(info.state, HV_VM_RUNNING);
	assert_int_equal(stops, 0);

	assert_int_equal(get_errors(id, &v, &e), 1);
	assert_ptr_equal(e->cls, &cim_error_class);
	assert_string_equal(prop(e, "MessageID")->s, "VMH0001");
	assert_string_equal(prop(e, "OwningEntity")->s, "vmanhv");
	assert_string_equal(prop(e, "Message")->s, j.error);
	assert_int_equal(prop(e, "MessageArguments")->count, 2);
	assert_string_equal(prop(e, "MessageArguments")->sa[0], "db");
	assert_string_equal(prop(e, "MessageArguments")->sa[1], "PT10.000S");
	assert_int_equal(prop(e, "PerceivedSeverity")->u, 3);
	assert_int_equal(prop(e, "CIMStatusCode")->u, CIM_ERR_FAILED);
	assert_int_equal(prop(e, "ErrorType")->u, 4);
	assert_int_equal(prop(e, "ErrorSourceFormat")->u, 2);
	assert_string_equal(prop(e, "ErrorSource")->s,
			    "root/cimv2:CIM_ComputerSystem.CreationClassName="
			    "\"CIM_ComputerSystem\",Name=\"db\"");
	assert_int_equal(prop(e, "RecommendedActions")->count, 1);
	expect_message(prop(e, "RecommendedActions")->sa[0], "TimeoutPeriod");

	/* a guest that stops later does not revive the job */
	guest_powers_off(vm);
	assert_int_equal(job_view(id).state, JOB_EXCEPTION);
}

/* The deadline a TimeoutPeriod gives: the job is running 1 ms before it, over at it. */
static void expect_deadline(const char *vm_name, const char *timeout, uint64_t ms)
{
	struct invocation v;
	char id[JOB_ID_MAX];

	(void)running_vm(vm_name);
	assert_int_equal(request_state(&v, vm_name, STATE_SHUT_DOWN, timeout, id),
			 RSC_JOB_STARTED);
	advance_ms(ms - 1U);
	assert_int_equal(job_view(id).state, JOB_RUNNING);
	advance_ms(1);
	assert_int_equal(job_view(id).state, JOB_EXCEPTION);
}

static void test_timeout_period_forms(void **state)
{
	struct invocation v;
	char id[JOB_ID_MAX];

	(void)state;
	expect_deadline("a", NULL, JOB_TIMEOUT_DEFAULT_MS);
	expect_deadline("b", "PT0S", JOB_TIMEOUT_DEFAULT_MS);	/* 0: no requirement */
	expect_deadline("c", "00000000000030.500000:000", 30500);	/* DSP0004 interval */
	expect_deadline("d", "P0DT0H1M", 60000);
	expect_deadline("e", "PT1H", JOB_TIMEOUT_MAX_MS);
	(void)running_vm("f");
	assert_int_equal(request_state(&v, "f", STATE_SHUT_DOWN, "PT1H0.001S", id),
			 RSC_INVALID_PARAMETER);
	expect_message(v.res.message, "one hour");
	assert_int_equal(request_state(&v, "f", STATE_SHUT_DOWN, "10 seconds", id),
			 RSC_INVALID_PARAMETER);
	expect_message(v.res.message, "not an interval");
	assert_int_equal(request_state(&v, "f", STATE_SHUT_DOWN, "-PT5S", id),
			 RSC_INVALID_PARAMETER);
	assert_int_equal(request_state(&v, "f", STATE_SHUT_DOWN, "00000000000030.500000:001", id),
			 RSC_INVALID_PARAMETER);
	assert_int_equal(request_state(&v, "f", STATE_SHUT_DOWN, "0000000000003x.500000:000", id),
			 RSC_INVALID_PARAMETER);
	assert_int_equal(presses, 5);		/* a refused request presses nothing */
	/* a change that completes at once meets any TimeoutPeriod */
	assert_int_equal(request_state(&v, "f", STATE_QUIESCE, "PT1S", id), RSC_COMPLETED);
}

/* VM name's AvailableRequestedStates, as CIM_ComputerSystem serves it. */
struct available {
	const char *vm;
	uint32_t n;
	uint64_t states[SYSTEM_STATE_REQUESTABLE_MAX];
};

static int see_available(void *ctx, const struct cim_instance *inst)
{
	struct available *a = ctx;
	const struct cim_value *v = prop(inst, "AvailableRequestedStates");

	if (strcmp(prop(inst, "Name")->s, a->vm) == 0) {
		a->n = v->count;
		for (uint32_t i = 0; i < v->count && i < SYSTEM_STATE_REQUESTABLE_MAX; i++) {
			a->states[i] = v->ua[i];
		}
	}
	return 0;
}

static void expect_available(const char *vm, const uint64_t *want, uint32_t n)
{
	struct available a = { .vm = vm, .n = 99 };

	assert_int_equal(virtual_system_provider.enumerate(NULL, 0, see_available, &a), 0);
	assert_int_equal(a.n, n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(a.states[i], want[i]);
	}
}

static void test_busy_while_shutting_down(void **state)
{
	const struct cim_instance *e;
	struct invocation v;
	struct job_view j;
	char id[JOB_ID_MAX], other[JOB_ID_MAX];
	uint32_t vm;

	(void)state;
	vm = running_vm("web");
	(void)running_vm("app");
	static const uint64_t running[] = { 3, 4, 9, 10, 11 }, only_off[] = { 3 }, off[] = { 2 };

	expect_available("web", running, 5);
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_JOB_STARTED);
	expect_available("web", only_off, 1);	/* the rest would be Busy */
	expect_available("app", running, 5);
	static const uint64_t refused[] = { STATE_ENABLED, STATE_SHUT_DOWN, STATE_QUIESCE,
					    STATE_REBOOT, STATE_RESET };
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(request_state(&v, "web", refused[i], NULL, other), RSC_BUSY);
		expect_message(v.res.message, "job vmanhv:job:1 is running");
	}
	assert_int_equal(presses, 1);
	/* another VM is not held up */
	assert_int_equal(request_state(&v, "app", STATE_SHUT_DOWN, NULL, other), RSC_JOB_STARTED);
	assert_string_equal(other, "vmanhv:job:2");
	/* an invalid transition stays 4097 first: not Busy */
	hv[vm].info.state = HV_VM_RUNNING;
	assert_int_equal(request_state(&v, "web", 6, NULL, other), RSC_INVALID_TRANSITION);

	/* a hard power-off overrides the job, which ends Terminated */
	assert_int_equal(request_state(&v, "web", STATE_DISABLED, NULL, other), RSC_COMPLETED);
	assert_int_equal(stops, 1);
	expect_available("web", off, 1);
	j = job_view(id);
	assert_int_equal(j.state, JOB_TERMINATED);
	assert_int_equal(j.error_code, VMH_SHUTDOWN_FORCED);
	assert_int_equal(j.op[0], 10);
	assert_string_equal(j.status, "superseded by RequestStateChange(3)");
	assert_int_equal(get_errors(id, &v, &e), 1);
	assert_string_equal(prop(e, "MessageID")->s, "VMH0003");
	assert_int_equal(prop(e, "MessageArguments")->count, 1);	/* only %1 */
	assert_string_equal(prop(e, "MessageArguments")->sa[0], "web");
	assert_int_equal(prop(e, "PerceivedSeverity")->u, 2);
	/* off now: a new shut-down is "already there", no job */
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, other), RSC_COMPLETED);
}

static void test_kill_and_terminate(void **state)
{
	const struct cim_instance *e;
	struct invocation v;
	struct job_view j;
	char id[JOB_ID_MAX], id2[JOB_ID_MAX], id3[JOB_ID_MAX];
	uint32_t vm;

	(void)state;
	vm = running_vm("web");
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_JOB_STARTED);
	job_call_init(&v, id, "RequestStateChange");
	v.in[0] = (struct cim_value){ .u = 2 };		/* Start: it is running */
	assert_int_equal(call_run(&v), JOB_RV_COMPLETED);
	v.in[0] = (struct cim_value){ .u = 3 };		/* Suspend: not a shutdown's */
	assert_int_equal(call_run(&v), JOB_RV_INVALID_TRANSITION);
	v.in[0] = (struct cim_value){ .u = 7 };
	assert_int_equal(call_run(&v), JOB_RV_INVALID_PARAMETER);
	v.in[0] = (struct cim_value){ .u = 5 };		/* Kill */
	assert_int_equal(call_run(&v), JOB_RV_COMPLETED);
	j = job_view(id);
	assert_int_equal(j.state, JOB_KILLED);
	assert_string_equal(j.status, "killed by a client");
	assert_int_equal(get_errors(id, &v, &e), 1);
	assert_string_equal(prop(e, "MessageID")->s, "VMH0002");
	assert_string_equal(prop(e, "MessageArguments")->sa[0], "web");
	assert_string_equal(prop(e, "MessageArguments")->sa[1], "killed");
	expect_message(prop(e, "Message")->s, "was killed by a client");
	/* the VM was not touched: it runs on, with no job in its way */
	assert_int_equal(hv[vm].info.state, HV_VM_RUNNING);
	assert_int_equal(stops, 0);
	job_call_init(&v, id, "KillJob");
	assert_int_equal(call_run(&v), JOB_RV_FAILED);	/* ended already */
	expect_message(v.res.message, "ended already (JobState 9)");
	job_call_init(&v, id, "RequestStateChange");
	v.in[0] = (struct cim_value){ .u = 2 };
	assert_int_equal(call_run(&v), JOB_RV_INVALID_TRANSITION);

	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id2), RSC_JOB_STARTED);
	job_call_init(&v, id2, "RequestStateChange");
	v.in[0] = (struct cim_value){ .u = 4 };		/* Terminate */
	assert_int_equal(call_run(&v), JOB_RV_COMPLETED);
	assert_int_equal(job_view(id2).state, JOB_TERMINATED);

	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id3), RSC_JOB_STARTED);
	job_call_init(&v, id3, "KillJob");
	v.in[0] = (struct cim_value){ .b = true };	/* DeleteOnKill */
	assert_int_equal(call_run(&v), JOB_RV_COMPLETED);
	assert_false(job_view(id3).found);
	assert_true(job_view(id).found);
	job_call_init(&v, id3, "GetErrors");
	assert_int_equal(v.m->invoke(NULL, &v.call, &v.res), CIM_ERR_NOT_FOUND);
}

static void test_table_is_bounded(void **state)
{
	struct invocation v;
	char id[JOB_ID_MAX];
	uint32_t vm;

	(void)state;
	vm = running_vm("web");
	for (uint32_t i = 0; i < JOB_MAX; i++) {
		assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id),
				 RSC_JOB_STARTED);
		guest_powers_off(vm);
		assert_int_equal(job_view(id).state, JOB_COMPLETED);
		assert_int_equal(hv_vm_start(vm), 0);
	}
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_BUSY);
	expect_message(v.res.message, "16 jobs exist");
	assert_int_equal(presses, JOB_MAX);	/* the refused one pressed nothing */
	/* the oldest leaves after its TimeBeforeRemoval and makes room */
	advance_ms(JOB_KEEP_MS);
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_JOB_STARTED);
	assert_string_equal(id, "vmanhv:job:17");	/* numbers are not reused */
}

static void test_no_room_for_the_reply_presses_nothing(void **state)
{
	struct invocation v;

	(void)state;
	(void)running_vm("web");
	call_init(&v, &computer_system_methods[0]);
	virtual_system_ref("web", &v.target);
	v.in[0] = (struct cim_value){ .u = STATE_SHUT_DOWN };
	cim_arena_init(&v.arena, v.arena_buf, 8);
	assert_int_equal(v.m->invoke(NULL, &v.call, &v.res), CIM_ERR_FAILED);
	assert_int_equal(presses, 0);
	assert_int_equal(count(&concrete_job_provider, 0), 0);
}

static void test_no_clock_no_job(void **state)
{
	static const struct job_clock none = { NULL, NULL };
	struct invocation v;
	char id[JOB_ID_MAX];

	(void)state;
	(void)running_vm("web");
	job_clock_attach(&none);
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_BUSY);
	expect_message(v.res.message, "no clock");
	assert_int_equal(presses, 0);
}

static void test_vm_gone(void **state)
{
	struct invocation v;
	char id[JOB_ID_MAX];
	uint32_t vm;

	(void)state;
	vm = running_vm("web");
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_JOB_STARTED);
	assert_int_equal(count(&affected_job_element_provider, 0), 1);
	hv[vm].used = false;
	assert_int_equal(job_view(id).state, JOB_EXCEPTION);
	assert_int_equal(job_view(id).error_code, VMH_VM_GONE);
	/* no association to a VM that is not there */
	assert_int_equal(count(&affected_job_element_provider, 0), 0);
}

struct refs_seen {
	uint32_t n;
	char first[2][64];	/* the first key's value of each end */
	uint64_t effects;
};

static int see_refs(void *ctx, const struct cim_instance *inst)
{
	struct refs_seen *r = ctx;

	if (r->n++ == 0U) {
		const struct cim_ref *a = inst->values[0].ref, *b = inst->values[1].ref;

		snprintf(r->first[0], sizeof(r->first[0]), "%s",
			 a->keys[a->key_count - 1U].value);
		snprintf(r->first[1], sizeof(r->first[1]), "%s", b->keys[0].value);
		if (inst->cls->prop_count > 2U) {
			r->effects = inst->values[2].ua[0];
		}
	}
	return 0;
}

static void test_affected_job_element(void **state)
{
	struct invocation v;
	struct refs_seen r = { 0 };
	char id[JOB_ID_MAX];

	(void)state;
	(void)running_vm("web");
	(void)running_vm("db");
	assert_int_equal(request_state(&v, "db", STATE_SHUT_DOWN, NULL, id), RSC_JOB_STARTED);
	assert_int_equal(request_state(&v, "web", STATE_SHUT_DOWN, NULL, id), RSC_JOB_STARTED);
	assert_int_equal(affected_job_element_provider.enumerate(NULL, 0, see_refs, &r), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.first[0], "db");		/* AffectedElement: the VM */
	assert_string_equal(r.first[1], "vmanhv:job:1");	/* AffectingElement: its job */
	assert_int_equal(r.effects, 1);
	memset(&r, 0, sizeof(r));
	assert_int_equal(affected_job_element_provider.enumerate(NULL, 1, see_refs, &r), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.first[0], "web");
}

static void expect_states(const enum hv_vm_state *from, const uint64_t *want, uint32_t n)
{
	uint64_t got[SYSTEM_STATE_REQUESTABLE_MAX];

	assert_int_equal(system_state_requestable(from, got), n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(got[i], want[i]);
	}
}

static void test_requestable_states(void **state)
{
	static const uint64_t any[] = { 2, 3, 4, 9, 10, 11 };
	static const uint64_t off[] = { 2 };
	static const uint64_t running[] = { 3, 4, 9, 10, 11 };
	static const uint64_t paused[] = { 2, 3, 10, 11 };
	enum hv_vm_state s;

	(void)state;
	expect_states(NULL, any, 6);
	s = HV_VM_DEFINED;
	expect_states(&s, off, 1);
	s = HV_VM_STOPPED;
	expect_states(&s, off, 1);
	s = HV_VM_RUNNING;
	expect_states(&s, running, 5);
	s = HV_VM_PAUSED;
	expect_states(&s, paused, 4);
}

struct elec_seen {
	uint32_t n;
	char id[ELEC_INSTANCE_ID_MAX];
	uint64_t max_len, states[8];
	uint32_t state_count;
	bool edit;
};

static int see_elec(void *ctx, const struct cim_instance *inst)
{
	struct elec_seen *s = ctx;
	const struct cim_value *st = prop(inst, "RequestedStatesSupported");

	if (s->n++ == 0U) {
		COPY(s->id, prop(inst, "InstanceID"));
		s->max_len = prop(inst, "MaxElementNameLen")->u;
		s->edit = prop(inst, "ElementNameEditSupported")->b;
		s->state_count = st->count;
		for (uint32_t i = 0; i < st->count && i < 8U; i++) {
			s->states[i] = st->ua[i];
		}
	}
	return 0;
}

static void test_state_capabilities(void **state)
{
	struct elec_seen s = { 0 };
	struct refs_seen r = { 0 };
	uint64_t any[SYSTEM_STATE_REQUESTABLE_MAX];
	uint32_t n = system_state_requestable(NULL, any);

	(void)state;
	(void)running_vm("web");
	(void)running_vm("db");
	assert_int_equal(elec_provider.enumerate(NULL, 0, see_elec, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.id, "vmanhv:web:state-capabilities");
	assert_int_equal(s.max_len, 63);
	assert_true(s.edit);
	assert_int_equal(s.state_count, n);	/* the dispatch table's states */
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(s.states[i], any[i]);
	}
	/* CIM_ElementCapabilities: the VSMS's first, then each VM's */
	assert_int_equal(count(&element_capabilities_provider, 0), 3);
	assert_int_equal(element_capabilities_provider.enumerate(NULL, 1, see_refs, &r), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.first[0], "vmanhv:web:state-capabilities");	/* Capabilities */
	assert_string_equal(r.first[1], "CIM_ComputerSystem");	/* ManagedElement's first key */
	assert_int_equal(count(&element_capabilities_provider, 2), 1);
	assert_int_equal(count(&element_capabilities_provider, 3), 0);
}

static void test_datetime_text(void **state)
{
	char buf[32];

	(void)state;
	job_datetime(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
	job_datetime(951868799999000ULL, buf, sizeof(buf));
	assert_string_equal(buf, "2000-02-29T23:59:59.999Z");
	job_duration(120000, buf, sizeof(buf));
	assert_string_equal(buf, "PT120.000S");
	job_duration(1, buf, sizeof(buf));
	assert_string_equal(buf, "PT0.001S");
}

static void test_error_text_is_cut_to_fit(void **state)
{
	struct cim_error e = { .message = VMH_VM_GONE, .args = { "web" } };
	char small[12];
	char id[8];

	(void)state;
	cim_error_text(&e, small, sizeof(small));
	assert_string_equal(small, "Virtual sys");
	cim_error_message_id(VMH_SHUTDOWN_FORCED, id, sizeof(id));
	assert_string_equal(id, "VMH0003");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_shutdown_job_completes, reset),
		cmocka_unit_test_setup(test_shutdown_timeout_is_an_exception, reset),
		cmocka_unit_test_setup(test_timeout_period_forms, reset),
		cmocka_unit_test_setup(test_busy_while_shutting_down, reset),
		cmocka_unit_test_setup(test_kill_and_terminate, reset),
		cmocka_unit_test_setup(test_table_is_bounded, reset),
		cmocka_unit_test_setup(test_no_room_for_the_reply_presses_nothing, reset),
		cmocka_unit_test_setup(test_no_clock_no_job, reset),
		cmocka_unit_test_setup(test_vm_gone, reset),
		cmocka_unit_test_setup(test_affected_job_element, reset),
		cmocka_unit_test_setup(test_requestable_states, reset),
		cmocka_unit_test_setup(test_state_capabilities, reset),
		cmocka_unit_test_setup(test_datetime_text, reset),
		cmocka_unit_test_setup(test_error_text_is_cut_to_fit, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/job.h"
#include "mgmt/profiles/job_timeout.h"
#include "mgmt/profiles/system_state.h"
#include "mgmt/profiles/virtual_system.h"

enum { P_REQUESTED_STATE, P_JOB, P_TIMEOUT, P_COUNT };

static const struct cim_param params[P_COUNT] = {
	[P_REQUESTED_STATE] = { .name = "RequestedState", .type = CIM_TYPE_UINT16,
				.dir = CIM_PARAM_IN, .required = true },
	[P_JOB] = { .name = "Job", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT,
		    .ref_class = "CIM_ConcreteJob" },
	[P_TIMEOUT] = { .name = "TimeoutPeriod", .type = CIM_TYPE_DATETIME,
			.dir = CIM_PARAM_IN },
};

uint16_t system_state_enabled(enum hv_vm_state state)
{
	switch (state) {
	case HV_VM_RUNNING:
		return STATE_ENABLED;
	case HV_VM_PAUSED:
		return STATE_QUIESCE;
	default:
		return STATE_DISABLED;	/* defined or stopped: off */
	}
}

static const char *target_name(const struct cim_call *call)
{
	for (uint32_t i = 0; i < call->target->key_count; i++) {
		if (strcasecmp(call->target->keys[i].name, "Name") == 0) {
			return call->target->keys[i].value;
		}
	}
	return "";
}

/* --- the transition table (DSP1057 8.2.2) ---------------------------------------------- */

/* Where a VM is, for the table's columns. */
enum from { FROM_OFF, FROM_RUNNING, FROM_PAUSED, FROM_COUNT };

typedef int (*transition_fn)(uint32_t id);

/* What a request does from one state: nothing (already there), an hv call
 * that completes at once, or an hv call whose end a job waits for. */
enum action_kind { ACTION_NONE, ACTION_ALREADY, ACTION_NOW, ACTION_JOB };

struct action {
	enum action_kind kind;
	transition_fn fn;
};

#define ALREADY	{ ACTION_ALREADY, NULL }
#define NOW(fn)	{ ACTION_NOW, fn }
#define REFUSED	{ ACTION_NONE, NULL }

/* The one table RequestStateChange dispatches on and the capabilities
 * (RequestedStatesSupported, AvailableRequestedStates) are computed from. */
static const struct {
	uint16_t to;
	struct action from[FROM_COUNT];
} transitions[] = {
	{ STATE_ENABLED, { NOW(hv_vm_start), ALREADY, NOW(hv_vm_resume) } },
	{ STATE_DISABLED, { ALREADY, NOW(hv_vm_stop), NOW(hv_vm_stop) } },
	/* the guest shuts down when it will: a job waits for the VM to stop */
	{ STATE_SHUT_DOWN, { ALREADY, { ACTION_JOB, hv_vm_power_button }, REFUSED } },
	{ STATE_QUIESCE, { REFUSED, NOW(hv_vm_pause), ALREADY } },
	{ STATE_REBOOT, { REFUSED, NOW(hv_vm_reset), NOW(hv_vm_reset) } },
	{ STATE_RESET, { REFUSED, NOW(hv_vm_reset), NOW(hv_vm_reset) } },
};

#define TRANSITIONS (sizeof(transitions) / sizeof(transitions[0]))

static enum from from_of(enum hv_vm_state state)
{
	return state == HV_VM_RUNNING ? FROM_RUNNING : state == HV_VM_PAUSED ? FROM_PAUSED
									    : FROM_OFF;
}

/* The action for `to` from `state`; REFUSED for a state not in the table. */
static struct action transition(enum hv_vm_state state, uint64_t to)
{
	for (size_t i = 0; i < TRANSITIONS; i++) {
		if (transitions[i].to == to) {
			return transitions[i].from[from_of(state)];
		}
	}
	return (struct action)REFUSED;
}

static bool changes_state(struct action a)
{
	return a.kind == ACTION_NOW || a.kind == ACTION_JOB;
}

/* Whether row i changes the state of a VM in *state (in some state: NULL). */
static bool row_changes(size_t i, const enum hv_vm_state *state)
{
	if (state != NULL) {
		return changes_state(transitions[i].from[from_of(*state)]);
	}
	for (int f = 0; f < FROM_COUNT; f++) {
		if (changes_state(transitions[i].from[f])) {
			return true;
		}
	}
	return false;
}

uint32_t system_state_requestable(const enum hv_vm_state *state,
				  uint64_t out[SYSTEM_STATE_REQUESTABLE_MAX])
{
	uint32_t n = 0;

	for (size_t i = 0; i < TRANSITIONS && n < SYSTEM_STATE_REQUESTABLE_MAX; i++) {
		if (row_changes(i, state)) {
			out[n++] = transitions[i].to;
		}
	}
	return n;
}

uint32_t system_state_available(const char *vm, enum hv_vm_state state,
				uint64_t out[SYSTEM_STATE_REQUESTABLE_MAX])
{
	if (job_running_on(vm) != NULL) {
		out[0] = STATE_DISABLED;	/* only a hard off overrides a job */
		return 1;
	}
	return system_state_requestable(&state, out);
}

/* --- the shutdown job ------------------------------------------------------------- */

/* Done when the VM is off; JobStatus says how it stopped. */
static enum job_progress shutdown_check(struct job *job)
{
	struct virtual_system vs;

	if (virtual_system_find(job->vm, &vs) != 0) {
		return JOB_VM_GONE;
	}
	if (from_of(vs.info.state) != FROM_OFF) {
		return JOB_GOING;
	}
	/* JobStatus is shorter than a stop reason: cut to fit */
	snprintf(job->status, sizeof(job->status), "the VM stopped: %.*s",
		 (int)(sizeof(job->status) - sizeof("the VM stopped: ")),
		 vs.info.stop_reason[0] != '\0' ? vs.info.stop_reason : "(no reason given)");
	return JOB_DONE;
}

static const struct job_kind shutdown_kind = {
	.name = "Shut down (RequestStateChange 4)",
	.check_fn = shutdown_check,
	.timeout_message = VMH_SHUTDOWN_TIMEOUT,
};

/* The reference to job, in the call's arena (OUT Job): NULL when full. */
static struct cim_ref *job_ref_alloc(struct cim_call *call)
{
	struct cim_ref *ref = call->arena != NULL ? cim_arena_alloc(call->arena, sizeof(*ref))
						  : NULL;
	char *id = call->arena != NULL ? cim_arena_alloc(call->arena, JOB_ID_MAX) : NULL;

	if (ref == NULL || id == NULL) {
		return NULL;
	}
	*ref = (struct cim_ref){ .class_name = "CIM_ConcreteJob",
				 .cim_namespace = CIM_NAMESPACE_DEFAULT, .key_count = 1,
				 .keys = { { "InstanceID", id, NULL } } };
	return ref;
}

/* Press the power button and start the job that waits for the VM to stop:
 * 4096 with the job (DSP1057 8.2.2; CIM_EnabledLogicalElement). */
static enum cim_status shut_down(struct cim_call *call, struct cim_result *res,
				 const struct virtual_system *vs, uint64_t timeout_ms)
{
	struct cim_ref *ref = job_ref_alloc(call);	/* before anything happens */
	struct job *job;
	int err;

	if (ref == NULL) {
		return cim_fail(res, CIM_ERR_FAILED, "no room for the reply");
	}
	err = job_start(&shutdown_kind, vs->info.name, timeout_ms, &job);
	if (err != 0) {
		return cim_return(call, res, RSC_BUSY, "no job can be started: %s",
				  err == -ENOSPC ? "16 jobs exist" : "no clock");
	}
	err = hv_vm_power_button(vs->info.id);
	if (err != 0) {
		job_remove(job);
		return cim_return(call, res, err == -EBUSY ? RSC_BUSY : RSC_FAILED, "VM %s: %s",
				  vs->info.name, hv_error_text(err));
	}
	job_instance_id(job, (char *)ref->keys[0].value);
	call->out[P_JOB] = (struct cim_value){ .ref = ref };
	return cim_return(call, res, RSC_JOB_STARTED, "%s", "");
}

/* --- the method ---------------------------------------------------------------------- */

/* A running job owns the VM's state: only a hard power-off overrides it,
 * and the job then ends Terminated (docs/profiles.md, "Jobs"). */
static bool blocked_by_job(struct cim_call *call, struct cim_result *res, const char *vm,
			   uint64_t to)
{
	struct job *job = job_running_on(vm);
	char id[JOB_ID_MAX];

	if (job == NULL) {
		return false;
	}
	if (to == STATE_DISABLED) {
		job_stop(job, JOB_TERMINATED, VMH_SHUTDOWN_FORCED, NULL,
			 "superseded by RequestStateChange(3)");
		return false;
	}
	job_instance_id(job, id);
	cim_return(call, res, RSC_BUSY, "VM %s is shutting down: job %s is running", vm, id);
	return true;
}

static enum cim_status run(struct cim_call *call, struct cim_result *res,
			   const struct virtual_system *vs, struct action a, uint64_t timeout_ms)
{
	int err;

	if (a.kind == ACTION_JOB) {
		return shut_down(call, res, vs, timeout_ms);
	}
	err = a.kind == ACTION_NOW ? a.fn(vs->info.id) : 0;
	if (err == -EBUSY) {
		return cim_return(call, res, RSC_BUSY, "VM %s: %s", vs->info.name, hv_error_text(err));
	}
	if (err != 0) {
		return cim_return(call, res, RSC_FAILED, "VM %s: %s", vs->info.name, hv_error_text(err));
	}
	virtual_system_changed();	/* whether it is active: AutomaticStartupAction 3 */
	return cim_return(call, res, RSC_COMPLETED, "%s", "");
}

static enum cim_status request_state_change(void *pctx, struct cim_call *call,
					    struct cim_result *res)
{
	const struct cim_value *to = &call->in[P_REQUESTED_STATE];
	const char *problem;
	struct virtual_system vs;
	struct action a;
	uint64_t timeout_ms;

	(void)pctx;
	if (to->is_null || to->u < STATE_ENABLED || to->u > STATE_RESET) {
		return cim_return(call, res, RSC_INVALID_PARAMETER,
			    "RequestedState must be one of 2-11 (CIM_EnabledLogicalElement)");
	}
	problem = job_timeout(&call->in[P_TIMEOUT], &timeout_ms);
	if (problem != NULL) {
		return cim_return(call, res, RSC_INVALID_PARAMETER, "%s", problem);
	}
	if (strcmp(target_name(call), HOST_SYSTEM_NAME) == 0) {
		return cim_return(call, res, RSC_NOT_SUPPORTED,
			    "the host's state is not changed through WS-Management");
	}
	if (virtual_system_find(target_name(call), &vs) != 0) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no VM named %s", target_name(call));
	}
	a = transition(vs.info.state, to->u);
	if (a.kind == ACTION_NONE) {
		return cim_return(call, res, RSC_INVALID_TRANSITION,
			    "VM %s cannot go from EnabledState %u to %u", vs.info.name,
			    system_state_enabled(vs.info.state), (unsigned)to->u);
	}
	if (blocked_by_job(call, res, vs.info.name, to->u)) {
		return CIM_OK;
	}
	if (a.kind == ACTION_NOW && a.fn == hv_vm_start &&
	    allocation_admit(vs.info.name, res) != CIM_OK) {
		call->return_value = RSC_FAILED;	/* DSP1041 admission: the message names the pool */
		res->status = CIM_OK;
		return CIM_OK;
	}
	if (a.kind == ACTION_NOW && a.fn == hv_vm_start) {
		int err = allocation_schedule(vs.info.name, vs.info.id, vs.info.vcpus);

		if (err != 0) {
			return cim_return(call, res, RSC_FAILED, "VM %s: its processor terms: %s",
					  vs.info.name, hv_error_text(err));
		}
	}
	return run(call, res, &vs, a, timeout_ms);
}

const struct cim_method computer_system_methods[COMPUTER_SYSTEM_METHODS] = {
	{ "RequestStateChange", params, P_COUNT, false, request_state_change },
};

/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/profiles/cim_error.h"
#include "mgmt/profiles/concrete_job.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_DELETE_ON_COMPLETION,
	P_ELEMENT_NAME,
	P_ERROR_CODE,
	P_ERROR_DESCRIPTION,
	P_INSTANCE_ID,
	P_JOB_STATE,
	P_JOB_STATUS,
	P_NAME,
	P_OPERATIONAL_STATUS,
	P_PERCENT_COMPLETE,
	P_START_TIME,
	P_TIME_BEFORE_REMOVAL,
	P_TIME_OF_LAST_STATE_CHANGE,
	P_TIME_SUBMITTED,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_DELETE_ON_COMPLETION] = { .name = "DeleteOnCompletion", .type = CIM_TYPE_BOOLEAN },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_ERROR_CODE] = { .name = "ErrorCode", .type = CIM_TYPE_UINT16 },
	[P_ERROR_DESCRIPTION] = { .name = "ErrorDescription", .type = CIM_TYPE_STRING },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_JOB_STATE] = { .name = "JobState", .type = CIM_TYPE_UINT16 },
	[P_JOB_STATUS] = { .name = "JobStatus", .type = CIM_TYPE_STRING },
	[P_NAME] = { .name = "Name", .type = CIM_TYPE_STRING },
	[P_OPERATIONAL_STATUS] = { .name = "OperationalStatus", .type = CIM_TYPE_UINT16,
				   .array = true },
	[P_PERCENT_COMPLETE] = { .name = "PercentComplete", .type = CIM_TYPE_UINT16 },
	[P_START_TIME] = { .name = "StartTime", .type = CIM_TYPE_DATETIME },
	[P_TIME_BEFORE_REMOVAL] = { .name = "TimeBeforeRemoval", .type = CIM_TYPE_DATETIME },
	[P_TIME_OF_LAST_STATE_CHANGE] = { .name = "TimeOfLastStateChange",
					  .type = CIM_TYPE_DATETIME },
	[P_TIME_SUBMITTED] = { .name = "TimeSubmitted", .type = CIM_TYPE_DATETIME },
};

const struct cim_class concrete_job_class = {
	.name = CONCRETE_JOB_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

void concrete_job_ref(const struct job *job, struct cim_ref *ref, char id[JOB_ID_MAX])
{
	job_instance_id(job, id);
	*ref = (struct cim_ref){ .class_name = CONCRETE_JOB_CLASS,
				 .cim_namespace = CIM_NAMESPACE_DEFAULT, .key_count = 1,
				 .keys = { { "InstanceID", id, NULL } } };
}

/* OperationalStatus (CIM_ManagedSystemElement): 2 OK, 6 Error, 10 Stopped,
 * 17 Completed; a finished job is Completed plus how it went. */
static const uint64_t status_running[] = { 2 };
static const uint64_t status_completed[] = { 2, 17 };
static const uint64_t status_exception[] = { 6, 17 };
static const uint64_t status_stopped[] = { 10, 17 };

static struct cim_value operational_status(enum job_state state)
{
	switch (state) {
	case JOB_RUNNING:
		return (struct cim_value){ .count = 1, .ua = status_running };
	case JOB_COMPLETED:
		return (struct cim_value){ .count = 2, .ua = status_completed };
	case JOB_EXCEPTION:
		return (struct cim_value){ .count = 2, .ua = status_exception };
	default:
		return (struct cim_value){ .count = 2, .ua = status_stopped };
	}
}

/* What job_emit passes each instance to: enumerate()'s callback and context. */
struct emit_ctx {
	cim_instance_fn fn;
	void *ctx;
};

/* The text of a job's times, valid during one emit. */
struct job_times {
	char id[JOB_ID_MAX];
	char start[32], changed[32], keep[32];
	char error[CIM_ERROR_TEXT_MAX];
};

static int job_emit(void *ectx, struct job *job)
{
	const struct emit_ctx *e = ectx;
	struct cim_instance inst;
	struct job_times t;

	memset(&inst, 0, sizeof(inst));
	inst.cls = &concrete_job_class;
	job_instance_id(job, t.id);
	job_datetime(job->start_wall_us, t.start, sizeof(t.start));
	if (job->state == JOB_RUNNING) {
		/* CIM_ConcreteJob MOF: a job whose state has not changed shows a 0 interval */
		job_duration(0, t.changed, sizeof(t.changed));
	} else {
		job_datetime(job->changed_wall_us, t.changed, sizeof(t.changed));
	}
	job_duration(JOB_KEEP_MS, t.keep, sizeof(t.keep));
	inst.values[P_DELETE_ON_COMPLETION].b = true;	/* removed TimeBeforeRemoval after */
	inst.values[P_ELEMENT_NAME].s = job->vm;
	inst.values[P_ERROR_CODE].u = job->has_error ? (uint64_t)job->error.message : 0U;
	if (job->has_error) {
		cim_error_text(&job->error, t.error, sizeof(t.error));
	}
	inst.values[P_ERROR_DESCRIPTION] = (struct cim_value){ .is_null = !job->has_error,
							       .s = t.error };
	inst.values[P_INSTANCE_ID].s = t.id;
	inst.values[P_JOB_STATE].u = job->state;
	inst.values[P_JOB_STATUS].s = job->status;
	inst.values[P_NAME].s = job->kind->name;
	inst.values[P_OPERATIONAL_STATUS] = operational_status(job->state);
	/* nothing measures a guest's shutdown: 0 until it is done */
	inst.values[P_PERCENT_COMPLETE].u = job->state == JOB_COMPLETED ? 100U : 0U;
	inst.values[P_START_TIME].s = t.start;
	inst.values[P_TIME_BEFORE_REMOVAL].s = t.keep;
	inst.values[P_TIME_OF_LAST_STATE_CHANGE].s = t.changed;
	inst.values[P_TIME_SUBMITTED].s = t.start;
	return e->fn(e->ctx, &inst);
}

static int concrete_job_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct emit_ctx e = { fn, ctx };

	(void)pctx;
	return job_each(from, job_emit, &e);
}

/* --- methods --------------------------------------------------------------------- */

/* The job the method is invoked on (the endpoint found its instance). */
static struct job *target_job(const struct cim_call *call)
{
	for (uint32_t i = 0; i < call->target->key_count; i++) {
		if (strcasecmp(call->target->keys[i].name, "InstanceID") == 0 &&
		    call->target->keys[i].value != NULL) {
			return job_find(call->target->keys[i].value);
		}
	}
	return NULL;
}

enum { GE_ERRORS, GE_COUNT };

static const struct cim_param get_errors_params[GE_COUNT] = {
	[GE_ERRORS] = { .name = "Errors", .type = CIM_TYPE_INSTANCE, .array = true,
			.dir = CIM_PARAM_OUT, .embedded = &cim_error_class },
};

/* GetErrors: the job's CIM_Error, none while it runs or when it completed. */
static enum cim_status get_errors(void *pctx, struct cim_call *call, struct cim_result *res)
{
	struct job *job = target_job(call);
	const struct cim_instance **errors;

	(void)pctx;
	if (job == NULL) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "the job is gone");
	}
	errors = call->arena != NULL ? cim_arena_alloc(call->arena, sizeof(*errors)) : NULL;
	if (errors == NULL || (job->has_error &&
			       (errors[0] = cim_error_instance(&job->error, call->arena)) == NULL)) {
		return cim_fail(res, CIM_ERR_FAILED, "no room for the reply");
	}
	call->out[GE_ERRORS] = (struct cim_value){ .count = job->has_error ? 1U : 0U,
						   .ia = errors };
	return cim_return(call, res, JOB_RV_COMPLETED, "%s", "");
}

/* Stop watching a running job: the button stays pressed, nothing is undone. */
static enum cim_status stop_job(struct cim_call *call, struct cim_result *res, struct job *job,
				enum job_state state)
{
	const char *how = state == JOB_KILLED ? "killed" : "terminated";
	char status[JOB_STATUS_MAX];

	if (job->state != JOB_RUNNING) {
		return cim_return(call, res, JOB_RV_INVALID_TRANSITION,
				  "the job has ended already (JobState %u)", (unsigned)job->state);
	}
	snprintf(status, sizeof(status), "%s by a client", how);
	job_stop(job, state, VMH_JOB_STOPPED_BY_CLIENT, how, status);
	return cim_return(call, res, JOB_RV_COMPLETED, "%s", "");
}

enum { KJ_DELETE_ON_KILL, KJ_COUNT };

static const struct cim_param kill_job_params[KJ_COUNT] = {
	[KJ_DELETE_ON_KILL] = { .name = "DeleteOnKill", .type = CIM_TYPE_BOOLEAN,
				.dir = CIM_PARAM_IN },
};

/* KillJob(DeleteOnKill) (CIM_Job): Killed; removed at once on DeleteOnKill. */
static enum cim_status kill_job(void *pctx, struct cim_call *call, struct cim_result *res)
{
	struct job *job = target_job(call);
	const struct cim_value *del = &call->in[KJ_DELETE_ON_KILL];

	(void)pctx;
	if (job == NULL) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "the job is gone");
	}
	if (job->state != JOB_RUNNING) {
		/* CIM_Job.KillJob has no "invalid state": 4 Failed, with why */
		return cim_return(call, res, JOB_RV_FAILED, "the job has ended already (JobState %u)",
				  (unsigned)job->state);
	}
	stop_job(call, res, job, JOB_KILLED);
	if (!del->is_null && del->b) {
		job_remove(job);
	}
	return CIM_OK;
}

enum { RS_REQUESTED_STATE, RS_TIMEOUT, RS_COUNT };

static const struct cim_param rsc_params[RS_COUNT] = {
	[RS_REQUESTED_STATE] = { .name = "RequestedState", .type = CIM_TYPE_UINT16,
				 .dir = CIM_PARAM_IN, .required = true },
	[RS_TIMEOUT] = { .name = "TimeoutPeriod", .type = CIM_TYPE_DATETIME,
			 .dir = CIM_PARAM_IN },
};

/* CIM_ConcreteJob.RequestStateChange values. */
enum { JOB_REQ_START = 2, JOB_REQ_SUSPEND, JOB_REQ_TERMINATE, JOB_REQ_KILL, JOB_REQ_SERVICE };

/* RequestStateChange on a job: 4 Terminate and 5 Kill stop it (both at once:
 * TimeoutPeriod is met by any value); 2 Start on a running job is a no-op;
 * a shutdown cannot be suspended or serviced (4097). */
static enum cim_status job_request_state_change(void *pctx, struct cim_call *call,
						struct cim_result *res)
{
	struct job *job = target_job(call);
	const struct cim_value *to = &call->in[RS_REQUESTED_STATE];

	(void)pctx;
	if (job == NULL) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "the job is gone");
	}
	if (to->is_null || to->u < JOB_REQ_START || to->u > JOB_REQ_SERVICE) {
		return cim_return(call, res, JOB_RV_INVALID_PARAMETER,
				  "RequestedState must be one of 2-6 (CIM_ConcreteJob)");
	}
	switch (to->u) {
	case JOB_REQ_TERMINATE:
		return stop_job(call, res, job, JOB_TERMINATED);
	case JOB_REQ_KILL:
		return stop_job(call, res, job, JOB_KILLED);
	case JOB_REQ_START:
		if (job->state == JOB_RUNNING) {
			return cim_return(call, res, JOB_RV_COMPLETED, "%s", "");
		}
		break;
	default:
		break;
	}
	return cim_return(call, res, JOB_RV_INVALID_TRANSITION,
			  "job %s (JobState %u) cannot go to %u", job->kind->name,
			  (unsigned)job->state, (unsigned)to->u);
}

static const struct cim_method methods[] = {
	{ "GetErrors", get_errors_params, GE_COUNT, false, get_errors },
	{ "KillJob", kill_job_params, KJ_COUNT, false, kill_job },
	{ "RequestStateChange", rsc_params, RS_COUNT, false, job_request_state_change },
};

const struct cim_provider concrete_job_provider = {
	.cls = &concrete_job_class,
	.enumerate = concrete_job_enumerate,
	.methods = methods,
	.method_count = sizeof(methods) / sizeof(methods[0]),
};

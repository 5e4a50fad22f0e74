/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/job.h"

/* Owned by this file: the management CPU is the only caller (hv/api.h). */
static struct job jobs[JOB_MAX];
static uint32_t last_number;
static struct job_clock clock;

void job_clock_attach(const struct job_clock *c)
{
	clock = *c;
}

static uint64_t now_ms(void)
{
	return clock.monotonic_ms != NULL ? clock.monotonic_ms() : 0U;
}

static uint64_t wall_us(void)
{
	return clock.wall_us != NULL ? clock.wall_us() : 0U;
}

static struct job *free_slot(void)
{
	for (uint32_t i = 0; i < JOB_MAX; i++) {
		if (!jobs[i].used) {
			return &jobs[i];
		}
	}
	return NULL;
}

int job_start(const struct job_kind *kind, const char *vm, uint64_t timeout_ms,
	      struct job **out)
{
	struct job *job;

	if (clock.monotonic_ms == NULL) {
		return -ENODEV;	/* no clock: a deadline could never pass */
	}
	job_poll();	/* a job past its TimeBeforeRemoval frees its slot */
	job = free_slot();
	if (job == NULL) {
		return -ENOSPC;
	}
	memset(job, 0, sizeof(*job));
	job->used = true;
	job->number = ++last_number;
	job->kind = kind;
	snprintf(job->vm, sizeof(job->vm), "%s", vm);
	job->state = JOB_RUNNING;
	job->timeout_ms = timeout_ms;
	job->deadline_ms = now_ms() + timeout_ms;
	job->start_wall_us = job->changed_wall_us = wall_us();
	snprintf(job->status, sizeof(job->status), "%s", "running");
	*out = job;
	return 0;
}

/* The job leaves Running: state, and why when it is not Completed. */
static void job_end(struct job *job, enum job_state state, const struct cim_error *e)
{
	job->state = state;
	job->ended_ms = now_ms();
	job->changed_wall_us = wall_us();
	job->has_error = e != NULL;
	if (e != NULL) {
		job->error = *e;
	}
}

void job_remove(struct job *job)
{
	memset(job, 0, sizeof(*job));
}

/* The error that names the job's VM as its source (DSP0207 object path). */
static void job_error(const struct job *job, enum cim_error_message message, const char *arg2,
		      struct cim_error *e)
{
	memset(e, 0, sizeof(*e));
	e->message = message;
	snprintf(e->args[0], sizeof(e->args[0]), "%s", job->vm);
	snprintf(e->args[1], sizeof(e->args[1]), "%s", arg2 != NULL ? arg2 : "");
	snprintf(e->source, sizeof(e->source),
		 "root/cimv2:CIM_ComputerSystem.CreationClassName=\"CIM_ComputerSystem\","
		 "Name=\"%s\"", job->vm);
}

void job_stop(struct job *job, enum job_state state, enum cim_error_message message,
	      const char *arg2, const char *status)
{
	struct cim_error e;

	job_error(job, message, arg2, &e);
	snprintf(job->status, sizeof(job->status), "%s", status);
	job_end(job, state, &e);
}

/* A running job: done, gone, out of time, or still going. */
static void advance(struct job *job, uint64_t now)
{
	char allowed[32];
	char status[JOB_STATUS_MAX];

	switch (job->kind->check_fn(job)) {
	case JOB_DONE:
		job_end(job, JOB_COMPLETED, NULL);
		return;
	case JOB_VM_GONE:
		job_stop(job, JOB_EXCEPTION, VMH_VM_GONE, NULL, "the VM no longer exists");
		return;
	case JOB_GOING:
		break;
	}
	if (now >= job->deadline_ms) {
		job_duration(job->timeout_ms, allowed, sizeof(allowed));
		snprintf(status, sizeof(status), "timed out after %s", allowed);
		job_stop(job, JOB_EXCEPTION, job->kind->timeout_message, allowed, status);
	}
}

void job_poll(void)
{
	uint64_t now = now_ms();

	for (uint32_t i = 0; i < JOB_MAX; i++) {
		struct job *job = &jobs[i];

		if (job->used && job->state == JOB_RUNNING) {
			advance(job, now);
		} else if (job->used && now - job->ended_ms >= JOB_KEEP_MS) {
			job_remove(job);	/* DeleteOnCompletion after TimeBeforeRemoval */
		}
	}
}

struct job *job_running_on(const char *vm)
{
	job_poll();
	for (uint32_t i = 0; i < JOB_MAX; i++) {
		if (jobs[i].used && jobs[i].state == JOB_RUNNING && strcmp(jobs[i].vm, vm) == 0) {
			return &jobs[i];
		}
	}
	return NULL;
}

void job_instance_id(const struct job *job, char buf[JOB_ID_MAX])
{
	snprintf(buf, JOB_ID_MAX, JOB_ID_PREFIX "%u", (unsigned)job->number);
}

struct job *job_find(const char *id)
{
	char mine[JOB_ID_MAX];

	job_poll();
	for (uint32_t i = 0; i < JOB_MAX; i++) {
		if (!jobs[i].used) {
			continue;
		}
		job_instance_id(&jobs[i], mine);
		if (strcmp(mine, id) == 0) {
			return &jobs[i];
		}
	}
	return NULL;
}

int job_each(uint32_t from, job_fn fn, void *ctx)
{
	uint32_t seen = 0;

	job_poll();
	for (uint32_t i = 0; i < JOB_MAX; i++) {
		int rc;

		if (!jobs[i].used || seen++ < from) {
			continue;
		}
		rc = fn(ctx, &jobs[i]);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

void job_clear(void)
{
	memset(jobs, 0, sizeof(jobs));
	last_number = 0;
}

/* Year, month, day of a day count since 1970-01-01 (proleptic Gregorian;
 * the era arithmetic of H. Hinnant's civil_from_days). */
static void civil_from_days(uint64_t days, unsigned *y, unsigned *m, unsigned *d)
{
	uint64_t z = days + 719468U;
	uint64_t era = z / 146097U;
	uint64_t doe = z - era * 146097U;
	uint64_t yoe = (doe - doe / 1460U + doe / 36524U - doe / 146096U) / 365U;
	uint64_t doy = doe - (365U * yoe + yoe / 4U - yoe / 100U);
	uint64_t mp = (5U * doy + 2U) / 153U;

	*d = (unsigned)(doy - (153U * mp + 2U) / 5U + 1U);
	*m = (unsigned)(mp < 10U ? mp + 3U : mp - 9U);
	*y = (unsigned)(yoe + era * 400U + (*m <= 2U ? 1U : 0U));
}

void job_datetime(uint64_t wall, char *buf, size_t size)
{
	uint64_t s = wall / 1000000U;
	unsigned y, mo, d;

	civil_from_days(s / 86400U, &y, &mo, &d);
	snprintf(buf, size, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", y, mo, d,
		 (unsigned)(s % 86400U / 3600U), (unsigned)(s % 3600U / 60U),
		 (unsigned)(s % 60U), (unsigned)(wall / 1000U % 1000U));
}

void job_duration(uint64_t ms, char *buf, size_t size)
{
	snprintf(buf, size, "PT%llu.%03uS", (unsigned long long)(ms / 1000U),
		 (unsigned)(ms % 1000U));
}

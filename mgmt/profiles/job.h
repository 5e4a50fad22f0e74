/* SPDX-License-Identifier: MIT */
/*
 * Jobs: the operations that outlast the request which started them
 * (CIM_ConcreteJob, dmtf-profiles.md section 3.5; DSP1057's
 * RequestStateChange returning 4096).  A bounded table owned by this file;
 * each job watches one VM through its kind's check and has a deadline, so
 * none can run forever.  A finished job stays TimeBeforeRemoval, then is
 * removed (DeleteOnCompletion).  Progress is driven by job_poll(): from the
 * firmware's management loop (mgmt/job_driver.c) and before every read of
 * the table, so a reader never sees a job that should have moved on.
 */
#ifndef VMANHV_MGMT_PROFILES_JOB_H
#define VMANHV_MGMT_PROFILES_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/api.h"
#include "mgmt/profiles/cim_error.h"

#define JOB_MAX			16U
#define JOB_ID_PREFIX		"vmanhv:job:"
#define JOB_ID_MAX		32U	/* "vmanhv:job:<n>", NUL included */
#define JOB_STATUS_MAX		160U
#define JOB_KEEP_MS		(5ULL * 60ULL * 1000ULL)	/* TimeBeforeRemoval: the MOF's 5 min */

/* CIM_ConcreteJob.JobState (MOF v2.38) values a vmanhv job takes. */
enum job_state {
	JOB_RUNNING = 4,
	JOB_COMPLETED = 7,
	JOB_TERMINATED = 8,
	JOB_KILLED = 9,
	JOB_EXCEPTION = 10,
};

struct job;

/* What a kind's check saw. */
enum job_progress {
	JOB_GOING,	/* not yet */
	JOB_DONE,	/* the work is done: Completed */
	JOB_VM_GONE,	/* the VM it watched no longer exists: Exception */
};

/* A kind of job: how it is named and how it knows it is done. */
struct job_kind {
	const char *name;	/* CIM_ConcreteJob.Name */
	/* Look at the VM; on JOB_DONE may write job->status (JobStatus). */
	enum job_progress (*check_fn)(struct job *job);
	/* The error when the deadline passes first (args: VM, the time allowed). */
	enum cim_error_message timeout_message;
};

/* The clock jobs run on; attached once (firmware: mgmt/job_driver.c). */
struct job_clock {
	uint64_t (*monotonic_ms)(void);
	uint64_t (*wall_us)(void);	/* microseconds since 1970 UTC */
};

struct job {
	bool used;
	uint32_t number;		/* <n> of vmanhv:job:<n>, never reused until reboot */
	const struct job_kind *kind;
	char vm[HV_VM_NAME_LEN];	/* the VM it affects (CIM_AffectedJobElement) */
	enum job_state state;
	uint64_t timeout_ms;		/* how long it may run */
	uint64_t deadline_ms;		/* monotonic: start + timeout_ms */
	uint64_t ended_ms;		/* monotonic, once finished */
	uint64_t start_wall_us;		/* StartTime */
	uint64_t changed_wall_us;	/* TimeOfLastStateChange */
	char status[JOB_STATUS_MAX];	/* JobStatus, in words */
	bool has_error;
	struct cim_error error;		/* JobState 8, 9, 10: why (GetErrors) */
};

void job_clock_attach(const struct job_clock *clock);

/*
 * Start a job of kind on VM vm that may run timeout_ms (> 0): *out is the
 * new, Running job.  0, -ENODEV (no clock attached) or -ENOSPC (JOB_MAX
 * jobs exist, running or not yet removed).
 */
int job_start(const struct job_kind *kind, const char *vm, uint64_t timeout_ms,
	      struct job **out);

/* Move every running job on (its check, its deadline); remove finished jobs
 * whose TimeBeforeRemoval has passed. */
void job_poll(void);

/*
 * End a running job in state (8 Terminated, 9 Killed or 10 Exception) with
 * the registry's message (arguments: the job's VM, then arg2; NULL: "")
 * as its error and status as its JobStatus.
 */
void job_stop(struct job *job, enum job_state state, enum cim_error_message message,
	      const char *arg2, const char *status);

/* Remove a job at once (KillJob's DeleteOnKill). */
void job_remove(struct job *job);

/* The running job on VM vm, or NULL.  Polls first. */
struct job *job_running_on(const char *vm);

/* The job whose InstanceID is id, or NULL.  Polls first. */
struct job *job_find(const char *id);

typedef int (*job_fn)(void *ctx, struct job *job);
/* fn for each job from the from-th on, in table order; non-zero stops. Polls first. */
int job_each(uint32_t from, job_fn fn, void *ctx);

/* "vmanhv:job:<n>" into buf. */
void job_instance_id(const struct job *job, char buf[JOB_ID_MAX]);

/* Forget every job and start numbering at 1 again (a test's fresh start). */
void job_clear(void);

/* xs:dateTime "YYYY-MM-DDThh:mm:ss.mmmZ" of wall_us into buf (at least 32 bytes). */
void job_datetime(uint64_t wall_us, char *buf, size_t size);
/* xs:duration "PTs.mmmS" of ms into buf (at least 32 bytes). */
void job_duration(uint64_t ms, char *buf, size_t size);

#endif

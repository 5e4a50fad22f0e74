/* SPDX-License-Identifier: MIT */
/*
 * A method's TimeoutPeriod (CIM_EnabledLogicalElement.RequestStateChange,
 * CIM_ConcreteJob.RequestStateChange): how long the job it starts may run.
 * The datetime arrives as text: an xs:duration from a cim:Interval (DSP0230,
 * "PT2M"; parsed by mgmt/wsman/duration.c, the endpoint's own parser of
 * the same type) or the DSP0004 interval form "ddddddddhhmmss.mmmmmm:000".
 */
#ifndef VMANHV_MGMT_PROFILES_JOB_TIMEOUT_H
#define VMANHV_MGMT_PROFILES_JOB_TIMEOUT_H

#include <stdint.h>

#include "mgmt/cim/cim.h"

/* NULL or 0 ("no requirement", the MOF) means 2 minutes; at most 1 hour,
 * so that every job ends (docs/profiles.md, "Jobs"). */
#define JOB_TIMEOUT_DEFAULT_MS	(2ULL * 60ULL * 1000ULL)
#define JOB_TIMEOUT_MAX_MS	(60ULL * 60ULL * 1000ULL)

/* The milliseconds TimeoutPeriod v grants into *ms: NULL, or what is wrong
 * with it, in words for the client (*ms is then the default). */
const char *job_timeout(const struct cim_value *v, uint64_t *ms);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Following a CIM_ConcreteJob after a method returned 4096 (Method
 * Parameters Checked - Job Started, DSP1042 / CIM_ConcreteJob 2.38): Get on
 * the Job EPR every JOB_POLL_MS until JobState 7 (Completed), or 8 to 11
 * (Terminated, Killed, Exception, Service) with its ErrorDescription, or
 * v->timeout_s.  On a terminal, a progress line shows PercentComplete.
 */
#ifndef VMANCTL_JOB_H
#define VMANCTL_JOB_H

#include <libxml/tree.h>

#include "tools/vmanctl/vmanctl.h"

#define JOB_POLL_MS	200

/*
 * job_follow - wait for the job whose EPR is the OUT parameter element JOB
 * (wsa:Address + wsa:ReferenceParameters).  WHAT names the operation in
 * messages.  Returns VMANCTL_OK when completed, VMANCTL_FAILED (said why),
 * or a transport's exit code.
 */
int job_follow(struct vmanctl *v, xmlNodePtr job, const char *what);

/* job_state_name - "Completed", "Exception", ... for a JobState value. */
const char *job_state_name(unsigned long state);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The jobs of mgmt/profiles/job.h on the firmware's clock, moved on from the
 * management loop (DESIGN.md section 4: the loop never blocks, so a job is a
 * deadline and a check, never a wait).
 */
#ifndef VMANHV_MGMT_JOB_DRIVER_H
#define VMANHV_MGMT_JOB_DRIVER_H

/* Give the jobs the hypervisor's monotonic and wall clocks. */
void job_driver_start(void);

/* Once per round of the loop: every JOB_DRIVER_PERIOD_MS, job_poll(). */
void job_driver_poll(void);

#endif

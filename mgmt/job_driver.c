/* SPDX-License-Identifier: MIT */
#include "hv/clock.h"
#include "mgmt/job_driver.h"
#include "mgmt/profiles/job.h"

/* A VM's stop is seen within 100 ms: well inside any client's polling
 * (libvirt's Hyper-V driver polls every 100 ms, dmtf-profiles.md 3.5). */
#define JOB_DRIVER_PERIOD_MS	100U

static uint64_t next_poll_ms;

static uint64_t monotonic_ms(void)
{
	return clock_now_us() / 1000U;
}

void job_driver_start(void)
{
	static const struct job_clock clock = { monotonic_ms, clock_wall_us };

	job_clock_attach(&clock);
}

void job_driver_poll(void)
{
	uint64_t now = monotonic_ms();

	if (now >= next_poll_ms) {
		next_poll_ms = now + JOB_DRIVER_PERIOD_MS;
		job_poll();
	}
}

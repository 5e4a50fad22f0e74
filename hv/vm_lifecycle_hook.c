/* SPDX-License-Identifier: MIT */
/*
 * The `lifecycle=` test hook (hv/vm_lifecycle_hook.h): each step goes
 * through hv/api.h like any management client, and its line shows what
 * the page allocator holds, so that a test sees a destroyed VM's memory
 * come back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "boot/cmdline.h"
#include "hv/api.h"
#include "hv/clock.h"
#include "hv/lifecycle_plan.h"
#include "hv/log.h"
#include "hv/mm.h"
#include "hv/vm_lifecycle_hook.h"

#define LIFECYCLE_TEXT_LEN	256U
#define DESTROY_STOP_WAIT_US	2000000U

static struct lifecycle_step steps[LIFECYCLE_STEPS_MAX];
static uint32_t step_count, steps_done;
static uint64_t start_us;

void lifecycle_hook_schedule(const char *cmdline)
{
	char text[LIFECYCLE_TEXT_LEN], why[128];

	if (!cmdline_value(cmdline, "lifecycle", text, sizeof(text))) {
		return;
	}
	if (lifecycle_plan_parse(text, steps, LIFECYCLE_STEPS_MAX, &step_count, why,
				 sizeof(why)) != 0) {
		hv_log("lifecycle: ignored: %s\n", why);
		step_count = 0;
		return;
	}
	start_us = clock_now_us();
}

/* The id of the VM named `name`; -ENOENT when there is none. */
static int id_of(const char *name, uint32_t *id)
{
	struct hv_vm_info info;

	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		if (hv_vm_info(i, &info) == 0 && strcmp(info.name, name) == 0) {
			*id = i;
			return 0;
		}
	}
	return -ENOENT;
}

static bool is_stopped(uint32_t id)
{
	struct hv_vm_info info;

	return hv_vm_info(id, &info) != 0 || info.state == HV_VM_STOPPED ||
	       info.state == HV_VM_DEFINED;
}

/* Stop the VM unless it has stopped, wait for that, then free it. */
static int destroy(uint32_t id)
{
	uint64_t end = clock_now_us() + DESTROY_STOP_WAIT_US;

	(void)hv_vm_stop(id);	/* -EBUSY when it stopped already */
	while (!is_stopped(id) && clock_now_us() < end) {
		clock_delay_us(1000);
	}
	return hv_vm_destroy(id);
}

static int act(enum lifecycle_verb verb, uint32_t id)
{
	switch (verb) {
	case LIFECYCLE_PAUSE:
		return hv_vm_pause(id);
	case LIFECYCLE_RESUME:
		return hv_vm_resume(id);
	case LIFECYCLE_RESET:
		return hv_vm_reset(id);
	case LIFECYCLE_STOP:
		return hv_vm_stop(id);
	case LIFECYCLE_DESTROY:
		return destroy(id);
	}
	return -EINVAL;
}

/*
 * One line: the result, the free pages before and after, and the VM's
 * exits so far when it still exists (a paused VM's stay put: it does not run).
 */
static void run_step(const struct lifecycle_step *s)
{
	uint64_t before = mm_stats().free_pages;
	struct hv_vm_info info;
	uint32_t id = HV_VM_MAX;
	int err = id_of(s->name, &id) ?: act(s->verb, id);
	char exits[32] = "";

	if (hv_vm_info(id, &info) == 0) {
		snprintf(exits, sizeof(exits), ", exits %lu", info.exits);
	}
	hv_log("lifecycle: %s %s: %s (%d) (pages free %lu -> %lu%s)\n",
	       lifecycle_verb_name(s->verb), s->name, err == 0 ? "ok" : hv_error_text(err), err,
	       before, mm_stats().free_pages, exits);
}

void lifecycle_hook_run_due(void)
{
	uint64_t elapsed_ms = (clock_now_us() - start_us) / 1000U;

	while (steps_done < step_count && steps[steps_done].at_ms <= elapsed_ms) {
		run_step(&steps[steps_done++]);
	}
}

/* SPDX-License-Identifier: MIT */
/* start, stop, pause, resume, reset: RequestStateChange on the VM's
 * CIM_ComputerSystem (DSP1057 8.2.2; RequestedState values in
 * dmtf-profiles.md section 3.2). */
#include <stdio.h>
#include <string.h>

#include "tools/vmanctl/cim.h"
#include "tools/vmanctl/commands.h"

enum requested_state {
	STATE_ENABLED = 2,	/* start, resume */
	STATE_DISABLED = 3,	/* hard off */
	STATE_SHUT_DOWN = 4,	/* graceful, through the guest (ACPI power button) */
	STATE_QUIESCE = 9,	/* pause */
	STATE_RESET = 11,
};

struct transition {
	const char *command;
	enum requested_state state;
	const char *verb;	/* "shutting down" NAME, in messages */
	const char *done;	/* printed when it is done */
	const char *asked;	/* printed for 0 when 0 only means "asked" (4: the guest
				 * was sent the power button); NULL: same as done */
};

static int request_state(struct vmanctl *v, const char *name, const struct transition *t)
{
	struct soap_request req;
	struct invoke_result res;
	struct wsman_fault fault;
	struct vm_keys k;
	xmlNodePtr in;
	char what[128], num[8];
	int rc;

	cim_vm_keys(&k, name);
	in = wsman_invoke_begin(v, &req, URI_COMPUTER_SYSTEM, k.sel, 2, "RequestStateChange");
	if (in == NULL) {
		return VMANCTL_FAILED;
	}
	snprintf(num, sizeof(num), "%d", (int)t->state);
	soap_child(in, URI_COMPUTER_SYSTEM, "p", "RequestedState", num);
	snprintf(what, sizeof(what), "%s %s", t->verb, name);
	rc = wsman_invoke_send(v, &req, "RequestStateChange", &res, &fault);
	soap_request_free(&req);
	if (rc == VMANCTL_FAILED && fault.present) {
		char msg[160];

		snprintf(msg, sizeof(msg), "%s refused", what);
		wsman_fault_report(msg, &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	rc = cim_method_outcome(v, &res, CIM_METHOD_STATE_CHANGE, what);
	if (rc == VMANCTL_OK) {
		/* 4096: the job ran to Completed, the VM is in the state now */
		printf("%s %s\n", res.return_value == 0 && t->asked ? t->asked : t->done, name);
	}
	wsman_invoke_done(&res);
	return rc;
}

/* Each command's RequestedState; stop --force is the second "stop". */
static const struct transition transitions[] = {
	{ "start", STATE_ENABLED, "starting", "started", NULL },
	{ "stop", STATE_SHUT_DOWN, "shutting down", "shut down", "asked to shut down:" },
	{ "stop", STATE_DISABLED, "stopping", "stopped", NULL },
	{ "pause", STATE_QUIESCE, "pausing", "paused", NULL },
	{ "resume", STATE_ENABLED, "resuming", "resumed", NULL },
	{ "reset", STATE_RESET, "resetting", "reset", NULL },
};

static int run_state(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' }, COMMAND_COMMON_OPTIONS,
	};
	bool force = false;
	const char *name;
	int c;

	while ((c = command_getopt(v, cmd, argc, argv, "", opts)) != -1) {
		if (c == 'f' && strcmp(cmd->name, "stop") == 0) {
			force = true;
			continue;
		}
		return c == -2 ? VMANCTL_OK : VMANCTL_USAGE;
	}
	if ((name = command_one_name(cmd, argc, argv)) == NULL) {
		return VMANCTL_USAGE;
	}
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
		const struct transition *t = &transitions[i];

		if (strcmp(t->command, cmd->name) == 0 &&
		    (!force || t->state == STATE_DISABLED)) {
			return request_state(v, name, t);
		}
	}
	return VMANCTL_USAGE;
}

const struct command cmd_start = {
	"start", "NAME", "Start a VM (RequestStateChange 2).",
	"\nThe VM must be off.  Needs VT-x on the host: a host in management-only\n"
	"mode (no VMX) refuses with its reason.\n", run_state, false,
};
const struct command cmd_stop = {
	"stop", "NAME [--force]", "Shut a VM down (4), or power it off with --force (3).",
	"\nWithout --force the guest is asked to shut down (ACPI power button,\n"
	"RequestedState 4 Shut Down); with --force the VM is stopped at once\n"
	"(RequestedState 3 Disabled).\n", run_state, false,
};
const struct command cmd_pause = {
	"pause", "NAME", "Pause a running VM (RequestStateChange 9, Quiesce).", "", run_state,
	false,
};
const struct command cmd_resume = {
	"resume", "NAME", "Resume a paused VM (RequestStateChange 2).", "", run_state, false,
};
const struct command cmd_reset = {
	"reset", "NAME", "Reset a running VM (RequestStateChange 11).", "", run_state, false,
};

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/profiles/host_system.h"
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

/* The hv call for a transition out of `from` (DSP1057 8.2.2 table 5), or NULL
 * when the VM is in the requested state already, -1 cast when not allowed. */
typedef int (*transition_fn)(uint32_t id);

static int already(uint32_t id)
{
	(void)id;
	return 0;
}

static transition_fn transition(enum hv_vm_state from, uint16_t to)
{
	bool running = from == HV_VM_RUNNING, paused = from == HV_VM_PAUSED;
	bool off = from == HV_VM_DEFINED || from == HV_VM_STOPPED;

	switch (to) {
	case STATE_ENABLED:
		return off ? hv_vm_start : paused ? hv_vm_resume : already;
	case STATE_DISABLED:
		return off ? already : hv_vm_stop;
	case STATE_SHUT_DOWN:
		return running ? hv_vm_power_button : off ? already : NULL;
	case STATE_QUIESCE:
		return running ? hv_vm_pause : paused ? already : NULL;
	case STATE_REBOOT:
	case STATE_RESET:
		return running || paused ? hv_vm_reset : NULL;
	default:
		return NULL;
	}
}

static bool state_known(uint64_t s)
{
	return s >= STATE_ENABLED && s <= STATE_RESET;
}

static enum cim_status request_state_change(void *pctx, struct cim_call *call,
					    struct cim_result *res)
{
	const struct cim_value *to = &call->in[P_REQUESTED_STATE];
	struct virtual_system vs;
	transition_fn fn;
	int err;

	(void)pctx;
	if (to->is_null || !state_known(to->u)) {
		return cim_return(call, res, RSC_INVALID_PARAMETER,
			    "RequestedState must be one of 2-11 (CIM_EnabledLogicalElement)");
	}
	if (!call->in[P_TIMEOUT].is_null) {
		return cim_return(call, res, RSC_TIMEOUT_NOT_SUPPORTED,
			    "TimeoutPeriod is not supported: every change is requested at once");
	}
	if (strcmp(target_name(call), HOST_SYSTEM_NAME) == 0) {
		return cim_return(call, res, RSC_NOT_SUPPORTED,
			    "the host's state is not changed through WS-Management");
	}
	if (virtual_system_find(target_name(call), &vs) != 0) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no VM named %s", target_name(call));
	}
	fn = transition(vs.info.state, (uint16_t)to->u);
	if (fn == NULL) {
		return cim_return(call, res, RSC_INVALID_TRANSITION,
			    "VM %s cannot go from EnabledState %u to %u", vs.info.name,
			    system_state_enabled(vs.info.state), (unsigned)to->u);
	}
	err = fn(vs.info.id);
	if (err == -EBUSY) {
		return cim_return(call, res, RSC_BUSY, "VM %s: %s", vs.info.name, hv_error_text(err));
	}
	if (err != 0) {
		return cim_return(call, res, RSC_FAILED, "VM %s: %s", vs.info.name, hv_error_text(err));
	}
	return cim_return(call, res, RSC_COMPLETED, "%s", "");
}

const struct cim_method computer_system_methods[COMPUTER_SYSTEM_METHODS] = {
	{ "RequestStateChange", params, P_COUNT, false, request_state_change },
};

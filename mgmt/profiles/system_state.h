/* SPDX-License-Identifier: MIT */
/*
 * CIM_ComputerSystem.RequestStateChange (DSP1057 Virtual System 1.0, 8.2;
 * CIM_EnabledLogicalElement): a VM is started, resumed, powered off,
 * shut down through its ACPI power button, paused, rebooted or reset.  One
 * method table serves both providers of the class (the host, which refuses
 * with 1 Not Supported, and the VMs), as the class has one set of methods.
 * A shut-down waits for the guest: it returns 4096 with a CIM_ConcreteJob
 * (mgmt/profiles/job.h) that ends when the VM stops or its TimeoutPeriod
 * passes; every other change completes before the method returns.
 */
#ifndef VMANHV_MGMT_PROFILES_SYSTEM_STATE_H
#define VMANHV_MGMT_PROFILES_SYSTEM_STATE_H

#include <stdint.h>

#include "hv/api.h"
#include "mgmt/cim/cim.h"

/* RequestStateChange's ReturnValue (CIM_EnabledLogicalElement ValueMap). */
enum system_state_rv {
	RSC_COMPLETED = 0,
	RSC_NOT_SUPPORTED = 1,
	RSC_FAILED = 4,
	RSC_INVALID_PARAMETER = 5,
	RSC_JOB_STARTED = 4096,		/* Method Parameters Checked - Job Started */
	RSC_INVALID_TRANSITION = 4097,
	RSC_TIMEOUT_NOT_SUPPORTED = 4098,
	RSC_BUSY = 4099,
};

#define SYSTEM_STATE_REQUESTABLE_MAX	8U

/* EnabledState / RequestedState values (CIM_EnabledLogicalElement). */
enum system_state {
	STATE_ENABLED = 2,
	STATE_DISABLED = 3,
	STATE_SHUT_DOWN = 4,
	STATE_NOT_APPLICABLE = 5,
	STATE_OFFLINE = 6,
	STATE_TEST = 7,
	STATE_DEFER = 8,
	STATE_QUIESCE = 9,	/* DSP1057: Paused */
	STATE_REBOOT = 10,
	STATE_RESET = 11,
};

#define COMPUTER_SYSTEM_METHODS	1U
extern const struct cim_method computer_system_methods[COMPUTER_SYSTEM_METHODS];

/* A VM's EnabledState (DSP1057 table 3): running 2, paused 9, else 3. */
uint16_t system_state_enabled(enum hv_vm_state state);

/*
 * The RequestedState values that change a VM's state, from the table
 * RequestStateChange dispatches on, into out in table order: how many.
 * From *state only (AvailableRequestedStates), or from any state when
 * state is NULL (RequestedStatesSupported).  Requesting the state a VM is
 * in already is accepted (0) but is no change, so it is not listed.
 */
uint32_t system_state_requestable(const enum hv_vm_state *state,
				  uint64_t out[SYSTEM_STATE_REQUESTABLE_MAX]);

/* AvailableRequestedStates of VM vm in state: as system_state_requestable()
 * from state, or {3} alone while a job runs on it (the rest are Busy). */
uint32_t system_state_available(const char *vm, enum hv_vm_state state,
				uint64_t out[SYSTEM_STATE_REQUESTABLE_MAX]);

#endif

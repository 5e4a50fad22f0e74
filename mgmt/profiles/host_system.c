/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/system_state.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_AVAILABLE_REQUESTED_STATES,
	P_CREATION_CLASS_NAME,
	P_DEDICATED,
	P_ELEMENT_NAME,
	P_ENABLED_STATE,
	P_NAME,
	P_OPERATIONAL_STATUS,
	P_REQUESTED_STATE,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_AVAILABLE_REQUESTED_STATES] = { .name = "AvailableRequestedStates",
					   .type = CIM_TYPE_UINT16, .array = true },
	[P_CREATION_CLASS_NAME] = { .name = "CreationClassName", .type = CIM_TYPE_STRING,
				    .key = true },
	[P_DEDICATED] = { .name = "Dedicated", .type = CIM_TYPE_UINT16, .array = true },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_ENABLED_STATE] = { .name = "EnabledState", .type = CIM_TYPE_UINT16 },
	[P_NAME] = { .name = "Name", .type = CIM_TYPE_STRING, .key = true },
	[P_OPERATIONAL_STATUS] = { .name = "OperationalStatus", .type = CIM_TYPE_UINT16,
				   .array = true },
	[P_REQUESTED_STATE] = { .name = "RequestedState", .type = CIM_TYPE_UINT16 },
};

const struct cim_class host_system_class = {
	.name = HOST_SYSTEM_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* CIM_ComputerSystem.Dedicated: 0 Not Dedicated (a general-purpose host). */
static const uint64_t dedicated[] = { 0 };
/* OperationalStatus 2 OK */
static const uint64_t operational_status[] = { 2 };

static int host_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;

	(void)pctx;
	if (from > 0) {
		return 0;	/* the one instance is behind */
	}
	memset(&inst, 0, sizeof(inst));
	inst.cls = &host_system_class;
	/* the host's state is not changed through WS-Management: none */
	inst.values[P_AVAILABLE_REQUESTED_STATES] = (struct cim_value){ .count = 0 };
	inst.values[P_CREATION_CLASS_NAME].s = HOST_SYSTEM_CLASS;
	inst.values[P_DEDICATED] = (struct cim_value){ .count = 1, .ua = dedicated };
	inst.values[P_ELEMENT_NAME].s = HOST_SYSTEM_NAME;
	inst.values[P_ENABLED_STATE].u = 2;		/* Enabled */
	inst.values[P_NAME].s = HOST_SYSTEM_NAME;
	inst.values[P_OPERATIONAL_STATUS] = (struct cim_value){ .count = 1,
								.ua = operational_status };
	inst.values[P_REQUESTED_STATE].u = 12;		/* Not Applicable */
	return fn(ctx, &inst);
}

/* RequestStateChange is the class's method (CIM_EnabledLogicalElement), so
 * the host answers it too: 1 Not Supported (system_state.c, docs/profiles.md
 * "RequestStateChange"), not a fault saying the instance has no such method. */
const struct cim_provider host_system_provider = {
	.cls = &host_system_class,
	.enumerate = host_enumerate,
	.methods = computer_system_methods,
	.method_count = COMPUTER_SYSTEM_METHODS,
};

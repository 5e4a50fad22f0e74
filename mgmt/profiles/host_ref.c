/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/host_system.h"

const struct cim_ref host_system_ref = {
	.class_name = HOST_SYSTEM_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.key_count = 2,
	.keys = { { "CreationClassName", HOST_SYSTEM_CLASS, NULL }, { "Name", HOST_SYSTEM_NAME, NULL } },
};

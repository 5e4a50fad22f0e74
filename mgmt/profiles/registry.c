/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/registry.h"

static const struct cim_provider *const providers[] = {
	&host_system_provider,
};

const struct cim_registry profiles_registry = { providers,
						sizeof(providers) / sizeof(providers[0]) };

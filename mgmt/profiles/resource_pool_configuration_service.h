/* SPDX-License-Identifier: MIT */
/*
 * DSP1041 CIM_ResourcePoolConfigurationService: CreateChildResourcePool
 * carves a share out of a primordial pool, DeleteResourcePool gives it
 * back (refused while a VM allocates from it).  Hosted by the host
 * (CIM_HostedService, a second provider of that class).
 */
#ifndef VMANHV_MGMT_PROFILES_RESOURCE_POOL_CONFIGURATION_SERVICE_H
#define VMANHV_MGMT_PROFILES_RESOURCE_POOL_CONFIGURATION_SERVICE_H

#include "mgmt/cim/cim.h"

#define RPCS_CLASS	"CIM_ResourcePoolConfigurationService"
#define RPCS_NAME	"vmanhv-rpcs"

/* ReturnValue of its methods (dmtf-profiles.md 3.3: not the VSMS's codes). */
enum rpcs_return {
	RPCS_COMPLETED = 0,
	RPCS_FAILED = 4,
	RPCS_INVALID_PARAMETER = 5,
	RPCS_IN_USE = 6,
	RPCS_INCORRECT_RESOURCE_TYPE = 7,
	RPCS_INSUFFICIENT_RESOURCES = 8,
};

extern const struct cim_ref rpcs_ref;
extern const struct cim_class rpcs_class;
extern const struct cim_provider rpcs_provider;
extern const struct cim_provider rpcs_hosted_service_provider;

#endif

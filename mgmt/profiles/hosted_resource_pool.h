/* SPDX-License-Identifier: MIT */
/* DSP1041 CIM_HostedResourcePool: host -> primordial pool. */
#ifndef VMANHV_MGMT_PROFILES_HOSTED_RESOURCE_POOL_H
#define VMANHV_MGMT_PROFILES_HOSTED_RESOURCE_POOL_H

#include "mgmt/cim/cim.h"

extern const struct cim_class hosted_resource_pool_class;
extern const struct cim_provider hosted_resource_pool_provider;

#endif

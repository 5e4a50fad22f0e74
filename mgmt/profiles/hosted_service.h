/* SPDX-License-Identifier: MIT */
/* DSP1042 CIM_HostedService: host CIM_ComputerSystem -> the VSMS. */
#ifndef VMANHV_MGMT_PROFILES_HOSTED_SERVICE_H
#define VMANHV_MGMT_PROFILES_HOSTED_SERVICE_H

#include "mgmt/cim/cim.h"

extern const struct cim_class hosted_service_class;
extern const struct cim_provider hosted_service_provider;

#endif

/* SPDX-License-Identifier: MIT */
/* DSP1042 CIM_HostedDependency: each VM (Dependent) is hosted by the host
 * CIM_ComputerSystem (Antecedent, Max(1)). */
#ifndef VMANHV_MGMT_PROFILES_HOSTED_DEPENDENCY_H
#define VMANHV_MGMT_PROFILES_HOSTED_DEPENDENCY_H

#include "mgmt/cim/cim.h"

extern const struct cim_class hosted_dependency_class;
extern const struct cim_provider hosted_dependency_provider;

#endif

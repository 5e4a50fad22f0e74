/* SPDX-License-Identifier: MIT */
/* DSP1042 CIM_ElementCapabilities: the virtual system management service
 * (ManagedElement) and its CIM_VirtualSystemManagementCapabilities; each VM
 * and its CIM_EnabledLogicalElementCapabilities (DSP1057). */
#ifndef VMANHV_MGMT_PROFILES_ELEMENT_CAPABILITIES_H
#define VMANHV_MGMT_PROFILES_ELEMENT_CAPABILITIES_H

#include "mgmt/cim/cim.h"

extern const struct cim_class element_capabilities_class;
extern const struct cim_provider element_capabilities_provider;

#endif

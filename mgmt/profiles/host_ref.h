/* SPDX-License-Identifier: MIT */
/* The reference to the host CIM_ComputerSystem (DSP1042's scoping instance),
 * the end every hosting association shares. */
#ifndef VMANHV_MGMT_PROFILES_HOST_REF_H
#define VMANHV_MGMT_PROFILES_HOST_REF_H

#include "mgmt/cim/cim.h"

extern const struct cim_ref host_system_ref;

#endif

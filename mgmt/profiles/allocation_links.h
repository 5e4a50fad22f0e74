/* SPDX-License-Identifier: MIT */
/*
 * The associations that tie a VM's allocations together (DSP1041, DSP1057):
 * CIM_VirtualSystemSettingDataComponent (VSSD -> each RASD),
 * CIM_ResourceAllocationFromPool (pool -> RASD) and
 * CIM_ElementAllocatedFromPool (pool -> each CIM_Processor / CIM_Memory device).
 */
#ifndef VMANHV_MGMT_PROFILES_ALLOCATION_LINKS_H
#define VMANHV_MGMT_PROFILES_ALLOCATION_LINKS_H

#include "mgmt/cim/cim.h"

extern const struct cim_class vssd_component_class;
extern const struct cim_provider vssd_component_provider;
extern const struct cim_class resource_allocation_from_pool_class;
extern const struct cim_provider resource_allocation_from_pool_provider;
extern const struct cim_class element_allocated_from_pool_class;
extern const struct cim_provider element_allocated_from_pool_provider;

#endif

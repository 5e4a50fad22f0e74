/* SPDX-License-Identifier: MIT */
/*
 * DSP1042 CIM_VirtualSystemManagementCapabilities: what the management
 * service can do.  Its method arrays are computed from the service's own
 * dispatch table, so they cannot claim a method that is not there or omit
 * one that is (libvirt-cim's did, dmtf-profiles.md section 8, point 8).
 */
#ifndef VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_MANAGEMENT_CAPABILITIES_H
#define VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_MANAGEMENT_CAPABILITIES_H

#include <stdint.h>

#include "mgmt/cim/cim.h"

#define VSMC_CLASS		"CIM_VirtualSystemManagementCapabilities"
#define VSMC_INSTANCE_ID	"vmanhv:VirtualSystemManagementCapabilities"
#define VSMC_METHODS_MAX	16U

/*
 * The ValueMap values (MOF v2.23: 2 DefineSystem ... 10 AddResources) of
 * the methods p offers, in table order, into out: how many.  Methods the
 * ValueMap does not list are skipped.
 */
uint32_t vsmc_methods_supported(const struct cim_provider *p, uint64_t out[VSMC_METHODS_MAX]);

extern const struct cim_class vsmc_class;
extern const struct cim_provider vsmc_provider;

#endif

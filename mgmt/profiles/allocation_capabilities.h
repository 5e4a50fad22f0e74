/* SPDX-License-Identifier: MIT */
/*
 * DSP1043 Allocation Capabilities: one CIM_AllocationCapabilities per
 * primordial pool (InstanceID "vmanhv:allocation:processor" / ":memory"),
 * joined to its pool by CIM_ElementCapabilities, and the pool's RASD
 * templates (default, minimum, maximum, increment) joined to it by
 * CIM_SettingsDefineCapabilities.
 */
#ifndef VMANHV_MGMT_PROFILES_ALLOCATION_CAPABILITIES_H
#define VMANHV_MGMT_PROFILES_ALLOCATION_CAPABILITIES_H

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/allocation.h"

/* The reference to the pool of `kind`'s CIM_AllocationCapabilities. */
extern const struct cim_ref allocation_capabilities_refs[ALLOCATION_KINDS];

extern const struct cim_class allocation_capabilities_class;
extern const struct cim_provider allocation_capabilities_provider;
/* CIM_ElementCapabilities: pool (ManagedElement) -> its capabilities. */
extern const struct cim_provider pool_capabilities_provider;

/* One RASD template: what a client may ask of a pool (DSP1043 8.x). */
struct allocation_template {
	enum allocation_kind kind;
	const char *instance_id;	/* "vmanhv:template:<pool>:<role>" */
	const char *element_name;
	uint16_t value_role;		/* 0 Default, 3 Supported */
	uint16_t value_range;		/* 0 Point, 1 Minimums, 2 Maximums, 3 Increments */
	struct allocation values;
};

#define ALLOCATION_TEMPLATES	(4U * ALLOCATION_KINDS)
extern const struct allocation_template allocation_templates[ALLOCATION_TEMPLATES];

/* The processor pool's templates as CIM_ProcessorAllocationSettingData
 * instances (DSP1044), the memory pool's as CIM_ResourceAllocationSettingData. */
extern const struct cim_provider processor_template_provider;
extern const struct cim_provider allocation_template_provider;
/* CIM_SettingsDefineCapabilities: capabilities (GroupComponent) -> template. */
extern const struct cim_class settings_define_capabilities_class;
extern const struct cim_provider settings_define_capabilities_provider;

#endif

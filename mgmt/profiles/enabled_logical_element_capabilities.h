/* SPDX-License-Identifier: MIT */
/*
 * CIM_EnabledLogicalElementCapabilities of each VM (DSP1057 Virtual System,
 * state management): InstanceID "vmanhv:<VM name>:state-capabilities",
 * RequestedStatesSupported computed from the table RequestStateChange
 * dispatches on (mgmt/profiles/system_state.c), so it can neither claim a
 * state the method refuses nor omit one it takes; ElementName editable (Put
 * on the VSSD), at most 63 bytes.  Linked to its VM by
 * CIM_ElementCapabilities (mgmt/profiles/element_capabilities.c).
 */
#ifndef VMANHV_MGMT_PROFILES_ENABLED_LOGICAL_ELEMENT_CAPABILITIES_H
#define VMANHV_MGMT_PROFILES_ENABLED_LOGICAL_ELEMENT_CAPABILITIES_H

#include <stddef.h>
#include <stdint.h>

#include "mgmt/cim/cim.h"

#define ELEC_CLASS		"CIM_EnabledLogicalElementCapabilities"
#define ELEC_INSTANCE_ID_MAX	64U
#define ELEC_ID_SUFFIX		":state-capabilities"

/* "vmanhv:<vm>:state-capabilities" into buf. */
void elec_instance_id(const char *vm, char *buf, size_t size);

/* The reference to VM vm's capabilities; id (ELEC_INSTANCE_ID_MAX bytes)
 * holds its key's text. */
void elec_ref(const char *vm, struct cim_ref *ref, char *id);

/* fn for the CIM_ElementCapabilities of each VM from the from-th on
 * (ManagedElement = the VM, Capabilities = its ELEC), instances of cls. */
int elec_each_association(const struct cim_class *cls, uint32_t from, cim_instance_fn fn,
			  void *ctx);

extern const struct cim_class elec_class;
extern const struct cim_provider elec_provider;

#endif

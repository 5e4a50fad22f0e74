/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/element_capabilities.h"
#include "mgmt/profiles/enabled_logical_element_capabilities.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_management_capabilities.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("Capabilities", "CIM_Capabilities", "ManagedElement", "CIM_ManagedElement");

const struct cim_class element_capabilities_class = {
	.name = "CIM_ElementCapabilities",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

static const struct cim_ref vsmc_ref = {
	.class_name = VSMC_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.key_count = 1,
	.keys = { { "InstanceID", VSMC_INSTANCE_ID, NULL } },
};

static int element_capabilities_enumerate(void *pctx, uint32_t from, cim_instance_fn fn,
					  void *ctx)
{
	int rc;

	(void)pctx;
	rc = from > 0U ? 0
		       : association_emit(&element_capabilities_class, &vsmc_ref, &vsms_ref,
					  fn, ctx);
	/* then each VM and its CIM_EnabledLogicalElementCapabilities (DSP1057) */
	return rc != 0 ? rc
		       : elec_each_association(&element_capabilities_class,
					       from > 0U ? from - 1U : 0U, fn, ctx);
}

const struct cim_provider element_capabilities_provider = {
	.cls = &element_capabilities_class,
	.enumerate = element_capabilities_enumerate,
};

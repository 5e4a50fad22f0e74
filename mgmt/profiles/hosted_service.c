/* SPDX-License-Identifier: MIT */
/*
 * DSP1042 CIM_HostedService: the host CIM_ComputerSystem (Antecedent)
 * hosts the virtual system management service (Dependent).
 */
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/hosted_service.h"
#include "mgmt/profiles/virtual_system_management.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("Antecedent", "CIM_System", "Dependent", "CIM_Service");

const struct cim_class hosted_service_class = {
	.name = "CIM_HostedService",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

static int hosted_service_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	(void)pctx;
	return from > 0U ? 0
			 : association_emit(&hosted_service_class, &host_system_ref, &vsms_ref,
					    fn, ctx);
}

const struct cim_provider hosted_service_provider = {
	.cls = &hosted_service_class,
	.enumerate = hosted_service_enumerate,
};

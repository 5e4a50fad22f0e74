/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/hosted_dependency.h"
#include "mgmt/profiles/virtual_system.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("Antecedent", "CIM_ManagedElement", "Dependent", "CIM_ManagedElement");

const struct cim_class hosted_dependency_class = {
	.name = "CIM_HostedDependency",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

static int hosted_dependency_emit(void *ectx, const struct virtual_system *vs)
{
	const struct virtual_system_emit *e = ectx;
	struct cim_ref vm;

	virtual_system_ref(vs->info.name, &vm);
	return association_emit(&hosted_dependency_class, &host_system_ref, &vm, e->fn, e->ctx);
}

static int hosted_dependency_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return virtual_system_each(from, hosted_dependency_emit, &e);
}

const struct cim_provider hosted_dependency_provider = {
	.cls = &hosted_dependency_class,
	.enumerate = hosted_dependency_enumerate,
};

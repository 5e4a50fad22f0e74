/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <strings.h>

#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_management_capabilities.h"
#include "mgmt/profiles/virtual_system_settings.h"

enum {
	P_ASYNCHRONOUS_METHODS_SUPPORTED,
	P_ELEMENT_NAME,
	P_INSTANCE_ID,
	P_SYNCHRONOUS_METHODS_SUPPORTED,
	P_VIRTUAL_SYSTEM_TYPES_SUPPORTED,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_ASYNCHRONOUS_METHODS_SUPPORTED] = { .name = "AsynchronousMethodsSupported",
					       .type = CIM_TYPE_UINT16, .array = true },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_SYNCHRONOUS_METHODS_SUPPORTED] = { .name = "SynchronousMethodsSupported",
					      .type = CIM_TYPE_UINT16, .array = true },
	[P_VIRTUAL_SYSTEM_TYPES_SUPPORTED] = { .name = "VirtualSystemTypesSupported",
					       .type = CIM_TYPE_STRING, .array = true },
};

const struct cim_class vsmc_class = {
	.name = VSMC_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* CIM_VirtualSystemManagementCapabilities.SynchronousMethodsSupported ValueMap (v2.23). */
static const struct {
	const char *method;
	uint16_t value;
} method_values[] = {
	{ "DefineSystem", 2 },		{ "DestroySystem", 3 },
	{ "DestroySystemConfiguration", 4 }, { "ModifyResourceSettings", 5 },
	{ "ModifySystemSettings", 6 },	{ "RemoveResourceSettings", 7 },
	{ "SelectSystemConfiguration", 8 }, { "SnapshotSystem", 9 },
	{ "AddResourceSettings", 10 },
};

uint32_t vsmc_methods_supported(const struct cim_provider *p, uint64_t out[VSMC_METHODS_MAX])
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < p->method_count && n < VSMC_METHODS_MAX; i++) {
		for (size_t k = 0; k < sizeof(method_values) / sizeof(method_values[0]); k++) {
			if (strcasecmp(p->methods[i].name, method_values[k].method) == 0) {
				out[n++] = method_values[k].value;
			}
		}
	}
	return n;
}

static const char *const system_types[] = { VSSD_SYSTEM_TYPE };

static int vsmc_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	uint64_t sync[VSMC_METHODS_MAX];
	struct cim_instance inst;

	(void)pctx;
	if (from > 0U) {
		return 0;
	}
	memset(&inst, 0, sizeof(inst));
	inst.cls = &vsmc_class;
	/* Every method completes before it returns: none starts a job (4096). */
	inst.values[P_ASYNCHRONOUS_METHODS_SUPPORTED] = (struct cim_value){ .count = 0 };
	inst.values[P_ELEMENT_NAME].s = "vmanhv virtual system management capabilities";
	inst.values[P_INSTANCE_ID].s = VSMC_INSTANCE_ID;
	inst.values[P_SYNCHRONOUS_METHODS_SUPPORTED] =
		(struct cim_value){ .count = vsmc_methods_supported(&vsms_provider, sync),
				    .ua = sync };
	inst.values[P_VIRTUAL_SYSTEM_TYPES_SUPPORTED] =
		(struct cim_value){ .count = 1, .sa = system_types };
	return fn(ctx, &inst);
}

const struct cim_provider vsmc_provider = {
	.cls = &vsmc_class,
	.enumerate = vsmc_enumerate,
};

/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/account.h"
#include "mgmt/profiles/account_on_system.h"
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/host_ref.h"

static const struct cim_property props[] =
	ASSOCIATION_PROPS("GroupComponent", "CIM_System", "PartComponent", "CIM_Account");

const struct cim_class account_on_system_class = {
	.name = "CIM_AccountOnSystem",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = 2,
};

static int account_on_system_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const char *name;

	(void)pctx;
	for (uint32_t i = from; (name = account_name(i)) != NULL; i++) {
		struct cim_ref account;
		int rc;

		account_ref(name, &account);
		rc = association_emit(&account_on_system_class, &host_system_ref, &account, fn, ctx);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const struct cim_provider account_on_system_provider = {
	.cls = &account_on_system_class,
	.enumerate = account_on_system_enumerate,
};

/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/profiles/association.h"

int association_emit(const struct cim_class *cls, const struct cim_ref *a,
		     const struct cim_ref *b, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;

	memset(&inst, 0, sizeof(inst));
	inst.cls = cls;
	inst.values[0].ref = a;
	inst.values[1].ref = b;
	return fn(ctx, &inst);
}

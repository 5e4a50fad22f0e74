/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/profiles/affected_job_element.h"
#include "mgmt/profiles/concrete_job.h"
#include "mgmt/profiles/virtual_system.h"

/* The two keys first (alphabetical, DSP0230), then the effects. */
enum {
	P_AFFECTED_ELEMENT,
	P_AFFECTING_ELEMENT,
	P_ELEMENT_EFFECTS,
	P_OTHER_ELEMENT_EFFECTS_DESCRIPTIONS,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_AFFECTED_ELEMENT] = { .name = "AffectedElement", .type = CIM_TYPE_REF, .key = true,
				 .ref_class = "CIM_ManagedElement" },
	[P_AFFECTING_ELEMENT] = { .name = "AffectingElement", .type = CIM_TYPE_REF,
				  .key = true, .ref_class = "CIM_Job" },
	[P_ELEMENT_EFFECTS] = { .name = "ElementEffects", .type = CIM_TYPE_UINT16,
				.array = true },
	[P_OTHER_ELEMENT_EFFECTS_DESCRIPTIONS] = { .name = "OtherElementEffectsDescriptions",
						   .type = CIM_TYPE_STRING, .array = true },
};

const struct cim_class affected_job_element_class = {
	.name = "CIM_AffectedJobElement",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* ElementEffects 1 Other: a shutdown changes the VM's state, which none of
 * Exclusive Use, Performance Impact, Element Integrity or Create says. */
static const uint64_t effects[] = { 1 };
static const char *const effect_words[] = { "State change: shut down through the guest" };

struct emit_ctx {
	cim_instance_fn fn;
	void *ctx;
	uint32_t skip;	/* instances a Pull has had already (at most JOB_MAX) */
};

static int aje_emit(void *ectx, struct job *job)
{
	struct emit_ctx *e = ectx;
	struct virtual_system vs;
	struct cim_instance inst;
	struct cim_ref vm, jref;
	char id[JOB_ID_MAX];

	if (virtual_system_find(job->vm, &vs) != 0) {
		return 0;	/* never a reference to an instance that is not there */
	}
	if (e->skip > 0U) {
		e->skip--;
		return 0;
	}
	virtual_system_ref(job->vm, &vm);
	concrete_job_ref(job, &jref, id);
	memset(&inst, 0, sizeof(inst));
	inst.cls = &affected_job_element_class;
	inst.values[P_AFFECTED_ELEMENT].ref = &vm;
	inst.values[P_AFFECTING_ELEMENT].ref = &jref;
	inst.values[P_ELEMENT_EFFECTS] = (struct cim_value){ .count = 1, .ua = effects };
	inst.values[P_OTHER_ELEMENT_EFFECTS_DESCRIPTIONS] =
		(struct cim_value){ .count = 1, .sa = effect_words };
	return e->fn(e->ctx, &inst);
}

static int aje_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct emit_ctx e = { fn, ctx, from };

	(void)pctx;
	return job_each(0, aje_emit, &e);
}

const struct cim_provider affected_job_element_provider = {
	.cls = &affected_job_element_class,
	.enumerate = aje_enumerate,
};

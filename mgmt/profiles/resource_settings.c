/* SPDX-License-Identifier: MIT */
/*
 * AddResourceSettings, ModifyResourceSettings, RemoveResourceSettings
 * (DSP1042, CIM 2.22; dmtf-profiles.md 3.1).  Every VM has exactly one
 * processor and one memory allocation (DSP1044/1045 as vmanhv models
 * them), so Add adds to the VM's allocation of that type, Modify replaces
 * what its RASD gives, and Remove is refused.  docs/allocation.md has the
 * rules and why.
 */
#include <string.h>
#include <strings.h>

#include "mgmt/profiles/allocation_resize.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/rasd_instance.h"
#include "mgmt/profiles/resource_settings.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_settings.h"

enum { ADD_AFFECTED, ADD_SETTINGS, ADD_RESULTING, ADD_JOB };
enum { MOD_SETTINGS, MOD_RESULTING, MOD_JOB };
enum { REM_SETTINGS, REM_JOB };

#define JOB_PARAM { .name = "Job", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT, \
		    .ref_class = "CIM_ConcreteJob" }
#define RESULTING_PARAM { .name = "ResultingResourceSettings", .type = CIM_TYPE_REF, \
			  .array = true, .dir = CIM_PARAM_OUT, .ref_class = RASD_CLASS }

const struct cim_param add_resource_settings_params[RESOURCE_SETTINGS_ADD_PARAMS] = {
	[ADD_AFFECTED] = { .name = "AffectedConfiguration", .type = CIM_TYPE_REF,
			   .dir = CIM_PARAM_IN, .ref_class = VSSD_CLASS },
	[ADD_SETTINGS] = { .name = "ResourceSettings", .type = CIM_TYPE_INSTANCE, .array = true,
			   .dir = CIM_PARAM_IN, .embedded = &rasd_class },
	[ADD_RESULTING] = RESULTING_PARAM,
	[ADD_JOB] = JOB_PARAM,
};

const struct cim_param modify_resource_settings_params[RESOURCE_SETTINGS_MODIFY_PARAMS] = {
	[MOD_SETTINGS] = { .name = "ResourceSettings", .type = CIM_TYPE_INSTANCE, .array = true,
			   .dir = CIM_PARAM_IN, .embedded = &rasd_class },
	[MOD_RESULTING] = RESULTING_PARAM,
	[MOD_JOB] = JOB_PARAM,
};

const struct cim_param remove_resource_settings_params[RESOURCE_SETTINGS_REMOVE_PARAMS] = {
	[REM_SETTINGS] = { .name = "ResourceSettings", .type = CIM_TYPE_REF, .array = true,
			   .dir = CIM_PARAM_IN, .ref_class = RASD_CLASS },
	[REM_JOB] = JOB_PARAM,
};

/* A key's text in ref, or NULL. */
static const char *ref_key(const struct cim_ref *ref, const char *name)
{
	for (uint32_t i = 0; ref != NULL && i < ref->key_count && i < CIM_KEYS_MAX; i++) {
		if (strcasecmp(ref->keys[i].name, name) == 0) {
			return ref->keys[i].value;
		}
	}
	return NULL;
}

/*
 * The OUT ResultingResourceSettings: a reference to VM `vm`'s RASD of each
 * kind req names, in the call's arena.  false when the arena is full.
 */
static bool resulting(struct cim_call *call, uint32_t param, const char *vm,
		      const struct rasd_request *req)
{
	struct cim_ref **refs = cim_arena_alloc(call->arena, sizeof(*refs) * ALLOCATION_KINDS);
	uint32_t n = 0;

	for (uint32_t k = 0; refs != NULL && k < ALLOCATION_KINDS; k++) {
		char id[RASD_INSTANCE_ID_MAX];
		char *copy;

		if (!req->has[k]) {
			continue;
		}
		rasd_instance_id(vm, &resource_pools[k], id, sizeof(id));
		copy = cim_arena_strndup(call->arena, id, strlen(id));
		refs[n] = cim_arena_alloc(call->arena, sizeof(struct cim_ref));
		if (copy == NULL || refs[n] == NULL) {
			return false;
		}
		rasd_ref(copy, refs[n++]);
	}
	if (refs == NULL) {
		return false;
	}
	call->out[param] = (struct cim_value){ .count = n,
					       .ra = (const struct cim_ref *const *)refs };
	return true;
}

/* rasd_read on an IN array; its message is the method's reason. */
static bool settings_read(const struct cim_value *v, struct rasd_request *req,
			  struct cim_call *call, struct cim_result *res)
{
	if (v->is_null || v->count == 0U) {
		(void)cim_return(call, res, VSMS_INVALID_PARAMETER,
				 "ResourceSettings is required (at least one RASD)");
		return false;
	}
	if (rasd_read(v->ia, v->count, req, res) != CIM_OK) {
		res->status = CIM_OK;	/* the method ran: ReturnValue 4, the message says why */
		call->return_value = VSMS_INVALID_PARAMETER;
		return false;
	}
	return true;
}

/* Apply ch to vs and, on success, name the RASDs req touched. */
static enum cim_status finish(const struct virtual_system *vs, const struct allocation_change *ch,
			      const struct rasd_request *req, uint32_t bad_terms,
			      uint32_t out_param, struct cim_call *call, struct cim_result *res)
{
	char name[HV_VM_NAME_LEN];

	memcpy(name, vs->info.name, sizeof(name));	/* vs's VM may be remade */
	if (!resulting(call, out_param, name, req)) {
		return cim_fail(res, CIM_ERR_FAILED, "no memory left for the reply");
	}
	(void)allocation_resize(vs, ch, bad_terms, call, res);
	if (call->return_value != VSMS_COMPLETED) {
		call->out[out_param] = (struct cim_value){ .is_null = true };
		return CIM_OK;
	}
	virtual_system_changed();	/* the store keeps the new size (docs/store.md) */
	return CIM_OK;
}

/* --- AddResourceSettings ------------------------------------------------------------ */

/* The VM AffectedConfiguration (a REF to its VSSD) names, or why none. */
static const char *affected_vm(const struct cim_value *v, struct virtual_system *vs)
{
	const char *name;

	if (v->is_null || v->ref == NULL) {
		return "AffectedConfiguration is required";
	}
	if (strcasecmp(v->ref->class_name, VSSD_CLASS) != 0 &&
	    strcasecmp(v->ref->class_name, VMANHV_VSSD_CLASS) != 0) {
		return "AffectedConfiguration must refer to a VM's VirtualSystemSettingData";
	}
	name = vssd_vm_name(ref_key(v->ref, "InstanceID"));
	if (name == NULL || virtual_system_find(name, vs) != 0) {
		return "AffectedConfiguration refers to no VM's settings";
	}
	return NULL;
}

enum cim_status add_resource_settings(void *pctx, struct cim_call *call, struct cim_result *res)
{
	struct virtual_system vs;
	struct rasd_request req;
	struct allocation_change ch;
	const char *problem = affected_vm(&call->in[ADD_AFFECTED], &vs);

	(void)pctx;
	if (problem != NULL) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", problem);
	}
	if (!settings_read(&call->in[ADD_SETTINGS], &req, call, res)) {
		return CIM_OK;
	}
	/* DSP1044/1045: one allocation of each type per VM; an Add grows it */
	ch.vcpus = vs.info.vcpus + (req.has[ALLOCATION_PROCESSOR] && req.vcpus == 0U ? 1U
											: req.vcpus);
	ch.memory_bytes = vs.info.memory_bytes + req.memory_bytes;
	if (req.has[ALLOCATION_MEMORY] && req.memory_bytes == 0U) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER,
				  "ResourceSettings: a memory RASD to add needs a VirtualQuantity");
	}
	if (ch.vcpus > HV_VM_VCPUS_MAX || ch.memory_bytes > HV_VM_MEMORY_MAX) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER,
				  "VM %s would have %u vCPUs and %llu KiB (at most %u and %llu KiB)",
				  vs.info.name, ch.vcpus, (unsigned long long)(ch.memory_bytes >> 10),
				  HV_VM_VCPUS_MAX, (unsigned long long)(HV_VM_MEMORY_MAX >> 10));
	}
	allocation_terms_get(vs.info.name, &ch.terms);
	rasd_terms_merge(&req, &ch.terms);
	return finish(&vs, &ch, &req, VSMS_INVALID_PARAMETER, ADD_RESULTING, call, res);
}

/* --- ModifyResourceSettings --------------------------------------------------------- */

/*
 * The one VM whose RASDs the request names by InstanceID, each of the
 * type its InstanceID says.  NULL, or why not.
 */
static const char *modified_vm(const struct rasd_request *req, struct virtual_system *vs)
{
	char name[HV_VM_NAME_LEN], first[HV_VM_NAME_LEN] = "";

	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		const struct resource_pool_def *pool;

		if (!req->has[k]) {
			continue;
		}
		if (rasd_instance_parse(req->instance_id[k], name, &pool) != 0) {
			return "ResourceSettings: each RASD needs the InstanceID of a VM's RASD "
			       "(vmanhv:<VM>:processor or vmanhv:<VM>:memory)";
		}
		if (pool->kind != (enum allocation_kind)k) {
			return "ResourceSettings: a RASD's ResourceType is not its InstanceID's";
		}
		if (first[0] != '\0' && strcmp(first, name) != 0) {
			return "ResourceSettings names RASDs of two VMs: modify one VM per call";
		}
		memcpy(first, name, sizeof(first));
	}
	if (virtual_system_find(first, vs) != 0) {
		return "ResourceSettings: no VM has that RASD";
	}
	return NULL;
}

enum cim_status modify_resource_settings(void *pctx, struct cim_call *call,
					 struct cim_result *res)
{
	struct virtual_system vs;
	struct rasd_request req;
	struct allocation_change ch;
	const char *problem;

	(void)pctx;
	if (!settings_read(&call->in[MOD_SETTINGS], &req, call, res)) {
		return CIM_OK;
	}
	problem = modified_vm(&req, &vs);
	if (problem != NULL) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", problem);
	}
	/* RAD: what the RASD leaves out (NULL) stays as it is */
	ch.vcpus = req.vcpus != 0U ? req.vcpus : vs.info.vcpus;
	ch.memory_bytes = req.memory_bytes != 0U ? req.memory_bytes : vs.info.memory_bytes;
	allocation_terms_get(vs.info.name, &ch.terms);
	rasd_terms_merge(&req, &ch.terms);
	return finish(&vs, &ch, &req, VSMS_INCOMPATIBLE_PARAMETERS, MOD_RESULTING, call, res);
}

/* --- RemoveResourceSettings --------------------------------------------------------- */

enum cim_status remove_resource_settings(void *pctx, struct cim_call *call,
					 struct cim_result *res)
{
	const struct cim_value *v = &call->in[REM_SETTINGS];
	const struct resource_pool_def *pool;
	struct virtual_system vs;
	char name[HV_VM_NAME_LEN];

	(void)pctx;
	if (v->is_null || v->count == 0U) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER,
				  "ResourceSettings is required (references to RASDs)");
	}
	for (uint32_t i = 0; i < v->count; i++) {
		const struct cim_ref *ref = v->ra != NULL ? v->ra[i] : NULL;

		/* the RASD class or its DSP1044 subclass, which processors are served in */
		if (ref == NULL || ref->class_name == NULL ||
		    cim_class_accepting(&rasd_class, ref->class_name, strlen(ref->class_name)) ==
			    NULL ||
		    rasd_instance_parse(ref_key(ref, "InstanceID"), name, &pool) != 0 ||
		    virtual_system_find(name, &vs) != 0) {
			return cim_return(call, res, VSMS_INVALID_PARAMETER,
					  "ResourceSettings[%u] refers to no VM's RASD", i);
		}
	}
	/* every VM keeps one processor and one memory allocation (DSP1044/1045) */
	return cim_return(call, res, VSMS_INVALID_PARAMETER,
			  "VM %s cannot be without its %s: change it with "
			  "ModifyResourceSettings instead", name, pool->rasd_suffix);
}

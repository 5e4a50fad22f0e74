/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hv/api.h"
#include "mgmt/profiles/allocation_resize.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/modify_system_settings.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/resource_settings.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_settings.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_CREATION_CLASS_NAME,
	P_ELEMENT_NAME,
	P_ENABLED_STATE,
	P_NAME,
	P_OPERATIONAL_STATUS,
	P_REQUESTED_STATE,
	P_SYSTEM_CREATION_CLASS_NAME,
	P_SYSTEM_NAME,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_CREATION_CLASS_NAME] = { .name = "CreationClassName", .type = CIM_TYPE_STRING,
				    .key = true },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_ENABLED_STATE] = { .name = "EnabledState", .type = CIM_TYPE_UINT16 },
	[P_NAME] = { .name = "Name", .type = CIM_TYPE_STRING, .key = true },
	[P_OPERATIONAL_STATUS] = { .name = "OperationalStatus", .type = CIM_TYPE_UINT16,
				   .array = true },
	[P_REQUESTED_STATE] = { .name = "RequestedState", .type = CIM_TYPE_UINT16 },
	[P_SYSTEM_CREATION_CLASS_NAME] = { .name = "SystemCreationClassName",
					   .type = CIM_TYPE_STRING, .key = true },
	[P_SYSTEM_NAME] = { .name = "SystemName", .type = CIM_TYPE_STRING, .key = true },
};

const struct cim_class vsms_class = {
	.name = VSMS_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

const struct cim_ref vsms_ref = {
	.class_name = VSMS_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.key_count = 4,
	.keys = {
		{ "CreationClassName", VSMS_CLASS, NULL },
		{ "Name", VSMS_NAME, NULL },
		{ "SystemCreationClassName", HOST_SYSTEM_CLASS, NULL },
		{ "SystemName", HOST_SYSTEM_NAME, NULL },
	},
};

static const uint64_t status_ok[] = { 2 };	/* OperationalStatus 2 OK */

static int vsms_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;

	(void)pctx;
	if (from > 0U) {
		return 0;
	}
	memset(&inst, 0, sizeof(inst));
	inst.cls = &vsms_class;
	inst.values[P_CREATION_CLASS_NAME].s = VSMS_CLASS;
	inst.values[P_ELEMENT_NAME].s = "vmanhv virtual system management";
	inst.values[P_ENABLED_STATE].u = 2;		/* Enabled */
	inst.values[P_NAME].s = VSMS_NAME;
	inst.values[P_OPERATIONAL_STATUS] = (struct cim_value){ .count = 1, .ua = status_ok };
	inst.values[P_REQUESTED_STATE].u = 12;		/* Not Applicable */
	inst.values[P_SYSTEM_CREATION_CLASS_NAME].s = HOST_SYSTEM_CLASS;
	inst.values[P_SYSTEM_NAME].s = HOST_SYSTEM_NAME;
	return fn(ctx, &inst);
}

/* --- DefineSystem -------------------------------------------------------------------- */

enum { DS_SYSTEM_SETTINGS, DS_RESOURCE_SETTINGS, DS_REFERENCE_CONFIGURATION,
       DS_RESULTING_SYSTEM, DS_JOB, DS_COUNT };

/*
 * SystemSettings is EmbeddedInstance("CIM_VirtualSystemSettingData") in the
 * MOF; an instance of a subclass is what DSP0004 lets a client send, and
 * vmanhv's is the one that can say which guest to run.  The endpoint's
 * readers accept exactly the class named here, so it names the subclass.
 */
static const struct cim_param define_params[DS_COUNT] = {
	[DS_SYSTEM_SETTINGS] = { .name = "SystemSettings", .type = CIM_TYPE_INSTANCE,
				 .dir = CIM_PARAM_IN, .embedded = &vmanhv_vssd_class },
	[DS_RESOURCE_SETTINGS] = { .name = "ResourceSettings", .type = CIM_TYPE_INSTANCE,
				   .array = true, .dir = CIM_PARAM_IN, .embedded = &rasd_class },
	[DS_REFERENCE_CONFIGURATION] = { .name = "ReferenceConfiguration", .type = CIM_TYPE_REF,
					 .dir = CIM_PARAM_IN, .ref_class = VSSD_CLASS },
	[DS_RESULTING_SYSTEM] = { .name = "ResultingSystem", .type = CIM_TYPE_REF,
				  .dir = CIM_PARAM_OUT, .ref_class = VIRTUAL_SYSTEM_CLASS },
	[DS_JOB] = { .name = "Job", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT,
		     .ref_class = "CIM_ConcreteJob" },
};

/* A key's text in ref, or NULL. */
static const char *ref_key(const struct cim_ref *ref, const char *name)
{
	for (uint32_t i = 0; i < ref->key_count && i < CIM_KEYS_MAX; i++) {
		if (strcasecmp(ref->keys[i].name, name) == 0) {
			return ref->keys[i].value;
		}
	}
	return NULL;
}

/*
 * DSP1042 ReferenceConfiguration: an existing VM's settings supply what the
 * new ones leave out (its guest image and memory).  NULL, or why it is unusable.
 */
static const char *reference_read(const struct cim_value *v, struct virtual_system *ref_vs)
{
	const char *name;

	if (v->is_null) {
		return NULL;
	}
	if (v->ref == NULL || (strcasecmp(v->ref->class_name, VSSD_CLASS) != 0 &&
			       strcasecmp(v->ref->class_name, VMANHV_VSSD_CLASS) != 0)) {
		return "ReferenceConfiguration must refer to a VM's VirtualSystemSettingData";
	}
	name = vssd_vm_name(ref_key(v->ref, "InstanceID"));
	if (name == NULL || virtual_system_find(name, ref_vs) != 0) {
		return "ReferenceConfiguration refers to no VM's settings";
	}
	return NULL;
}

/* A guest file that is missing: the image, or (when one is named) the initrd. */
static enum cim_status missing_file(struct cim_call *call, struct cim_result *res,
				    const struct hv_vm_config *c)
{
	if (c->initrd[0] != '\0') {
		return cim_return(call, res, VSMS_INVALID_PARAMETER,
				  "KernelImage \"%s\" or InitialRamDisk \"%s\": no built-in "
				  "guest image or guest file has that name", c->image, c->initrd);
	}
	return cim_return(call, res, VSMS_INVALID_PARAMETER,
			  "KernelImage: no built-in guest image is called \"%s\"", c->image);
}

enum cim_status vsms_create_failed(struct cim_call *call, struct cim_result *res, int err,
				   const struct hv_vm_config *c)
{
	switch (-err) {
	case EEXIST:
		return cim_return(call, res, VSMS_INVALID_PARAMETER,
				     "a VM named %s exists", c->name);
	case ENOENT:
		return missing_file(call, res, c);
	case EINVAL:
	case EFBIG:
	case ENOEXEC:
	case E2BIG:
		/* the client's settings: a size, a kernel or a command line */
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", hv_error_text(err));
	case ENOSPC:
		return cim_return(call, res, VSMS_FAILED, "too many VMs (at most %u)",
				     HV_VM_MAX);
	default:
		return cim_return(call, res, VSMS_FAILED, "%s", hv_error_text(err));
	}
}

/*
 * The OUT ResultingSystem for VM `name`, in the call's arena; made before
 * the VM is, so that a reply that cannot be built leaves no VM behind.
 */
static struct cim_ref *resulting_system(struct cim_call *call, const char *name)
{
	struct cim_ref *ref = cim_arena_alloc(call->arena, sizeof(*ref));
	char *copy = cim_arena_strndup(call->arena, name, strlen(name));

	if (ref == NULL || copy == NULL) {
		return NULL;
	}
	virtual_system_ref(copy, ref);
	return ref;
}

/*
 * The VM's name and what it boots from SystemSettings: KernelImage,
 * InitialRamDisk and KernelCommandLine, each from the reference when the
 * settings leave it out.  0, or -EINVAL with why.
 */
static int settings_read(const struct cim_instance *vssd, const struct virtual_system *ref_vs,
			 struct hv_vm_config *c, char why[CIM_MESSAGE_MAX])
{
	const char *name = vssd_string(vssd, "ElementName");
	const char *problem = name == NULL
				      ? "SystemSettings: ElementName (the VM's name) is required"
				      : virtual_system_name_problem(name);

	if (problem != NULL) {
		snprintf(why, CIM_MESSAGE_MAX, "%s", problem);
		return -EINVAL;
	}
	if (ref_vs != NULL) {
		virtual_system_config(ref_vs, c);
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (vssd_boot_read(vssd, c, why) != 0) {
		return -EINVAL;
	}
	if (c->image[0] == '\0') {
		snprintf(why, CIM_MESSAGE_MAX, "%s",
			 "SystemSettings: KernelImage (vmanhv_VirtualSystemSettingData) names no "
			 "guest image");
		return -EINVAL;
	}
	return 0;
}

/*
 * The new VM's DSP1044/1045 terms: the reference's, then what the RASDs
 * give; checked against its vCPU count.  NULL, or the problem (also
 * copied into res->message).
 */
static const char *define_terms(const struct rasd_request *req,
				const struct virtual_system *ref_vs, uint32_t vcpus,
				struct allocation_terms *terms, struct cim_result *res)
{
	const char *problem;

	memset(terms, 0, sizeof(*terms));
	if (ref_vs != NULL) {
		allocation_terms_get(ref_vs->info.name, terms);
	}
	rasd_terms_merge(req, terms);
	problem = allocation_terms_problem(terms, vcpus != 0U ? vcpus : 1U);
	if (problem != NULL) {
		snprintf(res->message, sizeof(res->message), "ResourceSettings: %s", problem);
	}
	return problem;
}

static enum cim_status define_system(void *pctx, struct cim_call *call, struct cim_result *res)
{
	const struct cim_value *in = call->in;
	struct virtual_system ref_vs;
	bool has_ref = !in[DS_REFERENCE_CONFIGURATION].is_null;
	struct hv_vm_config c;
	struct rasd_request req;
	struct allocation_terms terms;
	struct cim_ref *result;
	const char *problem;
	uint64_t startup = VIRTUAL_SYSTEM_STARTUP_NONE;
	char why[CIM_MESSAGE_MAX];
	uint32_t id = 0;
	int err;

	(void)pctx;
	memset(&c, 0, sizeof(c));
	if (in[DS_SYSTEM_SETTINGS].is_null || in[DS_SYSTEM_SETTINGS].inst == NULL) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER,
				     "SystemSettings is required");
	}
	problem = reference_read(&in[DS_REFERENCE_CONFIGURATION], &ref_vs);
	if (problem != NULL) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", problem);
	}
	if (settings_read(in[DS_SYSTEM_SETTINGS].inst, has_ref ? &ref_vs : NULL, &c, why) != 0) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", why);
	}
	if (vssd_startup_action(in[DS_SYSTEM_SETTINGS].inst, &startup) < 0) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s",
				  "SystemSettings: " VSSD_STARTUP_ACTION_PROBLEM);
	}
	if (!in[DS_RESOURCE_SETTINGS].is_null &&
	    rasd_read(in[DS_RESOURCE_SETTINGS].ia, in[DS_RESOURCE_SETTINGS].count, &req,
		      res) != CIM_OK) {
		/* rasd_read's message says which RASD and why; the method ran */
		res->status = CIM_OK;
		call->return_value = VSMS_INVALID_PARAMETER;
		return CIM_OK;
	}
	if (in[DS_RESOURCE_SETTINGS].is_null) {
		memset(&req, 0, sizeof(req));
	}
	/* what the RASDs leave out: the reference's, else the hypervisor's default */
	c.memory_bytes = req.memory_bytes != 0U ? req.memory_bytes
			 : has_ref ? ref_vs.info.memory_bytes : 0U;
	c.vcpus = req.vcpus != 0U ? req.vcpus : has_ref ? ref_vs.info.vcpus : 0U;
	if (define_terms(&req, has_ref ? &ref_vs : NULL, c.vcpus, &terms, res) != NULL) {
		res->status = CIM_OK;	/* the message is set: the method ran */
		call->return_value = VSMS_INVALID_PARAMETER;
		return CIM_OK;
	}
	result = resulting_system(call, c.name);
	if (result == NULL) {
		return cim_fail(res, CIM_ERR_FAILED, "no memory left for the reply");
	}
	err = hv_vm_create(&c, &id);
	if (err != 0) {
		return vsms_create_failed(call, res, err, &c);
	}
	virtual_system_note_config(id, &c, c.name);
	if (allocation_settle_new(id, c.name, &terms, call, res) != 0) {
		return CIM_OK;	/* its memory pool had no room: the VM is gone again */
	}
	(void)virtual_system_set_startup_action(c.name, startup);
	virtual_system_changed();	/* the store keeps it (docs/store.md) */
	call->out[DS_RESULTING_SYSTEM] = (struct cim_value){ .ref = result };
	return cim_return(call, res, VSMS_COMPLETED, "%s", "");
}

/* --- DestroySystem ------------------------------------------------------------------- */

enum { DY_AFFECTED_SYSTEM, DY_JOB, DY_COUNT };

static const struct cim_param destroy_params[DY_COUNT] = {
	[DY_AFFECTED_SYSTEM] = { .name = "AffectedSystem", .type = CIM_TYPE_REF,
				 .dir = CIM_PARAM_IN, .ref_class = VIRTUAL_SYSTEM_CLASS },
	[DY_JOB] = { .name = "Job", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT,
		     .ref_class = "CIM_ConcreteJob" },
};

/* The VM AffectedSystem names, or why it names none. */
static const char *affected_vm(const struct cim_value *v, struct virtual_system *vs)
{
	const char *ccn, *name;

	if (v->is_null || v->ref == NULL) {
		return "AffectedSystem is required";
	}
	ccn = ref_key(v->ref, "CreationClassName");
	name = ref_key(v->ref, "Name");
	if (strcasecmp(v->ref->class_name, VIRTUAL_SYSTEM_CLASS) != 0 || ccn == NULL ||
	    strcasecmp(ccn, VIRTUAL_SYSTEM_CLASS) != 0 || name == NULL) {
		return "AffectedSystem must refer to a CIM_ComputerSystem by CreationClassName "
		       "and Name";
	}
	if (strcmp(name, HOST_SYSTEM_NAME) == 0) {
		return "AffectedSystem is the host, which is not a virtual system";
	}
	if (virtual_system_find(name, vs) != 0) {
		return "AffectedSystem: no VM has that Name";
	}
	return NULL;
}

static enum cim_status destroy_system(void *pctx, struct cim_call *call, struct cim_result *res)
{
	struct virtual_system vs;
	const char *problem = affected_vm(&call->in[DY_AFFECTED_SYSTEM], &vs);
	int err;

	(void)pctx;
	if (problem != NULL) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "%s", problem);
	}
	err = hv_vm_destroy(vs.info.id);
	if (err == -EBUSY) {
		return cim_return(call, res, VSMS_INVALID_STATE,
				     "VM %s is running: stop it first", vs.info.name);
	}
	if (err != 0) {
		return cim_return(call, res, VSMS_FAILED, "%s", hv_error_text(err));
	}
	virtual_system_forget(vs.info.id);
	allocation_terms_forget(vs.info.name);
	virtual_system_changed();	/* the store forgets it (docs/store.md) */
	return cim_return(call, res, VSMS_COMPLETED, "%s", "");
}

/* The dispatch table; CIM_VirtualSystemManagementCapabilities reads it too. */
static const struct cim_method methods[] = {
	{ "DefineSystem", define_params, DS_COUNT, false, define_system },
	{ "DestroySystem", destroy_params, DY_COUNT, false, destroy_system },
	{ "AddResourceSettings", add_resource_settings_params, RESOURCE_SETTINGS_ADD_PARAMS,
	  false, add_resource_settings },
	{ "ModifyResourceSettings", modify_resource_settings_params,
	  RESOURCE_SETTINGS_MODIFY_PARAMS, false, modify_resource_settings },
	{ "RemoveResourceSettings", remove_resource_settings_params,
	  RESOURCE_SETTINGS_REMOVE_PARAMS, false, remove_resource_settings },
	{ "ModifySystemSettings", modify_system_settings_params, MSS_COUNT, false,
	  modify_system_settings },
};

const struct cim_provider vsms_provider = {
	.cls = &vsms_class,
	.enumerate = vsms_enumerate,
	.methods = methods,
	.method_count = sizeof(methods) / sizeof(methods[0]),
};

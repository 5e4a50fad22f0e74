/* SPDX-License-Identifier: MIT */
/*
 * DSP1033 Profile Registration 1.0.0: CIM_RegisteredProfile,
 * CIM_ElementConformsToProfile and CIM_ReferencedProfile over a table of
 * the implemented profiles.
 */
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/association.h"
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/profile_registration.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/virtual_system.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_ADVERTISE_TYPES,
	P_ELEMENT_NAME,
	P_INSTANCE_ID,
	P_REGISTERED_NAME,
	P_REGISTERED_ORGANIZATION,
	P_REGISTERED_VERSION,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_ADVERTISE_TYPES] = { .name = "AdvertiseTypes", .type = CIM_TYPE_UINT16, .array = true },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_REGISTERED_NAME] = { .name = "RegisteredName", .type = CIM_TYPE_STRING },
	[P_REGISTERED_ORGANIZATION] = { .name = "RegisteredOrganization",
					.type = CIM_TYPE_UINT16 },
	[P_REGISTERED_VERSION] = { .name = "RegisteredVersion", .type = CIM_TYPE_STRING },
};

const struct cim_class registered_profile_class = {
	.name = "CIM_RegisteredProfile",
	.cim_namespace = CIM_NAMESPACE_INTEROP,
	.props = props,
	.prop_count = P_COUNT,
};

static const struct cim_property conforms_props[] =
	ASSOCIATION_PROPS("ConformantStandard", "CIM_RegisteredProfile", "ManagedElement",
			  "CIM_ManagedElement");

const struct cim_class conforms_interop_class = {
	.name = "CIM_ElementConformsToProfile",
	.cim_namespace = CIM_NAMESPACE_INTEROP,
	.props = conforms_props,
	.prop_count = 2,
};

const struct cim_class conforms_cimv2_class = {
	.name = "CIM_ElementConformsToProfile",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = conforms_props,
	.prop_count = 2,
};

/* Antecedent: the profile referenced; Dependent: the profile that uses it. */
static const struct cim_property referenced_props[] =
	ASSOCIATION_PROPS("Antecedent", "CIM_RegisteredProfile", "Dependent",
			  "CIM_RegisteredProfile");

const struct cim_class referenced_profile_class = {
	.name = "CIM_ReferencedProfile",
	.cim_namespace = CIM_NAMESPACE_INTEROP,
	.props = referenced_props,
	.prop_count = 2,
};

/* DSP1044 and DSP1045 specialise DSP1041 and use DSP1043's capabilities
 * (docs/allocation.md); one conforming element each: the central pool. */
static const char *const resource_type_profile_refs[] = { "vmanhv:DSP1041-1.1.0",
							  "vmanhv:DSP1043-1.0.0", NULL };

/* DSP1042 is the autonomous profile of the host: it uses Virtual System for
 * its VMs and the resource profiles for their pools; every one of them
 * relies on Profile Registration (docs/wsman.md "Profile registration"). */
static const char *const system_virtualization_refs[] = {
	"vmanhv:DSP1033-1.0.0", "vmanhv:DSP1057-1.0.0", "vmanhv:DSP1041-1.1.0",
	"vmanhv:DSP1043-1.0.0", "vmanhv:DSP1044-1.0.0", "vmanhv:DSP1045-1.0.0", NULL
};
/* A virtual system's processors and memory are DSP1044/1045 allocations. */
static const char *const virtual_system_refs[] = {
	"vmanhv:DSP1033-1.0.0", "vmanhv:DSP1044-1.0.0", "vmanhv:DSP1045-1.0.0", NULL
};

struct nth_vm {
	struct conforming_ref *out;
	bool found;
};

static int take_vm(void *ctx, const struct virtual_system *vs)
{
	struct nth_vm *n = ctx;

	snprintf(n->out->name, sizeof(n->out->name), "%s", vs->info.name);
	virtual_system_ref(n->out->name, &n->out->ref);
	n->found = true;
	return 1;
}

/* DSP1057's central instances: each VM's CIM_ComputerSystem, in id order. */
static bool virtual_system_at_k(uint32_t k, struct conforming_ref *out)
{
	struct nth_vm n = { out, false };

	virtual_system_each(k, take_vm, &n);
	return n.found;
}

/*
 * What the firmware implements, and only that (docs/wsman.md, "Profile
 * registration"): Profile Registration itself, whose scoping instance is
 * the managed system; the resource allocation profiles, whose central
 * instances are the primordial pools (docs/allocation.md); System
 * Virtualization, whose central instance is the host; Virtual System, one
 * central instance per VM.
 */
static const struct registered_profile firmware_profiles[] = {
	{ "vmanhv:DSP1033-1.0.0", "Profile Registration", "1.0.0", &host_system_ref, NULL, NULL },
	{ "vmanhv:DSP1041-1.1.0", "Resource Allocation", "1.1.0",
	  &processor_pool_ref, NULL, NULL },
	{ "vmanhv:DSP1043-1.0.0", "Allocation Capabilities", "1.0.0",
	  &allocation_capabilities_refs[ALLOCATION_PROCESSOR], NULL, NULL },
	{ "vmanhv:DSP1044-1.0.0", "Processor Resource Virtualization", "1.0.0",
	  &processor_pool_ref, resource_type_profile_refs, NULL },
	{ "vmanhv:DSP1045-1.0.0", "Memory Resource Virtualization", "1.0.0",
	  &memory_pool_ref, resource_type_profile_refs, NULL },
	{ "vmanhv:DSP1042-1.0.0", "System Virtualization", "1.0.0", &host_system_ref,
	  system_virtualization_refs, NULL },
	{ "vmanhv:DSP1057-1.0.0", "Virtual System", "1.0.0", NULL, virtual_system_refs,
	  virtual_system_at_k },
};

const struct profile_table profile_registration_table = {
	firmware_profiles, sizeof(firmware_profiles) / sizeof(firmware_profiles[0])
};

/* AdvertiseTypes 2: Not Advertised (no SLP; WS-Man clients find the
 * profiles by enumerating this class). */
static const uint64_t not_advertised[] = { 2 };

int registered_profile_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct profile_table *t = pctx;

	for (uint32_t i = from; i < t->count; i++) {
		const struct registered_profile *p = &t->profiles[i];
		struct cim_instance inst;
		int rc;

		memset(&inst, 0, sizeof(inst));
		inst.cls = &registered_profile_class;
		inst.values[P_ADVERTISE_TYPES] = (struct cim_value){ .count = 1,
								     .ua = not_advertised };
		inst.values[P_ELEMENT_NAME].s = p->name;
		inst.values[P_INSTANCE_ID].s = p->instance_id;
		inst.values[P_REGISTERED_NAME].s = p->name;
		inst.values[P_REGISTERED_ORGANIZATION].u = PROFILE_ORG_DMTF;
		inst.values[P_REGISTERED_VERSION].s = p->version;
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* The reference to a profile's CIM_RegisteredProfile. */
static struct cim_ref profile_ref(const char *instance_id)
{
	return (struct cim_ref){ .class_name = "CIM_RegisteredProfile",
				 .cim_namespace = CIM_NAMESPACE_INTEROP,
				 .key_count = 1,
				 .keys = { { "InstanceID", instance_id, NULL } } };
}

/* The instances of profile p's conforming elements found at run time. */
static int conforms_each(const struct conforms_source *src, const struct registered_profile *p,
			 uint32_t from, uint32_t *n, cim_instance_fn fn, void *ctx)
{
	struct cim_ref profile = profile_ref(p->instance_id);
	struct conforming_ref element;

	for (uint32_t k = 0; p->conforming_at(k, &element); k++) {
		int rc;

		if ((*n)++ < from) {
			continue;
		}
		rc = association_emit(src->cls, &profile, &element.ref, fn, ctx);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* One instance per profile and conforming element (the central or the
 * scoping instance), in profile order. */
int conforms_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct conforms_source *src = pctx;
	uint32_t n = 0;

	for (uint32_t i = 0; i < src->table->count; i++) {
		const struct registered_profile *p = &src->table->profiles[i];
		struct cim_ref profile = profile_ref(p->instance_id);
		int rc;

		if (p->conforming_at != NULL) {
			rc = conforms_each(src, p, from, &n, fn, ctx);
		} else if (p->conforming == NULL || n++ < from) {
			continue;
		} else {
			rc = association_emit(src->cls, &profile, p->conforming, fn, ctx);
		}
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* One instance per (profile, profile it references), in table order. */
int referenced_profile_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct profile_table *t = pctx;
	uint32_t n = 0;

	for (uint32_t i = 0; i < t->count; i++) {
		const struct registered_profile *p = &t->profiles[i];
		struct cim_ref dependent = profile_ref(p->instance_id);

		for (uint32_t k = 0; p->references != NULL && p->references[k] != NULL; k++) {
			struct cim_ref antecedent = profile_ref(p->references[k]);
			int rc;

			if (n++ < from) {
				continue;
			}
			rc = association_emit(&referenced_profile_class, &antecedent, &dependent,
					      fn, ctx);
			if (rc != 0) {
				return rc;
			}
		}
	}
	return 0;
}

static const struct conforms_source conforms_interop = { &profile_registration_table,
							 &conforms_interop_class };
static const struct conforms_source conforms_cimv2 = { &profile_registration_table,
						       &conforms_cimv2_class };

const struct cim_provider registered_profile_provider = {
	.cls = &registered_profile_class,
	.enumerate = registered_profile_enumerate,
	.pctx = (void *)&profile_registration_table,
};

const struct cim_provider conforms_interop_provider = {
	.cls = &conforms_interop_class,
	.enumerate = conforms_enumerate,
	.pctx = (void *)&conforms_interop,
};

const struct cim_provider conforms_cimv2_provider = {
	.cls = &conforms_cimv2_class,
	.enumerate = conforms_enumerate,
	.pctx = (void *)&conforms_cimv2,
};

const struct cim_provider referenced_profile_provider = {
	.cls = &referenced_profile_class,
	.enumerate = referenced_profile_enumerate,
	.pctx = (void *)&profile_registration_table,
};

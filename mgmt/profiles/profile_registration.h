/* SPDX-License-Identifier: MIT */
/*
 * DSP1033 Profile Registration: the DMTF profiles the firmware implements,
 * as CIM_RegisteredProfile instances in the interop namespace, each joined
 * to the instance that conforms to it (CIM_ElementConformsToProfile) and to
 * the profiles it references (CIM_ReferencedProfile).  Which profiles are
 * listed, and why, is in docs/wsman.md ("Profile registration").
 */
#ifndef VMANHV_MGMT_PROFILES_PROFILE_REGISTRATION_H
#define VMANHV_MGMT_PROFILES_PROFILE_REGISTRATION_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt/cim/cim.h"

#define CIM_NAMESPACE_INTEROP	"root/interop"

/* RegisteredOrganization (CIM_RegisteredProfile ValueMap): 2 DMTF */
#define PROFILE_ORG_DMTF	2U

/* A conforming element found at run time, with the storage its keys need. */
struct conforming_ref {
	struct cim_ref ref;
	char name[64];
};

/* The k-th element (0-based) conforming to a profile whose central
 * instances come and go (a VM each): true with *out set, false past the last. */
typedef bool (*conforming_at_fn)(uint32_t k, struct conforming_ref *out);

/* One implemented profile. */
struct registered_profile {
	const char *instance_id;	/* "vmanhv:DSP1033-1.0.0" (DSP0004 OrgID:LocalID) */
	const char *name;		/* RegisteredName, the profile's title */
	const char *version;		/* RegisteredVersion, "1.0.0" */
	const struct cim_ref *conforming;	/* ElementConformsToProfile's ManagedElement */
	const char *const *references;	/* InstanceIDs of profiles it uses; NULL-ended */
	conforming_at_fn conforming_at;	/* instead of conforming: one per element */
};

struct profile_table {
	const struct registered_profile *profiles;
	uint32_t count;
};

/* The firmware's table (what profile_registration.c lists) */
extern const struct profile_table profile_registration_table;

extern const struct cim_class registered_profile_class;
extern const struct cim_class conforms_interop_class;	/* CIM_ElementConformsToProfile */
extern const struct cim_class conforms_cimv2_class;	/* the same, in root/cimv2 */
extern const struct cim_class referenced_profile_class;

/* Providers over profile_registration_table.  CIM_ElementConformsToProfile
 * crosses namespaces and is served in both (DSP1033: the interop namespace
 * and the conforming element's). */
extern const struct cim_provider registered_profile_provider;
extern const struct cim_provider conforms_interop_provider;
extern const struct cim_provider conforms_cimv2_provider;
extern const struct cim_provider referenced_profile_provider;

/* The enumerate hooks, pctx a const struct profile_table * (conforms: a
 * struct conforms_source *), so tests can serve a table of their own. */
int registered_profile_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx);
int referenced_profile_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx);

struct conforms_source {
	const struct profile_table *table;
	const struct cim_class *cls;	/* conforms_interop_class or conforms_cimv2_class */
};

int conforms_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * What a WS-Transfer write or an Invoke is aimed at (DSP0226 7.4-7.6,
 * clause 9; DSP0227): the class the ResourceURI names, the instance its
 * selectors name, the provider serving it, and the faults when any of
 * those is missing.  Each function that returns false has replied with
 * the fault already.
 */
#ifndef VMANHV_MGMT_WSMAN_CIM_TARGET_H
#define VMANHV_MGMT_WSMAN_CIM_TARGET_H

#include "mgmt/cim/cim.h"
#include "mgmt/wsman/cim_fault.h"
#include "mgmt/wsman/exchange.h"

struct cim_target {
	const struct cim_class *cls;	/* the ResourceURI's class */
	const char *cim_namespace;	/* the __cimnamespace selector, or NULL */
	struct cim_key keys[WSMAN_SELECTORS_MAX];
	size_t key_count;
	struct cim_ref refs[WSMAN_SELECTOR_EPRS_MAX];	/* reference keys' values */
	const struct cim_provider *provider;
};

/* The class a DMTF class ResourceURI names (and __cimnamespace allows). */
bool cim_target_class(struct wsman_exchange *x, struct cim_target *t);

/* The selectors as exactly the class's keys (DSP0226 7.3 faults). */
bool cim_target_keys(struct wsman_exchange *x, struct cim_target *t);

/* No selectors but __cimnamespace (Create; static methods). */
bool cim_target_no_keys(struct wsman_exchange *x, struct cim_target *t);

/* The provider of exactly t->cls that holds the instance t->keys name:
 * wsa:DestinationUnreachable when none does. */
bool cim_target_instance_provider(struct wsman_exchange *x, struct cim_target *t);

/* The first provider of exactly cls (no subclass), or NULL. */
const struct cim_provider *cim_target_class_provider(const struct cim_registry *reg,
						     const struct cim_class *cls,
						     const char *cim_namespace);

/* Method name (case-insensitive, DSP0004) of p, or NULL. */
/* The method `name` as the class declares it: from the first of the class's
 * providers that has it (the host's CIM_ComputerSystem has no
 * RequestStateChange, the VMs' have); *provider set to that one.  NULL when
 * none has it. */
const struct cim_method *cim_target_class_method(const struct cim_registry *reg,
						 const struct cim_class *cls,
						 const char *cim_namespace, const char *name,
						 const struct cim_provider **provider);
const struct cim_method *cim_target_method(const struct cim_provider *p, const char *name);

/* wsa:ActionNotSupported with the request's action in the detail (DSP0226
 * 7.4-7.6: a resource that does not support the operation). */
void cim_reply_not_supported(struct wsman_exchange *x, const char *reason);

/* The fault for a provider's or parser's CIM error. */
void cim_reply_status(struct wsman_exchange *x, const struct cim_result *res,
		      enum cim_fault_origin origin);

/* A reply envelope up to s:Body with wsa:Action action. */
void cim_reply_begin(struct wsman_exchange *x, struct xml_writer *w, const char *action);

#endif

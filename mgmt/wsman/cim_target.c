/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/cim_ops_internal.h"
#include "mgmt/wsman/cim_target.h"
#include "mgmt/wsman/cim_xml.h"

void cim_reply_begin(struct wsman_exchange *x, struct xml_writer *w, const char *action)
{
	cim_ops_reply_begin(x, w, action, CIM_OPS_NO_ESTIMATE);
}

void cim_reply_not_supported(struct wsman_exchange *x, const char *reason)
{
	struct wsman_fault_report r = { .fault = WSMAN_FAULT_ACTION_NOT_SUPPORTED,
					.reason = reason, .action = x->env->action_uri };

	wsman_reply_fault(x, &r);
}

void cim_reply_status(struct wsman_exchange *x, const struct cim_result *res,
		      enum cim_fault_origin origin)
{
	struct wsman_fault_report r = { .reason = res->message[0] != '\0' ? res->message : NULL };

	cim_status_fault(res->status, origin, &r.fault, &r.detail);
	if (r.fault == WSMAN_FAULT_ACTION_NOT_SUPPORTED) {
		r.action = x->env->action_uri;
	}
	wsman_reply_fault(x, &r);
}

/* The same class lookup (and faults) as Get's (cim_ops.c). */
bool cim_target_class(struct wsman_exchange *x, struct cim_target *t)
{
	memset(t, 0, sizeof(*t));
	t->cim_namespace = wsman_selector(x->env, CIMNAMESPACE_SELECTOR);
	t->cls = cim_ops_find_class(x);
	return t->cls != NULL;
}

/* The same selector rules (and faults) as Get's, reference keys included. */
bool cim_target_keys(struct wsman_exchange *x, struct cim_target *t)
{
	return cim_ops_keys(x, t->cls, t->keys, &t->key_count, t->refs) == 0;
}

bool cim_target_no_keys(struct wsman_exchange *x, struct cim_target *t)
{
	for (uint32_t i = 0; i < x->env->selector_count; i++) {
		if (strcasecmp(x->env->selector[i].name, CIMNAMESPACE_SELECTOR) != 0) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_SELECTORS,
						 WSMAN_DETAIL_UNEXPECTED_SELECTORS,
						 "This operation takes no selectors but "
						 "__cimnamespace.");
			return false;
		}
	}
	t->key_count = 0;
	return true;
}

static int found(void *ctx, const struct cim_instance *inst)
{
	(void)inst;
	*(bool *)ctx = true;
	return 1;
}

bool cim_target_instance_provider(struct wsman_exchange *x, struct cim_target *t)
{
	const struct cim_registry *reg = x->ep->cim->registry;
	const struct cim_provider *p;
	size_t i = 0;

	while ((p = cim_registry_next(reg, t->cls->name, t->cim_namespace, &i)) != NULL) {
		bool hit = false;

		if (strcasecmp(p->cls->name, t->cls->name) != 0) {
			continue;	/* a subclass's provider: not this resource */
		}
		if (cim_get(p, t->keys, t->key_count, found, &hit) == 1 && hit) {
			t->provider = p;
			return true;
		}
	}
	wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE, WSMAN_DETAIL_NONE,
				 "No instance has these key values.");
	return false;
}

const struct cim_provider *cim_target_class_provider(const struct cim_registry *reg,
						     const struct cim_class *cls,
						     const char *cim_namespace)
{
	const struct cim_provider *p;
	size_t i = 0;

	while ((p = cim_registry_next(reg, cls->name, cim_namespace, &i)) != NULL) {
		if (strcasecmp(p->cls->name, cls->name) == 0) {
			return p;
		}
	}
	return NULL;
}

const struct cim_method *cim_target_method(const struct cim_provider *p, const char *name)
{
	for (uint32_t i = 0; p != NULL && i < p->method_count; i++) {
		if (strcasecmp(p->methods[i].name, name) == 0) {
			return &p->methods[i];
		}
	}
	return NULL;
}

const struct cim_method *cim_target_class_method(const struct cim_registry *reg,
						 const struct cim_class *cls,
						 const char *cim_namespace, const char *name,
						 const struct cim_provider **provider)
{
	const struct cim_provider *p;
	size_t i = 0;

	while ((p = cim_registry_next(reg, cls->name, cim_namespace, &i)) != NULL) {
		const struct cim_method *m = cim_target_method(p, name);

		if (m != NULL && strcasecmp(p->cls->name, cls->name) == 0) {
			*provider = p;
			return m;
		}
	}
	*provider = NULL;
	return NULL;
}

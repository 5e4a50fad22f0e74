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

bool cim_target_keys(struct wsman_exchange *x, struct cim_target *t)
{
	const struct wsman_envelope *env = x->env;
	const struct cim_class *cls = t->cls;

	t->key_count = 0;
	for (uint32_t i = 0; i < env->selector_count; i++) {
		const char *name = env->selector[i].name;
		int idx;

		if (strcasecmp(name, CIMNAMESPACE_SELECTOR) == 0) {
			continue;
		}
		idx = cim_class_property(cls, name);
		if (idx < 0 || !cls->props[idx].key) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_SELECTORS,
						 WSMAN_DETAIL_UNEXPECTED_SELECTORS,
						 "A selector is not a key of the class.");
			return false;
		}
		t->keys[t->key_count++] = (struct cim_key){ cls->props[idx].name,
							    env->selector[i].value, NULL };
	}
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		if (cls->props[i].key && wsman_selector(env, cls->props[i].name) == NULL) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_SELECTORS,
						 WSMAN_DETAIL_INSUFFICIENT_SELECTORS,
						 "The selectors do not name every key.");
			return false;
		}
	}
	return true;
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

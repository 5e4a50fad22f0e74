/* SPDX-License-Identifier: MIT */
/*
 * The CIM operations' entry: WS-Transfer Get over the CIM providers
 * (DSP0226 7.3, DSP0227), the helpers every operation shares (the
 * ResourceURI's class, selectors as keys, the reply's start), and the
 * dispatch table.  WS-Enumeration is in enumerate.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/cim_ops_internal.h"
#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/exchange.h"
#include "mgmt/wsman/invoke.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/write_body.h"

#define ACTION_GET_RESPONSE		WSMAN_NS_WXF "/GetResponse"

static const uint32_t reply_xmlns = WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSA) |
				    WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSMAN) |
				    WSMAN_XMLNS_BIT(WSMAN_XMLNS_WXF) |
				    WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSEN);

void cim_ops_reply_begin(struct wsman_exchange *x, struct xml_writer *w, const char *action,
			 int64_t estimate)
{
	char n[24];

	xml_writer_init(w, &x->resp->body, wsman_reply_limit(x));
	soap_envelope_begin(w, reply_xmlns);
	soap_header_begin(w);
	soap_header_addressing(w, action, wsman_new_message_id(x), x->env->message_id);
	if (estimate >= 0) {
		snprintf(n, sizeof(n), "%lld", (long long)estimate);
		xml_text_element(w, "wsman:TotalItemsCountEstimate", n);
	}
	soap_header_end(w);
	soap_body_begin(w);
}

const char *cim_ops_namespace(const struct cim_registry *reg, const char *cim_namespace)
{
	for (size_t i = 0; i < reg->count; i++) {
		if (strcmp(reg->providers[i]->cls->cim_namespace, cim_namespace) == 0) {
			return reg->providers[i]->cls->cim_namespace;
		}
	}
	return NULL;
}

/* --- resources and selectors ---------------------------------------------------- */

/* The class the ResourceURI names, in the namespace __cimnamespace names
 * (any namespace without one). */
const struct cim_class *cim_ops_find_class(struct wsman_exchange *x)
{
	const struct wsman_envelope *env = x->env;
	const char *ns = wsman_selector(env, CIMNAMESPACE_SELECTOR);
	const struct cim_class *cls;

	if (env->resource_uri == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
					 WSMAN_DETAIL_INVALID_RESOURCE_URI,
					 "The request has no wsman:ResourceURI.");
		return NULL;
	}
	cls = cim_registry_class(x->ep->cim->registry, cim_uri_class_name(env->resource_uri),
				 NULL);
	if (cls == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
					 WSMAN_DETAIL_INVALID_RESOURCE_URI,
					 "No such resource.");
		return NULL;
	}
	if (ns != NULL) {
		cls = cim_registry_class(x->ep->cim->registry, cls->name, ns);
		if (cls == NULL) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
						 WSMAN_DETAIL_INVALID_RESOURCE_URI,
						 "The class is not in this CIM namespace.");
		}
	}
	return cls;
}

/* DSP0226 7.3: the selectors name exactly the class's keys. */
/* An EPR-valued selector's EPR as the reference it names (DSP0226 7.2.2):
 * 0, or -EINVAL when it is no DMTF class URI or has too many keys. */
static int epr_to_ref(const struct wsman_selector_epr *e, struct cim_ref *r)
{
	memset(r, 0, sizeof(*r));
	r->class_name = cim_uri_class_name(e->resource_uri);
	if (r->class_name == NULL) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < e->selector_count; i++) {
		if (strcasecmp(e->selector[i].name, CIMNAMESPACE_SELECTOR) == 0) {
			r->cim_namespace = e->selector[i].value;
		} else if (r->key_count == CIM_KEYS_MAX) {
			return -EINVAL;
		} else {
			r->keys[r->key_count++] = (struct cim_key){ e->selector[i].name,
								    e->selector[i].value, NULL };
		}
	}
	return 0;
}

/* Selector i as the value of key property prop: text, or for a reference
 * key an EPR (refs holds what it names). */
static int selector_key(struct wsman_exchange *x, const struct cim_property *prop, uint32_t i,
			struct cim_ref *ref, struct cim_key *key)
{
	const struct wsman_selector *sel = &x->env->selector[i];
	bool is_ref = prop->type == CIM_TYPE_REF;

	if (is_ref != (sel->epr != NULL) || (is_ref && epr_to_ref(sel->epr, ref) != 0)) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_SELECTORS,
					 WSMAN_DETAIL_TYPE_MISMATCH,
					 "A reference key takes an endpoint reference naming a "
					 "DMTF class, other keys take text.");
		return -EINVAL;
	}
	*key = is_ref ? (struct cim_key){ prop->name, NULL, ref }
		      : (struct cim_key){ prop->name, sel->value, NULL };
	return 0;
}

int cim_ops_keys(struct wsman_exchange *x, const struct cim_class *cls, struct cim_key *keys,
		 size_t *n, struct cim_ref *refs)
{
	const struct wsman_envelope *env = x->env;
	size_t nrefs = 0;

	*n = 0;
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
			return -EINVAL;
		}
		if (selector_key(x, &cls->props[idx], i, &refs[nrefs], &keys[*n]) != 0) {
			return -EINVAL;
		}
		nrefs += keys[(*n)++].ref != NULL;
	}
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		if (cls->props[i].key && wsman_selector(env, cls->props[i].name) == NULL) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_SELECTORS,
						 WSMAN_DETAIL_INSUFFICIENT_SELECTORS,
						 "The selectors do not name every key.");
			return -EINVAL;
		}
	}
	return 0;
}

/* --- Get -------------------------------------------------------------------------- */

static int get_write(void *ctx, const struct cim_instance *inst)
{
	cim_xml_write_instance(ctx, inst);
	return 0;
}

static void get_operation(struct wsman_exchange *x)
{
	const struct cim_class *cls = cim_ops_find_class(x);
	struct cim_key keys[WSMAN_SELECTORS_MAX];
	struct cim_ref refs[WSMAN_SELECTOR_EPRS_MAX];
	struct xml_writer w;
	size_t n;
	int rc;

	if (cls == NULL || cim_ops_keys(x, cls, keys, &n, refs) != 0) {
		return;
	}
	cim_ops_reply_begin(x, &w, ACTION_GET_RESPONSE, CIM_OPS_NO_ESTIMATE);
	rc = cim_registry_get(x->ep->cim->registry, cls->name,
			      wsman_selector(x->env, CIMNAMESPACE_SELECTOR), keys, n, get_write,
			      &w);
	if (rc != 0) {
		w.err = w.err != 0 ? w.err : -ENOENT;
		xml_writer_finish(&w);
		if (rc == -ENOENT) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_DESTINATION_UNREACHABLE,
						 WSMAN_DETAIL_NONE,
						 "No instance has these key values.");
		} else {
			wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
						 "The provider failed.");
		}
		return;
	}
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

/* --- dispatch ------------------------------------------------------------------ */

static const struct wsman_body_ops *select_body(void *ctx, const struct wsman_envelope *env)
{
	struct wsman_exchange *x = ctx;

	switch (env->action) {
	case WSMAN_ACTION_ENUMERATE:
	case WSMAN_ACTION_PULL:
	case WSMAN_ACTION_RELEASE:
	case WSMAN_ACTION_ENUM_RENEW:
	case WSMAN_ACTION_ENUM_STATUS:
		memset(&x->ep->cim->request, 0, sizeof(x->ep->cim->request));
		return &wsman_enum_body_ops;
	default:	/* Put, Create, Invoke: mgmt/wsman/write_body.c */
		return wsman_write_select_body != NULL ? wsman_write_select_body(x, env) : NULL;
	}
}

static const struct wsman_ext cim_ext = {
	.ops = {
		[WSMAN_ACTION_GET] = get_operation,
		[WSMAN_ACTION_ENUMERATE] = wsman_enumerate_operation,
		[WSMAN_ACTION_PULL] = wsman_pull_operation,
		[WSMAN_ACTION_RELEASE] = wsman_release_operation,
		[WSMAN_ACTION_PUT] = wsman_put_operation,
		[WSMAN_ACTION_CREATE] = wsman_create_operation,
		[WSMAN_ACTION_DELETE] = wsman_delete_operation,
		[WSMAN_ACTION_INVOKE] = wsman_invoke_operation,
		[WSMAN_ACTION_ENUM_RENEW] = wsman_renew_operation,
		[WSMAN_ACTION_ENUM_STATUS] = wsman_get_status_operation,
	},
	.select_body = select_body,
	.end = wsman_write_body_release,
};

void wsman_cim_enable(struct wsman_endpoint *ep, struct wsman_cim_state *state,
		      const struct cim_registry *registry, uint64_t (*now_ms)(void))
{
	memset(state, 0, sizeof(*state));
	state->registry = registry;
	state->now_ms = now_ms;
	ep->cim = state;
	ep->ext = &cim_ext;
}

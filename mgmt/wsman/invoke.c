/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/invoke.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/write_body.h"

/* --- the reply ---------------------------------------------------------------------- */

/*
 * Why a non-zero ReturnValue: an embedded CIM_Error ahead of ReturnValue
 * when the provider said why (docs/wsman.md "Why a method failed").  No
 * method of the schema declares it; WS-Man clients read the elements they
 * know, and the DSP0004 CIM_Error is what the schema has for a reason.
 */
static void write_error(struct xml_writer *w, const struct cim_registry *reg,
			const struct cim_call *call, const char *reason)
{
	struct cim_value v = { 0 };

	if (call->return_value == 0U || reason[0] == '\0' || reg->method_error == NULL) {
		return;
	}
	v.inst = reg->method_error(call, reason, call->arena);
	if (v.inst != NULL) {
		cim_xml_write_value(w, "p:Error", CIM_TYPE_INSTANCE, &v, 0);
	}
}

/* OUT parameters in the method's order (NULL ones left out), then ReturnValue. */
static void write_output(struct xml_writer *w, const struct cim_class *cls,
			 const struct cim_call *call, const struct cim_registry *reg,
			 const char *reason)
{
	const struct cim_method *m = call->method;
	char qname[WSMAN_NAME_MAX + 16];
	char uri[WSMAN_URI_MAX];
	char num[16];

	snprintf(qname, sizeof(qname), "p:%s_OUTPUT", m->name);
	snprintf(uri, sizeof(uri), CIM_RESOURCE_URI_PREFIX "%s", cls->name);
	xml_open(w, qname);
	xml_attr(w, "xmlns:p", uri);
	xml_attr(w, "xmlns:cim", CIM_XML_NS_COMMON);
	for (uint32_t i = 0; i < m->param_count; i++) {
		const struct cim_param *p = &m->params[i];
		const struct cim_value *v = &call->out[i];
		char pq[WSMAN_NAME_MAX + 4];

		if ((p->dir & CIM_PARAM_OUT) == 0 || v->is_null ||
		    (!p->array && p->type == CIM_TYPE_REF && v->ref == NULL) ||
		    (!p->array && p->type == CIM_TYPE_INSTANCE && v->inst == NULL)) {
			continue;
		}
		snprintf(pq, sizeof(pq), "p:%s", p->name);
		if (!p->array) {
			struct cim_value scalar = *v;

			/* a scalar never reads the array pointers */
			scalar.sa = NULL;
			scalar.ua = NULL;
			scalar.ba = NULL;
			scalar.ra = NULL;
			scalar.ia = NULL;
			cim_xml_write_value(w, pq, p->type, &scalar, 0);
			continue;
		}
		for (uint32_t k = 0; k < v->count; k++) {
			cim_xml_write_value(w, pq, p->type, v, k);
		}
	}
	write_error(w, reg, call, reason);
	snprintf(num, sizeof(num), "%u", (unsigned)call->return_value);
	xml_text_element(w, "p:ReturnValue", num);
	xml_close(w, qname);
}

static void reply(struct wsman_exchange *x, const struct cim_class *cls,
		  const struct cim_call *call, const char *reason)
{
	char action[WSMAN_URI_MAX + 16];
	struct xml_writer w;

	/* DSP0227 clause 9: the response action is the request's + "Response" */
	snprintf(action, sizeof(action), "%sResponse", x->env->action_uri);
	cim_reply_begin(x, &w, action);
	write_output(&w, cls, call, x->ep->cim->registry, reason);
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

/* --- the request ------------------------------------------------------------------- */

/* The IN values: parsed, embedded instances resolved, required ones there. */
static bool input(struct wsman_exchange *x, struct wsman_write_body *wb,
		  const struct cim_method *m, struct cim_value *in)
{
	struct cim_embed_ctx ctx;
	struct cim_builder *root = wb->reader.root;

	for (uint32_t i = 0; i < CIM_SLOTS_MAX; i++) {
		in[i] = (struct cim_value){ .is_null = true };
	}
	if (root != NULL) {
		wsman_write_embed_ctx(x, wb, &ctx);
		if (cim_builder_finish(root, in) != CIM_OK ||
		    cim_embedded_resolve(&ctx, root->types, in, root->count, 0) != CIM_OK) {
			if (wb->arena.exhausted) {
				wsman_reply_fault_simple(x, WSMAN_FAULT_ENCODING_LIMIT,
							 WSMAN_DETAIL_NONE,
							 "The parameters need more memory than the "
							 "service has for one request.");
			} else {
				cim_reply_status(x, &wb->reader.res, CIM_FAULT_PARAMETERS);
			}
			return false;
		}
	}
	for (uint32_t i = 0; i < m->param_count; i++) {
		if ((m->params[i].dir & CIM_PARAM_IN) && m->params[i].required && in[i].is_null) {
			char why[CIM_MESSAGE_MAX];

			snprintf(why, sizeof(why), "%s requires the parameter %s.", m->name,
				 m->params[i].name);
			wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_PARAMETER,
						 WSMAN_DETAIL_MISSING_VALUES, why);
			return false;
		}
	}
	return true;
}

/* The provider and method: the instance's provider for an instance
 * method, the class's for a static one. */
static const struct cim_method *resolve(struct wsman_exchange *x, struct cim_target *t,
					struct cim_ref *target)
{
	const struct cim_registry *reg = x->ep->cim->registry;
	const struct cim_provider *declarer;
	const struct cim_method *m;

	m = cim_target_class_method(reg, t->cls, t->cim_namespace, x->env->method, &declarer);
	if (m == NULL || m->invoke == NULL) {
		cim_reply_not_supported(x, "The class has no such method.");
		return NULL;
	}
	*target = (struct cim_ref){ t->cls->name, t->cls->cim_namespace, 0, { { 0 } } };
	if (m->is_static) {
		t->provider = declarer;
		return cim_target_no_keys(x, t) ? m : NULL;
	}
	if (!cim_target_keys(x, t) || !cim_target_instance_provider(x, t)) {
		return NULL;
	}
	m = cim_target_method(t->provider, x->env->method);
	if (m == NULL || m->invoke == NULL) {
		cim_reply_not_supported(x, "This instance has no such method.");
		return NULL;
	}
	for (size_t i = 0; i < t->key_count && i < CIM_KEYS_MAX; i++) {
		target->keys[i] = t->keys[i];
	}
	target->key_count = (uint32_t)(t->key_count < CIM_KEYS_MAX ? t->key_count : CIM_KEYS_MAX);
	return m;
}

static void invoke(struct wsman_exchange *x, struct wsman_write_body *wb)
{
	struct cim_target t;
	struct cim_ref target;
	const struct cim_method *m;
	struct cim_value in[CIM_SLOTS_MAX];
	struct cim_value out[CIM_SLOTS_MAX];
	struct cim_result res = { 0 };
	struct cim_call call;

	if (!cim_target_class(x, &t) || (m = resolve(x, &t, &target)) == NULL) {
		return;
	}
	if (wb == NULL) {
		wb = wsman_write_body_get(x);	/* no _INPUT: every parameter NULL */
	}
	if (wb == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
					 "No memory for the request's values.");
		return;
	}
	if (wb->method != NULL && wb->method->param_count != m->param_count) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
					 "The class's providers disagree on the method.");
		return;
	}
	if (!input(x, wb, m, in)) {
		return;
	}
	for (uint32_t i = 0; i < CIM_SLOTS_MAX; i++) {
		out[i] = (struct cim_value){ .is_null = true };
	}
	call = (struct cim_call){ m, &target, in, out, 0, &wb->arena };
	res.status = m->invoke(t.provider->pctx, &call, &res);
	if (res.status != CIM_OK) {
		cim_reply_status(x, &res, CIM_FAULT_PARAMETERS);
		return;
	}
	reply(x, t.cls, &call, res.message);
}

void wsman_invoke_operation(struct wsman_exchange *x)
{
	invoke(x, wsman_write_body(x));
}

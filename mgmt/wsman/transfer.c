/* SPDX-License-Identifier: MIT */
/*
 * Put replaces what the client may change and nothing else: the keys name
 * the instance (selectors), properties without the Write qualifier are
 * the provider's, and a representation that tries to change either is a
 * wxf:InvalidRepresentation naming the property.  Properties the client
 * leaves out keep their values (docs/wsman.md "Put, Create, Delete").
 */
#include <errno.h>
#include <string.h>

#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/transfer.h"
#include "mgmt/wsman/write_body.h"

/* --- the representation in the body ---------------------------------------------- */

static void representation_fault(struct wsman_exchange *x, enum wsman_fault_detail detail,
				 const char *reason)
{
	wsman_reply_fault_simple(x, WSMAN_FAULT_INVALID_REPRESENTATION, detail, reason);
}

/* The instance of t->cls the body holds, its embedded instances parsed. */
static struct cim_instance *body_instance(struct wsman_exchange *x, struct wsman_write_body *wb,
					  const struct cim_target *t)
{
	struct cim_embed_ctx ctx;
	struct cim_instance *inst;

	if (wb == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
					 "No memory for the request's values.");
		return NULL;
	}
	if (wb->reader.root == NULL || !wb->reader.done || wb->cls != t->cls) {
		representation_fault(x, WSMAN_DETAIL_MISSING_VALUES,
				     "The body holds no instance of the resource's class.");
		return NULL;
	}
	inst = cim_builder_instance(wb->reader.root, t->cls);
	wsman_write_embed_ctx(x, wb, &ctx);
	if (inst == NULL || cim_embedded_resolve_instance(&ctx, inst, 0) != CIM_OK) {
		if (wb->arena.exhausted) {
			wsman_reply_fault_simple(x, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
						 "The body's values need more memory than the "
						 "service has for one request.");
		} else {
			cim_reply_status(x, &wb->reader.res, CIM_FAULT_REPRESENTATION);
		}
		return NULL;
	}
	return inst;
}

/* --- Put ------------------------------------------------------------------------------ */

struct current {
	struct cim_arena *arena;
	struct cim_instance *copy;
};

static int copy_current(void *ctx, const struct cim_instance *inst)
{
	struct current *c = ctx;

	c->copy = cim_instance_copy(c->arena, inst);
	return 1;
}

/*
 * merged = the current instance with the client's Write properties; false
 * (and the reason in res) when the client changes a key or a read-only
 * property.
 */
static bool merge(const struct cim_builder *given, const struct cim_instance *body,
		  struct cim_instance *merged, struct cim_result *res)
{
	const struct cim_class *cls = merged->cls;

	for (uint32_t i = 0; i < cls->prop_count && i < CIM_PROPERTIES_MAX; i++) {
		const struct cim_property *p = &cls->props[i];
		bool changed;

		if (!given->slots[i].present) {
			continue;
		}
		changed = !cim_value_equal(p, &body->values[i], &merged->values[i]);
		if (changed && p->key) {
			cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				 "%s is a key: it names the instance and cannot change.", p->name);
			return false;
		}
		if (changed && !p->write) {
			cim_fail(res, CIM_ERR_INVALID_PARAMETER, "%s is read-only.", p->name);
			return false;
		}
		merged->values[i] = body->values[i];
	}
	return true;
}

static int write_instance(void *ctx, const struct cim_instance *inst)
{
	cim_xml_write_instance(ctx, inst);
	return 1;
}

/* The reply with the instance as it is now (DSP0226 7.4: PutResponse may
 * carry the new representation; clients such as wsl print it). */
static void put_reply(struct wsman_exchange *x, const struct cim_target *t)
{
	struct xml_writer w;

	cim_reply_begin(x, &w, WSMAN_ACTION_URI_PUT_RESPONSE);
	if (cim_get(t->provider, t->keys, t->key_count, write_instance, &w) != 1) {
		w.err = w.err != 0 ? w.err : -ENOENT;
		xml_writer_finish(&w);
		wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
					 "The instance went away after the Put.");
		return;
	}
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

static void put(struct wsman_exchange *x, struct wsman_write_body *wb)
{
	struct cim_target t;
	struct cim_instance *body;
	struct current cur = { NULL, NULL };
	struct cim_result res = { 0 };

	if (!cim_target_class(x, &t) || !cim_target_keys(x, &t) ||
	    !cim_target_instance_provider(x, &t)) {
		return;
	}
	if (t.provider->put == NULL) {
		cim_reply_not_supported(x, "Instances of this class cannot be changed with Put.");
		return;
	}
	body = body_instance(x, wb, &t);
	if (body == NULL) {
		return;
	}
	cur.arena = &wb->arena;
	if (cim_get(t.provider, t.keys, t.key_count, copy_current, &cur) != 1 || cur.copy == NULL) {
		wsman_reply_fault_simple(x, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
					 "The current instance could not be read.");
		return;
	}
	if (!merge(wb->reader.root, body, cur.copy, &res)) {
		cim_reply_status(x, &res, CIM_FAULT_REPRESENTATION);
		return;
	}
	res.status = t.provider->put(t.provider->pctx, cur.copy, &res);
	if (res.status != CIM_OK) {
		cim_reply_status(x, &res, CIM_FAULT_REPRESENTATION);
		return;
	}
	put_reply(x, &t);
}

void wsman_put_operation(struct wsman_exchange *x)
{
	put(x, wsman_write_body(x));
}

/* --- Create --------------------------------------------------------------------------- */

static void create(struct wsman_exchange *x, struct wsman_write_body *wb)
{
	struct cim_target t;
	struct cim_instance *inst;
	struct cim_ref created = { 0 };
	struct cim_result res = { 0 };
	struct xml_writer w;

	if (!cim_target_class(x, &t) || !cim_target_no_keys(x, &t)) {
		return;
	}
	t.provider = cim_target_class_provider(x->ep->cim->registry, t.cls, t.cim_namespace);
	if (t.provider == NULL || t.provider->create == NULL) {
		cim_reply_not_supported(x, "Instances of this class cannot be created.");
		return;
	}
	inst = body_instance(x, wb, &t);
	if (inst == NULL) {
		return;
	}
	res.status = t.provider->create(t.provider->pctx, inst, &created, &wb->arena, &res);
	if (res.status != CIM_OK) {
		cim_reply_status(x, &res, CIM_FAULT_REPRESENTATION);
		return;
	}
	if (created.class_name == NULL) {
		created.class_name = t.cls->name;
	}
	if (created.cim_namespace == NULL) {
		created.cim_namespace = t.provider->cls->cim_namespace;
	}
	/* DSP0226 7.6: the new resource's EPR in wxf:ResourceCreated */
	cim_reply_begin(x, &w, WSMAN_ACTION_URI_CREATE_RESPONSE);
	xml_open(&w, "wxf:ResourceCreated");
	cim_xml_write_ref(&w, &created);
	xml_close(&w, "wxf:ResourceCreated");
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

void wsman_create_operation(struct wsman_exchange *x)
{
	create(x, wsman_write_body(x));
}

/* --- Delete --------------------------------------------------------------------------- */

void wsman_delete_operation(struct wsman_exchange *x)
{
	struct cim_target t;
	struct cim_result res = { 0 };
	struct xml_writer w;

	if (!cim_target_class(x, &t) || !cim_target_keys(x, &t) ||
	    !cim_target_instance_provider(x, &t)) {
		return;
	}
	if (t.provider->delete == NULL) {
		cim_reply_not_supported(x, "Instances of this class cannot be deleted.");
		return;
	}
	res.status = t.provider->delete(t.provider->pctx, t.keys, t.key_count, &res);
	if (res.status != CIM_OK) {
		cim_reply_status(x, &res, CIM_FAULT_OTHER);
		return;
	}
	cim_reply_begin(x, &w, WSMAN_ACTION_URI_DELETE_RESPONSE);
	soap_envelope_end(&w);
	wsman_reply_finish(x, &w);
}

/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/cim/mof_parse.h"
#include "mgmt/wsman/embedded.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

enum cim_status cim_embedded_parse(const struct cim_embed_ctx *ctx, const char *text,
				   size_t len, const struct cim_class *cls, unsigned depth,
				   const struct cim_instance **out)
{
	struct cim_instance *inst = NULL;
	size_t i = 0;
	enum cim_status st;

	if (depth >= CIM_EMBED_DEPTH_MAX) {
		return cim_fail(ctx->res, CIM_ERR_INVALID_PARAMETER,
				"Instances are embedded more than %u deep.", CIM_EMBED_DEPTH_MAX);
	}
	if (cls == NULL) {
		return cim_fail(ctx->res, CIM_ERR_FAILED,
				"No class is known for an embedded instance.");
	}
	while (i < len && is_space(text[i])) {
		i++;
	}
	if (i == len) {
		return cim_fail(ctx->res, CIM_ERR_INVALID_PARAMETER,
				"An embedded instance of %s is empty.", cls->name);
	}
	if (text[i] == '<') {
		st = cimxml_parse_instance(text, len, cls, &ctx->xml, ctx->arena, ctx->res, &inst);
	} else {
		st = cim_mof_parse(text, len, cls, ctx->arena, ctx->xml.scratch, ctx->res, &inst);
	}
	if (st != CIM_OK) {
		return st;
	}
	st = cim_embedded_resolve_instance(ctx, inst, depth + 1);
	*out = inst;
	return st;
}

static enum cim_status resolve_one(const struct cim_embed_ctx *ctx,
				   const struct cim_slot_type *t, const char *text, unsigned depth,
				   const struct cim_instance **out)
{
	enum cim_status st;

	if (text == NULL) {
		return CIM_OK;
	}
	st = cim_embedded_parse(ctx, text, strlen(text), t->embedded, depth, out);
	if (st != CIM_OK) {
		/* name the property or parameter the instance came in */
		char why[CIM_MESSAGE_MAX];

		memcpy(why, ctx->res->message, sizeof(why));
		cim_fail(ctx->res, st, "%s: %s", t->name, why);
	}
	return st;
}

/* The embedded instances already parsed (from WS-CIM XML) in v, resolved
 * in their turn; they live in the request's arena, so they are ours. */
static enum cim_status resolve_parsed(const struct cim_embed_ctx *ctx,
				      const struct cim_slot_type *t, struct cim_value *v,
				      unsigned depth)
{
	uint32_t n = t->array ? v->count : 1;

	for (uint32_t k = 0; k < n; k++) {
		const struct cim_instance *e = t->array ? v->ia[k] : v->inst;
		enum cim_status st;

		if (e == NULL) {
			continue;
		}
		if (depth >= CIM_EMBED_DEPTH_MAX) {
			return cim_fail(ctx->res, CIM_ERR_INVALID_PARAMETER,
					"Instances are embedded more than %u deep.",
					CIM_EMBED_DEPTH_MAX);
		}
		st = cim_embedded_resolve_instance(ctx, (struct cim_instance *)e, depth + 1);
		if (st != CIM_OK) {
			return st;
		}
	}
	return CIM_OK;
}

enum cim_status cim_embedded_resolve(const struct cim_embed_ctx *ctx,
				     const struct cim_slot_type *types, struct cim_value *values,
				     uint32_t count, unsigned depth)
{
	for (uint32_t i = 0; i < count; i++) {
		const struct cim_slot_type *t = &types[i];
		struct cim_value *v = &values[i];
		enum cim_status st = CIM_OK;

		if (t->type == CIM_TYPE_INSTANCE && !v->is_null) {
			/* WS-CIM XML instances came parsed, but may hold text ones */
			st = resolve_parsed(ctx, t, v, depth);
			if (st != CIM_OK) {
				return st;
			}
		}
		if (!cim_value_has_pending(t, v)) {
			continue;
		}
		if (!t->array) {
			st = resolve_one(ctx, t, v->s, depth, &v->inst);
			v->s = NULL;
		} else {
			/* the builder allocated ia in the arena, writable */
			const struct cim_instance **ia = (const struct cim_instance **)v->ia;

			for (uint32_t k = 0; k < v->count && st == CIM_OK; k++) {
				if (ia[k] == NULL) {
					st = resolve_one(ctx, t, v->sa[k], depth, &ia[k]);
				}
			}
			v->sa = NULL;
		}
		if (st != CIM_OK) {
			return st;
		}
	}
	return CIM_OK;
}

enum cim_status cim_embedded_resolve_instance(const struct cim_embed_ctx *ctx,
					      struct cim_instance *inst, unsigned depth)
{
	const struct cim_class *cls = inst->cls;
	struct cim_slot_type types[CIM_PROPERTIES_MAX];
	uint32_t n = cls->prop_count < CIM_PROPERTIES_MAX ? cls->prop_count : CIM_PROPERTIES_MAX;

	for (uint32_t i = 0; i < n; i++) {
		const struct cim_property *p = &cls->props[i];

		types[i] = (struct cim_slot_type){ p->name, p->type, p->array, p->embedded };
	}
	return cim_embedded_resolve(ctx, types, inst->values, n, depth);
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/cim/cim.h"

int cim_class_property(const struct cim_class *cls, const char *name)
{
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		if (strcasecmp(cls->props[i].name, name) == 0) {
			return (int)i;
		}
	}
	return -1;
}

int cim_value_text(const struct cim_property *prop, const struct cim_value *v, char *buf,
		   size_t size)
{
	int n;

	if (prop->array || v->is_null) {
		return -EINVAL;
	}
	switch (prop->type) {
	case CIM_TYPE_STRING:
	case CIM_TYPE_DATETIME:
		n = snprintf(buf, size, "%s", v->s != NULL ? v->s : "");
		break;
	case CIM_TYPE_BOOLEAN:
		n = snprintf(buf, size, "%s", v->b ? "true" : "false");
		break;
	case CIM_TYPE_REF:
		return -EINVAL;	/* a reference has no one-line text form */
	default:
		n = snprintf(buf, size, "%llu", (unsigned long long)v->u);
		break;
	}
	return n < 0 || (size_t)n >= size ? -E2BIG : 0;
}

struct get_ctx {
	const struct cim_key *keys;
	size_t n;
	cim_instance_fn fn;
	void *ctx;
	bool found;
};

static bool keys_match(const struct get_ctx *g, const struct cim_instance *inst)
{
	char text[CIM_KEY_TEXT_MAX];

	for (size_t i = 0; i < g->n; i++) {
		int idx = cim_class_property(inst->cls, g->keys[i].name);

		if (idx < 0 || cim_value_text(&inst->cls->props[idx], &inst->values[idx], text,
					      sizeof(text)) != 0) {
			return false;
		}
		if (strcmp(text, g->keys[i].value) != 0) {
			return false;
		}
	}
	return true;
}

static int get_one(void *ctx, const struct cim_instance *inst)
{
	struct get_ctx *g = ctx;

	if (!keys_match(g, inst)) {
		return 0;
	}
	g->found = true;
	return g->fn(g->ctx, inst);
}

int cim_get(const struct cim_provider *p, const struct cim_key *keys, size_t n,
	    cim_instance_fn fn, void *ctx)
{
	struct get_ctx g = { keys, n, fn, ctx, false };
	int rc = p->enumerate(p->pctx, get_one, &g);

	if (rc != 0) {
		return rc;
	}
	return g.found ? 0 : -ENOENT;
}

const struct cim_provider *cim_registry_find(const struct cim_registry *reg, const char *uri)
{
	size_t plen = strlen(CIM_RESOURCE_URI_PREFIX);

	if (reg == NULL || uri == NULL || strncmp(uri, CIM_RESOURCE_URI_PREFIX, plen) != 0) {
		return NULL;
	}
	for (size_t i = 0; i < reg->count; i++) {
		if (strcasecmp(reg->providers[i]->cls->name, uri + plen) == 0) {
			return reg->providers[i];
		}
	}
	return NULL;
}

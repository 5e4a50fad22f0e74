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

/* A key's text against inst's value of that property. */
static bool key_matches(const struct cim_instance *inst, const struct cim_key *key)
{
	char text[CIM_KEY_TEXT_MAX];
	int idx = cim_class_property(inst->cls, key->name);
	const struct cim_property *prop;
	const struct cim_value *v;

	if (idx < 0) {
		return false;
	}
	prop = &inst->cls->props[idx];
	v = &inst->values[idx];
	if (prop->type == CIM_TYPE_REF) {
		return !prop->array && !v->is_null && v->ref != NULL && key->ref != NULL &&
		       cim_ref_equal(v->ref, key->ref);
	}
	if (key->value == NULL || cim_value_text(prop, v, text, sizeof(text)) != 0) {
		return false;
	}
	return strcmp(text, key->value) == 0;
}

bool cim_instance_has_keys(const struct cim_instance *inst, const struct cim_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!key_matches(inst, &keys[i])) {
			return false;
		}
	}
	return true;
}

struct get_ctx {
	const struct cim_key *keys;
	size_t n;
	cim_instance_fn fn;
	void *ctx;
	bool found;
};

static int get_one(void *ctx, const struct cim_instance *inst)
{
	struct get_ctx *g = ctx;

	if (!cim_instance_has_keys(inst, g->keys, g->n)) {
		return 0;
	}
	g->found = true;
	return g->fn(g->ctx, inst);
}

int cim_get(const struct cim_provider *p, const struct cim_key *keys, size_t n,
	    cim_instance_fn fn, void *ctx)
{
	struct get_ctx g = { keys, n, fn, ctx, false };
	int rc = p->enumerate(p->pctx, 0, get_one, &g);

	if (rc != 0) {
		return rc;
	}
	return g.found ? 0 : -ENOENT;
}

/* --- classes and the registry ----------------------------------------------------- */

bool cim_class_is_a(const struct cim_class *cls, const char *name)
{
	for (; cls != NULL; cls = cls->super) {
		if (strcasecmp(cls->name, name) == 0) {
			return true;
		}
	}
	return false;
}

/* Subclasses nest at most this deep below the class a parameter names. */
#define SUBCLASS_DEPTH_MAX	4U

static const struct cim_class *accepting(const struct cim_class *cls, const char *name,
					 size_t len, unsigned depth)
{
	if (cls == NULL || depth > SUBCLASS_DEPTH_MAX) {
		return NULL;
	}
	if (strlen(cls->name) == len && strncasecmp(cls->name, name, len) == 0) {
		return cls;
	}
	for (size_t i = 0; cls->subclasses != NULL && cls->subclasses[i] != NULL; i++) {
		const struct cim_class *sub = accepting(cls->subclasses[i], name, len, depth + 1U);

		if (sub != NULL) {
			return sub;
		}
	}
	return NULL;
}

const struct cim_class *cim_class_accepting(const struct cim_class *cls, const char *name,
					    size_t len)
{
	return name != NULL ? accepting(cls, name, len, 0U) : NULL;
}

static bool namespace_is(const struct cim_class *cls, const char *cim_namespace)
{
	return cim_namespace == NULL || strcmp(cls->cim_namespace, cim_namespace) == 0;
}

const struct cim_class *cim_registry_class(const struct cim_registry *reg, const char *name,
					   const char *cim_namespace)
{
	if (reg == NULL || name == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < reg->count; i++) {
		for (const struct cim_class *c = reg->providers[i]->cls; c != NULL; c = c->super) {
			if (strcasecmp(c->name, name) == 0 && namespace_is(c, cim_namespace)) {
				return c;
			}
		}
	}
	return NULL;
}

const char *cim_uri_class_name(const char *uri)
{
	size_t plen = strlen(CIM_RESOURCE_URI_PREFIX);

	if (uri == NULL || strncmp(uri, CIM_RESOURCE_URI_PREFIX, plen) != 0 || uri[plen] == '\0') {
		return NULL;
	}
	return uri + plen;
}

const struct cim_class *cim_registry_find(const struct cim_registry *reg, const char *uri)
{
	return cim_registry_class(reg, cim_uri_class_name(uri), NULL);
}

const struct cim_provider *cim_registry_next(const struct cim_registry *reg, const char *name,
					     const char *cim_namespace, size_t *i)
{
	if (reg == NULL || name == NULL) {
		return NULL;
	}
	while (*i < reg->count) {
		const struct cim_provider *p = reg->providers[(*i)++];

		if (cim_class_is_a(p->cls, name) && namespace_is(p->cls, cim_namespace)) {
			return p;
		}
	}
	return NULL;
}

int cim_registry_get(const struct cim_registry *reg, const char *name,
		     const char *cim_namespace, const struct cim_key *keys, size_t n,
		     cim_instance_fn fn, void *ctx)
{
	const struct cim_provider *p;
	size_t i = 0;

	while ((p = cim_registry_next(reg, name, cim_namespace, &i)) != NULL) {
		int rc = cim_get(p, keys, n, fn, ctx);

		if (rc != -ENOENT) {
			return rc;
		}
	}
	return -ENOENT;
}

/* --- references -------------------------------------------------------------------- */

int cim_ref_of(const struct cim_instance *inst, struct cim_ref_buf *out)
{
	const struct cim_class *cls = inst->cls;
	struct cim_ref *ref = &out->ref;

	memset(ref, 0, sizeof(*ref));
	ref->class_name = cls->name;
	ref->cim_namespace = cls->cim_namespace;
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		const struct cim_property *p = &cls->props[i];
		struct cim_key *k;

		if (!p->key) {
			continue;
		}
		if (ref->key_count == CIM_KEYS_MAX) {
			return -E2BIG;
		}
		k = &ref->keys[ref->key_count];
		k->name = p->name;
		if (p->type == CIM_TYPE_REF) {
			k->ref = inst->values[i].ref;
		} else if (cim_value_text(p, &inst->values[i], out->text[ref->key_count],
					  sizeof(out->text[0])) == 0) {
			k->value = out->text[ref->key_count];
		} else {
			return -E2BIG;
		}
		ref->key_count++;
	}
	return 0;
}

static const struct cim_key *ref_key(const struct cim_ref *r, const char *name)
{
	for (uint32_t i = 0; i < r->key_count && i < CIM_KEYS_MAX; i++) {
		if (strcasecmp(r->keys[i].name, name) == 0) {
			return &r->keys[i];
		}
	}
	return NULL;
}

static bool key_equal(const struct cim_key *a, const struct cim_key *b)
{
	if (a->ref != NULL || b->ref != NULL) {
		return a->ref != NULL && b->ref != NULL && cim_ref_equal(a->ref, b->ref);
	}
	return a->value != NULL && b->value != NULL && strcmp(a->value, b->value) == 0;
}

/* The same keys in the same order (the usual case: both built from the
 * class's key list); it also keeps equality reflexive for a reference
 * that names a key twice. */
static bool keys_in_order(const struct cim_ref *a, const struct cim_ref *b)
{
	for (uint32_t i = 0; i < a->key_count && i < CIM_KEYS_MAX; i++) {
		if (strcasecmp(a->keys[i].name, b->keys[i].name) != 0 ||
		    !key_equal(&a->keys[i], &b->keys[i])) {
			return false;
		}
	}
	return true;
}

bool cim_ref_equal(const struct cim_ref *a, const struct cim_ref *b)
{
	if (a->class_name == NULL || b->class_name == NULL ||
	    strcasecmp(a->class_name, b->class_name) != 0 || a->key_count != b->key_count) {
		return false;
	}
	if (a->cim_namespace != NULL && b->cim_namespace != NULL &&
	    strcmp(a->cim_namespace, b->cim_namespace) != 0) {
		return false;
	}
	if (keys_in_order(a, b)) {
		return true;
	}
	for (uint32_t i = 0; i < a->key_count && i < CIM_KEYS_MAX; i++) {
		const struct cim_key *kb = ref_key(b, a->keys[i].name);

		if (kb == NULL || !key_equal(&a->keys[i], kb)) {
			return false;
		}
	}
	return true;
}

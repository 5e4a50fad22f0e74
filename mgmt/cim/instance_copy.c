/* SPDX-License-Identifier: MIT */
/*
 * Deep copies and comparisons of CIM values: Put merges the client's
 * representation with the current instance (whose values a provider lends
 * only during a callback) and compares what may not change.
 */
#include <string.h>

#include "mgmt/cim/instance_build.h"

static const char *copy_str(struct cim_arena *a, const char *s, bool *ok)
{
	char *c;

	if (s == NULL) {
		return NULL;
	}
	c = cim_arena_strndup(a, s, strlen(s));
	*ok = *ok && c != NULL;
	return c;
}

static const struct cim_ref *copy_ref(struct cim_arena *a, const struct cim_ref *r, bool *ok)
{
	struct cim_ref *c;

	if (r == NULL) {
		return NULL;
	}
	c = cim_arena_alloc(a, sizeof(*c));
	if (c == NULL) {
		*ok = false;
		return NULL;
	}
	c->class_name = copy_str(a, r->class_name, ok);
	c->cim_namespace = copy_str(a, r->cim_namespace, ok);
	c->key_count = r->key_count < CIM_KEYS_MAX ? r->key_count : CIM_KEYS_MAX;
	for (uint32_t i = 0; i < c->key_count; i++) {
		c->keys[i].name = copy_str(a, r->keys[i].name, ok);
		c->keys[i].value = copy_str(a, r->keys[i].value, ok);
		c->keys[i].ref = copy_ref(a, r->keys[i].ref, ok);
	}
	return c;
}

static void *copy_array(struct cim_arena *a, const void *src, size_t size, bool *ok)
{
	void *c;

	if (src == NULL || size == 0) {
		return NULL;
	}
	c = cim_arena_alloc(a, size);
	if (c == NULL) {
		*ok = false;
		return NULL;
	}
	memcpy(c, src, size);
	return c;
}

static void copy_array_value(struct cim_arena *a, const struct cim_property *p,
			     const struct cim_value *src, struct cim_value *dst, bool *ok)
{
	uint32_t n = src->count;

	dst->ua = copy_array(a, src->ua, n * sizeof(*src->ua), ok);
	dst->ba = copy_array(a, src->ba, n * sizeof(*src->ba), ok);
	if (src->sa != NULL && n > 0) {
		const char **sa = cim_arena_alloc(a, n * sizeof(*sa));

		for (uint32_t k = 0; sa != NULL && k < n; k++) {
			sa[k] = copy_str(a, src->sa[k], ok);
		}
		*ok = *ok && sa != NULL;
		dst->sa = sa;
	}
	if (src->ra != NULL && n > 0) {
		const struct cim_ref **ra = cim_arena_alloc(a, n * sizeof(*ra));

		for (uint32_t k = 0; ra != NULL && k < n; k++) {
			ra[k] = copy_ref(a, src->ra[k], ok);
		}
		*ok = *ok && ra != NULL;
		dst->ra = ra;
	}
	if (src->ia != NULL && n > 0) {
		const struct cim_instance **ia = cim_arena_alloc(a, n * sizeof(*ia));

		for (uint32_t k = 0; ia != NULL && k < n; k++) {
			ia[k] = src->ia[k] != NULL ? cim_instance_copy(a, src->ia[k]) : NULL;
			*ok = *ok && (src->ia[k] == NULL || ia[k] != NULL);
		}
		*ok = *ok && ia != NULL;
		dst->ia = ia;
	}
	(void)p;
}

bool cim_value_copy(struct cim_arena *a, const struct cim_property *p,
		    const struct cim_value *src, struct cim_value *dst)
{
	bool ok = true;

	*dst = (struct cim_value){ .is_null = src->is_null, .u = src->u, .b = src->b,
				   .count = src->count };
	if (src->is_null) {
		return true;
	}
	if (p->array) {
		copy_array_value(a, p, src, dst, &ok);
		return ok;
	}
	dst->s = copy_str(a, src->s, &ok);
	dst->ref = copy_ref(a, src->ref, &ok);
	if (src->inst != NULL) {
		dst->inst = cim_instance_copy(a, src->inst);
		ok = ok && dst->inst != NULL;
	}
	return ok;
}

struct cim_instance *cim_instance_copy(struct cim_arena *a, const struct cim_instance *inst)
{
	struct cim_instance *c = cim_arena_alloc(a, sizeof(*c));

	if (c == NULL) {
		return NULL;
	}
	c->cls = inst->cls;
	for (uint32_t i = 0; i < inst->cls->prop_count && i < CIM_PROPERTIES_MAX; i++) {
		if (!cim_value_copy(a, &inst->cls->props[i], &inst->values[i], &c->values[i])) {
			return NULL;
		}
	}
	return c;
}

static bool str_equal(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool ref_equal(const struct cim_ref *a, const struct cim_ref *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && cim_ref_equal(a, b));
}

static bool instance_equal(const struct cim_instance *a, const struct cim_instance *b)
{
	if (a == NULL || b == NULL) {
		return a == b;
	}
	if (a->cls != b->cls) {
		return false;
	}
	for (uint32_t i = 0; i < a->cls->prop_count && i < CIM_PROPERTIES_MAX; i++) {
		if (!cim_value_equal(&a->cls->props[i], &a->values[i], &b->values[i])) {
			return false;
		}
	}
	return true;
}

/* Element k of an array, or the scalar (k 0, array false). */
static bool element_equal(const struct cim_property *p, const struct cim_value *a,
			  const struct cim_value *b, uint32_t k)
{
	bool arr = p->array;

	switch (p->type) {
	case CIM_TYPE_STRING:
	case CIM_TYPE_DATETIME:
		return str_equal(arr ? a->sa[k] : a->s, arr ? b->sa[k] : b->s);
	case CIM_TYPE_BOOLEAN:
		return (arr ? a->ba[k] : a->b) == (arr ? b->ba[k] : b->b);
	case CIM_TYPE_REF:
		return ref_equal(arr ? a->ra[k] : a->ref, arr ? b->ra[k] : b->ref);
	case CIM_TYPE_INSTANCE:
		return instance_equal(arr ? a->ia[k] : a->inst, arr ? b->ia[k] : b->inst);
	default:
		return (arr ? a->ua[k] : a->u) == (arr ? b->ua[k] : b->u);
	}
}

bool cim_value_equal(const struct cim_property *p, const struct cim_value *a,
		     const struct cim_value *b)
{
	if (a->is_null || b->is_null) {
		return a->is_null == b->is_null;
	}
	if (!p->array) {
		return element_equal(p, a, b, 0);
	}
	if (a->count != b->count) {
		return false;
	}
	for (uint32_t k = 0; k < a->count; k++) {
		if (!element_equal(p, a, b, k)) {
			return false;
		}
	}
	return true;
}

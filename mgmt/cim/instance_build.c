/* SPDX-License-Identifier: MIT */
/*
 * Values checked against their property or parameter type (DSP0004 5.2
 * types, with the lexical forms of XML Schema that DSP0230 and DSP0201
 * use: xs:boolean, decimal unsigned integers, datetimes as text).
 */
#include <string.h>
#include <strings.h>

#include "mgmt/cim/instance_build.h"

struct cim_elem {
	struct cim_elem *next;
	const char *s;
	uint64_t u;
	bool b;
	const struct cim_ref *ref;
	const struct cim_instance *inst;
};

static const char *type_name(enum cim_type t)
{
	switch (t) {
	case CIM_TYPE_STRING: return "string";
	case CIM_TYPE_BOOLEAN: return "boolean";
	case CIM_TYPE_UINT16: return "uint16";
	case CIM_TYPE_UINT32: return "uint32";
	case CIM_TYPE_UINT64: return "uint64";
	case CIM_TYPE_DATETIME: return "datetime";
	case CIM_TYPE_REF: return "reference";
	case CIM_TYPE_INSTANCE: return "embedded instance";
	}
	return "?";
}

enum cim_status cim_arena_full(struct cim_result *res)
{
	return cim_fail(res, CIM_ERR_FAILED,
			"The request's values do not fit the service's memory.");
}

void cim_builder_init_class(struct cim_builder *b, const struct cim_class *cls,
			    struct cim_arena *arena, struct cim_result *res)
{
	memset(b, 0, sizeof(*b));
	b->arena = arena;
	b->res = res;
	b->owner = cls->name;
	b->count = cls->prop_count < CIM_SLOTS_MAX ? cls->prop_count : CIM_SLOTS_MAX;
	for (uint32_t i = 0; i < b->count; i++) {
		const struct cim_property *p = &cls->props[i];

		b->types[i] = (struct cim_slot_type){ p->name, p->type, p->array, p->embedded };
	}
}

void cim_builder_init_method(struct cim_builder *b, const struct cim_method *m,
			     struct cim_arena *arena, struct cim_result *res)
{
	memset(b, 0, sizeof(*b));
	b->arena = arena;
	b->res = res;
	b->owner = m->name;
	b->params = true;
	b->count = m->param_count < CIM_SLOTS_MAX ? m->param_count : CIM_SLOTS_MAX;
	for (uint32_t i = 0; i < b->count; i++) {
		const struct cim_param *p = &m->params[i];

		b->types[i] = (struct cim_slot_type){ p->name, p->type, p->array, p->embedded };
	}
}

int cim_builder_find(struct cim_builder *b, const char *name)
{
	for (uint32_t i = 0; i < b->count; i++) {
		if (strcasecmp(b->types[i].name, name) == 0) {
			return (int)i;
		}
	}
	if (b->params) {
		cim_fail(b->res, CIM_ERR_INVALID_PARAMETER, "%s has no parameter %.64s.",
			 b->owner, name);
	} else {
		cim_fail(b->res, CIM_ERR_NO_SUCH_PROPERTY, "%s has no property %.64s.",
			 b->owner, name);
	}
	return -1;
}

static enum cim_status mismatch(struct cim_builder *b, int idx, const char *why)
{
	return cim_fail(b->res, CIM_ERR_TYPE_MISMATCH, "%s.%s (%s%s): %s", b->owner,
			b->types[idx].name, type_name(b->types[idx].type),
			b->types[idx].array ? "[]" : "", why);
}

/* A new element for slot idx, appended; NULL with res set. */
static struct cim_elem *add(struct cim_builder *b, int idx)
{
	struct cim_slot *s = &b->slots[idx];
	struct cim_elem *e;

	if (s->nil || (s->present && !b->types[idx].array)) {
		cim_fail(b->res, b->params ? CIM_ERR_INVALID_PARAMETER : CIM_ERR_TYPE_MISMATCH,
			 "%s.%s is given more than once but is not an array.", b->owner,
			 b->types[idx].name);
		return NULL;
	}
	if (s->count == CIM_ARRAY_MAX) {
		cim_fail(b->res, CIM_ERR_INVALID_PARAMETER, "%s.%s has over %u elements.",
			 b->owner, b->types[idx].name, CIM_ARRAY_MAX);
		return NULL;
	}
	e = cim_arena_alloc(b->arena, sizeof(*e));
	if (e == NULL) {
		cim_arena_full(b->res);
		return NULL;
	}
	if (s->tail != NULL) {
		s->tail->next = e;
	} else {
		s->head = e;
	}
	s->tail = e;
	s->present = true;
	s->count++;
	return e;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* XML Schema collapses white space around these lexical forms. */
static void trim(const char **text, size_t *len)
{
	while (*len > 0 && is_space(**text)) {
		(*text)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*text)[*len - 1])) {
		(*len)--;
	}
}

static uint64_t type_max(enum cim_type t)
{
	switch (t) {
	case CIM_TYPE_UINT16: return UINT16_MAX;
	case CIM_TYPE_UINT32: return UINT32_MAX;
	default: return UINT64_MAX;
	}
}

/* xs:unsignedShort/Int/Long: decimal digits, an optional '+'. */
static bool parse_uint(const char *t, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n > 0 && t[0] == '+') {
		i = 1;
	}
	if (i == n) {
		return false;
	}
	for (; i < n; i++) {
		unsigned d = (unsigned)(t[i] - '0');

		if (d > 9 || v > (max - d) / 10) {
			return false;
		}
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static bool parse_bool(const char *t, size_t n, bool *out)
{
	if ((n == 4 && strncasecmp(t, "true", 4) == 0) || (n == 1 && t[0] == '1')) {
		*out = true;
		return true;
	}
	if ((n == 5 && strncasecmp(t, "false", 5) == 0) || (n == 1 && t[0] == '0')) {
		*out = false;
		return true;
	}
	return false;
}

static bool is_uint_type(enum cim_type t)
{
	return t == CIM_TYPE_UINT16 || t == CIM_TYPE_UINT32 || t == CIM_TYPE_UINT64;
}

enum cim_status cim_builder_text(struct cim_builder *b, int idx, const char *text, size_t len)
{
	const struct cim_slot_type *t = &b->types[idx];
	struct cim_ref *ref;
	struct cim_elem e = { 0 };
	struct cim_elem *slot;
	const char *v = text;
	size_t n = len;

	switch (t->type) {
	case CIM_TYPE_STRING:
	case CIM_TYPE_INSTANCE:		/* kept as text until it is parsed */
		e.s = cim_arena_strndup(b->arena, text, len);
		break;
	case CIM_TYPE_DATETIME:
		trim(&v, &n);
		if (n == 0) {
			return mismatch(b, idx, "an empty datetime.");
		}
		e.s = cim_arena_strndup(b->arena, v, n);
		break;
	case CIM_TYPE_BOOLEAN:
		trim(&v, &n);
		if (!parse_bool(v, n, &e.b)) {
			return mismatch(b, idx, "not true or false.");
		}
		return cim_builder_bool(b, idx, e.b);
	case CIM_TYPE_REF:
		ref = cim_ref_new(b->arena);
		if (ref == NULL) {
			return cim_arena_full(b->res);
		}
		if (cim_objpath_parse(text, len, ref, b->arena, b->res) != CIM_OK) {
			return b->res->status;
		}
		return cim_builder_ref(b, idx, ref);
	default:
		trim(&v, &n);
		if (!parse_uint(v, n, type_max(t->type), &e.u)) {
			return mismatch(b, idx, "not an unsigned integer in range.");
		}
		return cim_builder_uint(b, idx, e.u);
	}
	if (e.s == NULL) {
		return cim_arena_full(b->res);
	}
	slot = add(b, idx);
	if (slot == NULL) {
		return b->res->status;
	}
	slot->s = e.s;
	return CIM_OK;
}

enum cim_status cim_builder_uint(struct cim_builder *b, int idx, uint64_t u)
{
	struct cim_elem *e;

	if (!is_uint_type(b->types[idx].type)) {
		return mismatch(b, idx, "a number was given.");
	}
	if (u > type_max(b->types[idx].type)) {
		return mismatch(b, idx, "the number is out of range.");
	}
	e = add(b, idx);
	if (e == NULL) {
		return b->res->status;
	}
	e->u = u;
	return CIM_OK;
}

enum cim_status cim_builder_bool(struct cim_builder *b, int idx, bool v)
{
	struct cim_elem *e;

	if (b->types[idx].type != CIM_TYPE_BOOLEAN) {
		return mismatch(b, idx, "a boolean was given.");
	}
	e = add(b, idx);
	if (e == NULL) {
		return b->res->status;
	}
	e->b = v;
	return CIM_OK;
}

enum cim_status cim_builder_nil(struct cim_builder *b, int idx)
{
	struct cim_slot *s = &b->slots[idx];

	if (s->present) {
		return cim_fail(b->res, CIM_ERR_TYPE_MISMATCH,
				"%s.%s is NULL and has a value, or an array has a NULL element.",
				b->owner, b->types[idx].name);
	}
	s->present = true;
	s->nil = true;
	return CIM_OK;
}

enum cim_status cim_builder_empty_array(struct cim_builder *b, int idx)
{
	struct cim_slot *s = &b->slots[idx];

	if (!b->types[idx].array) {
		return mismatch(b, idx, "an array was given.");
	}
	if (s->present) {
		return cim_fail(b->res, CIM_ERR_TYPE_MISMATCH, "%s.%s is given more than once.",
				b->owner, b->types[idx].name);
	}
	s->present = true;
	return CIM_OK;
}

enum cim_status cim_builder_ref(struct cim_builder *b, int idx, const struct cim_ref *ref)
{
	struct cim_elem *e;

	if (b->types[idx].type != CIM_TYPE_REF) {
		return mismatch(b, idx, "a reference was given.");
	}
	e = add(b, idx);
	if (e == NULL) {
		return b->res->status;
	}
	e->ref = ref;
	return CIM_OK;
}

enum cim_status cim_builder_inst(struct cim_builder *b, int idx, const struct cim_instance *inst)
{
	const struct cim_slot_type *t = &b->types[idx];
	struct cim_elem *e;

	if (t->type != CIM_TYPE_INSTANCE) {
		return mismatch(b, idx, "an embedded instance was given.");
	}
	/* the class itself or a subclass (DSP0004 5.1.2.13) */
	if (t->embedded != NULL && !cim_class_is_a(inst->cls, t->embedded->name)) {
		return cim_fail(b->res,
				b->params ? CIM_ERR_INVALID_PARAMETER : CIM_ERR_TYPE_MISMATCH,
				"%s.%s takes an instance of %s, not of %s.", b->owner, t->name,
				t->embedded->name, inst->cls->name);
	}
	e = add(b, idx);
	if (e == NULL) {
		return b->res->status;
	}
	e->inst = inst;
	return CIM_OK;
}

static void scalar_value(const struct cim_elem *e, struct cim_value *v)
{
	v->s = e->s;
	v->u = e->u;
	v->b = e->b;
	v->ref = e->ref;
	v->inst = e->inst;
}

/* The elements of an array slot as the arrays struct cim_value points at. */
static enum cim_status array_value(struct cim_builder *b, int idx, struct cim_value *v)
{
	const struct cim_slot *s = &b->slots[idx];
	enum cim_type t = b->types[idx].type;
	size_t n = s->count > 0 ? s->count : 1;	/* an empty array is not NULL */
	const char **sa = NULL;
	uint64_t *ua = NULL;
	bool *ba = NULL;
	const struct cim_ref **ra = NULL;
	const struct cim_instance **ia = NULL;
	uint32_t k = 0;

	if (t == CIM_TYPE_STRING || t == CIM_TYPE_DATETIME || t == CIM_TYPE_INSTANCE) {
		sa = cim_arena_alloc(b->arena, n * sizeof(*sa));
	}
	if (t == CIM_TYPE_INSTANCE) {
		ia = cim_arena_alloc(b->arena, n * sizeof(*ia));
	} else if (t == CIM_TYPE_BOOLEAN) {
		ba = cim_arena_alloc(b->arena, n * sizeof(*ba));
	} else if (t == CIM_TYPE_REF) {
		ra = cim_arena_alloc(b->arena, n * sizeof(*ra));
	} else if (is_uint_type(t)) {
		ua = cim_arena_alloc(b->arena, n * sizeof(*ua));
	}
	if (b->arena->exhausted) {
		return cim_arena_full(b->res);
	}
	for (const struct cim_elem *e = s->head; e != NULL; e = e->next, k++) {
		if (sa != NULL) { sa[k] = e->s; }
		if (ua != NULL) { ua[k] = e->u; }
		if (ba != NULL) { ba[k] = e->b; }
		if (ra != NULL) { ra[k] = e->ref; }
		if (ia != NULL) { ia[k] = e->inst; }
	}
	v->count = s->count;
	v->sa = sa;
	v->ua = ua;
	v->ba = ba;
	v->ra = ra;
	v->ia = ia;
	return CIM_OK;
}

enum cim_status cim_builder_finish(struct cim_builder *b, struct cim_value *values)
{
	for (uint32_t i = 0; i < b->count; i++) {
		const struct cim_slot *s = &b->slots[i];
		struct cim_value *v = &values[i];

		memset(v, 0, sizeof(*v));
		if (!s->present || s->nil) {
			v->is_null = true;
		} else if (b->types[i].array) {
			if (array_value(b, (int)i, v) != CIM_OK) {
				return b->res->status;
			}
		} else {
			scalar_value(s->head, v);
		}
	}
	return CIM_OK;
}

struct cim_instance *cim_builder_instance(struct cim_builder *b, const struct cim_class *cls)
{
	struct cim_instance *inst = cim_arena_alloc(b->arena, sizeof(*inst));

	if (inst == NULL) {
		cim_arena_full(b->res);
		return NULL;
	}
	inst->cls = cls;
	if (cim_builder_finish(b, inst->values) != CIM_OK) {
		return NULL;
	}
	return inst;
}

struct cim_ref *cim_ref_new(struct cim_arena *arena)
{
	return cim_arena_alloc(arena, sizeof(struct cim_ref));
}

bool cim_value_has_pending(const struct cim_slot_type *t, const struct cim_value *v)
{
	if (t->type != CIM_TYPE_INSTANCE || v->is_null) {
		return false;
	}
	if (!t->array) {
		return v->inst == NULL;
	}
	for (uint32_t k = 0; k < v->count; k++) {
		if (v->ia[k] == NULL) {
			return true;
		}
	}
	return false;
}

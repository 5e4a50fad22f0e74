/* SPDX-License-Identifier: MIT */
/*
 * The DSP0227 association filter (dialect
 * http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter), the
 * WS-Man form of CIM's Associators and References (DSP0200 5.3.2.6-9).
 *
 * An association is any provider whose class has reference properties
 * (CIM_TYPE_REF); its instances name both ends by struct cim_ref.  One
 * association instance yields:
 *   AssociationInstances  itself, when a reference of it (named Role, if
 *                         given) is the filter's Object;
 *   AssociatedInstances   for each reference equal to the Object (Role),
 *                         the instance each other reference (ResultRole)
 *                         names, found through the registry and kept when
 *                         it is a ResultClassName.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "mgmt/wsman/enum_request.h"

static bool is_ref(const struct cim_property *p)
{
	return p->type == CIM_TYPE_REF && !p->array;
}

static bool role_is(const char *role, const struct cim_property *p)
{
	return role == NULL || strcasecmp(role, p->name) == 0;
}

bool wsman_filter_association_source(const struct wsman_enum_filter *f,
				     const struct cim_class *cls)
{
	const char *assoc_class = f->kind == WSMAN_FILTER_ASSOCIATED ? f->association_class
								     : f->result_class;
	bool has_ref = false;

	for (uint32_t i = 0; i < cls->prop_count; i++) {
		has_ref = has_ref || is_ref(&cls->props[i]);
	}
	return has_ref && (assoc_class == NULL || cim_class_is_a(cls, assoc_class));
}

/* The reference property idx of assoc is the Object. */
static bool names_object(const struct wsman_enum_filter *f, const struct cim_instance *assoc,
			 uint32_t idx)
{
	const struct cim_value *v = &assoc->values[idx];

	return is_ref(&assoc->cls->props[idx]) && role_is(f->role, &assoc->cls->props[idx]) &&
	       !v->is_null && v->ref != NULL && cim_ref_equal(v->ref, &f->object);
}

struct result_ctx {
	const char *result_class;
	cim_instance_fn fn;
	void *ctx;
};

static int keep_result(void *ctx, const struct cim_instance *inst)
{
	struct result_ctx *r = ctx;

	if (r->result_class != NULL && !cim_class_is_a(inst->cls, r->result_class)) {
		return 0;
	}
	return r->fn(r->ctx, inst);
}

/* The instance at the other end: its class (subclasses included, as a
 * reference to a superclass may name a subclass's instance) and keys. */
static int other_end(const struct cim_registry *reg, const struct cim_ref *ref,
		     struct result_ctx *r)
{
	int rc = cim_registry_get(reg, ref->class_name, ref->cim_namespace, ref->keys,
				  ref->key_count, keep_result, r);

	/* a dangling reference is no result (the other end has gone) */
	return rc == -ENOENT ? 0 : rc;
}

static int associated(const struct cim_registry *reg, const struct wsman_enum_filter *f,
		      const struct cim_instance *assoc, cim_instance_fn fn, void *ctx)
{
	const struct cim_class *cls = assoc->cls;
	struct result_ctx r = { f->result_class, fn, ctx };

	for (uint32_t p = 0; p < cls->prop_count; p++) {
		if (!names_object(f, assoc, p)) {
			continue;
		}
		for (uint32_t q = 0; q < cls->prop_count; q++) {
			const struct cim_value *v = &assoc->values[q];
			int rc;

			if (q == p || !is_ref(&cls->props[q]) ||
			    !role_is(f->result_role, &cls->props[q]) || v->is_null ||
			    v->ref == NULL) {
				continue;
			}
			rc = other_end(reg, v->ref, &r);
			if (rc != 0) {
				return rc;
			}
		}
	}
	return 0;
}

/* ref names inst: inst's class is ref's or a subclass, with ref's keys. */
static bool ref_names(const struct cim_ref *ref, const struct cim_instance *inst)
{
	return cim_class_is_a(inst->cls, ref->class_name) &&
	       (ref->cim_namespace == NULL ||
		strcmp(ref->cim_namespace, inst->cls->cim_namespace) == 0) &&
	       cim_instance_has_keys(inst, ref->keys, ref->key_count);
}

bool wsman_filter_association_yields(const struct wsman_enum_filter *f,
				     const struct cim_instance *assoc,
				     const struct cim_instance *inst)
{
	const struct cim_class *cls = assoc->cls;

	for (uint32_t p = 0; p < cls->prop_count; p++) {
		if (!names_object(f, assoc, p)) {
			continue;
		}
		for (uint32_t q = 0; q < cls->prop_count; q++) {
			const struct cim_value *v = &assoc->values[q];

			if (q != p && is_ref(&cls->props[q]) &&
			    role_is(f->result_role, &cls->props[q]) && !v->is_null &&
			    v->ref != NULL && ref_names(v->ref, inst)) {
				return true;
			}
		}
	}
	return false;
}

int wsman_filter_association_expand(const struct cim_registry *reg,
				    const struct wsman_enum_filter *f,
				    const struct cim_instance *assoc, cim_instance_fn fn,
				    void *ctx)
{
	if (f->kind == WSMAN_FILTER_ASSOCIATED) {
		return associated(reg, f, assoc, fn, ctx);
	}
	for (uint32_t p = 0; p < assoc->cls->prop_count; p++) {
		if (names_object(f, assoc, p)) {
			return fn(ctx, assoc);	/* once, however many ends match */
		}
	}
	return 0;
}

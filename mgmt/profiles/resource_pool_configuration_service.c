/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/profiles/association.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/host_ref.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/hosted_service.h"
#include "mgmt/profiles/pasd.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/resource_pool_configuration_service.h"
#include "mgmt/profiles/units.h"
#include "mgmt/profiles/virtual_system.h"

enum { P_CREATION_CLASS_NAME, P_ELEMENT_NAME, P_NAME, P_SYSTEM_CREATION_CLASS_NAME,
       P_SYSTEM_NAME, P_COUNT };

static const struct cim_property props[P_COUNT] = {
	[P_CREATION_CLASS_NAME] = { .name = "CreationClassName", .type = CIM_TYPE_STRING,
				    .key = true },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_NAME] = { .name = "Name", .type = CIM_TYPE_STRING, .key = true },
	[P_SYSTEM_CREATION_CLASS_NAME] = { .name = "SystemCreationClassName",
					   .type = CIM_TYPE_STRING, .key = true },
	[P_SYSTEM_NAME] = { .name = "SystemName", .type = CIM_TYPE_STRING, .key = true },
};

const struct cim_class rpcs_class = {
	.name = RPCS_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

const struct cim_ref rpcs_ref = {
	.class_name = RPCS_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.key_count = 4,
	.keys = {
		{ "CreationClassName", RPCS_CLASS, NULL },
		{ "Name", RPCS_NAME, NULL },
		{ "SystemCreationClassName", HOST_SYSTEM_CLASS, NULL },
		{ "SystemName", HOST_SYSTEM_NAME, NULL },
	},
};

static int rpcs_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;

	(void)pctx;
	if (from > 0U) {
		return 0;
	}
	memset(&inst, 0, sizeof(inst));
	inst.cls = &rpcs_class;
	inst.values[P_CREATION_CLASS_NAME].s = RPCS_CLASS;
	inst.values[P_ELEMENT_NAME].s = "vmanhv resource pool configuration";
	inst.values[P_NAME].s = RPCS_NAME;
	inst.values[P_SYSTEM_CREATION_CLASS_NAME].s = HOST_SYSTEM_CLASS;
	inst.values[P_SYSTEM_NAME].s = HOST_SYSTEM_NAME;
	return fn(ctx, &inst);
}

/* A key's text in ref, or NULL. */
static const char *ref_key(const struct cim_ref *ref, const char *name)
{
	for (uint32_t i = 0; ref != NULL && i < ref->key_count && i < CIM_KEYS_MAX; i++) {
		if (strcasecmp(ref->keys[i].name, name) == 0) {
			return ref->keys[i].value;
		}
	}
	return NULL;
}

/* --- CreateChildResourcePool ------------------------------------------------------- */

enum { CC_ELEMENT_NAME, CC_SETTINGS, CC_PARENT, CC_POOL, CC_JOB, CC_COUNT };

static const struct cim_param create_params[CC_COUNT] = {
	[CC_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING, .dir = CIM_PARAM_IN },
	[CC_SETTINGS] = { .name = "Settings", .type = CIM_TYPE_INSTANCE, .array = true,
			  .dir = CIM_PARAM_IN, .embedded = &rasd_class },
	[CC_PARENT] = { .name = "ParentPool", .type = CIM_TYPE_REF, .array = true,
			.dir = CIM_PARAM_IN, .ref_class = RESOURCE_POOL_CLASS },
	[CC_POOL] = { .name = "Pool", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT,
		      .ref_class = RESOURCE_POOL_CLASS },
	[CC_JOB] = { .name = "Job", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT,
		     .ref_class = "CIM_ConcreteJob" },
};

static const struct cim_value *value_of(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(inst->cls, name);

	return i < 0 || inst->values[i].is_null ? NULL : &inst->values[i];
}

/*
 * The share Settings asks for: one RASD of ResourceType 3 (host CPUs) or 4
 * (MiB), its Reservation or else its VirtualQuantity, in its AllocationUnits.
 * The return value the refusal takes, with the reason in res, or 0.
 */
static uint32_t share_read(const struct cim_value *v, const struct resource_pool_def **pool,
			   uint64_t *amount, struct cim_result *res)
{
	const struct cim_instance *r = v->is_null || v->count != 1U ? NULL : v->ia[0];
	const struct cim_value *type = r != NULL ? value_of(r, "ResourceType") : NULL;
	const struct cim_value *q = r != NULL ? value_of(r, "Reservation") : NULL;
	const struct cim_value *au = r != NULL ? value_of(r, "AllocationUnits") : NULL;
	uint64_t bytes = 0;

	if (r == NULL) {
		(void)cim_fail(res, CIM_OK, "Settings must hold one RASD: the share to carve out");
		return RPCS_INVALID_PARAMETER;
	}
	*pool = type != NULL ? resource_pool_of_type(type->u) : NULL;
	if (*pool == NULL) {
		(void)cim_fail(res, CIM_OK, "Settings: ResourceType must be 3 (processor) or "
			       "4 (memory)");
		return RPCS_INCORRECT_RESOURCE_TYPE;
	}
	if ((*pool)->kind == ALLOCATION_PROCESSOR && pasd_read(r, "Settings", res) != CIM_OK) {
		res->status = CIM_OK;	/* the method ran: ReturnValue 5, the message says why */
		return RPCS_INVALID_PARAMETER;
	}
	if ((*pool)->kind != ALLOCATION_PROCESSOR && cim_class_is_a(r->cls, PASD_CLASS)) {
		(void)cim_fail(res, CIM_OK, "Settings: a %s has ResourceType 3 (processor)",
			       PASD_CLASS);
		return RPCS_INCORRECT_RESOURCE_TYPE;
	}
	q = q != NULL ? q : value_of(r, "VirtualQuantity");
	if (q == NULL || q->u == 0U) {
		(void)cim_fail(res, CIM_OK, "Settings: a Reservation (or VirtualQuantity) above 0 "
			       "is the share");
		return RPCS_INVALID_PARAMETER;
	}
	if ((*pool)->kind == ALLOCATION_PROCESSOR &&
	    units_processor_count(q->u, au != NULL ? au->s : NULL, amount) == 0) {
		return 0;
	}
	if ((*pool)->kind == ALLOCATION_MEMORY &&
	    units_bytes(q->u, au != NULL && au->s != NULL ? au->s : UNITS_MEMORY_CANONICAL,
			&bytes) == 0 && bytes % (1ULL << 20) == 0U) {
		*amount = bytes >> 20;
		return 0;
	}
	(void)cim_fail(res, CIM_OK, "Settings: the share must be whole host CPUs (count) or "
		       "whole MiB (byte*2^20)");
	return RPCS_INVALID_PARAMETER;
}

/* ParentPool, if given: exactly one, the primordial pool of the share's type. */
static const char *parent_problem(const struct cim_value *v, const struct resource_pool_def *pool)
{
	const char *id;

	if (v->is_null || v->count == 0U) {
		return NULL;
	}
	id = v->count == 1U && v->ra != NULL ? ref_key(v->ra[0], "InstanceID") : NULL;
	if (id != NULL && strcmp(id, pool->pool_id) == 0) {
		return NULL;
	}
	return child_pool_named(id) != NULL ? "ParentPool: a child pool has no children here"
					   : "ParentPool must be the primordial pool of the "
					     "share's ResourceType";
}

static uint32_t create_refused(int err, struct cim_result *res)
{
	switch (-err) {
	case EEXIST:
		(void)cim_fail(res, CIM_OK, "ElementName: a pool of that name exists");
		return RPCS_INVALID_PARAMETER;
	case ENOSPC:
		(void)cim_fail(res, CIM_OK, "at most %u child pools", CHILD_POOLS_MAX);
		return RPCS_FAILED;
	default:
		(void)cim_fail(res, CIM_OK, "ElementName: 1 to 23 of A-Z a-z 0-9 . _ -, and not "
			       "processor or memory");
		return RPCS_INVALID_PARAMETER;
	}
}

static enum cim_status create_child_pool(void *pctx, struct cim_call *call,
					 struct cim_result *res)
{
	const struct cim_value *name = &call->in[CC_ELEMENT_NAME];
	const struct resource_pool_def *pool = NULL;
	const struct child_pool *child;
	struct cim_ref *out = cim_arena_alloc(call->arena, sizeof(*out));
	struct pool_usage u;
	uint64_t amount = 0;
	uint32_t rv;
	int err;

	(void)pctx;
	if (name->is_null || name->s == NULL) {
		return cim_return(call, res, RPCS_INVALID_PARAMETER,
				  "ElementName (the pool's name) is required");
	}
	rv = share_read(&call->in[CC_SETTINGS], &pool, &amount, res);
	if (rv == 0U && parent_problem(&call->in[CC_PARENT], pool) != NULL) {
		return cim_return(call, res, RPCS_INVALID_PARAMETER, "%s",
				  parent_problem(&call->in[CC_PARENT], pool));
	}
	if (rv != 0U) {
		call->return_value = rv;	/* share_read's message says why */
		return CIM_OK;
	}
	allocation_pool_usage(pool->kind, NULL, &u);
	if (u.reserved + amount > u.capacity) {
		return cim_return(call, res, RPCS_INSUFFICIENT_RESOURCES,
				  "pool %s has %llu %s left unreserved, not %llu", pool->pool_id,
				  (unsigned long long)(u.capacity > u.reserved ? u.capacity - u.reserved
									       : 0U),
				  pool->allocation_units, (unsigned long long)amount);
	}
	if (out == NULL) {
		return cim_fail(res, CIM_ERR_FAILED, "no memory left for the reply");
	}
	err = child_pool_create(pool->kind, name->s, amount, &child);
	if (err != 0) {
		call->return_value = create_refused(err, res);
		return CIM_OK;
	}
	child_pool_ref(child, out);
	call->out[CC_POOL] = (struct cim_value){ .ref = out };
	child_pools_changed();	/* the store keeps it (docs/store.md) */
	return cim_return(call, res, RPCS_COMPLETED, "%s", "");
}

/* --- DeleteResourcePool ------------------------------------------------------------ */

enum { DP_POOL, DP_JOB, DP_COUNT };

static const struct cim_param delete_params[DP_COUNT] = {
	[DP_POOL] = { .name = "Pool", .type = CIM_TYPE_REF, .dir = CIM_PARAM_IN,
		      .ref_class = RESOURCE_POOL_CLASS },
	[DP_JOB] = { .name = "Job", .type = CIM_TYPE_REF, .dir = CIM_PARAM_OUT,
		     .ref_class = "CIM_ConcreteJob" },
};

/* The first VM allocating from pool_id, copied into user. */
struct pool_user {
	const char *pool_id;
	char name[HV_VM_NAME_LEN];
};

static int find_user(void *ctx, const struct virtual_system *vs)
{
	struct pool_user *u = ctx;
	struct allocation_terms t;

	allocation_terms_get(vs->info.name, &t);
	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		if (strcmp(t.pool_id[k], u->pool_id) == 0) {
			snprintf(u->name, sizeof(u->name), "%s", vs->info.name);
			return 1;
		}
	}
	return 0;
}

static enum cim_status delete_pool(void *pctx, struct cim_call *call, struct cim_result *res)
{
	const struct cim_value *v = &call->in[DP_POOL];
	const char *id = v->is_null ? NULL : ref_key(v->ref, "InstanceID");
	struct pool_user user = { .pool_id = id, .name = "" };

	(void)pctx;
	if (id != NULL && resource_pool_named(id) != NULL) {
		return cim_return(call, res, RPCS_INVALID_PARAMETER,
				  "%s is a primordial pool: the host's own, never deleted", id);
	}
	if (id == NULL || child_pool_named(id) == NULL) {
		return cim_return(call, res, RPCS_INVALID_PARAMETER,
				  "Pool must refer to a child pool by InstanceID");
	}
	if (virtual_system_each(0, find_user, &user) != 0) {
		return cim_return(call, res, RPCS_IN_USE, "pool %s is in use: VM %s allocates "
				  "from it", id, user.name);
	}
	(void)child_pool_delete(id);
	child_pools_changed();	/* the store forgets it */
	return cim_return(call, res, RPCS_COMPLETED, "%s", "");
}

static const struct cim_method methods[] = {
	{ "CreateChildResourcePool", create_params, CC_COUNT, false, create_child_pool },
	{ "DeleteResourcePool", delete_params, DP_COUNT, false, delete_pool },
};

const struct cim_provider rpcs_provider = {
	.cls = &rpcs_class,
	.enumerate = rpcs_enumerate,
	.methods = methods,
	.method_count = sizeof(methods) / sizeof(methods[0]),
};

/* CIM_HostedService: the host -> this service (the VSMS's is hosted_service.c's). */
static int rpcs_hosted_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	(void)pctx;
	return from > 0U ? 0
			 : association_emit(&hosted_service_class, &host_system_ref, &rpcs_ref,
					    fn, ctx);
}

const struct cim_provider rpcs_hosted_service_provider = {
	.cls = &hosted_service_class,
	.enumerate = rpcs_hosted_enumerate,
};

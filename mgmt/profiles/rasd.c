/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hv/api.h"
#include "mgmt/profiles/pasd.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/rasd_host_resource.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/units.h"

/* The CIM_RASD properties (CIM 2.41, dmtf-profiles.md section 4) a client is
 * likely to send, alphabetical as DSP0230 sequences them. */
enum {
	R_ADDRESS,
	R_ALLOCATION_UNITS,
	R_AUTOMATIC_ALLOCATION,
	R_AUTOMATIC_DEALLOCATION,
	R_CAPTION,
	R_CONSUMER_VISIBILITY,
	R_DESCRIPTION,
	R_ELEMENT_NAME,
	R_HOST_RESOURCE,
	R_INSTANCE_ID,
	R_LIMIT,
	R_MAPPING_BEHAVIOR,
	R_OTHER_RESOURCE_TYPE,
	R_PARENT,
	R_POOL_ID,
	R_RESERVATION,
	R_RESOURCE_SUB_TYPE,
	R_RESOURCE_TYPE,
	R_VIRTUAL_QUANTITY,
	R_VIRTUAL_QUANTITY_UNITS,
	R_WEIGHT,
	R_COUNT
};

#define STR(n)	 { .name = n, .type = CIM_TYPE_STRING }
#define U16(n)	 { .name = n, .type = CIM_TYPE_UINT16 }
#define U64(n)	 { .name = n, .type = CIM_TYPE_UINT64 }
#define BOOL(n)	 { .name = n, .type = CIM_TYPE_BOOLEAN }

static const struct cim_property props[R_COUNT] = {
	[R_ADDRESS] = STR("Address"),
	[R_ALLOCATION_UNITS] = STR("AllocationUnits"),
	[R_AUTOMATIC_ALLOCATION] = BOOL("AutomaticAllocation"),
	[R_AUTOMATIC_DEALLOCATION] = BOOL("AutomaticDeallocation"),
	[R_CAPTION] = STR("Caption"),
	[R_CONSUMER_VISIBILITY] = U16("ConsumerVisibility"),
	[R_DESCRIPTION] = STR("Description"),
	[R_ELEMENT_NAME] = STR("ElementName"),
	[R_HOST_RESOURCE] = { .name = "HostResource", .type = CIM_TYPE_STRING, .array = true },
	[R_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[R_LIMIT] = U64("Limit"),
	[R_MAPPING_BEHAVIOR] = U16("MappingBehavior"),
	[R_OTHER_RESOURCE_TYPE] = STR("OtherResourceType"),
	[R_PARENT] = STR("Parent"),
	[R_POOL_ID] = STR("PoolID"),
	[R_RESERVATION] = U64("Reservation"),
	[R_RESOURCE_SUB_TYPE] = STR("ResourceSubType"),
	[R_RESOURCE_TYPE] = U16("ResourceType"),
	[R_VIRTUAL_QUANTITY] = U64("VirtualQuantity"),
	[R_VIRTUAL_QUANTITY_UNITS] = STR("VirtualQuantityUnits"),
	[R_WEIGHT] = { .name = "Weight", .type = CIM_TYPE_UINT32 },
};

/* A processor RASD may come as its DSP1044 subclass (mgmt/profiles/pasd.h). */
static const struct cim_class *const subclasses[] = { &pasd_class, NULL };

const struct cim_class rasd_class = {
	.name = RASD_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = R_COUNT,
	.subclasses = subclasses,
};

/* The value of property `name` in inst (whatever its class), or NULL when absent or NULL. */
static const struct cim_value *value_of(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(inst->cls, name);

	return i < 0 || inst->values[i].is_null ? NULL : &inst->values[i];
}

/* Properties that would ask for something vmanhv does not do: pinning
 * memory to host resources (docs/allocation.md).  A processor RASD's are
 * read by rasd_host_resource.c. */
static const char *const unhonoured[] = { "HostResource", "MappingBehavior" };

/* name is set in r and asks for something (an empty array asks for
 * nothing: the MOF's "NULL or empty: the implementation decides"). */
static bool asks_for(const struct cim_instance *r, const char *name)
{
	int i = cim_class_property(r->cls, name);

	return i >= 0 && !r->values[i].is_null &&
	       !(r->cls->props[i].array && r->values[i].count == 0U);
}

static enum cim_status refuse_unhonoured(const struct cim_instance *r, uint32_t idx,
					 struct cim_result *res)
{
	for (size_t i = 0; i < sizeof(unhonoured) / sizeof(unhonoured[0]); i++) {
		if (asks_for(r, unhonoured[i])) {
			return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
					"ResourceSettings[%u]: %s is not supported (vmanhv picks "
					"host resources itself)", idx, unhonoured[i]);
		}
	}
	return CIM_OK;
}

/*
 * DSP1041 PoolID: the primordial pool of the RASD's type ("" recorded), or
 * a child pool's "vmanhv:pool:<name>" (recorded; whether it exists is the
 * caller's check).  Another type's primordial pool or another form: refused.
 */
static enum cim_status pool_read(const struct cim_instance *r, uint32_t idx,
				 const struct resource_pool_def *pool, struct rasd_request *req,
				 struct cim_result *res)
{
	static const char prefix[] = "vmanhv:pool:";
	const struct cim_value *v = value_of(r, "PoolID");
	const struct resource_pool_def *named;

	if (v == NULL || v->s == NULL || v->s[0] == '\0') {
		return CIM_OK;
	}
	named = resource_pool_named(v->s);
	if ((named != NULL && named != pool) || strncmp(v->s, prefix, sizeof(prefix) - 1U) != 0 ||
	    strlen(v->s) >= ALLOCATION_POOL_ID_MAX) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: PoolID \"%.40s\" is not a %s pool (%s or a "
				"child pool of it)", idx, v->s, pool->rasd_suffix, pool->pool_id);
	}
	req->pool_id[pool->kind] = named != NULL ? "" : v->s;
	req->given |= pool->kind == ALLOCATION_PROCESSOR ? RASD_GIVEN_CPU_POOL
							 : RASD_GIVEN_MEMORY_POOL;
	return CIM_OK;
}

/* DSP1045: VirtualQuantity is in VirtualQuantityUnits when given (CIM 2.24+),
 * else in AllocationUnits (older clients); neither: DSP1045's MiB. */
static const char *memory_units(const struct cim_instance *r)
{
	const struct cim_value *vqu = value_of(r, "VirtualQuantityUnits");
	const struct cim_value *au = value_of(r, "AllocationUnits");

	if (vqu != NULL && vqu->s != NULL && strcasecmp(vqu->s, "count") != 0) {
		return vqu->s;
	}
	return au != NULL && au->s != NULL ? au->s : UNITS_MEMORY_CANONICAL;
}

/* DSP1041: Reservation and Limit are in AllocationUnits; without them, in
 * the quantity's units. */
static const char *memory_bound_units(const struct cim_instance *r)
{
	const struct cim_value *au = value_of(r, "AllocationUnits");

	return au != NULL && au->s != NULL ? au->s : memory_units(r);
}

static uint32_t weight_of(const struct cim_value *w)
{
	return w->u > UINT32_MAX ? UINT32_MAX : (uint32_t)w->u;
}

/*
 * RAM is allocated whole when the VM is defined: any Reservation up to the
 * quantity is met, a Limit at or above it is met; a Limit below it would
 * need paging and a Reservation above it more RAM than the VM has.
 */
static enum cim_status memory_bounds_check(const struct cim_instance *r, uint32_t idx,
					   uint64_t bytes, struct cim_result *res)
{
	const struct cim_value *rv = value_of(r, "Reservation");
	const struct cim_value *lv = value_of(r, "Limit");
	uint64_t rb = 0, lb = 0;

	if ((rv != NULL || lv != NULL) && bytes == 0U) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory Reservation and Limit need a "
				"VirtualQuantity beside them", idx);
	}
	if ((rv != NULL && units_bytes(rv->u, memory_bound_units(r), &rb) != 0) ||
	    (lv != NULL && units_bytes(lv->u, memory_bound_units(r), &lb) != 0)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory Reservation or Limit not understood "
				"in \"%.40s\" (use byte*2^20)", idx, memory_bound_units(r));
	}
	if (rv != NULL && rb > bytes) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory Reservation is above VirtualQuantity",
				idx);
	}
	if (lv != NULL && lb < bytes) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory Limit below VirtualQuantity would need "
				"paging (memory is reserved whole)", idx);
	}
	return CIM_OK;
}

static enum cim_status memory_quantity(const struct cim_instance *r, uint32_t idx,
				       uint64_t *bytes, struct cim_result *res)
{
	const struct cim_value *vq = value_of(r, "VirtualQuantity");
	const char *units = memory_units(r);
	int err;

	*bytes = 0;
	if (vq == NULL) {
		return CIM_OK;	/* RAD: left to the default (or kept, by a Modify) */
	}
	if (vq->u == 0U) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory needs a VirtualQuantity above 0", idx);
	}
	err = units_bytes(vq->u, units, bytes);
	if (err == -EINVAL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory units \"%.40s\" not understood "
				"(use byte*2^20)", idx, units);
	}
	if (err != 0 || *bytes < HV_VM_MEMORY_MIN || *bytes > HV_VM_MEMORY_MAX ||
	    *bytes % 4096U != 0U) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory must be a multiple of 4 KiB "
				"from 64 KiB to 1024 MiB", idx);
	}
	return CIM_OK;
}

static enum cim_status memory_read(const struct cim_instance *r, uint32_t idx,
				   struct rasd_request *req, struct cim_result *res)
{
	const struct cim_value *w = value_of(r, "Weight");
	uint64_t bytes;

	if (memory_quantity(r, idx, &bytes, res) != CIM_OK ||
	    memory_bounds_check(r, idx, bytes, res) != CIM_OK) {
		return res->status;
	}
	if (w != NULL && (w->u < ALLOCATION_WEIGHT_MIN || w->u > ALLOCATION_WEIGHT_MAX)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory Weight must be 1 to 10000", idx);
	}
	if (w != NULL) {
		req->terms.memory_weight = weight_of(w);
		req->given |= RASD_GIVEN_MEMORY_WEIGHT;
	}
	req->memory_bytes = bytes;
	return CIM_OK;
}

/*
 * DSP1044 Reservation or Limit `name` as a count of host CPUs into *out
 * (docs/allocation.md: what a processor Reservation means here).
 * CIM_OK also when absent (*given false).
 */
static enum cim_status cpu_bound(const struct cim_instance *r, uint32_t idx, const char *name,
				 uint32_t *out, bool *given, struct cim_result *res)
{
	const struct cim_value *v = value_of(r, name);
	const struct cim_value *au = value_of(r, "AllocationUnits");
	const char *units = au != NULL ? au->s : NULL;
	uint64_t count = 0;
	int err;

	*given = v != NULL;
	if (v == NULL) {
		return CIM_OK;
	}
	err = units_processor_count(v->u, units, &count);
	if (err == -EINVAL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor AllocationUnits \"%.40s\" not "
				"understood (use count)", idx, units);
	}
	if (err != 0) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor %s is not a whole number of host "
				"CPUs", idx, name);
	}
	if (count > HV_VM_VCPUS_MAX) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor %s is more host CPUs than a VM "
				"has vCPUs (%u)", idx, name, HV_VM_VCPUS_MAX);
	}
	*out = (uint32_t)count;
	return CIM_OK;
}

static enum cim_status processor_terms(const struct cim_instance *r, uint32_t idx,
				       struct rasd_request *req, struct cim_result *res)
{
	const struct cim_value *w = value_of(r, "Weight");
	bool has_r, has_l;

	if (cpu_bound(r, idx, "Reservation", &req->terms.cpu_reservation, &has_r, res) != CIM_OK ||
	    cpu_bound(r, idx, "Limit", &req->terms.cpu_limit, &has_l, res) != CIM_OK) {
		return res->status;
	}
	if (has_l && req->terms.cpu_limit == 0U) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor Limit must be at least 1 host CPU",
				idx);
	}
	if (w != NULL && (w->u < ALLOCATION_WEIGHT_MIN || w->u > ALLOCATION_WEIGHT_MAX)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor Weight must be 1 to 10000", idx);
	}
	req->terms.cpu_weight = w != NULL ? weight_of(w) : 0U;
	req->given |= (has_r ? RASD_GIVEN_CPU_RESERVATION : 0U) |
		      (has_l ? RASD_GIVEN_CPU_LIMIT : 0U) | (w != NULL ? RASD_GIVEN_CPU_WEIGHT : 0U);
	return CIM_OK;
}

/* DSP1044 CIM_ProcessorAllocationSettingData: the architecture and the
 * extensions asked for must be what every vCPU has (pasd_read). */
static enum cim_status processor_itself(const struct cim_instance *r, uint32_t idx,
					struct cim_result *res)
{
	char what[32];

	snprintf(what, sizeof(what), "ResourceSettings[%u]", idx);
	return pasd_read(r, what, res);
}

/* DSP1044: VirtualQuantity counts vCPUs (VirtualQuantityUnits "count"). */
static enum cim_status processor_read(const struct cim_instance *r, uint32_t idx,
				      struct rasd_request *req, struct cim_result *res)
{
	const struct cim_value *vq = value_of(r, "VirtualQuantity");
	const struct cim_value *vqu = value_of(r, "VirtualQuantityUnits");
	uint64_t n;
	bool pinned;

	if (vqu != NULL && vqu->s != NULL &&
	    (units_processor_count(1, vqu->s, &n) != 0 || n != 1U)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor VirtualQuantityUnits must be count",
				idx);
	}
	if (vq != NULL && (vq->u == 0U || vq->u > HV_VM_VCPUS_MAX)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: a VM has 1 to %u processors", idx,
				HV_VM_VCPUS_MAX);
	}
	if (processor_terms(r, idx, req, res) != CIM_OK ||
	    rasd_host_cpus_read(r, idx, &req->terms.cpu_affinity, &pinned, res) != CIM_OK ||
	    processor_itself(r, idx, res) != CIM_OK) {
		return res->status;
	}
	req->given |= pinned ? RASD_GIVEN_CPU_AFFINITY : 0U;
	req->vcpus = vq != NULL ? (uint32_t)vq->u : 0U;
	return CIM_OK;
}

static enum cim_status rasd_read_one(const struct cim_instance *r, uint32_t idx,
				     struct rasd_request *req, struct cim_result *res)
{
	const struct cim_value *type = value_of(r, "ResourceType");
	const struct resource_pool_def *pool = type != NULL ? resource_pool_of_type(type->u) : NULL;
	const struct cim_value *id = value_of(r, "InstanceID");

	if (pool == NULL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: ResourceType must be 3 (processor) or "
				"4 (memory)", idx);
	}
	if (pool->kind != ALLOCATION_PROCESSOR && cim_class_is_a(r->cls, PASD_CLASS)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: a %s has ResourceType 3 (processor)", idx,
				PASD_CLASS);
	}
	if (req->has[pool->kind]) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: a second %s RASD", idx, pool->rasd_suffix);
	}
	req->has[pool->kind] = true;
	req->instance_id[pool->kind] = id != NULL ? id->s : NULL;
	if ((pool->kind == ALLOCATION_MEMORY && refuse_unhonoured(r, idx, res) != CIM_OK) ||
	    pool_read(r, idx, pool, req, res) != CIM_OK) {
		return res->status;
	}
	return pool->kind == ALLOCATION_MEMORY ? memory_read(r, idx, req, res)
					       : processor_read(r, idx, req, res);
}

enum cim_status rasd_read(const struct cim_instance *const *rasds, uint32_t n,
			  struct rasd_request *req, struct cim_result *res)
{
	memset(req, 0, sizeof(*req));
	for (uint32_t i = 0; i < n; i++) {
		enum cim_status st;

		if (rasds[i] == NULL) {
			return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
					"ResourceSettings[%u] is empty", i);
		}
		st = rasd_read_one(rasds[i], i, req, res);
		if (st != CIM_OK) {
			return st;
		}
	}
	return CIM_OK;
}

void rasd_terms_merge(const struct rasd_request *req, struct allocation_terms *into)
{
	if ((req->given & RASD_GIVEN_CPU_RESERVATION) != 0U) {
		into->cpu_reservation = req->terms.cpu_reservation;
	}
	if ((req->given & RASD_GIVEN_CPU_LIMIT) != 0U) {
		into->cpu_limit = req->terms.cpu_limit;
	}
	if ((req->given & RASD_GIVEN_CPU_WEIGHT) != 0U) {
		into->cpu_weight = req->terms.cpu_weight;
	}
	if ((req->given & RASD_GIVEN_MEMORY_WEIGHT) != 0U) {
		into->memory_weight = req->terms.memory_weight;
	}
	if ((req->given & RASD_GIVEN_CPU_AFFINITY) != 0U) {
		into->cpu_affinity = req->terms.cpu_affinity;
	}
	for (uint32_t k = 0; k < ALLOCATION_KINDS; k++) {
		uint32_t flag = k == ALLOCATION_PROCESSOR ? RASD_GIVEN_CPU_POOL
							  : RASD_GIVEN_MEMORY_POOL;

		if ((req->given & flag) != 0U) {
			snprintf(into->pool_id[k], sizeof(into->pool_id[k]), "%s", req->pool_id[k]);
		}
	}
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "hv/api.h"
#include "mgmt/profiles/rasd.h"
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

const struct cim_class rasd_class = {
	.name = RASD_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = R_COUNT,
};

/* The value of property `name` in inst (whatever its class), or NULL when absent or NULL. */
static const struct cim_value *value_of(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(inst->cls, name);

	return i < 0 || inst->values[i].is_null ? NULL : &inst->values[i];
}

/* Properties that would ask for something vmanhv does not do yet. */
static const char *const unhonoured[] = { "PoolID", "HostResource", "MappingBehavior" };

static enum cim_status refuse_unhonoured(const struct cim_instance *r, uint32_t idx,
					 struct cim_result *res)
{
	for (size_t i = 0; i < sizeof(unhonoured) / sizeof(unhonoured[0]); i++) {
		if (value_of(r, unhonoured[i]) != NULL) {
			return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
					"ResourceSettings[%u]: %s is not supported yet (no pools)",
					idx, unhonoured[i]);
		}
	}
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

/* Memory is allocated whole when the VM is defined: a Reservation or Limit
 * other than the quantity itself cannot be honoured (no ballooning, no paging). */
static enum cim_status memory_bounds_check(const struct cim_instance *r, uint32_t idx,
					   uint64_t vq, struct cim_result *res)
{
	static const char *const bounds[] = { "Reservation", "Limit" };

	for (size_t i = 0; i < 2U; i++) {
		const struct cim_value *v = value_of(r, bounds[i]);

		if (v != NULL && v->u != vq) {
			return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
					"ResourceSettings[%u]: memory %s must equal VirtualQuantity "
					"(memory is reserved whole)", idx, bounds[i]);
		}
	}
	if (value_of(r, "Weight") != NULL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory Weight is not supported", idx);
	}
	return CIM_OK;
}

static enum cim_status memory_read(const struct cim_instance *r, uint32_t idx,
				   struct rasd_request *req, struct cim_result *res)
{
	const struct cim_value *vq = value_of(r, "VirtualQuantity");
	const char *units = memory_units(r);
	uint64_t bytes = 0;
	int err;

	if (vq == NULL || vq->u == 0U) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory needs a VirtualQuantity above 0", idx);
	}
	err = units_bytes(vq->u, units, &bytes);
	if (err == -EINVAL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory units \"%.40s\" not understood "
				"(use byte*2^20)", idx, units);
	}
	if (err != 0 || bytes < HV_VM_MEMORY_MIN || bytes > HV_VM_MEMORY_MAX ||
	    bytes % 4096U != 0U) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: memory must be a multiple of 4 KiB "
				"from 64 KiB to 1024 MiB", idx);
	}
	if (memory_bounds_check(r, idx, vq->u, res) != CIM_OK) {
		return res->status;
	}
	req->memory_bytes = bytes;
	return CIM_OK;
}

/* DSP1044: VirtualQuantity counts vCPUs (VirtualQuantityUnits "count"). */
static enum cim_status processor_read(const struct cim_instance *r, uint32_t idx,
				      struct rasd_request *req, struct cim_result *res)
{
	const struct cim_value *vq = value_of(r, "VirtualQuantity");
	const struct cim_value *vqu = value_of(r, "VirtualQuantityUnits");

	if (vqu != NULL && vqu->s != NULL && strcasecmp(vqu->s, "count") != 0) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor VirtualQuantityUnits must be count",
				idx);
	}
	if (vq != NULL && (vq->u == 0U || vq->u > HV_VM_VCPUS_MAX)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: a VM has 1 to %u processors", idx,
				HV_VM_VCPUS_MAX);
	}
	if (value_of(r, "Reservation") != NULL || value_of(r, "Limit") != NULL ||
	    value_of(r, "Weight") != NULL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: processor Reservation, Limit and Weight are "
				"not supported yet", idx);
	}
	req->vcpus = vq != NULL ? (uint32_t)vq->u : 1U;
	return CIM_OK;
}

static enum cim_status rasd_read_one(const struct cim_instance *r, uint32_t idx, bool seen[2],
				     struct rasd_request *req, struct cim_result *res)
{
	const struct cim_value *type = value_of(r, "ResourceType");

	if (type == NULL || (type->u != RASD_TYPE_PROCESSOR && type->u != RASD_TYPE_MEMORY)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: ResourceType must be 3 (processor) or "
				"4 (memory)", idx);
	}
	if (seen[type->u - RASD_TYPE_PROCESSOR]) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: a second %s RASD", idx,
				type->u == RASD_TYPE_MEMORY ? "memory" : "processor");
	}
	seen[type->u - RASD_TYPE_PROCESSOR] = true;
	if (refuse_unhonoured(r, idx, res) != CIM_OK) {
		return res->status;
	}
	return type->u == RASD_TYPE_MEMORY ? memory_read(r, idx, req, res)
					   : processor_read(r, idx, req, res);
}

enum cim_status rasd_read(const struct cim_instance *const *rasds, uint32_t n,
			  struct rasd_request *req, struct cim_result *res)
{
	bool seen[2] = { false, false };

	*req = (struct rasd_request){ .memory_bytes = 0, .vcpus = 0 };
	for (uint32_t i = 0; i < n; i++) {
		enum cim_status st;

		if (rasds[i] == NULL) {
			return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
					"ResourceSettings[%u] is empty", i);
		}
		st = rasd_read_one(rasds[i], i, seen, req, res);
		if (st != CIM_OK) {
			return st;
		}
	}
	return CIM_OK;
}

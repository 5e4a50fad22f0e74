/* SPDX-License-Identifier: MIT */
/*
 * CIM_ResourceAllocationSettingData as DefineSystem reads it (DSP1041,
 * DSP1044 processors, DSP1045 memory): the class an embedded RASD is parsed
 * into, and the rules that turn an array of RASDs into a VM's resources.
 */
#ifndef VMANHV_MGMT_PROFILES_RASD_H
#define VMANHV_MGMT_PROFILES_RASD_H

#include <stdint.h>

#include "mgmt/cim/cim.h"

#define RASD_CLASS		"CIM_ResourceAllocationSettingData"
#define RASD_TYPE_PROCESSOR	3U
#define RASD_TYPE_MEMORY	4U

extern const struct cim_class rasd_class;

/* What a VM gets from its RASDs. */
struct rasd_request {
	uint64_t memory_bytes;	/* 0: none given, the image's default */
	uint32_t vcpus;		/* 0: no processor RASD given; else 1 to HV_VM_VCPUS_MAX */
};

/*
 * Read rasds[0..n) into *req.  CIM_OK, or CIM_ERR_INVALID_PARAMETER with
 * res->message naming the RASD (its index) and what is wrong: a
 * ResourceType other than 3 or 4, two of one type, a quantity missing,
 * zero or out of range, units not understood, or a property vmanhv cannot
 * honour yet (Reservation, Limit or Weight that would differ from the
 * allocation, PoolID, HostResource, MappingBehavior).
 */
enum cim_status rasd_read(const struct cim_instance *const *rasds, uint32_t n,
			  struct rasd_request *req, struct cim_result *res);

#endif

/* sources: mgmt/cim/arena.c mgmt/cim/status.c mgmt/cim/cim.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/cim/mof_parse.c mgmt/profiles/rasd.c mgmt/profiles/units.c mgmt/profiles/resource_pool_table.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: the RASD rules (rasd.c, units.c; docs/allocation.md) on
 * whatever a client can put in an embedded RASD.  The input is up to two
 * MOF texts of CIM_ResourceAllocationSettingData (or its processor subclass,
 * whose x86 extensions pasd_read checks), split at the first NUL
 * byte; each that parses joins the array rasd_read() reads, as
 * DefineSystem and the *ResourceSettings methods do.
 *
 * The harness checks rasd_read()'s contract: CIM_OK or
 * CIM_ERR_INVALID_PARAMETER; a refusal's message is a string naming
 * "ResourceSettings["; an accepted request is within hv/api.h's limits
 * (memory 0 or a 4 KiB multiple from 64 KiB to 1024 MiB, 0 to
 * HV_VM_VCPUS_MAX vCPUs), its Weights 1 to 10000 when given, its
 * Reservation and Limit at most HV_VM_VCPUS_MAX, and a PoolID recorded
 * only with its flag, as a "vmanhv:pool:" name that fits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hv/api.h"
#include "tests/unit/hv_cpu_features_double.h"
#include "mgmt/cim/mof_parse.h"
#include "mgmt/profiles/rasd.h"

#define ARENA_SIZE	(128U * 1024U)

static _Alignas(16) unsigned char arena_buf[ARENA_SIZE];

static void check_weight(uint32_t given, uint32_t flag, uint32_t w)
{
	if ((given & flag) != 0U && (w < ALLOCATION_WEIGHT_MIN || w > ALLOCATION_WEIGHT_MAX)) {
		abort();
	}
}

static void check_pool(uint32_t given, uint32_t flag, const char *id)
{
	if ((given & flag) == 0U) {
		return;
	}
	if (id == NULL || (id[0] != '\0' && (strncmp(id, "vmanhv:pool:", 12) != 0 ||
					      strlen(id) >= ALLOCATION_POOL_ID_MAX))) {
		abort();
	}
}

static void check_accepted(const struct rasd_request *req)
{
	const struct allocation_terms *t = &req->terms;

	if (req->memory_bytes != 0U &&
	    (req->memory_bytes < HV_VM_MEMORY_MIN || req->memory_bytes > HV_VM_MEMORY_MAX ||
	     req->memory_bytes % 4096U != 0U)) {
		abort();
	}
	if (req->vcpus > HV_VM_VCPUS_MAX || t->cpu_reservation > HV_VM_VCPUS_MAX ||
	    t->cpu_limit > HV_VM_VCPUS_MAX ||
	    ((req->given & RASD_GIVEN_CPU_LIMIT) != 0U && t->cpu_limit == 0U)) {
		abort();
	}
	check_weight(req->given, RASD_GIVEN_CPU_WEIGHT, t->cpu_weight);
	check_weight(req->given, RASD_GIVEN_MEMORY_WEIGHT, t->memory_weight);
	check_pool(req->given, RASD_GIVEN_CPU_POOL, req->pool_id[ALLOCATION_PROCESSOR]);
	check_pool(req->given, RASD_GIVEN_MEMORY_POOL, req->pool_id[ALLOCATION_MEMORY]);
	/* an affinity names only guest CPUs of the host below: cpu1 and cpu2 */
	if ((t->cpu_affinity & ~0x6ULL) != 0U ||
	    ((req->given & RASD_GIVEN_CPU_AFFINITY) != 0U) != (t->cpu_affinity != 0U)) {
		abort();
	}
}

/* The host HostResource names CPUs of: 2 guest CPUs (cpu1, cpu2). */
int hv_host_resources(struct hv_host_resources *out)
{
	*out = (struct hv_host_resources){ .guest_cpus = 2, .guest_memory_bytes = 256ULL << 20 };
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t len[2] = { nul != NULL ? (size_t)(nul - text) : size, 0 };
	const char *part[2] = { text, nul != NULL ? nul + 1 : NULL };
	const struct cim_instance *rasds[2];
	struct cim_arena arena;
	struct rasd_request req;
	struct cim_result res = { 0 };
	uint32_t n = 0;

	len[1] = nul != NULL ? size - len[0] - 1U : 0U;
	cim_arena_init(&arena, arena_buf, sizeof(arena_buf));
	for (int i = 0; i < 2; i++) {
		struct cim_instance *inst = NULL;
		struct cim_result pres = { 0 };

		if (part[i] != NULL &&
		    cim_mof_parse(part[i], len[i], &rasd_class, &arena, NULL, &pres, &inst) ==
			    CIM_OK) {
			rasds[n++] = inst;
		}
	}
	switch (rasd_read(rasds, n, &req, &res)) {
	case CIM_OK:
		check_accepted(&req);
		break;
	case CIM_ERR_INVALID_PARAMETER:
		if (memchr(res.message, '\0', sizeof(res.message)) == NULL ||
		    strstr(res.message, "ResourceSettings[") == NULL) {
			abort();
		}
		break;
	default:
		abort();
	}
	return 0;
}

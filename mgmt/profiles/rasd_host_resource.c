/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hv/api.h"
#include "mgmt/cim/instance_build.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/virtual_device.h"
#include "mgmt/profiles/rasd_host_resource.h"

#define SYSTEM_CLASS	"CIM_ComputerSystem"

static const struct cim_value *value_of(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(inst->cls, name);

	return i < 0 || inst->values[i].is_null ? NULL : &inst->values[i];
}

void rasd_host_cpu_path(uint32_t cpu, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%s.CreationClassName=\"%s\",DeviceID=\"cpu%u\","
		 "SystemCreationClassName=\"%s\",SystemName=\"%s\"", CIM_NAMESPACE_DEFAULT,
		 PROCESSOR_DEVICE_CLASS, PROCESSOR_DEVICE_CLASS, (unsigned)cpu, SYSTEM_CLASS,
		 HOST_SYSTEM_NAME);
}

/* The value of key `name` in ref (case-insensitive, DSP0004), or NULL. */
static const char *key_of(const struct cim_ref *ref, const char *name)
{
	for (uint32_t i = 0; i < ref->key_count; i++) {
		if (strcasecmp(ref->keys[i].name, name) == 0) {
			return ref->keys[i].value;
		}
	}
	return NULL;
}

/* A key that must have `want` if given (the class keys a client may leave out). */
static bool key_fits(const struct cim_ref *ref, const char *name, const char *want)
{
	const char *v = key_of(ref, name);

	return v == NULL || strcasecmp(v, want) == 0;
}

/* "cpu<N>" into *cpu: decimal digits only, no sign, no leading zeros but "cpu0". */
static bool device_cpu(const char *id, uint32_t *cpu)
{
	char *end;
	unsigned long n;

	if (id == NULL || strncmp(id, "cpu", 3) != 0 || id[3] < '0' || id[3] > '9' ||
	    (id[3] == '0' && id[4] != '\0')) {
		return false;
	}
	n = strtoul(id + 3, &end, 10);
	if (*end != '\0' || n >= 64U) {
		return false;
	}
	*cpu = (uint32_t)n;
	return true;
}

/* The longest HostResource text read: a host CPU's path with room for a
 * host part and spacing; the parser may copy the rest of the text once per
 * key and name, hence the scratch size. */
#define PATH_TEXT_MAX	(2U * RASD_HOST_CPU_PATH_MAX)
#define PATH_SCRATCH	((CIM_KEYS_MAX + 2U) * (PATH_TEXT_MAX + 1U))

/* One HostResource entry: a guest CPU of this host, into *cpu. */
static enum cim_status host_cpu(const char *text, uint32_t idx, uint32_t *cpu,
				struct cim_result *res)
{
	_Alignas(16) char scratch[PATH_SCRATCH];
	struct cim_arena arena;
	struct cim_ref ref = { 0 };
	struct hv_host_resources host;

	cim_arena_init(&arena, scratch, sizeof(scratch));
	if (text == NULL || strnlen(text, PATH_TEXT_MAX + 1U) > PATH_TEXT_MAX ||
	    cim_objpath_parse(text, strlen(text), &ref, &arena, res) != CIM_OK ||
	    strcasecmp(ref.class_name, PROCESSOR_DEVICE_CLASS) != 0 ||
	    !key_fits(&ref, "CreationClassName", PROCESSOR_DEVICE_CLASS) ||
	    !key_fits(&ref, "SystemCreationClassName", SYSTEM_CLASS) ||
	    key_of(&ref, "SystemName") == NULL ||
	    strcmp(key_of(&ref, "SystemName"), HOST_SYSTEM_NAME) != 0 ||
	    !device_cpu(key_of(&ref, "DeviceID"), cpu)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: HostResource \"%.60s\" is not the object "
				"path of a host CIM_Processor (DeviceID \"cpu<N>\", SystemName "
				"\"%s\")", idx, text != NULL ? text : "", HOST_SYSTEM_NAME);
	}
	hv_host_resources(&host);
	if (*cpu == 0U || *cpu > host.guest_cpus) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: HostResource names cpu%u, which runs no "
				"guests (cpu0 runs the management core; guest CPUs: cpu1 to cpu%u)",
				idx, (unsigned)*cpu, (unsigned)host.guest_cpus);
	}
	return CIM_OK;
}

/* Why MappingBehavior `mb` cannot go with `named` host CPUs, or NULL. */
static const char *mapping_problem(uint64_t mb, uint32_t named)
{
	if (named == 0U) {
		return mb >= RASD_MAPPING_DEDICATED && mb <= RASD_MAPPING_HARD_AFFINITY
			       ? "needs HostResource naming host CPUs" : NULL;
	}
	if (mb == RASD_MAPPING_DEDICATED) {
		return "(Dedicated) is not supported: a Reservation dedicates host CPUs, "
		       "vmanhv picks which";
	}
	if (mb == RASD_MAPPING_SOFT_AFFINITY) {
		return "(Soft Affinity) is not supported, only 5 Hard Affinity";
	}
	return mb == RASD_MAPPING_HARD_AFFINITY ? NULL
		: "with HostResource must be 5 Hard Affinity (or NULL)";
}

enum cim_status rasd_host_cpus_read(const struct cim_instance *r, uint32_t idx,
				    uint64_t *affinity, bool *given, struct cim_result *res)
{
	const struct cim_value *hr = value_of(r, "HostResource");
	const struct cim_value *mb = value_of(r, "MappingBehavior");
	uint32_t named = hr != NULL ? hr->count : 0U;
	const char *problem = mb != NULL ? mapping_problem(mb->u, named) : NULL;

	*affinity = 0;
	*given = named > 0U;
	if (problem != NULL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: MappingBehavior %u %s", idx,
				(unsigned)mb->u, problem);
	}
	if (named > RASD_HOST_CPUS_MAX) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"ResourceSettings[%u]: HostResource names %u host CPUs, at most %u",
				idx, (unsigned)named, RASD_HOST_CPUS_MAX);
	}
	for (uint32_t i = 0; i < named; i++) {
		uint32_t cpu;

		if (host_cpu(hr->sa[i], idx, &cpu, res) != CIM_OK) {
			return res->status;
		}
		*affinity |= 1ULL << cpu;
	}
	return CIM_OK;
}

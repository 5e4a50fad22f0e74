/* sources: mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/cim/cim.c mgmt/cim/status.c mgmt/profiles/resource_pool_table.c mgmt/cim/arena.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* SPDX-License-Identifier: MIT */
/*
 * DSP1045 memory units read tolerantly (units.c) and an array of RASDs
 * turned into a VM's resources, with every refusal naming its RASD
 * (rasd.c, DSP1041/1044/1045).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hv/api.h"
#include "hv_cpu_features_double.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/units.h"

static void test_units_spellings(void **state)
{
	static const struct {
		const char *units;
		uint64_t multiplier;
	} good[] = {
		{ "byte*2^20", 1ULL << 20 }, { "byte * 2^20", 1ULL << 20 },
		{ " Byte*2^10 ", 1ULL << 10 }, { "byte*2^0", 1 }, { "byte*2^30", 1ULL << 30 },
		{ "byte*2^40", 1ULL << 40 }, { "byte", 1 }, { "Bytes", 1 },
		{ "KiloBytes", 1ULL << 10 }, { "KB", 1ULL << 10 }, { "KiB", 1ULL << 10 },
		{ "MegaBytes", 1ULL << 20 }, { "MB", 1ULL << 20 }, { "mib", 1ULL << 20 },
		{ "GigaBytes", 1ULL << 30 }, { "GiB", 1ULL << 30 },
	};
	static const char *const bad[] = {
		"", "   ", "byte*2^", "byte*2^41", "byte*2^100", "byte*2^-1", "byte*10^6",
		"byte*2^2O", "percent", "count", "hertz*10^6", "TB", "byte*2^20x",
		"byte*2^20 byte*2^20 byte*2^20 byte*2^20",
	};
	uint64_t m;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		m = 0;
		assert_int_equal(units_bytes_multiplier(good[i].units, &m), 0);
		assert_true(m == good[i].multiplier);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(units_bytes_multiplier(bad[i], &m), -EINVAL);
	}
	assert_int_equal(units_bytes_multiplier(NULL, &m), -EINVAL);
}

static void test_units_bytes(void **state)
{
	uint64_t b = 0;

	(void)state;
	assert_int_equal(units_bytes(64, "byte*2^20", &b), 0);
	assert_true(b == 64ULL << 20);
	assert_int_equal(units_bytes(1ULL << 30, "byte*2^40", &b), -ERANGE);
	assert_int_equal(units_bytes(UINT64_MAX, "byte", &b), 0);
	assert_int_equal(units_bytes(1, "furlongs", &b), -EINVAL);
}

/* A RASD built property by property; NULL where not set. */
struct rasd_builder {
	struct cim_instance inst;
};

/* The host HostResource names CPUs of (rasd_host_resource.c): cpu0 for
 * management, cpu1 and cpu2 for guests. */
int hv_host_resources(struct hv_host_resources *out)
{
	*out = (struct hv_host_resources){ .guest_cpus = 2, .guest_memory_bytes = 256ULL << 20 };
	return 0;
}

static void rasd_init(struct rasd_builder *r)
{
	memset(r, 0, sizeof(*r));
	r->inst.cls = &rasd_class;
	for (uint32_t i = 0; i < rasd_class.prop_count; i++) {
		r->inst.values[i].is_null = true;
	}
}

static void rasd_u(struct rasd_builder *r, const char *prop, uint64_t u)
{
	int i = cim_class_property(&rasd_class, prop);

	assert_true(i >= 0);
	r->inst.values[i] = (struct cim_value){ .u = u };
}

static void rasd_s(struct rasd_builder *r, const char *prop, const char *s)
{
	int i = cim_class_property(&rasd_class, prop);

	assert_true(i >= 0);
	r->inst.values[i] = (struct cim_value){ .s = s };
}

static void memory(struct rasd_builder *r, uint64_t vq, const char *units)
{
	rasd_init(r);
	rasd_u(r, "ResourceType", RASD_TYPE_MEMORY);
	rasd_u(r, "VirtualQuantity", vq);
	if (units != NULL) {
		rasd_s(r, "AllocationUnits", units);
	}
}

static void processor(struct rasd_builder *r, uint64_t vq)
{
	rasd_init(r);
	rasd_u(r, "ResourceType", RASD_TYPE_PROCESSOR);
	rasd_u(r, "VirtualQuantity", vq);
}

/* rasd_read on one or two RASDs; the message on refusal. */
static enum cim_status read2(struct rasd_builder *a, struct rasd_builder *b,
			     struct rasd_request *req, struct cim_result *res)
{
	const struct cim_instance *list[2] = { &a->inst, b != NULL ? &b->inst : NULL };

	memset(res, 0, sizeof(*res));
	return rasd_read(list, b != NULL ? 2U : 1U, req, res);
}

static void test_rasd_memory_and_processor(void **state)
{
	struct rasd_builder m, p;
	struct rasd_request req;
	struct cim_result res;

	(void)state;
	memory(&m, 64, "byte*2^20");
	processor(&p, 1);
	assert_int_equal(read2(&m, &p, &req, &res), CIM_OK);
	assert_true(req.memory_bytes == 64ULL << 20);
	assert_int_equal(req.vcpus, 1);
	processor(&p, HV_VM_VCPUS_MAX);
	assert_int_equal(read2(&p, NULL, &req, &res), CIM_OK);
	assert_int_equal(req.vcpus, HV_VM_VCPUS_MAX);
	assert_true(req.memory_bytes == 0U);	/* none asked: the default */
	/* order does not matter; "KiloBytes" as libvirt-cim writes it */
	memory(&m, 4096, "KiloBytes");
	assert_int_equal(read2(&p, &m, &req, &res), CIM_OK);
	assert_true(req.memory_bytes == 4ULL << 20);
	/* VirtualQuantityUnits (CIM 2.24+) wins over AllocationUnits */
	memory(&m, 2, "byte*2^10");
	rasd_s(&m, "VirtualQuantityUnits", "byte*2^20");
	assert_int_equal(read2(&m, NULL, &req, &res), CIM_OK);
	assert_true(req.memory_bytes == 2ULL << 20);
	/* no units at all: DSP1045's MiB */
	memory(&m, 3, NULL);
	assert_int_equal(read2(&m, NULL, &req, &res), CIM_OK);
	assert_true(req.memory_bytes == 3ULL << 20);
	/* Reservation and Limit equal to the quantity are what happens anyway;
	 * a smaller Reservation and a larger Limit are met too (RAM is whole) */
	memory(&m, 8, "MB");
	rasd_u(&m, "Reservation", 8);
	rasd_u(&m, "Limit", 8);
	assert_int_equal(read2(&m, NULL, &req, &res), CIM_OK);
	memory(&m, 8, "MB");
	rasd_u(&m, "Reservation", 4096);	/* in AllocationUnits, not the quantity's units */
	rasd_s(&m, "VirtualQuantityUnits", "byte*2^20");
	rasd_s(&m, "AllocationUnits", "byte*2^10");	/* Reservation 4096 KiB = 4 MiB */
	rasd_u(&m, "Limit", 16384);			/* 16 MiB */
	rasd_u(&m, "Weight", 300);
	rasd_s(&m, "PoolID", "vmanhv:pool:memory");
	assert_int_equal(read2(&m, NULL, &req, &res), CIM_OK);
	assert_true(req.memory_bytes == 8ULL << 20);
	assert_int_equal(req.terms.memory_weight, 300);
	assert_true((req.given & RASD_GIVEN_MEMORY_WEIGHT) != 0U);
	assert_string_equal(req.pool_id[ALLOCATION_MEMORY], "");	/* the primordial pool */
	/* a child pool's PoolID is recorded; whether it exists is the caller's check */
	rasd_s(&m, "PoolID", "vmanhv:pool:fast");
	assert_int_equal(read2(&m, NULL, &req, &res), CIM_OK);
	assert_string_equal(req.pool_id[ALLOCATION_MEMORY], "vmanhv:pool:fast");
	assert_true((req.given & RASD_GIVEN_MEMORY_POOL) != 0U);
	/* RAD: a memory RASD without VirtualQuantity leaves the size as it is */
	rasd_init(&m);
	rasd_u(&m, "ResourceType", RASD_TYPE_MEMORY);
	assert_int_equal(read2(&m, NULL, &req, &res), CIM_OK);
	assert_true(req.memory_bytes == 0U && req.has[ALLOCATION_MEMORY]);
	/* nothing at all: the image's default memory, one vCPU */
	assert_int_equal(rasd_read(NULL, 0, &req, &res), CIM_OK);
	assert_true(req.memory_bytes == 0U);
	assert_int_equal(req.vcpus, 0);		/* none asked: the hypervisor's 1 */
}

/* Each refusal is InvalidParameter and its message names the RASD and the cause. */
static void expect_refusal(struct rasd_builder *a, struct rasd_builder *b, const char *words)
{
	struct rasd_request req;
	struct cim_result res;

	assert_int_equal(read2(a, b, &req, &res), CIM_ERR_INVALID_PARAMETER);
	assert_int_equal(res.status, CIM_ERR_INVALID_PARAMETER);
	assert_non_null(strstr(res.message, "ResourceSettings["));
	if (strstr(res.message, words) == NULL) {
		fail_msg("\"%s\" not in \"%s\"", words, res.message);
	}
}

static void test_rasd_refusals(void **state)
{
	struct rasd_builder a, b;

	(void)state;
	memory(&a, 64, "percent");
	expect_refusal(&a, NULL, "units \"percent\" not understood");
	memory(&a, 0, "MB");
	expect_refusal(&a, NULL, "VirtualQuantity above 0");
	memory(&a, 63, "byte*2^10");
	expect_refusal(&a, NULL, "from 64 KiB to 1024 MiB");
	memory(&a, 2048, "MB");
	expect_refusal(&a, NULL, "from 64 KiB to 1024 MiB");
	memory(&a, 65, "KB");			/* not a page multiple */
	expect_refusal(&a, NULL, "multiple of 4 KiB");
	memory(&a, 1ULL << 40, "byte*2^40");	/* overflows */
	expect_refusal(&a, NULL, "from 64 KiB");
	memory(&a, 64, "MB");
	rasd_u(&a, "Limit", 32);
	expect_refusal(&a, NULL, "Limit below VirtualQuantity would need paging");
	memory(&a, 64, "MB");
	rasd_u(&a, "Reservation", 65);
	expect_refusal(&a, NULL, "Reservation is above VirtualQuantity");
	memory(&a, 64, "MB");
	rasd_u(&a, "Reservation", 1);
	rasd_s(&a, "AllocationUnits", "percent");
	rasd_s(&a, "VirtualQuantityUnits", "MB");
	expect_refusal(&a, NULL, "Reservation or Limit not understood in \"percent\"");
	memory(&a, 64, "MB");
	rasd_u(&a, "Weight", 10001);
	expect_refusal(&a, NULL, "memory Weight must be 1 to 10000");
	memory(&a, 64, "MB");
	rasd_s(&a, "PoolID", "Memory/0");
	expect_refusal(&a, NULL,
		       "PoolID \"Memory/0\" is not a memory pool (vmanhv:pool:memory or a child");
	memory(&a, 64, "MB");
	rasd_s(&a, "PoolID", "vmanhv:pool:processor");
	expect_refusal(&a, NULL, "is not a memory pool");
	memory(&a, 64, "MB");
	rasd_u(&a, "MappingBehavior", 3);
	expect_refusal(&a, NULL, "MappingBehavior is not supported");
	processor(&a, HV_VM_VCPUS_MAX + 1U);
	expect_refusal(&a, NULL, "1 to 4 processors");
	processor(&a, 0);
	expect_refusal(&a, NULL, "1 to 4 processors");
	processor(&a, 1);
	rasd_s(&a, "VirtualQuantityUnits", "percent");
	expect_refusal(&a, NULL, "must be count");
	processor(&a, 1);
	rasd_u(&a, "Weight", 0);
	expect_refusal(&a, NULL, "processor Weight must be 1 to 10000");
	processor(&a, 2);
	rasd_u(&a, "Reservation", 150);
	rasd_s(&a, "AllocationUnits", "percent");
	expect_refusal(&a, NULL, "processor Reservation is not a whole number of host CPUs");
	processor(&a, 2);
	rasd_u(&a, "Limit", 1);
	rasd_s(&a, "AllocationUnits", "hertz*10^6");
	expect_refusal(&a, NULL, "processor AllocationUnits \"hertz*10^6\" not understood");
	processor(&a, 2);
	rasd_u(&a, "Limit", 0);
	expect_refusal(&a, NULL, "processor Limit must be at least 1");
	processor(&a, 2);
	rasd_u(&a, "Reservation", HV_VM_VCPUS_MAX + 1U);
	expect_refusal(&a, NULL, "processor Reservation is more host CPUs than a VM has");
	/* two of a kind: the second is named */
	memory(&a, 64, "MB");
	memory(&b, 32, "MB");
	expect_refusal(&a, &b, "ResourceSettings[1]: a second memory RASD");
	processor(&a, 1);
	processor(&b, 1);
	expect_refusal(&a, &b, "a second processor RASD");
	/* resource types vmanhv has no device for */
	rasd_init(&a);
	rasd_u(&a, "ResourceType", 10);		/* Ethernet Adapter */
	expect_refusal(&a, NULL, "ResourceType must be 3 (processor) or 4 (memory)");
	rasd_init(&a);
	expect_refusal(&a, NULL, "ResourceType must be");
}

/* DSP1044 terms: count or percent of one CPU in, host CPUs out. */
static void test_rasd_processor_terms(void **state)
{
	struct rasd_builder p;
	struct rasd_request req;
	struct cim_result res;
	struct allocation_terms t = { .cpu_reservation = 1, .cpu_limit = 2, .cpu_weight = 50,
				      .memory_weight = 7 };

	(void)state;
	processor(&p, 2);
	rasd_u(&p, "Reservation", 200);
	rasd_s(&p, "AllocationUnits", " Percent ");
	rasd_u(&p, "Weight", 400);
	rasd_s(&p, "PoolID", "vmanhv:pool:processor");
	rasd_s(&p, "InstanceID", "vmanhv:web:processor");
	assert_int_equal(read2(&p, NULL, &req, &res), CIM_OK);
	assert_int_equal(req.vcpus, 2);
	assert_int_equal(req.terms.cpu_reservation, 2);
	assert_int_equal(req.terms.cpu_weight, 400);
	assert_string_equal(req.instance_id[ALLOCATION_PROCESSOR], "vmanhv:web:processor");
	assert_int_equal(req.given, RASD_GIVEN_CPU_RESERVATION | RASD_GIVEN_CPU_WEIGHT |
					    RASD_GIVEN_CPU_POOL);
	/* merging replaces only what was given */
	rasd_terms_merge(&req, &t);
	assert_int_equal(t.cpu_reservation, 2);
	assert_int_equal(t.cpu_limit, 2);
	assert_int_equal(t.cpu_weight, 400);
	assert_int_equal(t.memory_weight, 7);
	/* a RASD with only terms: the vCPU count is left as it is (0) */
	rasd_init(&p);
	rasd_u(&p, "ResourceType", RASD_TYPE_PROCESSOR);
	rasd_u(&p, "Limit", 1);
	rasd_s(&p, "AllocationUnits", "count");
	assert_int_equal(read2(&p, NULL, &req, &res), CIM_OK);
	assert_int_equal(req.vcpus, 0);
	assert_int_equal(req.terms.cpu_limit, 1);
}

/* units.c's processor and output forms. */
static void rasd_sa(struct rasd_builder *r, const char *prop, const char *const *sa,
		    uint32_t n)
{
	int i = cim_class_property(&rasd_class, prop);

	assert_true(i >= 0);
	r->inst.values[i] = (struct cim_value){ .sa = sa, .count = n };
}

#define HOST_CPU(n)	"root/cimv2:CIM_Processor.CreationClassName=\"CIM_Processor\"," \
			"DeviceID=\"cpu" #n "\",SystemCreationClassName=\"CIM_ComputerSystem\"," \
			"SystemName=\"vmanhv\""

/* DSP1041 HostResource + MappingBehavior 5 Hard Affinity on processors
 * (docs/scheduler.md): the host CPUs named become the affinity mask. */
static void test_rasd_processor_affinity(void **state)
{
	static const char *const both[] = { HOST_CPU(1), HOST_CPU(2) };
	static const char *const uri[] = { "//vmanhv/root/cimv2:CIM_Processor.DeviceID=\"cpu2\","
					   "SystemName=\"vmanhv\"" };
	static const char *const cpu0[] = { HOST_CPU(0) };
	static const char *const cpu3[] = { HOST_CPU(3) };
	static const char *const vm_cpu[] = { "CIM_Processor.DeviceID=\"a:cpu0\",SystemName=\"a\"" };
	static const char *const junk[] = { "not a path" };
	static const char *const nine[9] = { HOST_CPU(1), HOST_CPU(1), HOST_CPU(1), HOST_CPU(1),
					     HOST_CPU(1), HOST_CPU(1), HOST_CPU(1), HOST_CPU(1),
					     HOST_CPU(1) };
	struct rasd_builder a;
	struct rasd_request req;
	struct cim_result res;
	struct allocation_terms t = { 0 };

	(void)state;
	processor(&a, 2);
	rasd_sa(&a, "HostResource", both, 2);
	rasd_u(&a, "MappingBehavior", 5);
	assert_int_equal(read2(&a, NULL, &req, &res), CIM_OK);
	assert_int_equal(req.terms.cpu_affinity, 0x6);
	assert_true((req.given & RASD_GIVEN_CPU_AFFINITY) != 0U);
	rasd_terms_merge(&req, &t);
	assert_int_equal(t.cpu_affinity, 0x6);

	processor(&a, 1);				/* MappingBehavior NULL: hard */
	rasd_sa(&a, "HostResource", uri, 1);
	assert_int_equal(read2(&a, NULL, &req, &res), CIM_OK);
	assert_int_equal(req.terms.cpu_affinity, 0x4);

	processor(&a, 1);				/* empty: the implementation decides */
	rasd_sa(&a, "HostResource", both, 0);
	rasd_u(&a, "MappingBehavior", 2);
	assert_int_equal(read2(&a, NULL, &req, &res), CIM_OK);
	assert_int_equal(req.terms.cpu_affinity, 0);
	assert_true((req.given & RASD_GIVEN_CPU_AFFINITY) == 0U);

	processor(&a, 1);
	rasd_sa(&a, "HostResource", both, 2);
	rasd_u(&a, "MappingBehavior", 4);
	expect_refusal(&a, NULL, "MappingBehavior 4 (Soft Affinity) is not supported");
	processor(&a, 1);
	rasd_sa(&a, "HostResource", both, 2);
	rasd_u(&a, "MappingBehavior", 3);
	expect_refusal(&a, NULL, "MappingBehavior 3 (Dedicated) is not supported");
	processor(&a, 1);
	rasd_sa(&a, "HostResource", both, 2);
	rasd_u(&a, "MappingBehavior", 0);
	expect_refusal(&a, NULL, "must be 5 Hard Affinity");
	processor(&a, 1);
	rasd_u(&a, "MappingBehavior", 5);
	expect_refusal(&a, NULL, "MappingBehavior 5 needs HostResource");
	processor(&a, 1);
	rasd_sa(&a, "HostResource", cpu0, 1);
	expect_refusal(&a, NULL, "cpu0 runs the management core");
	processor(&a, 1);
	rasd_sa(&a, "HostResource", cpu3, 1);
	expect_refusal(&a, NULL, "names cpu3, which runs no guests");
	processor(&a, 1);
	rasd_sa(&a, "HostResource", vm_cpu, 1);
	expect_refusal(&a, NULL, "is not the object path of a host CIM_Processor");
	processor(&a, 1);
	rasd_sa(&a, "HostResource", junk, 1);
	expect_refusal(&a, NULL, "is not the object path of a host CIM_Processor");
	processor(&a, 1);
	rasd_sa(&a, "HostResource", nine, 9);
	expect_refusal(&a, NULL, "names 9 host CPUs, at most 8");
	memory(&a, 64, "MB");				/* memory is never pinned */
	rasd_sa(&a, "HostResource", both, 2);
	expect_refusal(&a, NULL, "HostResource is not supported");
}

static void test_units_processor_and_emit(void **state)
{
	uint64_t n = 0;

	(void)state;
	assert_int_equal(units_processor_count(3, NULL, &n), 0);
	assert_true(n == 3U);
	assert_int_equal(units_processor_count(3, " COUNT", &n), 0);
	assert_true(n == 3U);
	assert_int_equal(units_processor_count(300, "percent", &n), 0);
	assert_true(n == 3U);
	assert_int_equal(units_processor_count(50, "percent", &n), -EDOM);
	assert_int_equal(units_processor_count(1, "hertz*10^6", &n), -EINVAL);
	assert_string_equal(units_memory_emit(64ULL << 20, &n), "byte*2^20");
	assert_true(n == 64U);
	assert_string_equal(units_memory_emit(68ULL << 10, &n), "byte*2^10");
	assert_true(n == 68U);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units_spellings),
		cmocka_unit_test(test_units_bytes),
		cmocka_unit_test(test_rasd_memory_and_processor),
		cmocka_unit_test(test_rasd_refusals),
		cmocka_unit_test(test_rasd_processor_terms),
		cmocka_unit_test(test_rasd_processor_affinity),
		cmocka_unit_test(test_units_processor_and_emit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

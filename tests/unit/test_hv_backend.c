/* sources: mgmt/hosted/hv_backend.c hv/api_errors.c */
/* SPDX-License-Identifier: MIT */
/*
 * The hosted build's hv/api.h test backend (docs/bench.md): the firmware's
 * validation, limits and errors, ids that are slots (hv/api.h: info on
 * 0..HV_VM_MAX-1 lists every VM), state changes and the console ring.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hv/api.h"

static struct hv_vm_config config(const char *name, const char *image)
{
	struct hv_vm_config c;

	memset(&c, 0, sizeof(c));
	strncpy(c.name, name, sizeof(c.name) - 1U);
	strncpy(c.image, image, sizeof(c.image) - 1U);
	return c;
}

static uint32_t create(const char *name)
{
	struct hv_vm_config c = config(name, "hello");
	uint32_t id = UINT32_MAX;

	assert_int_equal(hv_vm_create(&c, &id), 0);
	return id;
}

/* Every test leaves the backend empty. */
static int clear_all(void **state)
{
	struct hv_vm_info info;

	(void)state;
	for (uint32_t id = 0; id < HV_VM_MAX; id++) {
		if (hv_vm_info(id, &info) == 0) {
			if (info.state == HV_VM_RUNNING || info.state == HV_VM_PAUSED) {
				assert_int_equal(hv_vm_stop(id), 0);
			}
			assert_int_equal(hv_vm_destroy(id), 0);
		}
	}
	return 0;
}

static void lifecycle(void **state)
{
	struct hv_vm_info info;
	uint32_t id = create("web-1");

	(void)state;
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.id, id);
	assert_string_equal(info.name, "web-1");
	assert_int_equal(info.state, HV_VM_DEFINED);
	assert_int_equal(info.memory_bytes, 2ULL << 20);	/* the built-in images' RAM */
	assert_int_equal(info.vcpus, 1);
	assert_int_equal(hv_vm_stop(id), -EBUSY);
	assert_int_equal(hv_vm_start(id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_RUNNING);
	assert_int_not_equal(info.cpu, 0);	/* CPU 0 runs the management core */
	assert_int_equal(hv_vm_start(id), -EBUSY);
	assert_int_equal(hv_vm_destroy(id), -EBUSY);
	assert_int_equal(hv_vm_stop(id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_STOPPED);
	assert_string_equal(info.stop_reason, "stopped by request");
	assert_int_equal(hv_vm_start(id), -EBUSY);
	assert_int_equal(hv_vm_destroy(id), 0);
	assert_int_equal(hv_vm_info(id, &info), -ENOENT);
	assert_int_equal(hv_vm_start(id), -ENOENT);
	assert_int_equal(hv_vm_stop(id), -ENOENT);
	assert_int_equal(hv_vm_destroy(id), -ENOENT);
	assert_int_equal(hv_vm_info(HV_VM_MAX, &info), -ENOENT);
}

static void power_button(void **state)
{
	struct hv_vm_info info;
	uint32_t id = create("db");

	(void)state;
	assert_int_equal(hv_vm_power_button(id), -EBUSY);	/* not running */
	assert_int_equal(hv_vm_start(id), 0);
	assert_int_equal(hv_vm_power_button(id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_STOPPED);
	assert_string_equal(info.stop_reason, "ACPI power off (S5)");
	assert_int_equal(hv_vm_power_button(HV_VM_MAX + 3U), -ENOENT);
}

/* hv/api.h: pause only RUNNING, resume only PAUSED, reset either (and it
 * runs again), stop either; a PAUSED VM is not destroyed. */
static void pause_resume_reset(void **state)
{
	struct hv_vm_info info;
	uint32_t id = create("app");

	(void)state;
	assert_int_equal(hv_vm_pause(id), -EBUSY);	/* DEFINED */
	assert_int_equal(hv_vm_reset(id), -EBUSY);
	assert_int_equal(hv_vm_start(id), 0);
	assert_int_equal(hv_vm_resume(id), -EBUSY);	/* RUNNING */
	assert_int_equal(hv_vm_pause(id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_PAUSED);
	assert_int_equal(hv_vm_pause(id), -EBUSY);
	assert_int_equal(hv_vm_power_button(id), -EBUSY);
	assert_int_equal(hv_vm_destroy(id), -EBUSY);
	assert_int_equal(hv_vm_resume(id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_RUNNING);
	assert_int_equal(hv_vm_reset(id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_RUNNING);
	assert_int_equal(hv_vm_pause(id), 0);
	assert_int_equal(hv_vm_reset(id), 0);		/* a PAUSED VM runs again */
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_RUNNING);
	assert_int_equal(hv_vm_pause(id), 0);
	assert_int_equal(hv_vm_stop(id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.state, HV_VM_STOPPED);
	assert_string_equal(info.stop_reason, "stopped by request");
	assert_int_equal(hv_vm_pause(id), -EBUSY);
	assert_int_equal(hv_vm_resume(id), -EBUSY);
	assert_int_equal(hv_vm_reset(id), -EBUSY);
	assert_int_equal(hv_vm_pause(HV_VM_MAX), -ENOENT);
	assert_int_equal(hv_vm_resume(HV_VM_MAX), -ENOENT);
	assert_int_equal(hv_vm_reset(HV_VM_MAX), -ENOENT);
}

static void refusals(void **state)
{
	static const char *const bad_names[] = { "", "a b", "semi;colon", "x/y",
						 "tab\tname", "caf\xc3\xa9" };
	struct hv_vm_config c;
	uint32_t id;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		c = config(bad_names[i], "hello");
		assert_int_equal(hv_vm_create(&c, &id), -EINVAL);
	}
	c = config("ok", "hello");
	memset(c.name, 'n', sizeof(c.name));		/* not NUL-terminated in its field */
	assert_int_equal(hv_vm_create(&c, &id), -EINVAL);
	c = config("ok", "hello");
	c.memory_bytes = (1ULL << 20) + 1U;		/* not a 4 KiB multiple */
	assert_int_equal(hv_vm_create(&c, &id), -EINVAL);
	c.memory_bytes = HV_VM_MEMORY_MIN - 4096U;
	assert_int_equal(hv_vm_create(&c, &id), -EINVAL);
	c.memory_bytes = HV_VM_MEMORY_MAX + 4096U;
	assert_int_equal(hv_vm_create(&c, &id), -EINVAL);
	c = config("ok", "hello");
	c.vcpus = HV_VM_VCPUS_MAX + 1U;
	assert_int_equal(hv_vm_create(&c, &id), -EINVAL);
	c = config("ok", "no-such-image");
	assert_int_equal(hv_vm_create(&c, &id), -ENOENT);
	/* Nothing was made by any of them. */
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		struct hv_vm_info info;

		assert_int_equal(hv_vm_info(i, &info), -ENOENT);
	}
}

static void sizes_and_vcpus_kept(void **state)
{
	/* The longest name that fits with its NUL: 23 characters. */
	struct hv_vm_config c = config("twenty-three-characters", "hello64");
	struct hv_vm_info info;
	uint32_t id;

	(void)state;
	c.memory_bytes = HV_VM_MEMORY_MAX;
	c.vcpus = HV_VM_VCPUS_MAX;
	assert_int_equal(hv_vm_create(&c, &id), 0);
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_int_equal(info.memory_bytes, HV_VM_MEMORY_MAX);
	assert_int_equal(info.vcpus, HV_VM_VCPUS_MAX);
	assert_string_equal(info.name, "twenty-three-characters");
}

/* hv_vm_set_cpu_terms() checks as the firmware does (hv/sched_share.c) on the
 * pretend host's CPUs 1 to 3, and changes nothing when it refuses. */
static void cpu_terms(void **state)
{
	uint32_t id = create("terms");
	struct hv_cpu_terms ok = { .weight = 300, .limit_permille = 500, .affinity = 0xE };
	struct hv_cpu_terms bad[] = {
		{ .weight = 0 },
		{ .weight = HV_CPU_WEIGHT_MAX + 1U },
		{ .weight = 100, .limit_permille = 1001 },	/* one vCPU: one CPU's worth */
		{ .weight = 100, .reserved_cpus = 2 },
		{ .weight = 100, .affinity = 0x1 },		/* CPU 0 runs management */
		{ .weight = 100, .affinity = 0x10 },		/* no CPU 4 */
	};

	(void)state;
	assert_int_equal(hv_vm_set_cpu_terms(id, &ok), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(hv_vm_set_cpu_terms(id, &bad[i]), -ERANGE);
	}
	assert_int_equal(hv_vm_set_cpu_terms(HV_VM_MAX, &ok), -ENOENT);
	assert_non_null(strstr(hv_error_text(-ERANGE), "Weight 1-10000"));
}

/* hv_guest_cpu_features(): a guest sees a subset of the pretend host's
 * features (VMX and AVX hidden, as vmx_cpuid.c does) plus only the bits
 * vmanhv emulates (x2APIC, TSC-deadline, hypervisor; APIC; TSC_ADJUST). */
static void cpu_features(void **state)
{
	static const uint32_t emulated[HV_CPUID_WORDS] = {
		[HV_CPUID_1_ECX] = (1U << 21) | (1U << 24) | (1U << 31),
		[HV_CPUID_1_EDX] = 1U << 9,
		[HV_CPUID_7_EBX] = 1U << 1,
	};
	struct hv_cpu_features f;

	(void)state;
	assert_int_equal(hv_guest_cpu_features(&f), 0);
	for (uint32_t w = 0; w < HV_CPUID_WORDS; w++) {
		assert_int_equal(f.guest[w] & ~(f.host[w] | emulated[w]), 0);
	}
	assert_true(f.host[HV_CPUID_1_ECX] & (1U << 5));	/* VMX */
	assert_false(f.guest[HV_CPUID_1_ECX] & (1U << 5));
	assert_true(f.host[HV_CPUID_1_ECX] & (1U << 28));	/* AVX */
	assert_false(f.guest[HV_CPUID_1_ECX] & (1U << 28));
	assert_true(f.guest[HV_CPUID_1_EDX] & (1U << 26));	/* SSE2 */
}

/* hv_host_resources(): the pretend host's 3 guest CPUs and 4 GiB, which
 * the VMs' RAM cannot exceed (-ENOMEM, as the firmware's page allocator). */
static void host_resources(void **state)
{
	struct hv_host_resources host;
	struct hv_vm_config c;
	char name[8];
	uint32_t id;

	(void)state;
	assert_int_equal(hv_host_resources(&host), 0);
	assert_int_equal(host.guest_cpus, 3);
	assert_true(host.guest_memory_bytes == 4ULL << 30);
	for (uint32_t i = 0; i < 4U; i++) {
		snprintf(name, sizeof(name), "big%u", i);
		c = config(name, "hello");
		c.memory_bytes = HV_VM_MEMORY_MAX;
		assert_int_equal(hv_vm_create(&c, &id), 0);
	}
	c = config("one-more", "hello");
	c.memory_bytes = 64ULL << 10;
	assert_int_equal(hv_vm_create(&c, &id), -ENOMEM);
}

static void ids_are_slots(void **state)
{
	char name[8];
	struct hv_vm_config c;
	uint32_t id;

	(void)state;
	for (uint32_t i = 0; i < HV_VM_MAX; i++) {
		snprintf(name, sizeof(name), "vm%u", i);
		assert_int_equal(create(name), i);
	}
	c = config("one-more", "hello");
	assert_int_equal(hv_vm_create(&c, &id), -ENOSPC);
	c = config("vm3", "hello");
	assert_int_equal(hv_vm_destroy(3), 0);
	assert_int_equal(hv_vm_create(&c, &id), 0);	/* the name is free again */
	assert_int_equal(id, 3);			/* and so is its slot */
	c = config("vm4", "hello");
	assert_int_equal(hv_vm_destroy(7), 0);
	assert_int_equal(hv_vm_create(&c, &id), -EEXIST);
}

static void console(void **state)
{
	static const char expect[] = "hosted test backend: running\n"
				     "hosted test backend: stopped\n";
	uint32_t id = create("talker");
	char buf[128];
	uint64_t offset = 0;
	size_t n;

	(void)state;
	assert_int_equal(hv_vm_console_read(id, &offset, buf, sizeof(buf)), 0);
	assert_int_equal(hv_vm_start(id), 0);
	assert_int_equal(hv_vm_stop(id), 0);
	n = hv_vm_console_read(id, &offset, buf, 10);
	assert_int_equal(n, 10);
	assert_int_equal(offset, 10);
	n += hv_vm_console_read(id, &offset, buf + 10, sizeof(buf) - 10U);
	assert_int_equal(n, sizeof(expect) - 1U);
	assert_memory_equal(buf, expect, n);
	assert_int_equal(offset, sizeof(expect) - 1U);
	assert_int_equal(hv_vm_console_read(id, &offset, buf, sizeof(buf)), 0);
	assert_int_equal(hv_vm_console_read(HV_VM_MAX, &offset, buf, sizeof(buf)), 0);
}

static void error_texts(void **state)
{
	static const int errs[] = { -EINVAL, -ENOENT, -EEXIST, -ENOSPC, -ENOMEM, -EFBIG,
				    -EBUSY, -ENOTSUP, -ETIMEDOUT, -ENODEV };

	(void)state;
	assert_string_equal(hv_error_text(0), "success");
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		assert_string_not_equal(hv_error_text(errs[i]), "unexpected error");
	}
	assert_string_equal(hv_error_text(-EPIPE), "unexpected error");
	assert_null(hv_vms_unavailable());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(lifecycle, clear_all),
		cmocka_unit_test_teardown(power_button, clear_all),
		cmocka_unit_test_teardown(pause_resume_reset, clear_all),
		cmocka_unit_test_teardown(refusals, clear_all),
		cmocka_unit_test_teardown(sizes_and_vcpus_kept, clear_all),
		cmocka_unit_test_teardown(ids_are_slots, clear_all),
		cmocka_unit_test_teardown(cpu_terms, clear_all),
		cmocka_unit_test_teardown(host_resources, clear_all),
		cmocka_unit_test_teardown(cpu_features, clear_all),
		cmocka_unit_test_teardown(console, clear_all),
		cmocka_unit_test_teardown(error_texts, clear_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

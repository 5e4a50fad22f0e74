/* sources: mgmt/cim/cim.c mgmt/cim/status.c mgmt/cim/arena.c mgmt/profiles/host_system.c mgmt/profiles/host_ref.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/job.c mgmt/profiles/job_timeout.c mgmt/wsman/duration.c mgmt/profiles/console_output.c mgmt/hosted/hv_backend.c hv/api_errors.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/child_pool.c mgmt/profiles/resource_pool_table.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * vmanhv_ConsoleOutput over the hosted hv/api.h backend (its console ring
 * keeps 4 KiB and says every state change): the bytes come back exactly,
 * with StartOffset and TotalBytes placing them, and when the ring has
 * dropped bytes StartOffset says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/base64.h>

#include "hv/api.h"
#include "mgmt/profiles/console_output.h"

struct seen {
	int count;
	char id[64];
	char system[HV_VM_NAME_LEN];
	uint64_t start, total;
	unsigned char data[CONSOLE_OUTPUT_MAX + 1U];
	size_t len;
};

static int collect(void *ctx, const struct cim_instance *inst)
{
	struct seen *s = ctx;
	int data = cim_class_property(inst->cls, "Data");
	const char *text = inst->values[data].s;

	s->count++;
	snprintf(s->id, sizeof(s->id), "%s",
		 inst->values[cim_class_property(inst->cls, "InstanceID")].s);
	snprintf(s->system, sizeof(s->system), "%s",
		 inst->values[cim_class_property(inst->cls, "SystemName")].s);
	s->start = inst->values[cim_class_property(inst->cls, "StartOffset")].u;
	s->total = inst->values[cim_class_property(inst->cls, "TotalBytes")].u;
	assert_int_equal(mbedtls_base64_decode(s->data, sizeof(s->data), &s->len,
					       (const unsigned char *)text, strlen(text)), 0);
	return 0;
}

static uint32_t define(const char *name)
{
	struct hv_vm_config c;
	uint32_t id = UINT32_MAX;

	memset(&c, 0, sizeof(c));
	strncpy(c.name, name, sizeof(c.name) - 1U);
	strncpy(c.image, "hello", sizeof(c.image) - 1U);
	assert_int_equal(hv_vm_create(&c, &id), 0);
	return id;
}

static void whole_console(void **state)
{
	static const char expect[] = "hosted test backend: running\n"
				     "hosted test backend: paused\n";
	uint32_t id = define("talker");
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(console_output_provider.enumerate(NULL, 0, collect, &s), 0);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.id, "vmanhv:talker:console");
	assert_string_equal(s.system, "talker");
	assert_int_equal(s.len, 0);
	assert_int_equal(s.start, 0);
	assert_int_equal(s.total, 0);

	assert_int_equal(hv_vm_start(id), 0);
	assert_int_equal(hv_vm_pause(id), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(console_output_provider.enumerate(NULL, 0, collect, &s), 0);
	assert_int_equal(s.len, sizeof(expect) - 1U);
	assert_memory_equal(s.data, expect, s.len);
	assert_int_equal(s.start, 0);
	assert_int_equal(s.total, sizeof(expect) - 1U);
	assert_int_equal(hv_vm_stop(id), 0);
	assert_int_equal(hv_vm_destroy(id), 0);
}

/* More than the ring holds: the last 4 KiB, placed at total - 4096. */
static void ring_wrapped(void **state)
{
	uint32_t id = define("chatty");
	struct hv_vm_info info;
	char tail[CONSOLE_OUTPUT_MAX];
	uint64_t offset;
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(hv_vm_start(id), 0);
	for (int i = 0; i < 200; i++) {
		assert_int_equal(hv_vm_pause(id), 0);
		assert_int_equal(hv_vm_resume(id), 0);
	}
	assert_int_equal(hv_vm_info(id, &info), 0);
	assert_true(info.console_bytes > 2U * CONSOLE_OUTPUT_MAX);
	offset = info.console_bytes - CONSOLE_OUTPUT_MAX;
	assert_int_equal(hv_vm_console_read(id, &offset, tail, sizeof(tail)), CONSOLE_OUTPUT_MAX);

	assert_int_equal(console_output_provider.enumerate(NULL, 0, collect, &s), 0);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.total, info.console_bytes);
	assert_int_equal(s.start, info.console_bytes - CONSOLE_OUTPUT_MAX);
	assert_int_equal(s.len, CONSOLE_OUTPUT_MAX);
	assert_memory_equal(s.data, tail, CONSOLE_OUTPUT_MAX);
	assert_int_equal(hv_vm_stop(id), 0);
	assert_int_equal(hv_vm_destroy(id), 0);
}

/* An empty console is empty even right after another VM's was read (the
 * encoder writes nothing for no bytes, so the text must be ended by the
 * provider): seen in test_lifecycle.py as a remade VM showing the old one's
 * ticks. */
static void empty_after_another(void **state)
{
	uint32_t loud = define("loud"), quiet = define("quiet");
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(hv_vm_start(loud), 0);
	assert_int_equal(hv_vm_pause(loud), 0);
	assert_int_equal(console_output_provider.enumerate(NULL, 0, collect, &s), 0);
	assert_int_equal(s.count, 2);
	assert_string_equal(s.system, "quiet");	/* the last one, after loud's bytes */
	assert_int_equal(s.total, 0);
	assert_int_equal(s.start, 0);
	assert_int_equal(s.len, 0);
	assert_int_equal(hv_vm_stop(loud), 0);
	assert_int_equal(hv_vm_destroy(loud), 0);
	assert_int_equal(hv_vm_destroy(quiet), 0);
}

/* One instance per VM, none once they are gone. */
static void one_per_vm(void **state)
{
	uint32_t a = define("a"), b = define("b");
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(console_output_provider.enumerate(NULL, 0, collect, &s), 0);
	assert_int_equal(s.count, 2);
	assert_string_equal(s.system, "b");
	assert_int_equal(hv_vm_destroy(a), 0);
	assert_int_equal(hv_vm_destroy(b), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(console_output_provider.enumerate(NULL, 0, collect, &s), 0);
	assert_int_equal(s.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_console),
		cmocka_unit_test(ring_wrapped),
		cmocka_unit_test(one_per_vm),
		cmocka_unit_test(empty_after_another),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

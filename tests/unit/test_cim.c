/* sources: mgmt/cim/cim.c mgmt/profiles/host_system.c mgmt/profiles/registry.c */
/* SPDX-License-Identifier: MIT */
/*
 * The CIM object model: ResourceURI lookup, property lookup, key text and
 * get-by-keys over the host CIM_ComputerSystem provider.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/registry.h"

static void test_registry_find(void **state)
{
	(void)state;
	assert_ptr_equal(cim_registry_find(&profiles_registry,
					   CIM_RESOURCE_URI_PREFIX "CIM_ComputerSystem"),
			 &host_system_provider);
	/* CIM class names are case-insensitive (DSP0004) */
	assert_ptr_equal(cim_registry_find(&profiles_registry,
					   CIM_RESOURCE_URI_PREFIX "cim_computersystem"),
			 &host_system_provider);
	assert_null(cim_registry_find(&profiles_registry, CIM_RESOURCE_URI_PREFIX "CIM_Nothing"));
	assert_null(cim_registry_find(&profiles_registry, CIM_RESOURCE_URI_PREFIX));
	assert_null(cim_registry_find(&profiles_registry,
				      "http://schemas.dmtf.org/wbem/wscim/1/*"));
	assert_null(cim_registry_find(&profiles_registry, "CIM_ComputerSystem"));
	assert_null(cim_registry_find(&profiles_registry, NULL));
	assert_null(cim_registry_find(NULL, CIM_RESOURCE_URI_PREFIX "CIM_ComputerSystem"));
}

static void test_class(void **state)
{
	const struct cim_class *c = &host_system_class;
	unsigned keys = 0;

	(void)state;
	assert_true(cim_class_property(c, "name") >= 0);
	assert_int_equal(cim_class_property(c, "Nope"), -1);
	for (uint32_t i = 0; i < c->prop_count; i++) {
		keys += c->props[i].key;
		if (i > 0) {	/* DSP0230 order */
			assert_true(strcmp(c->props[i - 1].name, c->props[i].name) < 0);
		}
	}
	assert_int_equal(keys, 2);
}

static void test_value_text(void **state)
{
	struct cim_property u16 = { "X", CIM_TYPE_UINT16, false, true, NULL };
	struct cim_property b = { "B", CIM_TYPE_BOOLEAN, false, true, NULL };
	struct cim_property arr = { "A", CIM_TYPE_UINT16, true, false, NULL };
	struct cim_value v = { .u = 65535, .b = true };
	char buf[8];

	(void)state;
	assert_int_equal(cim_value_text(&u16, &v, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "65535");
	assert_int_equal(cim_value_text(&b, &v, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "true");
	assert_int_equal(cim_value_text(&u16, &v, buf, 3), -E2BIG);
	assert_int_equal(cim_value_text(&arr, &v, buf, sizeof(buf)), -EINVAL);
	v.is_null = true;
	assert_int_equal(cim_value_text(&u16, &v, buf, sizeof(buf)), -EINVAL);
}

static int found_calls;

static int found(void *ctx, const struct cim_instance *inst)
{
	(void)ctx;
	assert_ptr_equal(inst->cls, &host_system_class);
	found_calls++;
	return 0;
}

static void test_get(void **state)
{
	const struct cim_key good[] = { { "CreationClassName", "CIM_ComputerSystem" },
					{ "name", "vmanhv" } };
	const struct cim_key bad[] = { { "CreationClassName", "CIM_ComputerSystem" },
				       { "Name", "VMANHV" } };	/* values are exact */

	(void)state;
	found_calls = 0;
	assert_int_equal(cim_get(&host_system_provider, good, 2, found, NULL), 0);
	assert_int_equal(found_calls, 1);
	assert_int_equal(cim_get(&host_system_provider, bad, 2, found, NULL), -ENOENT);
	assert_int_equal(found_calls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_find),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

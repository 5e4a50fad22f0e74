/* sources: mgmt/cim/cim.c mgmt/profiles/host_system.c mgmt/profiles/registry.c mgmt/profiles/console_output.c mgmt/profiles/profile_registration.c mgmt/cim/arena.c mgmt/cim/status.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/virtual_system_management_capabilities.c mgmt/profiles/hosted_service.c mgmt/profiles/hosted_dependency.c mgmt/profiles/settings_define_state.c mgmt/profiles/element_capabilities.c mgmt/profiles/account.c mgmt/profiles/account_on_system.c mgmt/hosted/hv_backend.c hv/api_errors.c mgmt/profiles/job.c mgmt/profiles/concrete_job.c mgmt/profiles/cim_error.c mgmt/profiles/affected_job_element.c mgmt/profiles/enabled_logical_element_capabilities.c mgmt/wsman/duration.c mgmt/profiles/job_timeout.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/allocation_capabilities.c mgmt/profiles/allocation_template.c mgmt/profiles/pool_capabilities.c mgmt/profiles/settings_define_capabilities.c mgmt/profiles/hosted_resource_pool.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool.c mgmt/profiles/resource_pool_table.c mgmt/profiles/resource_settings.c mgmt/profiles/vssd_component.c mgmt/profiles/resource_allocation_from_pool.c mgmt/profiles/element_allocated_from_pool.c mgmt/profiles/child_pool.c mgmt/profiles/resource_pool_configuration_service.c mgmt/profiles/modify_system_settings.c mgmt/profiles/virtual_device.c mgmt/profiles/processor_device.c mgmt/profiles/memory_device.c mgmt/profiles/system_device.c mgmt/profiles/settings_define_state_device.c mgmt/profiles/element_setting_data.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * The CIM object model: ResourceURI lookup, property lookup, key text and
 * get-by-keys over the host CIM_ComputerSystem provider; the class
 * hierarchy, several providers of one class, enumeration from a position,
 * and references (built from instances, compared) over test providers.
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
			 &host_system_class);
	/* CIM class names are case-insensitive (DSP0004) */
	assert_ptr_equal(cim_registry_find(&profiles_registry,
					   CIM_RESOURCE_URI_PREFIX "cim_computersystem"),
			 &host_system_class);
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
	struct cim_property u16 = { .name = "X", .type = CIM_TYPE_UINT16, .key = true };
	struct cim_property b = { .name = "B", .type = CIM_TYPE_BOOLEAN, .key = true };
	struct cim_property arr = { .name = "A", .type = CIM_TYPE_UINT16, .array = true };
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
	const struct cim_key good[] = { { "CreationClassName", "CIM_ComputerSystem", NULL },
					{ "name", "vmanhv", NULL } };
	const struct cim_key bad[] = { { "CreationClassName", "CIM_ComputerSystem", NULL },
				       { "Name", "VMANHV", NULL } };	/* values are exact */

	(void)state;
	found_calls = 0;
	assert_int_equal(cim_get(&host_system_provider, good, 2, found, NULL), 0);
	assert_int_equal(found_calls, 1);
	assert_int_equal(cim_get(&host_system_provider, bad, 2, found, NULL), -ENOENT);
	assert_int_equal(found_calls, 1);
}

/* --- a small hierarchy: Test_Base <- Test_Derived, two providers of Test_Base,
 * one of Test_Derived (in root/interop), and an association Test_Link --- */

static const struct cim_property base_props[] = {
	{ .name = "Id", .type = CIM_TYPE_UINT32, .key = true },
	{ .name = "Label", .type = CIM_TYPE_STRING },
};
static const struct cim_class base_class = { .name = "Test_Base", .cim_namespace = "root/cimv2",
					     .props = base_props, .prop_count = 2 };
static const struct cim_class derived_class = { .name = "Test_Derived",
						.cim_namespace = "root/interop",
						.props = base_props, .prop_count = 2,
						.super = &base_class };

struct numbered {
	const struct cim_class *cls;
	uint32_t first, count;
	uint32_t calls;		/* instances built, to prove resumption is not a re-walk */
};

static int numbered_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct numbered *n = pctx;

	for (uint32_t i = from; i < n->count; i++) {
		struct cim_instance inst = { .cls = n->cls };
		int rc;

		inst.values[0].u = n->first + i;
		inst.values[1].s = "x";
		n->calls++;
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static struct numbered base_a = { &base_class, 1, 3, 0 };
static struct numbered base_b = { &base_class, 10, 2, 0 };
static struct numbered derived = { &derived_class, 100, 1, 0 };
static const struct cim_provider prov_a = { .cls = &base_class, .enumerate = numbered_enumerate,
					    .pctx = &base_a };
static const struct cim_provider prov_b = { .cls = &base_class, .enumerate = numbered_enumerate,
					    .pctx = &base_b };
static const struct cim_provider prov_d = { .cls = &derived_class,
					    .enumerate = numbered_enumerate, .pctx = &derived };
static const struct cim_provider *const test_list[] = { &host_system_provider, &prov_a, &prov_d,
							 &prov_b };
static const struct cim_registry test_reg = { test_list, 4, NULL };

static void test_hierarchy(void **state)
{
	(void)state;
	assert_true(cim_class_is_a(&derived_class, "test_base"));
	assert_true(cim_class_is_a(&derived_class, "Test_Derived"));
	assert_false(cim_class_is_a(&base_class, "Test_Derived"));
	/* a class found through a subclass's super chain, and by namespace */
	assert_ptr_equal(cim_registry_class(&test_reg, "TEST_BASE", NULL), &base_class);
	assert_ptr_equal(cim_registry_class(&test_reg, "Test_Derived", "root/interop"),
			 &derived_class);
	assert_null(cim_registry_class(&test_reg, "Test_Derived", "root/cimv2"));
	assert_null(cim_registry_class(&test_reg, NULL, NULL));
	assert_string_equal(cim_uri_class_name(CIM_RESOURCE_URI_PREFIX "Test_Base"), "Test_Base");
	assert_null(cim_uri_class_name(CIM_RESOURCE_URI_PREFIX));
	assert_null(cim_uri_class_name("http://example.com/Test_Base"));
}

static void test_registry_next(void **state)
{
	const struct cim_provider *seen[4];
	size_t i = 0, n = 0;
	const struct cim_provider *p;

	(void)state;
	/* the base class: both its providers and the subclass's, registry order */
	while ((p = cim_registry_next(&test_reg, "Test_Base", NULL, &i)) != NULL) {
		assert_true(n < 4);
		seen[n++] = p;
	}
	assert_int_equal(n, 3);
	assert_ptr_equal(seen[0], &prov_a);
	assert_ptr_equal(seen[1], &prov_d);
	assert_ptr_equal(seen[2], &prov_b);
	/* i - 1 is the registry index */
	i = 0;
	assert_ptr_equal(cim_registry_next(&test_reg, "Test_Base", "root/interop", &i), &prov_d);
	assert_int_equal(i, 3);
	assert_null(cim_registry_next(&test_reg, "Test_Base", "root/interop", &i));
	i = 0;
	assert_null(cim_registry_next(&test_reg, "Nothing", NULL, &i));
}

static uint64_t last_id;

static int remember_id(void *ctx, const struct cim_instance *inst)
{
	(void)ctx;
	last_id = inst->values[0].u;
	return 0;
}

static void test_registry_get(void **state)
{
	const struct cim_key in_b[] = { { "Id", "11", NULL } };
	const struct cim_key in_d[] = { { "id", "100", NULL } };
	const struct cim_key none[] = { { "Id", "7", NULL } };

	(void)state;
	/* Get asks each provider in turn */
	assert_int_equal(cim_registry_get(&test_reg, "Test_Base", NULL, in_b, 1, remember_id, NULL),
			 0);
	assert_int_equal(last_id, 11);
	/* a subclass's instance through the base class, and by its own name */
	assert_int_equal(cim_registry_get(&test_reg, "Test_Base", NULL, in_d, 1, remember_id, NULL),
			 0);
	assert_int_equal(last_id, 100);
	assert_int_equal(cim_registry_get(&test_reg, "Test_Derived", "root/interop", in_d, 1,
					  remember_id, NULL), 0);
	assert_int_equal(cim_registry_get(&test_reg, "Test_Derived", "root/cimv2", in_d, 1,
					  remember_id, NULL), -ENOENT);
	assert_int_equal(cim_registry_get(&test_reg, "Test_Base", NULL, none, 1, remember_id, NULL),
			 -ENOENT);
}

static void test_enumerate_from(void **state)
{
	(void)state;
	/* starting at 2 builds only the instances from 2 on */
	base_a.calls = 0;
	last_id = 0;
	assert_int_equal(prov_a.enumerate(prov_a.pctx, 2, remember_id, NULL), 0);
	assert_int_equal(base_a.calls, 1);
	assert_int_equal(last_id, 3);
	base_a.calls = 0;
	assert_int_equal(prov_a.enumerate(prov_a.pctx, 3, remember_id, NULL), 0);
	assert_int_equal(base_a.calls, 0);
	/* the host system: one instance, none after it */
	last_id = 42;
	assert_int_equal(host_system_provider.enumerate(NULL, 1, remember_id, NULL), 0);
	assert_int_equal(last_id, 42);
}

static struct cim_ref_buf host_ref;

static int take_ref(void *ctx, const struct cim_instance *inst)
{
	(void)ctx;
	assert_int_equal(cim_ref_of(inst, &host_ref), 0);
	return 0;
}

static void test_refs(void **state)
{
	struct cim_ref same = { "cim_computersystem", NULL, 2,
				{ { "name", "vmanhv", NULL },
				  { "CREATIONCLASSNAME", "CIM_ComputerSystem", NULL } } };
	struct cim_ref other_ns = same;
	struct cim_ref other_value = same;
	struct cim_ref fewer = same;
	struct cim_ref link_a = { "Test_Link", "root/interop", 1, { { "Left", NULL, NULL } } };
	struct cim_ref link_b = link_a;

	(void)state;
	host_system_provider.enumerate(NULL, 0, take_ref, NULL);
	assert_string_equal(host_ref.ref.class_name, "CIM_ComputerSystem");
	assert_string_equal(host_ref.ref.cim_namespace, "root/cimv2");
	assert_int_equal(host_ref.ref.key_count, 2);
	assert_string_equal(host_ref.ref.keys[0].name, "CreationClassName");
	assert_string_equal(host_ref.ref.keys[1].value, "vmanhv");
	/* class and key names case-insensitive, keys in any order, a missing
	 * namespace matches any */
	assert_true(cim_ref_equal(&host_ref.ref, &same));
	assert_true(cim_ref_equal(&same, &host_ref.ref));
	other_ns.cim_namespace = "root/interop";
	assert_false(cim_ref_equal(&host_ref.ref, &other_ns));
	other_value.keys[0].value = "VMANHV";	/* values are exact */
	assert_false(cim_ref_equal(&host_ref.ref, &other_value));
	fewer.key_count = 1;
	assert_false(cim_ref_equal(&host_ref.ref, &fewer));
	/* REF keys compare the references they hold */
	link_a.keys[0].ref = &host_ref.ref;
	link_b.keys[0].ref = &same;
	assert_true(cim_ref_equal(&link_a, &link_b));
	link_b.keys[0].ref = &other_value;
	assert_false(cim_ref_equal(&link_a, &link_b));
	link_b.keys[0] = (struct cim_key){ "Left", "text", NULL };
	assert_false(cim_ref_equal(&link_a, &link_b));
	/* a key named twice: a reference still equals itself */
	{
		struct cim_ref twice = { "X", NULL, 2, { { "K", "1", NULL }, { "k", "2", NULL } } };
		struct cim_ref swapped = { "X", NULL, 2, { { "K", "2", NULL }, { "k", "1", NULL } } };

		assert_true(cim_ref_equal(&twice, &twice));
		assert_false(cim_ref_equal(&twice, &swapped));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_find),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_hierarchy),
		cmocka_unit_test(test_registry_next),
		cmocka_unit_test(test_registry_get),
		cmocka_unit_test(test_enumerate_from),
		cmocka_unit_test(test_refs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

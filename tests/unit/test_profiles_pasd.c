/* sources: mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c mgmt/profiles/rasd.c mgmt/profiles/units.c mgmt/profiles/resource_pool_table.c mgmt/cim/cim.c mgmt/cim/status.c mgmt/hosted/hv_backend.c hv/api_errors.c mgmt/cim/arena.c mgmt/cim/instance_build.c mgmt/cim/objpath.c mgmt/profiles/rasd_host_resource.c */
/* SPDX-License-Identifier: MIT */
/*
 * DSP1044 CIM_ProcessorAllocationSettingData: the x86 extension table
 * (x86_extensions.c), the class beside CIM_ResourceAllocationSettingData,
 * the extensions a processor RASD is served with, and what rasd_read
 * takes and refuses of them (pasd.c, rasd.c), against the hosted
 * backend's pretend host: a Skylake with AVX, AVX2, FMA, F16C, XSAVE and
 * VMX that vmanhv hides from guests, and no AMD extensions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/profiles/pasd.h"
#include "mgmt/profiles/rasd.h"
#include "mgmt/profiles/x86_extensions.h"

/* --- the table -------------------------------------------------------------------- */

/* Each name is unique, has the MOF's 'extension' form org-id ":x86:" id with
 * org-id DMTF or vmanhv, and each bit is one bit. */
static void test_table_well_formed(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < X86_EXTENSIONS; i++) {
		const struct x86_extension *e = &x86_extensions[i];

		assert_true(strncmp(e->name, "DMTF:x86:", 9) == 0 ||
			    strncmp(e->name, "vmanhv:x86:", 11) == 0);
		assert_null(strchr(strchr(strchr(e->name, ':') + 1, ':') + 1, ':'));
		assert_true(e->bit != 0U && (e->bit & (e->bit - 1U)) == 0U);
		assert_true(e->word < HV_CPUID_WORDS);
		for (uint32_t j = 0; j < i; j++) {
			assert_true(strcmp(x86_extensions[j].name, e->name) != 0);
			assert_false(x86_extensions[j].word == e->word &&
				     x86_extensions[j].bit == e->bit);
		}
		assert_ptr_equal(x86_extension_named(e->name), e);
	}
}

static void test_table_lookup_and_state(void **state)
{
	struct hv_cpu_features f;
	const struct x86_extension *sse42 = x86_extension_named("dmtf:X86:sse42");

	(void)state;
	assert_non_null(sse42);
	assert_string_equal(sse42->name, "DMTF:x86:SSE42");
	assert_int_equal(sse42->word, HV_CPUID_1_ECX);
	assert_int_equal(sse42->bit, 1U << 20);		/* SDM Vol. 2A table 3-10 */
	assert_null(x86_extension_named("DMTF:x86:SSE4.2"));
	assert_null(x86_extension_named("DMTF:x86:VT-d"));	/* no CPUID bit says it */
	assert_null(x86_extension_named(NULL));
	assert_non_null(x86_extension_named("DMTF:x86:VT-x"));
	assert_int_equal(hv_guest_cpu_features(&f), 0);
	assert_int_equal(x86_extension_state(sse42, &f), X86_EXTENSION_ENABLED);
	assert_int_equal(x86_extension_state(x86_extension_named("DMTF:x86:AVX"), &f),
			 X86_EXTENSION_DISABLED);
	assert_int_equal(x86_extension_state(x86_extension_named("DMTF:x86:VT-x"), &f),
			 X86_EXTENSION_DISABLED);
	assert_int_equal(x86_extension_state(x86_extension_named("DMTF:x86:SVM"), &f),
			 X86_EXTENSION_ABSENT);
	assert_string_equal(x86_extension_status_text(X86_EXTENSION_ENABLED), "Enabled");
	assert_string_equal(x86_extension_status_text(X86_EXTENSION_DISABLED), "Disabled");
}

/* --- the class ------------------------------------------------------------------- */

/* Every RASD property is in the subclass with the same type (DSP0004:
 * a subclass inherits them), and the four CIM 2.34 added are there. */
static void test_class_extends_rasd(void **state)
{
	static const char *const added[] = { "ProcessorArchitecture", "InstructionSet",
					     "InstructionSetExtensionName",
					     "InstructionSetExtensionStatus" };

	(void)state;
	assert_ptr_equal(pasd_class.super, &rasd_class);
	assert_ptr_equal(cim_class_accepting(&rasd_class, PASD_CLASS, strlen(PASD_CLASS)),
			 &pasd_class);
	assert_int_equal(pasd_class.prop_count, rasd_class.prop_count + 4U);
	for (uint32_t i = 0; i < rasd_class.prop_count; i++) {
		const struct cim_property *p = &rasd_class.props[i];
		int j = cim_class_property(&pasd_class, p->name);

		assert_true(j >= 0);
		assert_int_equal(pasd_class.props[j].type, p->type);
		assert_int_equal(pasd_class.props[j].array, p->array);
		assert_int_equal(pasd_class.props[j].key, p->key);
	}
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++) {
		assert_true(cim_class_property(&pasd_class, added[i]) >= 0);
	}
	/* DSP0230 sequence: alphabetical */
	for (uint32_t i = 1; i < pasd_class.prop_count; i++) {
		assert_true(strcmp(pasd_class.props[i - 1].name, pasd_class.props[i].name) < 0);
	}
}

/* --- served ---------------------------------------------------------------------- */

static const struct cim_value *prop(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(inst->cls, name);

	assert_true(i >= 0);
	return &inst->values[i];
}

/* The index of name in the served extension names, or -1. */
static int served_index(const struct cim_instance *inst, const char *name)
{
	const struct cim_value *names = prop(inst, "InstructionSetExtensionName");

	for (uint32_t i = 0; i < names->count; i++) {
		if (strcmp(names->sa[i], name) == 0) {
			return (int)i;
		}
	}
	return -1;
}

static void test_fill(void **state)
{
	struct cim_instance inst = { .cls = &pasd_class };
	struct pasd_extensions ext;
	const struct cim_value *status;

	(void)state;
	pasd_fill(&inst, &ext);
	assert_string_equal(prop(&inst, "ProcessorArchitecture")->s, "DMTF:x86");
	assert_string_equal(prop(&inst, "InstructionSet")->s, "DMTF:x86:64");
	status = prop(&inst, "InstructionSetExtensionStatus");
	assert_int_equal(status->count, prop(&inst, "InstructionSetExtensionName")->count);
	assert_string_equal(status->sa[served_index(&inst, "DMTF:x86:SSE2")], "Enabled");
	assert_string_equal(status->sa[served_index(&inst, "DMTF:x86:AES")], "Enabled");
	assert_string_equal(status->sa[served_index(&inst, "vmanhv:x86:RDSEED")], "Enabled");
	assert_string_equal(status->sa[served_index(&inst, "vmanhv:x86:x2APIC")], "Enabled");
	assert_string_equal(status->sa[served_index(&inst, "DMTF:x86:AVX")], "Disabled");
	assert_string_equal(status->sa[served_index(&inst, "DMTF:x86:AVX2")], "Disabled");
	assert_string_equal(status->sa[served_index(&inst, "DMTF:x86:VT-x")], "Disabled");
	assert_int_equal(served_index(&inst, "DMTF:x86:SVM"), -1);	/* the host lacks it */
	assert_int_equal(served_index(&inst, "DMTF:x86:3DNow"), -1);
}

/* --- read ------------------------------------------------------------------------ */

#define NAMES_MAX	4U

struct pasd_builder {
	struct cim_instance inst;
	const char *names[NAMES_MAX];
	const char *status[NAMES_MAX];
};

static void set(struct pasd_builder *b, const char *name, struct cim_value v)
{
	int i = cim_class_property(b->inst.cls, name);

	assert_true(i >= 0);
	b->inst.values[i] = v;
}

/* A processor RASD of class cls, 2 vCPUs. */
static void pasd_init(struct pasd_builder *b, const struct cim_class *cls)
{
	memset(b, 0, sizeof(*b));
	b->inst.cls = cls;
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		b->inst.values[i].is_null = true;
	}
	set(b, "ResourceType", (struct cim_value){ .u = RASD_TYPE_PROCESSOR });
	set(b, "VirtualQuantity", (struct cim_value){ .u = 2 });
}

/* Extension `name` asked for with status (NULL: no status array). */
static void want(struct pasd_builder *b, const char *name, const char *status)
{
	int in = cim_class_property(b->inst.cls, "InstructionSetExtensionName");
	uint32_t n = b->inst.values[in].is_null ? 0U : b->inst.values[in].count;

	assert_true(n < NAMES_MAX);
	b->names[n] = name;
	b->status[n] = status;
	set(b, "InstructionSetExtensionName",
	    (struct cim_value){ .count = n + 1U, .sa = b->names });
	if (status != NULL) {
		set(b, "InstructionSetExtensionStatus",
		    (struct cim_value){ .count = n + 1U, .sa = b->status });
	}
}

static enum cim_status read1(struct pasd_builder *b, struct rasd_request *req,
			     struct cim_result *res)
{
	const struct cim_instance *list[1] = { &b->inst };

	memset(res, 0, sizeof(*res));
	return rasd_read(list, 1, req, res);
}

static void expect_refused(struct pasd_builder *b, const char *words)
{
	struct rasd_request req;
	struct cim_result res;

	assert_int_equal(read1(b, &req, &res), CIM_ERR_INVALID_PARAMETER);
	if (strstr(res.message, words) == NULL) {
		fail_msg("message \"%s\" does not say \"%s\"", res.message, words);
	}
}

static void test_read_accepts(void **state)
{
	struct pasd_builder b;
	struct rasd_request req;
	struct cim_result res;

	(void)state;
	/* no extension named: every one, as guests have them (RAD) */
	pasd_init(&b, &pasd_class);
	assert_int_equal(read1(&b, &req, &res), CIM_OK);
	assert_int_equal(req.vcpus, 2);
	/* what guests have, Enabled or with no status; what vmanhv hides, Disabled */
	pasd_init(&b, &pasd_class);
	set(&b, "ProcessorArchitecture", (struct cim_value){ .s = "DMTF:x86" });
	set(&b, "InstructionSet", (struct cim_value){ .s = "dmtf:x86:64" });
	want(&b, "DMTF:x86:SSE42", "Enabled");
	want(&b, "DMTF:x86:AVX", "Disabled");
	want(&b, "vmanhv:x86:rdseed", "Unknown");
	assert_int_equal(read1(&b, &req, &res), CIM_OK);
	pasd_init(&b, &pasd_class);
	want(&b, "DMTF:x86:AES", NULL);
	want(&b, "DMTF:x86:SSE2", NULL);
	assert_int_equal(read1(&b, &req, &res), CIM_OK);
	/* the base class still reads as before */
	pasd_init(&b, &rasd_class);
	assert_int_equal(read1(&b, &req, &res), CIM_OK);
}

static void test_read_refuses(void **state)
{
	struct pasd_builder b;

	(void)state;
	pasd_init(&b, &pasd_class);
	want(&b, "DMTF:x86:AVX", "Enabled");
	expect_refused(&b, "ResourceSettings[0]: DMTF:x86:AVX cannot be given to a guest "
			   "(vmanhv does not virtualize it)");
	pasd_init(&b, &pasd_class);
	want(&b, "DMTF:x86:SSE2", NULL);
	want(&b, "DMTF:x86:SVM", NULL);
	expect_refused(&b, "DMTF:x86:SVM cannot be given to a guest (this host's processors "
			   "lack it)");
	pasd_init(&b, &pasd_class);
	want(&b, "DMTF:x86:SSE2", "Disabled");
	expect_refused(&b, "DMTF:x86:SSE2 cannot be hidden");
	pasd_init(&b, &pasd_class);
	want(&b, "DMTF:x86:SSE5", "Enabled");
	expect_refused(&b, "InstructionSetExtensionName[0] \"DMTF:x86:SSE5\" is no x86 extension");
	pasd_init(&b, &pasd_class);
	want(&b, "DMTF:x86:SSE2", "On");
	expect_refused(&b, "InstructionSetExtensionStatus[0] must be Enabled, Disabled or Unknown");
	pasd_init(&b, &pasd_class);
	want(&b, "DMTF:x86:SSE2", "Enabled");
	want(&b, "DMTF:x86:AES", NULL);	/* a name without its status */
	set(&b, "InstructionSetExtensionStatus", (struct cim_value){ .count = 1, .sa = b.status });
	expect_refused(&b, "index-correlated");
	pasd_init(&b, &pasd_class);
	set(&b, "InstructionSet", (struct cim_value){ .s = "DMTF:x86:i686" });
	expect_refused(&b, "InstructionSet \"DMTF:x86:i686\": vmanhv guests are DMTF:x86:64");
	pasd_init(&b, &pasd_class);
	set(&b, "ProcessorArchitecture", (struct cim_value){ .s = "DMTF:ARM" });
	expect_refused(&b, "ProcessorArchitecture");
	/* a processor allocation's class with memory's ResourceType */
	pasd_init(&b, &pasd_class);
	set(&b, "ResourceType", (struct cim_value){ .u = RASD_TYPE_MEMORY });
	expect_refused(&b, "a CIM_ProcessorAllocationSettingData has ResourceType 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_well_formed),
		cmocka_unit_test(test_table_lookup_and_state),
		cmocka_unit_test(test_class_extends_rasd),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_read_accepts),
		cmocka_unit_test(test_read_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

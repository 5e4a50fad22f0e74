/* SPDX-License-Identifier: MIT */
#include <strings.h>

#include "mgmt/profiles/pasd.h"
#include "mgmt/profiles/rasd.h"

#define STR(n)	{ .name = n, .type = CIM_TYPE_STRING }
#define STRS(n)	{ .name = n, .type = CIM_TYPE_STRING, .array = true }
#define U16(n)	{ .name = n, .type = CIM_TYPE_UINT16 }
#define U64(n)	{ .name = n, .type = CIM_TYPE_UINT64 }
#define BOOL(n)	{ .name = n, .type = CIM_TYPE_BOOLEAN }

/* rasd_class's properties and the four CIM 2.34 added, alphabetical as
 * DSP0230 sequences them (a unit test keeps the two classes in step). */
static const struct cim_property props[] = {
	STR("Address"),
	STR("AllocationUnits"),
	BOOL("AutomaticAllocation"),
	BOOL("AutomaticDeallocation"),
	STR("Caption"),
	U16("ConsumerVisibility"),
	STR("Description"),
	STR("ElementName"),
	STRS("HostResource"),
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	STR("InstructionSet"),
	STRS("InstructionSetExtensionName"),
	STRS("InstructionSetExtensionStatus"),
	U64("Limit"),
	U16("MappingBehavior"),
	STR("OtherResourceType"),
	STR("Parent"),
	STR("PoolID"),
	STR("ProcessorArchitecture"),
	U64("Reservation"),
	STR("ResourceSubType"),
	U16("ResourceType"),
	U64("VirtualQuantity"),
	STR("VirtualQuantityUnits"),
	{ .name = "Weight", .type = CIM_TYPE_UINT32 },
};

_Static_assert(sizeof(props) / sizeof(props[0]) <= CIM_PROPERTIES_MAX, "fits an instance");

const struct cim_class pasd_class = {
	.name = PASD_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = sizeof(props) / sizeof(props[0]),
	.super = &rasd_class,
};

static void set(struct cim_instance *inst, const char *prop, struct cim_value v)
{
	int i = cim_class_property(inst->cls, prop);

	if (i >= 0) {
		inst->values[i] = v;
	}
}

void pasd_fill(struct cim_instance *inst, struct pasd_extensions *ext)
{
	struct hv_cpu_features f;
	uint32_t n = 0;

	(void)hv_guest_cpu_features(&f);
	for (uint32_t i = 0; i < X86_EXTENSIONS; i++) {
		enum x86_extension_state s = x86_extension_state(&x86_extensions[i], &f);

		if (s != X86_EXTENSION_ABSENT) {
			ext->name[n] = x86_extensions[i].name;
			ext->status[n++] = x86_extension_status_text(s);
		}
	}
	set(inst, "ProcessorArchitecture", (struct cim_value){ .s = X86_PROCESSOR_ARCHITECTURE });
	set(inst, "InstructionSet", (struct cim_value){ .s = X86_INSTRUCTION_SET });
	set(inst, "InstructionSetExtensionName", (struct cim_value){ .count = n, .sa = ext->name });
	set(inst, "InstructionSetExtensionStatus",
	    (struct cim_value){ .count = n, .sa = ext->status });
}

/* --- reading -------------------------------------------------------------------- */

static const struct cim_value *value_of(const struct cim_instance *inst, const char *name)
{
	int i = cim_class_property(inst->cls, name);

	return i < 0 || inst->values[i].is_null ? NULL : &inst->values[i];
}

/* A string property, when given, must be `want` (ASCII case ignored). */
static enum cim_status fixed(const struct cim_instance *r, const char *prop, const char *want,
			     const char *what, struct cim_result *res)
{
	const struct cim_value *v = value_of(r, prop);

	if (v == NULL || v->s == NULL || strcasecmp(v->s, want) == 0) {
		return CIM_OK;
	}
	return cim_fail(res, CIM_ERR_INVALID_PARAMETER, "%s: %s \"%.40s\": vmanhv guests are %s",
			what, prop, v->s, want);
}

/* The InstructionSetExtensionStatus ValueMap: Enabled, Disabled, Unknown (no wish). */
static int wanted_state(const char *status, enum x86_extension_state *out)
{
	if (status == NULL || strcasecmp(status, "Enabled") == 0) {
		*out = X86_EXTENSION_ENABLED;
	} else if (strcasecmp(status, "Disabled") == 0) {
		*out = X86_EXTENSION_DISABLED;
	} else if (strcasecmp(status, "Unknown") == 0) {
		*out = X86_EXTENSION_ABSENT;
	} else {
		return -1;
	}
	return 0;
}

/* Extension name[i] with status status (NULL: none given) against features f. */
static enum cim_status extension_check(const char *name, const char *status, uint32_t i,
				       const struct hv_cpu_features *f, const char *what,
				       struct cim_result *res)
{
	const struct x86_extension *e = x86_extension_named(name);
	enum x86_extension_state want, have;

	if (e == NULL) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"%s: InstructionSetExtensionName[%u] \"%.40s\" is no x86 extension "
				"vmanhv knows", what, i, name != NULL ? name : "");
	}
	if (wanted_state(status, &want) != 0) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"%s: InstructionSetExtensionStatus[%u] must be Enabled, "
				"Disabled or Unknown", what, i);
	}
	have = x86_extension_state(e, f);
	if (want == X86_EXTENSION_ENABLED && have != X86_EXTENSION_ENABLED) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"%s: %s cannot be given to a guest (%s)", what, e->name,
				have == X86_EXTENSION_ABSENT ? "this host's processors lack it"
							     : "vmanhv does not virtualize it");
	}
	if (want == X86_EXTENSION_DISABLED && have == X86_EXTENSION_ENABLED) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER, "%s: %s cannot be hidden (every VM "
				"sees the same CPUID)", what, e->name);
	}
	return CIM_OK;
}

enum cim_status pasd_read(const struct cim_instance *r, const char *what,
			  struct cim_result *res)
{
	const struct cim_value *names = value_of(r, "InstructionSetExtensionName");
	const struct cim_value *status = value_of(r, "InstructionSetExtensionStatus");
	struct hv_cpu_features f;

	if (fixed(r, "ProcessorArchitecture", X86_PROCESSOR_ARCHITECTURE, what, res) != CIM_OK ||
	    fixed(r, "InstructionSet", X86_INSTRUCTION_SET, what, res) != CIM_OK) {
		return res->status;
	}
	if (status != NULL && status->count > 0U &&
	    (names == NULL || status->count != names->count)) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"%s: InstructionSetExtensionStatus must be index-correlated with "
				"InstructionSetExtensionName (as many entries)", what);
	}
	if (names == NULL) {
		return CIM_OK;	/* RAD: every extension, as guests have them */
	}
	(void)hv_guest_cpu_features(&f);
	for (uint32_t i = 0; i < names->count; i++) {
		const char *st = status != NULL && status->count > 0U ? status->sa[i] : NULL;

		if (extension_check(names->sa[i], st, i, &f, what, res) != CIM_OK) {
			return res->status;
		}
	}
	return CIM_OK;
}

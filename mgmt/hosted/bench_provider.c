/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/hosted/bench_provider.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_CAPTION,
	P_ELEMENT_NAME,
	P_ENABLED_STATE,
	P_HEALTH_STATE,
	P_INSTANCE_ID,
	P_OPERATIONAL_STATUS,
	P_REQUESTED_STATE,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_CAPTION] = { .name = "Caption", .type = CIM_TYPE_STRING },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_ENABLED_STATE] = { .name = "EnabledState", .type = CIM_TYPE_UINT16 },
	[P_HEALTH_STATE] = { .name = "HealthState", .type = CIM_TYPE_UINT16 },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_OPERATIONAL_STATUS] = { .name = "OperationalStatus", .type = CIM_TYPE_UINT16,
				   .array = true },
	[P_REQUESTED_STATE] = { .name = "RequestedState", .type = CIM_TYPE_UINT16 },
};

static const struct cim_class bench_class = {
	.name = BENCH_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* OperationalStatus 2 OK */
static const uint64_t operational_ok[] = { 2 };

/* prefix followed by i in decimal, into buf (big enough for prefix + 10 digits). */
static const char *numbered(char *buf, size_t prefix_len, const char *prefix, uint32_t i)
{
	char digits[10];
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + i % 10U);
		i /= 10U;
	} while (i != 0U);
	memcpy(buf, prefix, prefix_len);
	for (size_t k = 0; k < n; k++) {
		buf[prefix_len + k] = digits[n - 1U - k];
	}
	buf[prefix_len + n] = '\0';
	return buf;
}

static int bench_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct bench_provider *p = pctx;
	char id[sizeof(BENCH_INSTANCE_PREFIX) + 10];
	char name[sizeof("bench element ") + 10];
	struct cim_instance inst;

	memset(&inst, 0, sizeof(inst));
	inst.cls = &bench_class;
	inst.values[P_CAPTION].s = "Benchmark element";
	inst.values[P_ENABLED_STATE].u = 2;		/* Enabled */
	inst.values[P_HEALTH_STATE].u = 5;		/* OK */
	inst.values[P_OPERATIONAL_STATUS] = (struct cim_value){ .count = 1,
								.ua = operational_ok };
	inst.values[P_REQUESTED_STATE].u = 12;		/* Not Applicable */
	for (uint32_t i = from; i < p->instances; i++) {
		int rc;

		inst.values[P_INSTANCE_ID].s = numbered(id, sizeof(BENCH_INSTANCE_PREFIX) - 1U,
							BENCH_INSTANCE_PREFIX, i);
		inst.values[P_ELEMENT_NAME].s = numbered(name, sizeof("bench element ") - 1U,
							 "bench element ", i);
		rc = fn(ctx, &inst);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

void bench_provider_init(struct bench_provider *p, uint32_t instances)
{
	p->provider = (struct cim_provider){ .cls = &bench_class, .enumerate = bench_enumerate,
					     .pctx = p };
	p->instances = instances;
}

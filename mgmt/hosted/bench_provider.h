/* SPDX-License-Identifier: MIT */
/*
 * A CIM class that exists only in the hosted build (docs/bench.md):
 * VMANHV_BenchmarkElement, N synthetic instances keyed by InstanceID
 * ("vmanhv:bench:<i>", i from 0), for timing Enumerate/Pull over many
 * instances.  Its properties are the usual managed-element ones, so an
 * instance costs about what a real one does to write.
 */
#ifndef VMANHV_MGMT_HOSTED_BENCH_PROVIDER_H
#define VMANHV_MGMT_HOSTED_BENCH_PROVIDER_H

#include <stdint.h>

#include "mgmt/cim/cim.h"

#define BENCH_CLASS		"VMANHV_BenchmarkElement"
#define BENCH_INSTANCE_PREFIX	"vmanhv:bench:"

struct bench_provider {
	struct cim_provider provider;	/* what the registry lists */
	uint32_t instances;
};

/* Set up p to serve `instances` instances (0: an empty class). */
void bench_provider_init(struct bench_provider *p, uint32_t instances);

#endif

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "mgmt/store/definition.h"
#include "mgmt/store/record_table.h"

#define TEXT(n, m)		RECORD_TEXT_SETTING(struct definition, n, m)
#define UINT(n, m, lo, hi)	RECORD_UINT_SETTING(struct definition, n, m, lo, hi)

/* The order they are written in; "name" must be there for a record to be usable. */
static const struct record_setting settings[] = {
	TEXT("name", name),
	TEXT("label", label),
	TEXT("image", image),
	TEXT("initrd", initrd),
	TEXT("cmdline", cmdline),
	UINT("memory", memory_bytes, 0, HV_VM_MEMORY_MAX),
	UINT("vcpus", vcpus, 0, HV_VM_VCPUS_MAX),
	UINT("startup", startup, DEFINITION_STARTUP_NONE, DEFINITION_STARTUP_ALWAYS),
	UINT("active", active, 0, 1),
	/* the allocation terms (struct allocation_terms), 0 and "" when not set */
	UINT("cpu_reservation", terms.cpu_reservation, 0, HV_VM_VCPUS_MAX),
	UINT("cpu_limit", terms.cpu_limit, 0, HV_VM_VCPUS_MAX),
	UINT("cpu_weight", terms.cpu_weight, 0, ALLOCATION_WEIGHT_MAX),
	UINT("memory_weight", terms.memory_weight, 0, ALLOCATION_WEIGHT_MAX),
	TEXT("cpu_pool", terms.pool_id[ALLOCATION_PROCESSOR]),
	TEXT("memory_pool", terms.pool_id[ALLOCATION_MEMORY]),
	/* hard affinity: bit N = host CPU N (docs/scheduler.md) */
	UINT("cpu_affinity", terms.cpu_affinity, 0, UINT64_MAX),
};

/* Every member of struct allocation_terms has its row above, or it would not
 * survive a reboot: a member added there fails this until its row is added
 * here (and the size below updated with it). */
_Static_assert(sizeof(struct allocation_terms) ==
	       4U * sizeof(uint32_t) + ALLOCATION_KINDS * ALLOCATION_POOL_ID_MAX +
		       sizeof(uint64_t),
	       "struct allocation_terms changed: add its new member's row to settings[]");

static const struct record_table table = {
	settings, sizeof(settings) / sizeof(settings[0]), DEFINITION_FORMAT
};

bool definition_startup_valid(uint64_t v)
{
	return v >= DEFINITION_STARTUP_NONE && v <= DEFINITION_STARTUP_ALWAYS;
}

int definition_encode(const struct definition *d, const void *old, size_t old_len, void *buf,
		      size_t size, size_t *len)
{
	return record_encode(&table, d, old, old_len, buf, size, len);
}

int definition_decode(const void *p, size_t len, struct definition *d,
		      definition_unknown_fn unknown, void *ctx)
{
	int rc;

	memset(d, 0, sizeof(*d));
	d->startup = DEFINITION_STARTUP_NONE;
	rc = record_decode(&table, p, len, d, unknown, ctx);
	if (rc == 0 && d->name[0] == '\0') {
		rc = -EBADMSG;
	}
	return rc;
}

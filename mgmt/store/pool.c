/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "mgmt/store/pool.h"
#include "mgmt/store/record_table.h"

#define TEXT(n, m)		RECORD_TEXT_SETTING(struct pool_record, n, m)
#define UINT(n, m, lo, hi)	RECORD_UINT_SETTING(struct pool_record, n, m, lo, hi)

/* The order they are written in; each must be there for a record to be usable. */
static const struct record_setting settings[] = {
	TEXT("name", name),
	UINT("type", resource_type, 3, 4),	/* DSP1041 ResourceType: processor, memory */
	UINT("capacity", capacity, 1, POOL_CAPACITY_MAX),
};

static const struct record_table table = {
	settings, sizeof(settings) / sizeof(settings[0]), POOL_FORMAT
};

int pool_encode(const struct pool_record *p, const void *old, size_t old_len, void *buf,
		size_t size, size_t *len)
{
	return record_encode(&table, p, old, old_len, buf, size, len);
}

int pool_decode(const void *r, size_t len, struct pool_record *p, pool_unknown_fn unknown,
		void *ctx)
{
	int rc;

	memset(p, 0, sizeof(*p));
	rc = record_decode(&table, r, len, p, unknown, ctx);
	if (rc == 0 && (p->name[0] == '\0' || p->resource_type == 0U || p->capacity == 0U)) {
		rc = -EBADMSG;
	}
	return rc;
}

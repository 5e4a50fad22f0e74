/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/virtual_system.h"

/* Owned by this file, in creation order (a Pull resumes by position):
 * the management CPU is the only caller (hv/api.h). */
static struct child_pool pools[CHILD_POOLS_MAX];
static uint32_t pool_count;
/* Who hears of a change (the store, in the firmware); set once at boot. */
static void (*on_change)(void);

int child_pool_create(enum allocation_kind kind, const char *name, uint64_t capacity,
		      const struct child_pool **out)
{
	struct child_pool *p;
	char id[ALLOCATION_POOL_ID_MAX];

	/* the VM-name rules: the same characters, and never a primordial pool's name */
	if (virtual_system_name_problem(name) != NULL || strcmp(name, "processor") == 0 ||
	    strcmp(name, "memory") == 0 || capacity == 0U) {
		return -EINVAL;
	}
	snprintf(id, sizeof(id), "vmanhv:pool:%s", name);
	if (child_pool_named(id) != NULL) {
		return -EEXIST;
	}
	if (pool_count == CHILD_POOLS_MAX) {
		return -ENOSPC;
	}
	p = &pools[pool_count++];
	*p = (struct child_pool){ .kind = kind, .capacity = capacity };
	memcpy(p->pool_id, id, sizeof(id));
	snprintf(p->element_name, sizeof(p->element_name), "%s", name);
	*out = p;
	return 0;
}

int child_pool_delete(const char *pool_id)
{
	for (uint32_t i = 0; i < pool_count; i++) {
		if (strcmp(pools[i].pool_id, pool_id) == 0) {
			memmove(&pools[i], &pools[i + 1U], (pool_count - i - 1U) * sizeof(pools[0]));
			memset(&pools[--pool_count], 0, sizeof(pools[0]));
			return 0;
		}
	}
	return -ENOENT;
}

const struct child_pool *child_pool_named(const char *pool_id)
{
	for (uint32_t i = 0; pool_id != NULL && i < pool_count; i++) {
		if (strcmp(pools[i].pool_id, pool_id) == 0) {
			return &pools[i];
		}
	}
	return NULL;
}

const struct child_pool *child_pool_at(uint32_t i)
{
	return i < pool_count ? &pools[i] : NULL;
}

uint64_t child_pools_capacity(enum allocation_kind kind)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < pool_count; i++) {
		sum += pools[i].kind == kind ? pools[i].capacity : 0U;
	}
	return sum;
}

void child_pools_changed(void)
{
	if (on_change != NULL) {
		on_change();
	}
}

void child_pools_on_change(void (*fn)(void))
{
	on_change = fn;
}

void child_pool_ref(const struct child_pool *pool, struct cim_ref *ref)
{
	*ref = (struct cim_ref){ .class_name = RESOURCE_POOL_CLASS,
				 .cim_namespace = CIM_NAMESPACE_DEFAULT,
				 .key_count = 1,
				 .keys = { { "InstanceID", pool->pool_id, NULL } } };
}

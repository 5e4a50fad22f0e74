/* SPDX-License-Identifier: MIT */
/*
 * The per-request bump allocator of the CIM write side (mgmt/cim/cim.h):
 * parsed parameters, embedded instances and provider outputs live in one
 * caller buffer, so a hostile request can use at most that much memory.
 */
#include <stddef.h>
#include <string.h>

#include "mgmt/cim/cim.h"

#define ARENA_ALIGN	_Alignof(max_align_t)

void cim_arena_init(struct cim_arena *a, void *buf, size_t size)
{
	uintptr_t start = (uintptr_t)buf;
	size_t pad = (ARENA_ALIGN - start % ARENA_ALIGN) % ARENA_ALIGN;

	a->base = buf;
	a->size = size;
	a->used = pad < size ? pad : size;
	a->exhausted = false;
}

void *cim_arena_alloc(struct cim_arena *a, size_t size)
{
	size_t rounded = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	void *p;

	if (size == 0 || rounded < size || rounded > a->size - a->used) {
		a->exhausted = true;
		return NULL;
	}
	p = a->base + a->used;
	a->used += rounded;
	memset(p, 0, size);
	return p;
}

char *cim_arena_strndup(struct cim_arena *a, const char *s, size_t n)
{
	char *p = cim_arena_alloc(a, n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

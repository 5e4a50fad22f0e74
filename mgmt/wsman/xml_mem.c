/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "mgmt/wsman/xml_mem.h"

/* Each block starts with its size, aligned for anything expat stores. */
union block_header {
	size_t size;
	max_align_t align;
};

/* The budget of the parse in progress; NULL outside one (see xml_mem.h). */
static struct xml_mem *current;

void xml_mem_begin(struct xml_mem *m, size_t max, uint32_t fail_at)
{
	memset(m, 0, sizeof(*m));
	m->max = max;
	m->fail_at = fail_at;
	current = m;
}

void xml_mem_resume(struct xml_mem *m, size_t max)
{
	m->max = max;
	m->peak = m->used;
	m->allocations = 0;
	m->fail_at = 0;
	m->over_budget = false;
	m->failed = false;
	current = m;
}

void xml_mem_end(struct xml_mem *m)
{
	if (current == m) {
		current = NULL;
	}
}

/* May `grow` more bytes be handed out?  Records why not. */
static bool may_grow(size_t grow)
{
	if (current == NULL) {
		return false;
	}
	current->allocations++;
	if (current->fail_at != 0 && current->allocations == current->fail_at) {
		current->failed = true;
		return false;
	}
	if (grow > current->max - current->used) {
		current->over_budget = true;
		return false;
	}
	return true;
}

static void charge(size_t old_size, size_t new_size)
{
	current->used = current->used - old_size + new_size;
	if (current->used > current->peak) {
		current->peak = current->used;
	}
}

static void *mem_malloc(size_t size)
{
	union block_header *h;

	if (size > SIZE_MAX - sizeof(*h) || !may_grow(size)) {
		return NULL;
	}
	h = malloc(sizeof(*h) + size);
	if (h == NULL) {
		current->failed = true;
		return NULL;
	}
	h->size = size;
	charge(0, size);
	return h + 1;
}

static void mem_free(void *p)
{
	union block_header *h;

	if (p == NULL) {
		return;
	}
	h = (union block_header *)p - 1;
	if (current != NULL) {
		charge(h->size, 0);
	}
	free(h);
}

static void *mem_realloc(void *p, size_t size)
{
	union block_header *h, *n;

	if (p == NULL) {
		return mem_malloc(size);
	}
	h = (union block_header *)p - 1;
	if (current == NULL || size > SIZE_MAX - sizeof(*h) ||
	    (size > h->size && !may_grow(size - h->size))) {
		return NULL;
	}
	n = realloc(h, sizeof(*n) + size);
	if (n == NULL) {
		current->failed = true;
		return NULL;
	}
	charge(n->size, size);
	n->size = size;
	return n + 1;
}

const XML_Memory_Handling_Suite xml_mem_suite = {
	.malloc_fcn = mem_malloc,
	.realloc_fcn = mem_realloc,
	.free_fcn = mem_free,
};

/* SPDX-License-Identifier: MIT */
/*
 * The heap behind newlib's malloc: one contiguous run of pages taken from
 * the page allocator at boot, handed out by sbrk().  newlib serialises
 * malloc through __malloc_lock(), which libc_glue.c implements.
 */
#include <errno.h>
#include <stddef.h>
#include <unistd.h>

#include "hv/heap.h"
#include "hv/mm.h"

static char *heap_base;
static char *heap_brk;
static char *heap_limit;

int heap_init(uint64_t bytes)
{
	uint64_t pages = (bytes + PAGE_SIZE - 1U) / PAGE_SIZE;

	heap_base = page_alloc(pages, 1);
	if (heap_base == NULL) {
		return -ENOMEM;
	}
	heap_brk = heap_base;
	heap_limit = heap_base + pages * PAGE_SIZE;
	return 0;
}

uint64_t heap_size(void)
{
	return (uint64_t)(heap_limit - heap_base);
}

void *sbrk(ptrdiff_t increment)
{
	char *old = heap_brk;

	if (heap_base == NULL || increment > heap_limit - heap_brk || increment < heap_base - heap_brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk += increment;
	return old;
}

/* SPDX-License-Identifier: MIT */
/*
 * Host page tables (4-level, SDM Vol. 3A 4.5).  The firmware runs on an
 * identity map so a physical address is its own pointer; page-table pages
 * come from the page allocator.
 */
#include <errno.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "hv/mm.h"

#define PTE_P		(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_PWT		(1ULL << 3)
#define PTE_PCD		(1ULL << 4)
#define PTE_PS		(1ULL << 7)
#define PTE_ADDR_MASK	0x000FFFFFFFFFF000ULL

#define SIZE_2M		(2ULL << 20)
#define SIZE_1G		(1ULL << 30)
#define SIZE_4G		(4ULL << 30)
#define MMIO_HOLE_START	(3ULL << 30)

static uint64_t *kernel_pml4;

static uint64_t *table_next(uint64_t *table, uint32_t index)
{
	uint64_t *next;

	if (table[index] & PTE_P) {
		return (uint64_t *)(uintptr_t)(table[index] & PTE_ADDR_MASK);
	}
	next = page_alloc(1, 1);
	if (next == NULL) {
		return NULL;
	}
	table[index] = (uintptr_t)next | PTE_P | PTE_RW;
	return next;
}

static int map_2m(uint64_t addr, uint64_t flags)
{
	uint64_t *pdpt = table_next(kernel_pml4, (addr >> 39) & 511U);
	uint64_t *pd = pdpt != NULL ? table_next(pdpt, (addr >> 30) & 511U) : NULL;

	if (pd == NULL) {
		return -ENOMEM;
	}
	pd[(addr >> 21) & 511U] = addr | flags | PTE_P | PTE_RW | PTE_PS;
	return 0;
}

int paging_init(uint64_t ram_end)
{
	uint64_t end = ram_end > SIZE_4G ? (ram_end + SIZE_1G - 1U) & ~(SIZE_1G - 1U) : SIZE_4G;

	kernel_pml4 = page_alloc(1, 1);
	if (kernel_pml4 == NULL) {
		return -ENOMEM;
	}
	for (uint64_t addr = 0; addr < end; addr += SIZE_2M) {
		/* The hole below 4 GiB holds the LAPIC, IOAPIC, HPET and PCI BARs. */
		bool mmio = addr >= MMIO_HOLE_START && addr < SIZE_4G;

		if (map_2m(addr, mmio ? PTE_PCD | PTE_PWT : 0U) != 0) {
			return -ENOMEM;
		}
	}
	write_cr3((uintptr_t)kernel_pml4);
	return 0;
}

uint64_t paging_kernel_cr3(void)
{
	return (uintptr_t)kernel_pml4;
}

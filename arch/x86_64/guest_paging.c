/* SPDX-License-Identifier: MIT */
/*
 * The 4-level walk (SDM Vol. 3A 4.5.4, tables 4-15 to 4-20): PML4E, PDPTE
 * (PS: 1 GiB page), PDE (PS: 2 MiB page), PTE.  Only the present bit and
 * the page-size bit matter here: the guest's CPU already fetched these
 * bytes, so access rights were checked by the hardware.  Reserved bits are
 * not checked; bits 51:M of an entry are taken as the address (M = 52).
 */
#include <errno.h>
#include <stdbool.h>

#include "arch/x86_64/guest_paging.h"

#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define CR4_LA57	(1ULL << 12)
#define EFER_LMA	(1ULL << 10)
#define PTE_P		(1ULL << 0)
#define PTE_PS		(1ULL << 7)
#define ADDR_MASK	0x000FFFFFFFFFF000ULL
#define PAGE_4K		4096ULL

static bool canonical48(uint64_t linear)
{
	uint64_t top = linear >> 47;

	return top == 0U || top == 0x1FFFFU;
}

/* Entry `index` of the table at `table`; -EFAULT when the table is not RAM or it is not present. */
static int entry(guest_read_fn read, void *ctx, uint64_t table, uint64_t index, uint64_t *e)
{
	if (read(ctx, (table & ADDR_MASK) + index * 8U, e, sizeof(*e)) != 0 || !(*e & PTE_P)) {
		return -EFAULT;
	}
	return 0;
}

int guest_linear_to_phys(const struct guest_paging *pg, guest_read_fn read, void *ctx,
			 uint64_t linear, uint64_t *gpa)
{
	uint64_t e;
	int err;

	if (!(pg->cr0 & CR0_PG)) {
		*gpa = linear;
		return 0;
	}
	if (!(pg->cr4 & CR4_PAE) || !(pg->efer & EFER_LMA) || (pg->cr4 & CR4_LA57)) {
		return -ENOTSUP;
	}
	if (!canonical48(linear)) {
		return -EINVAL;
	}
	err = entry(read, ctx, pg->cr3, (linear >> 39) & 511U, &e);
	if (err == 0) {
		err = entry(read, ctx, e, (linear >> 30) & 511U, &e);
	}
	if (err == 0 && (e & PTE_PS)) {
		*gpa = (e & ADDR_MASK & ~((1ULL << 30) - 1U)) | (linear & ((1ULL << 30) - 1U));
		return 0;
	}
	if (err == 0) {
		err = entry(read, ctx, e, (linear >> 21) & 511U, &e);
	}
	if (err == 0 && (e & PTE_PS)) {
		*gpa = (e & ADDR_MASK & ~((1ULL << 21) - 1U)) | (linear & ((1ULL << 21) - 1U));
		return 0;
	}
	if (err == 0) {
		err = entry(read, ctx, e, (linear >> 12) & 511U, &e);
	}
	if (err == 0) {
		*gpa = (e & ADDR_MASK) | (linear & (PAGE_4K - 1U));
	}
	return err;
}

size_t guest_fetch(const struct guest_paging *pg, guest_read_fn read, void *ctx, uint64_t linear,
		   uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t at = linear + done, gpa;
		size_t in_page = (size_t)(PAGE_4K - (at & (PAGE_4K - 1U)));
		size_t n = len - done < in_page ? len - done : in_page;

		if (guest_linear_to_phys(pg, read, ctx, at, &gpa) != 0 ||
		    read(ctx, gpa, buf + done, n) != 0) {
			break;
		}
		done += n;
	}
	return done;
}

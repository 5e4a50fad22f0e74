/* SPDX-License-Identifier: MIT */
/*
 * Translating a guest's linear addresses the way its CPU does (SDM Vol. 3A
 * 4.1, 4.5), for fetching the instruction that caused an MMIO exit: no
 * paging (CR0.PG = 0: linear is physical) and 4-level IA-32e paging with
 * 4 KiB, 2 MiB and 1 GiB pages.  32-bit and PAE paging and 5-level paging
 * are refused.  The guest's tables are read only through the caller's
 * function (vm_gpa_read), so a table pointing outside guest RAM is a
 * failed translation, never a host access.  Portable: unit-tested hosted.
 */
#ifndef VMANHV_ARCH_X86_64_GUEST_PAGING_H
#define VMANHV_ARCH_X86_64_GUEST_PAGING_H

#include <stddef.h>
#include <stdint.h>

struct guest_paging {
	uint64_t cr0, cr3, cr4, efer;
};

/* Read len bytes at guest-physical gpa: 0, or a negative errno. */
typedef int (*guest_read_fn)(void *ctx, uint64_t gpa, void *dst, size_t len);

/*
 * The guest-physical address of `linear`.  0, or -EFAULT (not present, or
 * a table outside guest RAM), -ENOTSUP (a paging mode not walked here),
 * -EINVAL (a non-canonical address).
 */
int guest_linear_to_phys(const struct guest_paging *pg, guest_read_fn read, void *ctx,
			 uint64_t linear, uint64_t *gpa);
/*
 * Up to len bytes from `linear` on, page by page: how many could be read
 * (fewer when a page is not mapped or not RAM; the caller decides whether
 * that was enough).
 */
size_t guest_fetch(const struct guest_paging *pg, guest_read_fn read, void *ctx, uint64_t linear,
		   uint8_t *buf, size_t len);

#endif

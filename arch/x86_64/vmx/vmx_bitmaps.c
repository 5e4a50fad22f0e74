/* SPDX-License-Identifier: MIT */
/*
 * Intercept by default (style rule 10).  The MSR bitmap (SDM Vol. 3C
 * 24.6.9) and I/O bitmaps A and B (24.6.4) start with every bit set, so
 * every RDMSR, WRMSR, IN and OUT exits; an allow-list then clears the bits
 * of the accesses that may go straight to hardware, each with its reason.
 * One set serves every VM: the policy is the same for all of them today.
 */
#include <errno.h>
#include <string.h>

#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/mm.h"

/* Offsets of the four 1 KiB quarters of the MSR bitmap (24.6.9). */
#define MSR_BITMAP_READ_LOW	0x000U	/* RDMSR, MSRs 0x00000000-0x00001FFF */
#define MSR_BITMAP_READ_HIGH	0x400U	/* RDMSR, MSRs 0xC0000000-0xC0001FFF */
#define MSR_BITMAP_WRITE_LOW	0x800U
#define MSR_BITMAP_WRITE_HIGH	0xC00U
#define MSR_HIGH_BASE		0xC0000000U
#define MSR_RANGE		0x2000U

enum msr_access { MSR_PASS_READ = 1, MSR_PASS_WRITE = 2, MSR_PASS_BOTH = 3 };

struct msr_passthrough {
	uint32_t msr;
	enum msr_access access;
	const char *why;
};

/*
 * MSRs whose guest value lives in the VMCS guest-state area (24.4.1) are
 * switched by every VM entry and exit: the guest may own them outright.
 */
static const struct msr_passthrough msr_allow[] = {
	{ 0x174U, MSR_PASS_BOTH, "IA32_SYSENTER_CS: guest-state field, switched on entry/exit" },
	{ 0x175U, MSR_PASS_BOTH, "IA32_SYSENTER_ESP: guest-state field, switched on entry/exit" },
	{ 0x176U, MSR_PASS_BOTH, "IA32_SYSENTER_EIP: guest-state field, switched on entry/exit" },
	{ 0xC0000100U, MSR_PASS_BOTH, "IA32_FS_BASE: the FS base guest-state field" },
	{ 0xC0000101U, MSR_PASS_BOTH, "IA32_GS_BASE: the GS base guest-state field" },
	{ 0xC0000081U, MSR_PASS_BOTH, "IA32_STAR: in the vCPU's MSR area (vmx.h)" },
	{ 0xC0000082U, MSR_PASS_BOTH, "IA32_LSTAR: in the vCPU's MSR area" },
	{ 0xC0000083U, MSR_PASS_BOTH, "IA32_CSTAR: in the vCPU's MSR area" },
	{ 0xC0000084U, MSR_PASS_BOTH, "IA32_FMASK: in the vCPU's MSR area" },
	{ 0xC0000102U, MSR_PASS_BOTH, "IA32_KERNEL_GS_BASE: in the vCPU's MSR area" },
	{ 0xC0000103U, MSR_PASS_BOTH, "IA32_TSC_AUX: in the vCPU's MSR area (with RDTSCP)" },
};

const uint32_t vmx_guest_msr_index[VMX_GUEST_MSRS] = {
	0xC0000081U, 0xC0000082U, 0xC0000083U, 0xC0000084U, 0xC0000102U, 0xC0000103U,
};

/*
 * No I/O port is passed through: every port a guest sees belongs to a
 * device model (hv/devices/), so the I/O allow-list is empty on purpose.
 */

static uint8_t *msr_bitmap;
static uint8_t *io_bitmaps;	/* A then B, 4 KiB each */

static void clear_bit(uint8_t *quarter, uint32_t index)
{
	quarter[index / 8U] &= (uint8_t)~(1U << (index % 8U));
}

static void msr_pass(const struct msr_passthrough *p)
{
	bool high = p->msr >= MSR_HIGH_BASE;
	uint32_t index = high ? p->msr - MSR_HIGH_BASE : p->msr;

	if (index >= MSR_RANGE) {
		return;		/* outside both ranges every access exits (24.6.9) */
	}
	if (p->access & MSR_PASS_READ) {
		clear_bit(msr_bitmap + (high ? MSR_BITMAP_READ_HIGH : MSR_BITMAP_READ_LOW), index);
	}
	if (p->access & MSR_PASS_WRITE) {
		clear_bit(msr_bitmap + (high ? MSR_BITMAP_WRITE_HIGH : MSR_BITMAP_WRITE_LOW),
			  index);
	}
}

int vmx_bitmaps_init(void)
{
	if (msr_bitmap != NULL) {
		return 0;
	}
	msr_bitmap = page_alloc(1, 1);
	io_bitmaps = page_alloc(2, 1);
	if (msr_bitmap == NULL || io_bitmaps == NULL) {
		return -ENOMEM;
	}
	memset(msr_bitmap, 0xFF, PAGE_SIZE);
	memset(io_bitmaps, 0xFF, 2U * PAGE_SIZE);
	for (size_t i = 0; i < sizeof(msr_allow) / sizeof(msr_allow[0]); i++) {
		msr_pass(&msr_allow[i]);
	}
	return 0;
}

uint64_t vmx_msr_bitmap(void)
{
	return (uintptr_t)msr_bitmap;
}

uint64_t vmx_io_bitmap_a(void)
{
	return (uintptr_t)io_bitmaps;
}

uint64_t vmx_io_bitmap_b(void)
{
	return (uintptr_t)io_bitmaps + PAGE_SIZE;
}

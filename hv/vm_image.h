/* SPDX-License-Identifier: MIT */
/*
 * The guest images built into the firmware (tests/guests/, embedded by
 * mk/guests.mk).  Each is a flat binary loaded at guest physical
 * VM_IMAGE_LOAD_GPA and started there with the stack below it, in a VM of
 * VM_IMAGE_RAM_BYTES:
 *  - real mode: CS:IP = 0000:1000, SS:SP = 0000:1000 (the stack grows down
 *    towards the IVT's end at 0x400);
 *  - 64-bit mode (names ending in 64): RIP = RSP = 0x1000, a flat GDT at
 *    VM_IMAGE_GDT_GPA (code 0x08, data 0x10) and page tables at
 *    VM_IMAGE_PML4_GPA identity-mapping the first 1 GiB with 2 MiB pages,
 *    both written by the loader; the image must end below the GDT.
 */
#ifndef VMANHV_HV_VM_IMAGE_H
#define VMANHV_HV_VM_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/vcpu.h"

#define VM_IMAGE_LOAD_GPA	0x1000U
#define VM_IMAGE_STACK_TOP	0x1000U
#define VM_IMAGE_RAM_BYTES	(2ULL << 20)	/* one 2 MiB EPT page */
#define VM_IMAGE_GDT_GPA	0x8000U
#define VM_IMAGE_PML4_GPA	0x9000U		/* then the PDPT, then the PD */

struct vm_image {
	const char *name;
	const uint8_t *data;
	size_t size;
	enum vcpu_mode mode;
};

struct vm;

/* The image called `name`; false when there is none. */
bool vm_image_find(const char *name, struct vm_image *out);
/* Every image name, space separated, into buf. */
void vm_image_list(char *buf, size_t len);
/* Copy the image into the VM's RAM and fill in its start state.  0 or -EFBIG. */
int vm_image_load(struct vm *vm, const struct vm_image *image, struct vcpu_boot *boot);

#endif

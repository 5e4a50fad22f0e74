/* SPDX-License-Identifier: MIT */
/*
 * ELF guest images (hv/loader/elf.h): those built into the firmware
 * (tests/guests/, embedded by mk/guests.mk; VM_IMAGE_RAM_BYTES of RAM) and
 * those that arrive as guest files (a multiboot2 module or a datastore file,
 * hv/guest_file.h).  The PT_LOAD segments go to their physical addresses and
 * the class of the file says how the guest starts (docs/vmx.md, "ELF test
 * guests"):
 *  - ELFCLASS32 (EM_386): real mode, CS:IP = 0000:e_entry (below 64 KiB),
 *    SS:SP = 0000:1000 (the stack grows down towards the IVT's end at 0x400):
 *    the 16-bit test guests, linked as ELF32 because binutils has no 16-bit
 *    ELF;
 *  - ELFCLASS64 (EM_X86_64): 64-bit mode at e_entry, RSP = 0x1000, a flat GDT
 *    at VM_IMAGE_GDT_GPA (code 0x08, data 0x10) and page tables at
 *    VM_IMAGE_PML4_GPA identity-mapping the first 1 GiB with 2 MiB pages,
 *    both written by the loader.
 * No segment may cover [VM_IMAGE_GDT_GPA, VM_IMAGE_TABLES_END), in either
 * class: one rule for every image.
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
#define VM_IMAGE_TABLES_END	0xC000U		/* the end of the PD */
#define VM_IMAGE_REAL_ENTRY_MAX	0xFFFFU		/* IP with CS = 0 */

struct vm_image {
	const char *name;
	const uint8_t *data;	/* an ELF file */
	size_t size;
};

struct vm;

/* The image called `name`; false when there is none. */
bool vm_image_find(const char *name, struct vm_image *out);
/* Every image name, space separated, into buf. */
void vm_image_list(char *buf, size_t len);
/*
 * Check the ELF image, copy its segments into the VM's RAM and fill in its
 * start state.  0, or -ENOEXEC (not an ELF vmanhv can start, malformed,
 * or an ELF32 entry above 64 KiB), -EFBIG (a segment outside the VM's RAM
 * or over the loader's tables): the check that failed is logged; or
 * vm_gpa_write()'s error.
 */
int vm_image_load(struct vm *vm, const struct vm_image *image, struct vcpu_boot *boot);

#endif

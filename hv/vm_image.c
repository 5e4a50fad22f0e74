/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hv/loader/elf.h"
#include "hv/log.h"
#include "hv/vm.h"
#include "hv/vm_image.h"

#define PTE_PRESENT_WRITE	0x3ULL		/* SDM Vol. 3A 4.5, tables 4-15 to 4-18 */
#define PDE_LARGE		0x80ULL		/* PS: the PDE maps 2 MiB */
#define PAGE_TABLE_ENTRIES	512U
#define PAGE_BYTES		0x1000U

/* Written by mk/guests.mk ($(BUILD)/guests/images.S); ends with a zero entry. */
struct vm_image_entry {
	const char *name;
	const uint8_t *start, *end;	/* the guest's ELF file */
};

/* null, 64-bit code (0x08), data (0x10): what the VMCS's cached segments describe. */
static const uint64_t flat_gdt[3] = { 0, 0x00AF9A000000FFFFULL, 0x00CF92000000FFFFULL };

extern const struct vm_image_entry vm_image_table[];

bool vm_image_find(const char *name, struct vm_image *out)
{
	for (const struct vm_image_entry *e = vm_image_table; e->name != NULL; e++) {
		if (strcmp(e->name, name) == 0) {
			*out = (struct vm_image){ e->name, e->start, (size_t)(e->end - e->start) };
			return true;
		}
	}
	return false;
}

void vm_image_list(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const struct vm_image_entry *e = vm_image_table; e->name != NULL && used < len; e++) {
		int n = snprintf(buf + used, len - used, "%s%s", used > 0 ? " " : "", e->name);

		used += n > 0 ? (size_t)n : 0U;
	}
}

/* PML4 -> PDPT -> PD, the PD mapping the first 1 GiB with 2 MiB pages. */
static int write_identity_map(struct vm *vm)
{
	const uint64_t pdpt = VM_IMAGE_PML4_GPA + PAGE_BYTES, pd = pdpt + PAGE_BYTES;
	uint64_t entry = pdpt | PTE_PRESENT_WRITE;
	int err = vm_gpa_write(vm, VM_IMAGE_PML4_GPA, &entry, sizeof(entry));

	entry = pd | PTE_PRESENT_WRITE;
	err = err ?: vm_gpa_write(vm, pdpt, &entry, sizeof(entry));
	for (uint64_t i = 0; i < PAGE_TABLE_ENTRIES && err == 0; i++) {
		entry = (i << 21) | PDE_LARGE | PTE_PRESENT_WRITE;
		err = vm_gpa_write(vm, pd + i * sizeof(entry), &entry, sizeof(entry));
	}
	return err;
}

static int start_long(struct vm *vm, uint64_t entry, struct vcpu_boot *boot)
{
	int err = vm_gpa_write(vm, VM_IMAGE_GDT_GPA, flat_gdt, sizeof(flat_gdt)) ?:
		  write_identity_map(vm);

	*boot = (struct vcpu_boot){
		.mode = VCPU_MODE_LONG,
		.rip = entry,
		.rsp = VM_IMAGE_STACK_TOP,
		.cr3 = VM_IMAGE_PML4_GPA,
		.gdt_base = VM_IMAGE_GDT_GPA,
	};
	return err;
}

static void start_real(uint64_t entry, struct vcpu_boot *boot)
{
	*boot = (struct vcpu_boot){
		.mode = VCPU_MODE_REAL,
		.cs_selector = 0,
		.rip = entry,
		.rsp = VM_IMAGE_STACK_TOP,
	};
}

static int write_guest(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	return vm_gpa_write(ctx, gpa, src, len);
}

/* The ELF checked against this VM's RAM, or refused with the check that failed. */
static int image_check(struct vm *vm, const struct vm_image *image, struct elf_image_info *info)
{
	const struct elf_limits limits = {
		.ram_bytes = vm->ram_size,
		.reserved_start = VM_IMAGE_GDT_GPA,
		.reserved_end = VM_IMAGE_TABLES_END,
	};
	const char *why = NULL;
	int err = elf_image_parse(image->data, image->size, &limits, info, &why);

	if (err == 0 && !info->is_64 && info->entry_gpa > VM_IMAGE_REAL_ENTRY_MAX) {
		why = "an ELF32 guest starts in real mode: e_entry must be below 64 KiB";
		err = -ENOEXEC;
	}
	if (err != 0) {
		hv_log("vm %s: guest image %s refused: %s\n", vm->name, image->name, why);
	}
	/* hv/api.h's -EINVAL is about the request: a malformed file is -ENOEXEC */
	return err == -EINVAL ? -ENOEXEC : err;
}

int vm_image_load(struct vm *vm, const struct vm_image *image, struct vcpu_boot *boot)
{
	struct elf_image_info info;
	int err = image_check(vm, image, &info);

	err = err ?: elf_load(image->data, &info, write_guest, vm);
	if (err != 0) {
		return err;
	}
	if (info.is_64) {
		return start_long(vm, info.entry_gpa, boot);
	}
	start_real(info.entry_gpa, boot);
	return 0;
}

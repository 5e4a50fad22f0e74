/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hv/vm.h"
#include "hv/vm_image.h"

/* Written by mk/guests.mk ($(BUILD)/guests/images.S); ends with a zero entry. */
struct vm_image_entry {
	const char *name;
	const uint8_t *start, *end;
};

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

int vm_image_load(struct vm *vm, const struct vm_image *image, struct vcpu_boot *boot)
{
	if (vm_gpa_write(vm, VM_IMAGE_LOAD_GPA, image->data, image->size) != 0) {
		return -EFBIG;
	}
	*boot = (struct vcpu_boot){
		.mode = VCPU_MODE_REAL,
		.cs_selector = 0,
		.rip = VM_IMAGE_LOAD_GPA,
		.rsp = VM_IMAGE_STACK_TOP,
	};
	return 0;
}

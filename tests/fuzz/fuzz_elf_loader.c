/* sources: hv/loader/elf.c */
/* libs: */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary bytes as an ELF guest image (a multiboot2 module or a
 * datastore file is exactly that: untrusted bytes), through the ELF loader
 * (hv/loader/elf.c) into a 1 MiB buffer standing for guest RAM.  The harness
 * checks the loader's contract: an accepted file has 1..ELF_SEGMENTS_MAX
 * segments, each inside RAM, outside the reserved range, inside the file,
 * p_filesz <= p_memsz, none overlapping another, the entry inside one; a
 * refused one gives a reason and no segments; the load writes only inside
 * the accepted segments.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hv/loader/elf.h"

#define RAM_BYTES	(1U << 20)

static const struct elf_limits limits = { RAM_BYTES, 0x8000, 0xC000 };

struct ram {
	uint8_t bytes[RAM_BYTES];
	const struct elf_image_info *info;
};

static bool inside_a_segment(const struct elf_image_info *info, uint64_t gpa, size_t len)
{
	for (uint32_t i = 0; i < info->segment_count; i++) {
		const struct elf_segment *s = &info->segment[i];

		if (gpa >= s->gpa && len <= s->mem_bytes && gpa - s->gpa <= s->mem_bytes - len) {
			return true;
		}
	}
	return false;
}

static int ram_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct ram *r = ctx;

	if (gpa > RAM_BYTES || len > RAM_BYTES - gpa || !inside_a_segment(r->info, gpa, len)) {
		abort();
	}
	memcpy(r->bytes + gpa, src, len);
	return 0;
}

static void check_accepted(const struct elf_image_info *info, size_t size)
{
	bool entry_inside = false;

	if (info->segment_count == 0U || info->segment_count > ELF_SEGMENTS_MAX) {
		abort();
	}
	for (uint32_t i = 0; i < info->segment_count; i++) {
		const struct elf_segment *s = &info->segment[i];

		if (s->file_bytes > s->mem_bytes || s->gpa > RAM_BYTES ||
		    s->mem_bytes > RAM_BYTES - s->gpa || s->file_offset > size ||
		    s->file_bytes > size - s->file_offset ||
		    (s->gpa < limits.reserved_end && s->gpa + s->mem_bytes > limits.reserved_start)) {
			abort();
		}
		for (uint32_t j = 0; j < i; j++) {
			const struct elf_segment *t = &info->segment[j];

			if (s->gpa < t->gpa + t->mem_bytes && t->gpa < s->gpa + s->mem_bytes) {
				abort();
			}
		}
		entry_inside = entry_inside || (info->entry_gpa >= s->gpa &&
						info->entry_gpa - s->gpa < s->mem_bytes);
	}
	if (!entry_inside) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ram ram;
	struct elf_image_info info;
	const char *why = NULL;
	int err = elf_image_parse(data, size, &limits, &info, &why);

	if (err != 0) {
		if (why == NULL || info.segment_count != 0U ||
		    (err != -ENOEXEC && err != -EINVAL && err != -EFBIG)) {
			abort();
		}
		return 0;
	}
	if (why != NULL) {
		abort();
	}
	check_accepted(&info, size);
	ram.info = &info;
	if (elf_load(data, &info, ram_write, &ram) != 0) {
		abort();
	}
	return 0;
}

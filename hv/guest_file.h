/* SPDX-License-Identifier: MIT */
/*
 * Guest files by name (kernels, initrds): boot modules first (multiboot2
 * `module2 PATH` lines, named by the basename of their string's first word),
 * then the datastore on the boot disk (hv/datastore.h).  A module is used in
 * place; a datastore file is read into pages and checked, and given back
 * with guest_file_close().
 */
#ifndef VMANHV_HV_GUEST_FILE_H
#define VMANHV_HV_GUEST_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "boot/boot_info.h"

struct guest_file {
	const uint8_t *data;
	size_t size;
	uint8_t *pages;			/* datastore copy to free, or NULL */
	uint64_t page_count;
	const char *source;		/* "module" or "datastore" */
};

/* Remember the boot modules (their memory stays reserved, hv/mm.c). */
void guest_files_init(const struct boot_info *info);

/* 0, -ENOENT (no file of that name), or datastore_load()'s error. */
int guest_file_open(const char *name, struct guest_file *f);
void guest_file_close(struct guest_file *f);

#endif

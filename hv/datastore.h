/* SPDX-License-Identifier: MIT */
/*
 * The datastore on the boot disk (docs/disk-layout.md): partition 3 of the
 * ATA disk whose LBA 1 holds the VMHVBOOT descriptor.  Found once at boot;
 * files are read whole and checked against their SHA-256 before use, so a
 * damaged image is refused with a reason and never run.
 */
#ifndef VMANHV_HV_DATASTORE_H
#define VMANHV_HV_DATASTORE_H

#include <stddef.h>
#include <stdint.h>

#include "hv/datastore_format.h"

/* Find the boot disk and read the directory; prints one `datastore:` line.
 * 0, or -ENODEV (no boot disk on ATA), or datastore_parse()'s error. */
int datastore_init(void);

/* The file called name, or NULL (no such file, or no datastore). */
const struct datastore_file *datastore_find(const char *name);

/*
 * Read file f whole into pages taken from the page allocator; *data and
 * *pages tell the caller what to page_free() afterwards.  0, -ENOMEM,
 * -EIO (the disk failed) or -EBADMSG (the SHA-256 does not match).
 */
int datastore_load(const struct datastore_file *f, uint8_t **data, uint64_t *pages);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Allocation units of memory (DSP0004 Annex C programmatic units, DSP1045):
 * read tolerantly, written canonically as UNITS_MEMORY_CANONICAL.
 */
#ifndef VMANHV_MGMT_PROFILES_UNITS_H
#define VMANHV_MGMT_PROFILES_UNITS_H

#include <stdint.h>

/* What vmanhv writes in every memory AllocationUnits (DSP1045: MiB). */
#define UNITS_MEMORY_CANONICAL	"byte*2^20"

/*
 * Bytes per unit of `units`: "byte*2^N" (N <= 40, spaces anywhere, any
 * case), "byte"/"bytes", "KiloBytes"/"KB"/"KiB", "MegaBytes"/"MB"/"MiB",
 * "GigaBytes"/"GB"/"GiB" (powers of 1024, as CIM_Memory's old units and
 * libvirt-cim mean them).  0, or -EINVAL for anything else (NULL, empty,
 * "byte*10^6", "percent").
 */
int units_bytes_multiplier(const char *units, uint64_t *multiplier);

/* quantity * the multiplier of units into *bytes: 0, -EINVAL, or -ERANGE on overflow. */
int units_bytes(uint64_t quantity, const char *units, uint64_t *bytes);

#endif

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
/* A memory quantity that is not a whole number of MiB is written in KiB. */
#define UNITS_MEMORY_FINE	"byte*2^10"
/* What vmanhv writes in every processor AllocationUnits and VirtualQuantityUnits
 * (DSP1044: a count of processors; docs/allocation.md says of what). */
#define UNITS_PROCESSOR_CANONICAL	"count"

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

/*
 * A processor Reservation or Limit `value` in `units` as a count of host
 * CPUs: NULL, "" or "count" (spaces and case free) take value as it is;
 * "percent" (of one CPU) is read when it is a whole number of CPUs (a
 * multiple of 100).  0, -EINVAL (other units), or -EDOM (a fraction of a CPU).
 */
int units_processor_count(uint64_t value, const char *units, uint64_t *count);

/* bytes in the canonical memory units: MiB when whole, else KiB (bytes
 * are a multiple of 1 KiB: VM memory is in 4 KiB pages). */
const char *units_memory_emit(uint64_t bytes, uint64_t *quantity);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Memory sizes as an operator writes them on the command line: 64M, 1G,
 * 512MiB, 65536K, 2097152B.  A bare number is MiB (as QEMU's -m reads it).
 */
#ifndef VMANCTL_SIZE_H
#define VMANCTL_SIZE_H

#include <stdint.h>

/*
 * size_parse - read TEXT into *BYTES.
 * Suffixes (case-insensitive): B; K, KB, KiB; M, MB, MiB; G, GB, GiB; T, TB,
 * TiB; all powers of 1024 (the firmware's units, DSP0004 byte*2^N).
 * Returns 0, or -EINVAL (empty, not a number, unknown suffix, zero) or
 * -ERANGE (does not fit in 64 bits); *WHY then names the problem.
 */
int size_parse(const char *text, uint64_t *bytes, const char **why);

/* size_format - BYTES as the largest exact unit: "64 MiB", "1 GiB", "4100 KiB". */
void size_format(uint64_t bytes, char *buf, unsigned len);

#endif

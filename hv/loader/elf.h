/* SPDX-License-Identifier: MIT */
/*
 * Plain ELF executables as guests (the test guests of tests/guests/, or any
 * statically linked x86 ELF): ELF32 (EM_386) or ELF64 (EM_X86_64), type
 * ET_EXEC, little-endian.  Each PT_LOAD segment is copied to guest-physical
 * p_paddr, its p_filesz bytes from the file and zeros up to p_memsz (System V
 * ABI, "Program Loading"); the guest starts at e_entry, taken as a physical
 * address through the segment that holds it, since test guests run with
 * paging off or on the loader's identity map.
 *
 * The file is untrusted: every field is checked against the file's size and
 * the VM's RAM before one byte is written, and a refusal names the check
 * that failed.  Portable: guest memory is reached only through the caller's
 * write function, so the parser is unit-tested and fuzzed hosted.
 */
#ifndef VMANHV_HV_LOADER_ELF_H
#define VMANHV_HV_LOADER_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_SEGMENTS_MAX	16U	/* PT_LOAD segments; a test guest has one or two */
#define ELF_PHDRS_MAX		64U	/* program headers of any type */

/* Where a file may put its segments. */
struct elf_limits {
	uint64_t ram_bytes;		/* guest RAM is [0, ram_bytes) */
	uint64_t reserved_start;	/* [start, end): the loader's own structures */
	uint64_t reserved_end;		/* (equal: nothing reserved) */
};

struct elf_segment {
	uint64_t gpa;			/* p_paddr */
	uint64_t file_offset;		/* p_offset */
	uint64_t file_bytes;		/* p_filesz */
	uint64_t mem_bytes;		/* p_memsz >= p_filesz; the rest is zeroed */
};

struct elf_image_info {
	bool is_64;			/* ELFCLASS64 (EM_X86_64), else ELFCLASS32 (EM_386) */
	uint64_t entry_gpa;		/* e_entry as a guest-physical address */
	uint32_t segment_count;
	struct elf_segment segment[ELF_SEGMENTS_MAX];
};

/* True when the bytes start with the ELF magic (e_ident[EI_MAG0..3]). */
bool elf_is_elf(const uint8_t *image, size_t size);

/*
 * Check the file and describe what it loads.  0, or -ENOEXEC (not an ELF
 * executable vmanhv can start: magic, class, byte order, version, type,
 * machine, a dynamic loader asked for), -EINVAL (headers that contradict the
 * file: truncated, out-of-file program headers or segment data, p_filesz >
 * p_memsz, overlapping segments, no loadable segment, an entry point
 * outside executable code, too many headers), -EFBIG (a segment outside
 * guest RAM or over the reserved range).  *why, when not NULL, is set to a
 * sentence naming the failed check (a static string), or NULL on success.
 */
int elf_image_parse(const uint8_t *image, size_t size, const struct elf_limits *limits,
		    struct elf_image_info *out, const char **why);

/* Write len bytes at guest-physical gpa: 0, or a negative errno. */
typedef int (*elf_write_fn)(void *ctx, uint64_t gpa, const void *src, size_t len);

/*
 * Copy the segments that elf_image_parse() accepted into guest RAM.
 * @pre info came from elf_image_parse() on the same image and size.
 * 0, or the write function's error.
 */
int elf_load(const uint8_t *image, const struct elf_image_info *info, elf_write_fn write,
	     void *ctx);

#endif

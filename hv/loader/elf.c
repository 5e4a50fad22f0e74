/* SPDX-License-Identifier: MIT */
/*
 * ELF executables into guest RAM (hv/loader/elf.h).  Field offsets are those
 * of Elf32_Ehdr/Elf64_Ehdr and Elf32_Phdr/Elf64_Phdr (System V ABI, "ELF
 * Header" and "Program Header"; the x86-64 psABI keeps the generic layout).
 * Both classes share one parser through a table of offsets, so that every
 * check is written once.
 */
#include <errno.h>
#include <string.h>

#include "hv/loader/elf.h"

#define EI_CLASS	4U
#define EI_DATA		5U
#define EI_VERSION	6U
#define EI_NIDENT	16U
#define ELFCLASS32	1U
#define ELFCLASS64	2U
#define ELFDATA2LSB	1U
#define EV_CURRENT	1U
#define ET_EXEC		2U
#define EM_386		3U
#define EM_X86_64	62U
#define PT_LOAD		1U
#define PT_DYNAMIC	2U
#define PT_INTERP	3U
#define PF_X		1U
#define PN_XNUM		0xffffU		/* the real count is elsewhere: not for a guest */

/* e_type, e_machine and e_version sit at the same place in both classes. */
#define EH_TYPE		16U
#define EH_MACHINE	18U
#define EH_VERSION	20U

/* Where a class keeps its fields, and how wide its addresses are. */
struct elf_layout {
	uint32_t machine;
	uint32_t word;			/* 4 or 8: Elf32_Addr/Off or Elf64_Addr/Off */
	uint32_t ehdr_size;
	uint32_t eh_entry, eh_phoff, eh_ehsize, eh_phentsize, eh_phnum;
	uint32_t phdr_size;
	uint32_t ph_offset, ph_vaddr, ph_paddr, ph_filesz, ph_memsz, ph_flags;
};

static const struct elf_layout layout32 = {
	.machine = EM_386, .word = 4, .ehdr_size = 52,
	.eh_entry = 24, .eh_phoff = 28, .eh_ehsize = 40, .eh_phentsize = 42, .eh_phnum = 44,
	.phdr_size = 32,
	.ph_offset = 4, .ph_vaddr = 8, .ph_paddr = 12, .ph_filesz = 16, .ph_memsz = 20,
	.ph_flags = 24,
};

static const struct elf_layout layout64 = {
	.machine = EM_X86_64, .word = 8, .ehdr_size = 64,
	.eh_entry = 24, .eh_phoff = 32, .eh_ehsize = 52, .eh_phentsize = 54, .eh_phnum = 56,
	.phdr_size = 56,
	.ph_offset = 8, .ph_vaddr = 16, .ph_paddr = 24, .ph_filesz = 32, .ph_memsz = 40,
	.ph_flags = 4,
};

static uint64_t get_le(const uint8_t *p, uint64_t off, uint32_t bytes)
{
	uint64_t v = 0;

	for (uint32_t i = bytes; i > 0; i--) {
		v = v << 8 | p[off + i - 1U];
	}
	return v;
}

/* One program header, in the width of its class. */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

static struct phdr phdr_read(const uint8_t *p, const struct elf_layout *l)
{
	return (struct phdr){
		.type = (uint32_t)get_le(p, 0, 4),
		.flags = (uint32_t)get_le(p, l->ph_flags, 4),
		.offset = get_le(p, l->ph_offset, l->word),
		.vaddr = get_le(p, l->ph_vaddr, l->word),
		.paddr = get_le(p, l->ph_paddr, l->word),
		.filesz = get_le(p, l->ph_filesz, l->word),
		.memsz = get_le(p, l->ph_memsz, l->word),
	};
}

static int refuse(int err, const char *reason, const char **why)
{
	if (why != NULL) {
		*why = reason;
	}
	return err;
}

bool elf_is_elf(const uint8_t *image, size_t size)
{
	return size >= 4 && memcmp(image, "\177ELF", 4) == 0;
}

/* e_ident and the fields both classes share: which layout, or an error. */
static int check_ident(const uint8_t *image, size_t size, const struct elf_layout **l,
		       const char **why)
{
	if (!elf_is_elf(image, size)) {
		return refuse(-ENOEXEC, "not an ELF file (no \\177ELF magic)", why);
	}
	if (size < EI_NIDENT) {
		return refuse(-EINVAL, "file ends inside e_ident", why);
	}
	if (image[EI_CLASS] != ELFCLASS32 && image[EI_CLASS] != ELFCLASS64) {
		return refuse(-ENOEXEC, "e_ident class is neither ELFCLASS32 nor ELFCLASS64", why);
	}
	if (image[EI_DATA] != ELFDATA2LSB || image[EI_VERSION] != EV_CURRENT) {
		return refuse(-ENOEXEC, "not a little-endian ELF of version 1", why);
	}
	*l = image[EI_CLASS] == ELFCLASS64 ? &layout64 : &layout32;
	if (size < (*l)->ehdr_size) {
		return refuse(-EINVAL, "file shorter than its ELF header", why);
	}
	if (get_le(image, EH_TYPE, 2) != ET_EXEC) {
		return refuse(-ENOEXEC, "not an executable (e_type is not ET_EXEC)", why);
	}
	if (get_le(image, EH_MACHINE, 2) != (*l)->machine) {
		return refuse(-ENOEXEC, (*l)->word == 8 ? "ELFCLASS64 but e_machine is not EM_X86_64"
							: "ELFCLASS32 but e_machine is not EM_386", why);
	}
	if (get_le(image, EH_VERSION, 4) != EV_CURRENT ||
	    get_le(image, (*l)->eh_ehsize, 2) != (*l)->ehdr_size) {
		return refuse(-EINVAL, "e_version or e_ehsize wrong for the class", why);
	}
	return 0;
}

/* The program header table lies inside the file: its offset and count. */
static int check_phdr_table(const uint8_t *image, size_t size, const struct elf_layout *l,
			    uint64_t *phoff, uint32_t *phnum, const char **why)
{
	*phoff = get_le(image, l->eh_phoff, l->word);
	*phnum = (uint32_t)get_le(image, l->eh_phnum, 2);
	if (get_le(image, l->eh_phentsize, 2) != l->phdr_size) {
		return refuse(-EINVAL, "e_phentsize is not the class's program header size", why);
	}
	if (*phnum == 0U || *phnum == PN_XNUM || *phnum > ELF_PHDRS_MAX) {
		return refuse(-EINVAL, "e_phnum is 0, PN_XNUM or above 64", why);
	}
	if (*phoff > size || (uint64_t)*phnum * l->phdr_size > size - *phoff) {
		return refuse(-EINVAL, "program headers (e_phoff, e_phnum) run past the file", why);
	}
	return 0;
}

/* [a, a + a_len) and [b, b + b_len) share a byte; @pre neither wraps around. */
static bool ranges_meet(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_len)
{
	return a_len != 0U && b_len != 0U && a < b + b_len && b < a + a_len;
}

/* One PT_LOAD segment against the file, RAM, the reserved range and the others. */
static int check_segment(const struct phdr *ph, size_t size, const struct elf_limits *lim,
			 const struct elf_image_info *out, const char **why)
{
	if (ph->filesz > ph->memsz) {
		return refuse(-EINVAL, "a PT_LOAD segment has p_filesz > p_memsz", why);
	}
	if (ph->offset > size || ph->filesz > size - ph->offset) {
		return refuse(-EINVAL, "a PT_LOAD segment's data (p_offset, p_filesz) runs past "
			      "the file", why);
	}
	if (ph->paddr > lim->ram_bytes || ph->memsz > lim->ram_bytes - ph->paddr) {
		return refuse(-EFBIG, "a PT_LOAD segment (p_paddr, p_memsz) lies outside guest RAM",
			      why);
	}
	if (ranges_meet(ph->paddr, ph->memsz, lim->reserved_start,
			lim->reserved_end - lim->reserved_start)) {
		return refuse(-EFBIG, "a PT_LOAD segment covers the loader's GDT and page tables",
			      why);
	}
	for (uint32_t i = 0; i < out->segment_count; i++) {
		if (ranges_meet(ph->paddr, ph->memsz, out->segment[i].gpa,
				out->segment[i].mem_bytes)) {
			return refuse(-EINVAL, "two PT_LOAD segments overlap in guest memory", why);
		}
	}
	if (out->segment_count == ELF_SEGMENTS_MAX) {
		return refuse(-EINVAL, "more than 16 PT_LOAD segments", why);
	}
	return 0;
}

/* e_entry inside an executable segment: its physical address there. */
static bool entry_gpa(const struct phdr *ph, uint64_t entry, uint64_t *gpa)
{
	if ((ph->flags & PF_X) == 0U || entry < ph->vaddr || entry - ph->vaddr >= ph->memsz) {
		return false;
	}
	*gpa = ph->paddr + (entry - ph->vaddr);
	return true;
}

/* Each program header in turn: loadable ones recorded, dynamic ones refused. */
static int scan_phdrs(const uint8_t *image, size_t size, const struct elf_layout *l,
		      const struct elf_limits *lim, struct elf_image_info *out, const char **why)
{
	uint64_t phoff, entry = get_le(image, l->eh_entry, l->word);
	uint32_t phnum;
	bool entry_found = false;
	int err = check_phdr_table(image, size, l, &phoff, &phnum, why);

	for (uint32_t i = 0; i < phnum && err == 0; i++) {
		struct phdr ph = phdr_read(image + phoff + (uint64_t)i * l->phdr_size, l);

		if (ph.type == PT_DYNAMIC || ph.type == PT_INTERP) {
			return refuse(-ENOEXEC, "a dynamically linked ELF (PT_INTERP or PT_DYNAMIC)",
				      why);
		}
		if (ph.type != PT_LOAD || ph.memsz == 0U) {
			continue;
		}
		err = check_segment(&ph, size, lim, out, why);
		if (err == 0) {
			out->segment[out->segment_count++] = (struct elf_segment){
				ph.paddr, ph.offset, ph.filesz, ph.memsz };
			entry_found = entry_found || entry_gpa(&ph, entry, &out->entry_gpa);
		}
	}
	if (err == 0 && out->segment_count == 0U) {
		return refuse(-EINVAL, "no PT_LOAD segment", why);
	}
	if (err == 0 && !entry_found) {
		return refuse(-EINVAL, "e_entry is not inside an executable PT_LOAD segment", why);
	}
	return err;
}

int elf_image_parse(const uint8_t *image, size_t size, const struct elf_limits *limits,
		    struct elf_image_info *out, const char **why)
{
	const struct elf_layout *l = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	(void)refuse(0, NULL, why);
	if (limits->reserved_end < limits->reserved_start) {
		return refuse(-EINVAL, "reserved range ends before it starts", why);
	}
	err = check_ident(image, size, &l, why) ?: scan_phdrs(image, size, l, limits, out, why);
	if (err != 0) {
		memset(out, 0, sizeof(*out));
		return err;
	}
	out->is_64 = l->word == 8U;
	return 0;
}

/* p_memsz - p_filesz zero bytes (.bss) after a segment's file data. */
static int write_zeros(uint64_t gpa, uint64_t len, elf_write_fn write, void *ctx)
{
	static const uint8_t zeros[512];
	int err = 0;

	while (len > 0U && err == 0) {
		size_t n = len < sizeof(zeros) ? (size_t)len : sizeof(zeros);

		err = write(ctx, gpa, zeros, n);
		gpa += n;
		len -= n;
	}
	return err;
}

int elf_load(const uint8_t *image, const struct elf_image_info *info, elf_write_fn write,
	     void *ctx)
{
	int err = 0;

	for (uint32_t i = 0; i < info->segment_count && err == 0; i++) {
		const struct elf_segment *s = &info->segment[i];

		if (s->file_bytes != 0U) {
			err = write(ctx, s->gpa, image + s->file_offset, (size_t)s->file_bytes);
		}
		if (err == 0) {
			err = write_zeros(s->gpa + s->file_bytes, s->mem_bytes - s->file_bytes,
					  write, ctx);
		}
	}
	return err;
}

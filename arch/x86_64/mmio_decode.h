/* SPDX-License-Identifier: MIT */
/*
 * Decoding the guest instruction that touched an emulated MMIO page (an
 * EPT violation gives the guest-physical address and whether it was a
 * write, but neither the access size, the register nor the instruction's
 * length: SDM Vol. 3C 27.2.1, 27.2.5).  Only the forms compilers emit for
 * device register accesses are taken (Linux's readb/w/l/q and writeb/w/l/q,
 * a guest's plain C pointer accesses):
 *
 *   88 /r  MOV r/m8, r8        89 /r  MOV r/m, r (16/32/64)
 *   8A /r  MOV r8, r/m8        8B /r  MOV r, r/m (16/32/64)
 *   C6 /0  MOV r/m8, imm8      C7 /0  MOV r/m, imm16/32 (sign-extended for 64)
 *   0F B6  MOVZX r, r/m8       0F B7  MOVZX r, r/m16
 *
 * with 66 (operand size), 67 (address size), segment-override and REX
 * prefixes (SDM Vol. 2A 2.1-2.2).  32-bit (CS.D=1) and 64-bit code; 16-bit
 * code and everything else are refused.  Portable: bytes in, struct out.
 */
#ifndef VMANHV_ARCH_X86_64_MMIO_DECODE_H
#define VMANHV_ARCH_X86_64_MMIO_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMIO_INSN_MAX	15U	/* the longest x86 instruction (Vol. 2A 2.3.11) */

enum mmio_code_mode {
	MMIO_CODE_32,		/* protected mode, CS.D = 1 */
	MMIO_CODE_64,		/* IA-32e mode, CS.L = 1 */
};

struct mmio_insn {
	uint8_t length;		/* bytes, prefixes included */
	uint8_t size;		/* bytes accessed in memory: 1, 2, 4 or 8 */
	bool is_write;
	bool has_imm;		/* a store of imm rather than of reg */
	uint64_t imm;		/* already sign-extended to `size` bytes */
	uint8_t reg;		/* GPR number (Vol. 2A table 2-2; REX.R included) */
	bool high_byte;		/* AH, CH, DH or BH (reg 4-7 of a byte form without REX) */
	uint8_t dest_size;	/* loads: bytes of the register written (MOVZX: wider than size) */
};

/*
 * Decode bytes[0..avail).  0 with *out filled; -EINVAL when the bytes are
 * cut short or the operand is a register (no memory access at all);
 * -ENOTSUP for an instruction or prefix outside the list above.
 */
int mmio_decode(const uint8_t *bytes, size_t avail, enum mmio_code_mode mode,
		struct mmio_insn *out);
/* What a load leaves in its destination register, from its old value and the data read. */
uint64_t mmio_load_result(const struct mmio_insn *insn, enum mmio_code_mode mode, uint64_t old,
			  uint64_t data);
/* What a store writes to memory, from the source register's value (ignored with has_imm). */
uint64_t mmio_store_value(const struct mmio_insn *insn, uint64_t reg_value);

#endif

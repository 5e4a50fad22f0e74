/* SPDX-License-Identifier: MIT */
/*
 * The MMIO instruction decoder (SDM Vol. 2A chapter 2: prefixes 2.1.1, REX
 * 2.2.1, ModR/M and SIB tables 2-1 to 2-3; MOV and MOVZX in Vol. 2B).  The
 * effective address is not computed (the exit gives the guest-physical
 * address); the ModR/M byte is read for the register operand and for the
 * length of what follows it.
 */
#include <errno.h>

#include "arch/x86_64/mmio_decode.h"

#define REX_W	0x8U
#define REX_R	0x4U

struct cursor {
	const uint8_t *bytes;
	size_t avail, at;
};

static bool next_byte(struct cursor *c, uint8_t *b)
{
	if (c->at >= c->avail || c->at >= MMIO_INSN_MAX) {
		return false;
	}
	*b = c->bytes[c->at++];
	return true;
}

static bool is_segment_override(uint8_t b)
{
	return b == 0x26U || b == 0x2EU || b == 0x36U || b == 0x3EU || b == 0x64U || b == 0x65U;
}

struct prefixes {
	bool opsize, addrsize;
	uint8_t rex;
};

/* Legacy prefixes, then REX (64-bit mode only, right before the opcode). */
static int read_prefixes(struct cursor *c, enum mmio_code_mode mode, struct prefixes *p,
			 uint8_t *opcode)
{
	uint8_t b;

	*p = (struct prefixes){ 0 };
	for (;;) {
		if (!next_byte(c, &b)) {
			return -EINVAL;
		}
		if (b == 0x66U) {
			p->opsize = true;
		} else if (b == 0x67U) {
			p->addrsize = true;
		} else if (!is_segment_override(b)) {
			break;
		}
	}
	if (mode == MMIO_CODE_64 && (b & 0xF0U) == 0x40U) {
		p->rex = b;
		if (!next_byte(c, &b)) {
			return -EINVAL;
		}
	}
	*opcode = b;
	return 0;
}

/* Skip SIB and displacement after ModR/M; -EINVAL for a register operand. */
static int skip_memory_operand(struct cursor *c, uint8_t modrm)
{
	uint8_t mod = modrm >> 6, rm = modrm & 7U, sib = 0, skip = 0;

	if (mod == 3U) {
		return -EINVAL;
	}
	if (rm == 4U && !next_byte(c, &sib)) {
		return -EINVAL;
	}
	if (mod == 1U) {
		skip = 1;
	} else if (mod == 2U || (mod == 0U && rm == 5U) || (mod == 0U && rm == 4U && (sib & 7U) == 5U)) {
		skip = 4;	/* disp32, RIP-relative in 64-bit mode, or SIB without base */
	}
	if (c->at + skip > c->avail || c->at + skip > MMIO_INSN_MAX) {
		return -EINVAL;
	}
	c->at += skip;
	return 0;
}

static int read_imm(struct cursor *c, uint8_t bytes, uint64_t *imm)
{
	uint64_t v = 0;

	for (uint8_t i = 0; i < bytes; i++) {
		uint8_t b;

		if (!next_byte(c, &b)) {
			return -EINVAL;
		}
		v |= (uint64_t)b << (8U * i);
	}
	*imm = v;
	return 0;
}

/* The operand size of a 16/32/64 form: REX.W, then 66, then the default 32. */
static uint8_t operand_size(const struct prefixes *p)
{
	if (p->rex & REX_W) {
		return 8;
	}
	return p->opsize ? 2U : 4U;
}

static uint64_t sign_extend(uint64_t v, uint8_t from_bytes)
{
	uint8_t shift = (uint8_t)(64U - 8U * from_bytes);

	return (uint64_t)((int64_t)(v << shift) >> shift);
}

/* The ModR/M register field as a GPR, with REX.R and the no-REX byte registers. */
static void set_reg(struct mmio_insn *out, const struct prefixes *p, uint8_t modrm, bool byte_op)
{
	uint8_t reg = (modrm >> 3) & 7U;

	if (byte_op && p->rex == 0U && reg >= 4U) {
		out->reg = (uint8_t)(reg - 4U);		/* AH, CH, DH, BH */
		out->high_byte = true;
		return;
	}
	out->reg = (uint8_t)(reg | ((p->rex & REX_R) ? 8U : 0U));
}

/* MOV forms 88, 89, 8A, 8B, C6, C7. */
static int decode_mov(struct cursor *c, const struct prefixes *p, uint8_t op, uint8_t modrm,
		      struct mmio_insn *out)
{
	bool byte_op = (op & 1U) == 0U;
	uint8_t size = byte_op ? 1U : operand_size(p);
	int err = skip_memory_operand(c, modrm);

	if (err != 0) {
		return err;
	}
	out->size = size;
	out->dest_size = size;
	if (op == 0xC6U || op == 0xC7U) {
		uint8_t imm_bytes = size == 8U ? 4U : size;	/* imm32 sign-extended (Vol. 2B MOV) */

		if (((modrm >> 3) & 7U) != 0U) {
			return -ENOTSUP;
		}
		err = read_imm(c, imm_bytes, &out->imm);
		out->imm = sign_extend(out->imm, imm_bytes);
		out->has_imm = true;
		out->is_write = true;
		return err;
	}
	set_reg(out, p, modrm, byte_op);
	out->is_write = op == 0x88U || op == 0x89U;
	return 0;
}

/* 0F B6 / 0F B7: MOVZX. */
static int decode_movzx(struct cursor *c, const struct prefixes *p, struct mmio_insn *out)
{
	uint8_t op2, modrm;
	int err;

	if (!next_byte(c, &op2) || (op2 != 0xB6U && op2 != 0xB7U)) {
		return c->at >= c->avail ? -EINVAL : -ENOTSUP;
	}
	if (!next_byte(c, &modrm)) {
		return -EINVAL;
	}
	err = skip_memory_operand(c, modrm);
	if (err != 0) {
		return err;
	}
	out->size = op2 == 0xB6U ? 1U : 2U;
	out->dest_size = operand_size(p);
	set_reg(out, p, modrm, false);
	return 0;
}

int mmio_decode(const uint8_t *bytes, size_t avail, enum mmio_code_mode mode,
		struct mmio_insn *out)
{
	struct cursor c = { bytes, avail, 0 };
	struct prefixes p;
	uint8_t op, modrm;
	int err;

	*out = (struct mmio_insn){ 0 };
	err = read_prefixes(&c, mode, &p, &op);
	if (err != 0) {
		return err;
	}
	/* 67 in 64-bit code keeps the 32/64-bit ModR/M forms; in 32-bit code it means 16-bit ones. */
	if (p.addrsize && mode == MMIO_CODE_32) {
		return -ENOTSUP;
	}
	if (op == 0x0FU) {
		err = decode_movzx(&c, &p, out);
	} else if (op == 0x88U || op == 0x89U || op == 0x8AU || op == 0x8BU || op == 0xC6U ||
		   op == 0xC7U) {
		err = next_byte(&c, &modrm) ? decode_mov(&c, &p, op, modrm, out) : -EINVAL;
	} else {
		err = -ENOTSUP;
	}
	if (err == 0) {
		out->length = (uint8_t)c.at;
	}
	return err;
}

static uint64_t mask_of(uint8_t bytes)
{
	return bytes >= 8U ? ~0ULL : (1ULL << (8U * bytes)) - 1U;
}

uint64_t mmio_load_result(const struct mmio_insn *insn, enum mmio_code_mode mode, uint64_t old,
			  uint64_t data)
{
	uint64_t value = data & mask_of(insn->size);	/* MOVZX: zero-extended */

	if (insn->high_byte) {
		return (old & ~0xFF00ULL) | (value << 8);
	}
	if (insn->dest_size == 4U && mode == MMIO_CODE_64) {
		return value;	/* a 32-bit destination clears bits 63:32 (Vol. 1 3.4.1.1) */
	}
	return (old & ~mask_of(insn->dest_size)) | value;
}

uint64_t mmio_store_value(const struct mmio_insn *insn, uint64_t reg_value)
{
	if (insn->has_imm) {
		return insn->imm & mask_of(insn->size);
	}
	if (insn->high_byte) {
		return (reg_value >> 8) & 0xFFU;
	}
	return reg_value & mask_of(insn->size);
}

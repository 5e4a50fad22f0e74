/* sources: arch/x86_64/mmio_decode.c */
/* SPDX-License-Identifier: MIT */
/*
 * arch/x86_64/mmio_decode.c on real encodings (as GNU as and GCC emit them
 * for Linux's readl/writel and friends; SDM Vol. 2A chapter 2): access
 * size, direction, register, immediate and instruction length; the
 * register results of loads; and what is refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/x86_64/mmio_decode.h"

#define DECODE64(insn, ...)                                                          \
	do {                                                                         \
		static const uint8_t b_[] = { __VA_ARGS__ };                         \
		assert_int_equal(mmio_decode(b_, sizeof(b_), MMIO_CODE_64, insn), 0); \
		assert_int_equal((insn)->length, sizeof(b_));                        \
	} while (0)

static void loads(void **state)
{
	struct mmio_insn i;

	(void)state;
	DECODE64(&i, 0x8B, 0x07);			/* mov (%rdi),%eax */
	assert_false(i.is_write);
	assert_int_equal(i.size, 4);
	assert_int_equal(i.reg, 0);
	DECODE64(&i, 0x48, 0x8B, 0x47, 0x10);		/* mov 0x10(%rdi),%rax */
	assert_int_equal(i.size, 8);
	assert_int_equal(i.reg, 0);
	DECODE64(&i, 0x44, 0x8B, 0x80, 0x70, 0x00, 0x00, 0x00);	/* mov 0x70(%rax),%r8d */
	assert_int_equal(i.size, 4);
	assert_int_equal(i.reg, 8);
	DECODE64(&i, 0x66, 0x8B, 0x06);			/* mov (%rsi),%ax */
	assert_int_equal(i.size, 2);
	DECODE64(&i, 0x8A, 0x06);			/* mov (%rsi),%al */
	assert_int_equal(i.size, 1);
	assert_false(i.high_byte);
	DECODE64(&i, 0x8A, 0x26);			/* mov (%rsi),%ah */
	assert_true(i.high_byte);
	assert_int_equal(i.reg, 0);
	DECODE64(&i, 0x40, 0x8A, 0x36);			/* mov (%rsi),%sil (REX: no AH..BH) */
	assert_false(i.high_byte);
	assert_int_equal(i.reg, 6);
	DECODE64(&i, 0x0F, 0xB6, 0x07);			/* movzbl (%rdi),%eax */
	assert_int_equal(i.size, 1);
	assert_int_equal(i.dest_size, 4);
	DECODE64(&i, 0x0F, 0xB7, 0x4F, 0x04);		/* movzwl 0x4(%rdi),%ecx */
	assert_int_equal(i.size, 2);
	assert_int_equal(i.reg, 1);
	/* SIB, SIB without base (disp32), RIP-relative, segment override. */
	DECODE64(&i, 0x8B, 0x04, 0x24);			/* mov (%rsp),%eax */
	DECODE64(&i, 0x8B, 0x04, 0x25, 0x00, 0x00, 0x00, 0xD0);	/* mov 0xd0000000,%eax */
	DECODE64(&i, 0x8B, 0x05, 0x10, 0x00, 0x00, 0x00);	/* mov 0x10(%rip),%eax */
	DECODE64(&i, 0x65, 0x8B, 0x44, 0x24, 0x08);	/* mov %gs:0x8(%rsp),%eax */
	DECODE64(&i, 0x67, 0x8B, 0x03);			/* mov (%ebx),%eax */
}

static void stores(void **state)
{
	struct mmio_insn i;

	(void)state;
	DECODE64(&i, 0x89, 0x37);			/* mov %esi,(%rdi) */
	assert_true(i.is_write);
	assert_false(i.has_imm);
	assert_int_equal(i.size, 4);
	assert_int_equal(i.reg, 6);
	DECODE64(&i, 0x4C, 0x89, 0x47, 0x50);		/* mov %r8,0x50(%rdi) */
	assert_int_equal(i.size, 8);
	assert_int_equal(i.reg, 8);
	DECODE64(&i, 0x88, 0x3E);			/* mov %bh,(%rsi) */
	assert_true(i.high_byte);
	assert_int_equal(i.reg, 3);
	assert_int_equal(mmio_store_value(&i, 0x1234ABCD), 0xAB);
	DECODE64(&i, 0xC7, 0x47, 0x70, 0x0F, 0x00, 0x00, 0x00);	/* movl $0xf,0x70(%rdi) */
	assert_true(i.has_imm);
	assert_int_equal(i.size, 4);
	assert_int_equal(mmio_store_value(&i, 0), 0xF);
	DECODE64(&i, 0x48, 0xC7, 0x07, 0xFF, 0xFF, 0xFF, 0xFF);	/* movq $-1,(%rdi) */
	assert_int_equal(i.size, 8);
	assert_int_equal(mmio_store_value(&i, 0), UINT64_MAX);
	DECODE64(&i, 0x66, 0xC7, 0x06, 0x34, 0x12);	/* movw $0x1234,(%rsi) */
	assert_int_equal(i.size, 2);
	assert_int_equal(mmio_store_value(&i, 0), 0x1234);
	DECODE64(&i, 0xC6, 0x06, 0x80);			/* movb $0x80,(%rsi) */
	assert_int_equal(mmio_store_value(&i, 0), 0x80);
	DECODE64(&i, 0x66, 0x89, 0x06);			/* mov %ax,(%rsi) */
	assert_int_equal(mmio_store_value(&i, 0xFFFF5678), 0x5678);
}

static void load_results(void **state)
{
	struct mmio_insn i;

	(void)state;
	DECODE64(&i, 0x8B, 0x07);	/* 32-bit load clears bits 63:32 */
	assert_int_equal(mmio_load_result(&i, MMIO_CODE_64, 0xFFFFFFFFFFFFFFFF, 0x12345678),
			 0x12345678);
	DECODE64(&i, 0x66, 0x8B, 0x06);	/* 16-bit load keeps the rest */
	assert_int_equal(mmio_load_result(&i, MMIO_CODE_64, 0xAAAAAAAAAAAAAAAA, 0x1234),
			 0xAAAAAAAAAAAA1234);
	DECODE64(&i, 0x8A, 0x26);	/* into AH */
	assert_int_equal(mmio_load_result(&i, MMIO_CODE_64, 0x1111, 0x99), 0x9911);
	DECODE64(&i, 0x0F, 0xB6, 0x07);	/* movzbl: zero-extended */
	assert_int_equal(mmio_load_result(&i, MMIO_CODE_64, 0xFFFFFFFFFFFFFFFF, 0x1FF), 0xFF);
	DECODE64(&i, 0x48, 0x8B, 0x07);
	assert_int_equal(mmio_load_result(&i, MMIO_CODE_64, 0, 0x1122334455667788),
			 0x1122334455667788);
}

static void code32(void **state)
{
	static const uint8_t rex_is_inc[] = { 0x48, 0x8B, 0x07 };	/* dec %eax in 32-bit code */
	static const uint8_t mov[] = { 0x8B, 0x07 };
	static const uint8_t addr16[] = { 0x67, 0x8B, 0x07 };
	struct mmio_insn i;

	(void)state;
	assert_int_equal(mmio_decode(mov, sizeof(mov), MMIO_CODE_32, &i), 0);
	assert_int_equal(i.size, 4);
	assert_int_equal(mmio_decode(rex_is_inc, sizeof(rex_is_inc), MMIO_CODE_32, &i), -ENOTSUP);
	assert_int_equal(mmio_decode(addr16, sizeof(addr16), MMIO_CODE_32, &i), -ENOTSUP);
}

static void refused(void **state)
{
	static const uint8_t reg_operand[] = { 0x8B, 0xC1 };		/* mov %ecx,%eax */
	static const uint8_t add[] = { 0x03, 0x07 };			/* add (%rdi),%eax */
	static const uint8_t movs[] = { 0xF3, 0xA5 };			/* rep movsl */
	static const uint8_t c7_not_0[] = { 0xC7, 0x0F, 0, 0, 0, 0 };	/* C7 /1 */
	static const uint8_t cut_disp[] = { 0x8B, 0x87, 0x10, 0x00 };	/* disp32 cut short */
	static const uint8_t cut_imm[] = { 0xC7, 0x07, 0x01 };
	static const uint8_t only_prefixes[15] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
						   0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66 };
	static const uint8_t other_0f[] = { 0x0F, 0xBE, 0x07 };		/* movsbl */
	struct mmio_insn i;

	(void)state;
	assert_int_equal(mmio_decode(reg_operand, sizeof(reg_operand), MMIO_CODE_64, &i), -EINVAL);
	assert_int_equal(mmio_decode(add, sizeof(add), MMIO_CODE_64, &i), -ENOTSUP);
	assert_int_equal(mmio_decode(movs, sizeof(movs), MMIO_CODE_64, &i), -ENOTSUP);
	assert_int_equal(mmio_decode(c7_not_0, sizeof(c7_not_0), MMIO_CODE_64, &i), -ENOTSUP);
	assert_int_equal(mmio_decode(cut_disp, sizeof(cut_disp), MMIO_CODE_64, &i), -EINVAL);
	assert_int_equal(mmio_decode(cut_imm, sizeof(cut_imm), MMIO_CODE_64, &i), -EINVAL);
	assert_int_equal(mmio_decode(only_prefixes, sizeof(only_prefixes), MMIO_CODE_64, &i),
			 -EINVAL);
	assert_int_equal(mmio_decode(other_0f, sizeof(other_0f), MMIO_CODE_64, &i), -ENOTSUP);
	assert_int_equal(mmio_decode(add, 0, MMIO_CODE_64, &i), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads),
		cmocka_unit_test(stores),
		cmocka_unit_test(load_results),
		cmocka_unit_test(code32),
		cmocka_unit_test(refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

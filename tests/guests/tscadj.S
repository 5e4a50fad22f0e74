/* SPDX-License-Identifier: MIT */
/*
 * tscadj: IA32_TSC_ADJUST (0x3b) as vmanhv offers it (docs/vmx.md): CPUID
 * leaf 7 says it is there, it reads 0 (nothing ever offset the guest's
 * TSC), writing 0 is accepted, writing 1 is #GP (moving the TSC is not
 * emulated), whose handler prints "gp" and halts.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$13, %ax		/* #GP */
	movw	$gp_handler, %bx
	call	set_vector
	movl	$7, %eax
	xorl	%ecx, %ecx
	cpuid
	movw	$no_cpuid, %si
	testl	$0x2, %ebx		/* CPUID.7.0:EBX[1] IA32_TSC_ADJUST */
	jz	1f
	movw	$has_cpuid, %si
1:	call	puts
	movl	$0x3b, %ecx
	rdmsr
	movw	$reads_other, %si
	orl	%edx, %eax
	jnz	2f
	movw	$reads_zero, %si
2:	call	puts
	movl	$0x3b, %ecx
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr
	movw	$zero_ok, %si
	call	puts
	movw	$writing_one, %si
	call	puts
	movl	$0x3b, %ecx
	movl	$1, %eax
	wrmsr
	movw	$returned, %si
	call	puts
	jmp	halt

gp_handler:
	movw	$gp, %si
	call	puts
	jmp	halt

has_cpuid:	.asciz "tscadj: CPUID offers IA32_TSC_ADJUST\r\n"
no_cpuid:	.asciz "tscadj: CPUID does not offer IA32_TSC_ADJUST\r\n"
reads_zero:	.asciz "tscadj: reads 0\r\n"
reads_other:	.asciz "tscadj: reads non-zero\r\n"
zero_ok:	.asciz "tscadj: writing 0 accepted\r\n"
writing_one:	.asciz "tscadj: writing 1\r\n"
returned:	.asciz "wrmsr returned\r\n"
gp:		.asciz "gp\r\n"

	GUEST_LIBRARY

/* SPDX-License-Identifier: MIT */
/*
 * long: goes from real mode to 64-bit mode by itself, as a boot loader or an
 * AP's start-up code does (SDM Vol. 3A 9.8.5): identity page tables for
 * the first 2 MiB, CR4.PAE, EFER.LME (an emulated MSR), then CR0.PG with
 * NE (a host-owned bit: the write exits and the hypervisor switches IA-32e
 * mode), a far jump to a 64-bit code segment, a greeting, a halt.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
	movl	$0xa003, 0x9000		/* PML4[0] -> PDPT, present + writable */
	movl	$0xb003, 0xa000		/* PDPT[0] -> PD */
	movl	$0x83, 0xb000		/* PD[0]: 2 MiB at 0, large page */
	lgdtl	gdt_descriptor
	movl	%cr4, %eax
	orl	$0x20, %eax		/* PAE */
	movl	%eax, %cr4
	movl	$0x9000, %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx	/* IA32_EFER */
	rdmsr
	orl	$0x100, %eax		/* LME */
	wrmsr
	movl	%cr0, %eax
	orl	$0x80000021, %eax	/* PG, NE, PE */
	movl	%eax, %cr0
	ljmpl	$0x08, $long_mode

	.code64
long_mode:
	leaq	greeting(%rip), %rsi
1:	lodsb
	testb	%al, %al
	jz	2f
	movw	$0x3f8, %dx
	outb	%al, %dx		/* the model's transmitter is always empty */
	jmp	1b
2:	cli
	hlt
	jmp	2b

	.balign 8
gdt:
	.quad	0
	.quad	0x00AF9A000000FFFF	/* 0x08: 64-bit code */
	.quad	0x00CF92000000FFFF	/* 0x10: data */
gdt_descriptor:
	.word	3 * 8 - 1
	.long	gdt

greeting:	.asciz "long: in 64-bit mode\r\n"
	.code16
notice:		.asciz "long: real mode, switching to 64-bit mode\r\n"

	GUEST_LIBRARY

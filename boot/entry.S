/* SPDX-License-Identifier: MIT */
/*
 * The firmware's first instructions: multiboot headers and the 32-bit entry.
 *
 * Three loaders arrive at _start32 in 32-bit protected mode with paging off:
 * GRUB (multiboot2), QEMU -kernel (multiboot1) and vmanhv's BIOS loader
 * (boot/bios/).  EAX holds the loader's magic and EBX its information
 * structure; we keep both, note the TSC (zero at reset, so this measures
 * reset-to-entry), build an identity map of the first 4 GiB with 2 MiB pages,
 * enter long mode (SDM Vol. 3A 9.8.5) and call boot_main(magic, info).
 */
#include "boot/multiboot.h"

#define CR0_PE		(1 << 0)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define MSR_EFER	0xC0000080
#define EFER_LME	(1 << 8)
#define PTE_P		(1 << 0)
#define PTE_RW		(1 << 1)
#define PTE_PWT		(1 << 3)
#define PTE_PCD		(1 << 4)
#define PTE_PS		(1 << 7)
#define BOOT_STACK_SIZE	(64 * 1024)

	.section .multiboot, "a"
	.balign 4
mb1_header:
	.long	MB1_HEADER_MAGIC
	.long	MB1_HEADER_FLAGS
	.long	-(MB1_HEADER_MAGIC + MB1_HEADER_FLAGS)
	.long	mb1_header		/* header_addr */
	.long	__image_start		/* load_addr */
	.long	__load_end		/* load_end_addr */
	.long	__image_end		/* bss_end_addr */
	.long	_start32		/* entry_addr */

	.balign 8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* End tag: GRUB takes load addresses from the ELF program headers. */
	.word	0, 0
	.long	8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl	%eax, boot_magic
	movl	%ebx, boot_info_phys
	rdtsc
	movl	%eax, boot_tsc_entry
	movl	%edx, boot_tsc_entry + 4

	/* The bss is not loaded by every loader: clear it before using it. */
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	movl	$boot_stack_top, %esp

	/* Long mode present?  CPUID.80000001H:EDX.LM[bit 29] */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$29, %edx
	jnc	no_long_mode

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages. */
	movl	$boot_pdpt, %eax
	orl	$(PTE_P | PTE_RW), %eax
	movl	%eax, boot_pml4
	movl	$boot_pd, %eax
	orl	$(PTE_P | PTE_RW), %eax
	xorl	%ecx, %ecx
1:	movl	%eax, boot_pdpt(, %ecx, 8)
	addl	$4096, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jb	1b
	/* 2048 entries map 4 GiB; the top GiB (MMIO: LAPIC, IOAPIC, HPET) is uncached. */
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_RW | PTE_PS), %eax
	cmpl	$1536, %ecx
	jb	3f
	orl	$(PTE_PCD | PTE_PWT), %eax
3:	movl	%eax, boot_pd(, %ecx, 8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	2b

	movl	$boot_pml4, %eax
	movl	%eax, %cr3
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0
	lgdt	boot_gdt_ptr
	ljmp	$0x08, $long_mode_entry

no_long_mode:
	movl	$msg_no_long_mode, %esi
4:	lodsb
	testb	%al, %al
	jz	5f
	outb	%al, $0xE9
	movw	$0x3F8, %dx
	outb	%al, %dx
	jmp	4b
5:	cli
	hlt
	jmp	5b

	.code64
long_mode_entry:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movq	$boot_stack_top, %rsp
	xorq	%rbp, %rbp
	movl	boot_magic, %edi
	movl	boot_info_phys, %esi
	call	boot_main
6:	cli
	hlt
	jmp	6b

	.section .rodata
msg_no_long_mode:
	.asciz	"vmanhv: this CPU has no long mode (CPUID.80000001H:EDX.LM=0); halting\r\n"

	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00AF9A000000FFFF	/* 0x08: 64-bit code, DPL 0 */
	.quad	0x00CF92000000FFFF	/* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_ptr:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

	/* Written before the bss is cleared, so they live in .data. */
	.data
	.balign 8
	.globl boot_tsc_entry
boot_tsc_entry:	.quad 0
boot_magic:	.long 0
boot_info_phys:	.long 0

	.bss
	.balign 4096
	.globl boot_pml4		/* the APs start on it too (smp.c) */
boot_pml4:	.space 4096
boot_pdpt:	.space 4096
boot_pd:	.space 4 * 4096
	.globl boot_stack_top
boot_stack:	.space BOOT_STACK_SIZE
boot_stack_top:

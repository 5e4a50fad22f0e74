/* SPDX-License-Identifier: MIT */
/*
 * mmio64: a hostile guest for the MMIO path (docs/guest-platform.md).  It
 * maps the virtio-mmio slot 0 (as platform64 does), reads the magic value
 * with a plain MOV, then adds the version register to EAX with one ADD
 * from memory: an instruction the MMIO decoder does not emulate.  The VM
 * must stop naming the address and the instruction's bytes.
 */
#define VIRTIO		0xD0000000
#define PD_GPA		0x10000

	.code64
	.text
	.globl start
start:
	cli
	movq	%cr3, %rax
	movq	(%rax), %rbx		/* PML4[0] -> the loader's PDPT */
	andq	$~0xFFF, %rbx
	movq	$PD_GPA | 3, 24(%rbx)	/* PDPT[3]: 3-4 GiB */
	movabsq	$VIRTIO | 0x9B, %rax	/* a 2 MiB page, PCD|PWT */
	movq	%rax, PD_GPA + 128 * 8
	movq	%cr3, %rax
	movq	%rax, %cr3
	movabsq	$VIRTIO, %rbx
	movl	(%rbx), %eax
	cmpl	$0x74726976, %eax
	jne	1f
	leaq	magic(%rip), %rsi
	call	puts
	addl	4(%rbx), %eax		/* 03 43 04: not a MOV */
	leaq	returned(%rip), %rsi
	call	puts
1:	cli
	hlt
	jmp	1b

/* The NUL-terminated string at RSI to COM1 (LSR bit 5: transmitter ready). */
puts:
	lodsb
	testb	%al, %al
	jz	3f
	movb	%al, %cl
	movw	$0x3fd, %dx
2:	inb	%dx, %al
	testb	$0x20, %al
	jz	2b
	movw	$0x3f8, %dx
	movb	%cl, %al
	outb	%al, %dx
	jmp	puts
3:	ret

magic:		.asciz "mmio64: virtio magic read; now an ADD from device memory\r\n"
returned:	.asciz "mmio64: returned from the ADD\r\n"

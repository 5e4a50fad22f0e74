/* SPDX-License-Identifier: MIT */
/*
 * hello64: starts in 64-bit mode (the loader's flat GDT and identity page
 * tables, hv/vm_image.h), greets on COM1, prints the hypervisor's CPUID
 * name and halts: the VMCS's 64-bit guest state at work.
 */
	.code64
	.text
	.globl start
start:
	cli
	leaq	greeting(%rip), %rsi
	call	puts
	movl	$0x40000000, %eax
	cpuid
	movl	%ebx, signature(%rip)
	movl	%ecx, signature + 4(%rip)
	movl	%edx, signature + 8(%rip)
	leaq	hv_is(%rip), %rsi
	call	puts
	leaq	signature(%rip), %rsi
	call	puts
	leaq	newline(%rip), %rsi
	call	puts
1:	cli
	hlt
	jmp	1b

/* AL to COM1 once the transmitter holding register is empty (LSR bit 5). */
putc:
	movb	%al, %cl
	movw	$0x3fd, %dx
1:	inb	%dx, %al
	testb	$0x20, %al
	jz	1b
	movw	$0x3f8, %dx
	movb	%cl, %al
	outb	%al, %dx
	ret

/* The NUL-terminated string at RSI to COM1. */
puts:
	lodsb
	testb	%al, %al
	jz	1f
	call	putc
	jmp	puts
1:	ret

greeting:	.asciz "hello from a 64-bit guest\r\n"
hv_is:		.asciz "hypervisor: "
newline:	.asciz "\r\n"
signature:	.fill 13, 1, 0

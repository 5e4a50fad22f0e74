/* SPDX-License-Identifier: MIT */
/*
 * ioapic: in 32-bit protected mode (flat segments), reads the I/O APIC's
 * version register through IOREGSEL/IOWIN at 0xFEC00000 (82093AA), writes
 * redirection entry 3 (vector 0x31, level, masked) and reads it back,
 * printing both; reads its local APIC's version through the xAPIC page at
 * 0xFEE00000 and sends itself IPI 0x41 through the page's ICR, which waits
 * in IRR (interrupts are off); then makes a 1-byte read of IOWIN, which the datasheet
 * does not define: the VM stops naming it.
 */
	.include "lib16.inc"

#define IOAPIC	0xfec00000

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
	lgdtl	gdt_descriptor
	movl	%cr0, %eax
	orb	$1, %al			/* CR0.PE */
	movl	%eax, %cr0
	ljmpl	$0x08, $protected

	.code32
protected:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	$0x1000, %esp
	movl	$IOAPIC, %ebx
	movl	$0x01, (%ebx)		/* IOREGSEL = version (c7 03) */
	movl	0x10(%ebx), %eax	/* IOWIN (8b 43 10) */
	movl	$version, %esi
	call	puts32
	call	hex32
	movl	$newline, %esi
	call	puts32
	movl	$0x16, (%ebx)		/* redirection entry 3, low half */
	movl	$0x18031, %ecx		/* masked, level, vector 0x31 */
	movl	%ecx, 0x10(%ebx)	/* 89 4b 10 */
	movl	$0x17, (%ebx)		/* high half: destination 1 */
	movl	$0x01000000, 0x10(%ebx)
	movl	$0x16, (%ebx)
	movl	0x10(%ebx), %edx	/* 8b 53 10 */
	movl	$0x17, (%ebx)
	movl	0x10(%ebx), %edi
	movl	$entry3, %esi
	call	puts32
	movl	%edi, %eax
	call	hex32
	movl	$colon, %esi
	call	puts32
	movl	%edx, %eax
	call	hex32
	movl	$newline, %esi
	call	puts32
	movl	$0xfee00000, %ebp	/* the local APIC's xAPIC page (reset mode) */
	movl	0x30(%ebp), %eax	/* version (8b 45 30) */
	movl	$xapic, %esi
	call	puts32
	call	hex32
	movl	$newline, %esi
	call	puts32
	movl	$0x1ff, 0xf0(%ebp)	/* SVR: software-enable */
	movl	$0, 0x310(%ebp)		/* ICR high: destination id 0, itself */
	movl	$0x4041, 0x300(%ebp)	/* ICR low: fixed, vector 0x41: sends */
	movl	0x220(%ebp), %eax	/* IRR bits 64-95: 0x41 waits (IF=0) */
	movl	$irr, %esi
	call	puts32
	call	hex32
	movl	$newline, %esi
	call	puts32
	movl	$bytewise, %esi
	call	puts32
	movb	0x10(%ebx), %al		/* 1 byte: not defined */
	movl	$returned, %esi
	call	puts32
	cli
1:	hlt
	jmp	1b

/* AL to COM1, polling LSR.THRE. */
putc32:
	pushl	%edx
	pushl	%eax
1:	movw	$0x3fd, %dx
	inb	%dx, %al
	testb	$0x20, %al
	jz	1b
	popl	%eax
	movw	$0x3f8, %dx
	outb	%al, %dx
	popl	%edx
	ret

/* The NUL-terminated string at ESI. */
puts32:
	pushl	%eax
1:	lodsb
	testb	%al, %al
	jz	2f
	call	putc32
	jmp	1b
2:	popl	%eax
	ret

/* EAX as 8 hex digits. */
hex32:
	pushl	%ecx
	pushl	%eax
	movl	$8, %ecx
1:	roll	$4, %eax
	pushl	%eax
	andb	$0x0f, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	2f
	addb	$('a' - '9' - 1), %al
2:	call	putc32
	popl	%eax
	loop	1b
	popl	%eax
	popl	%ecx
	ret

	.balign 8
gdt:
	.quad	0
	.quad	0x00CF9A000000FFFF	/* 0x08: 32-bit code, flat */
	.quad	0x00CF92000000FFFF	/* 0x10: data, flat */
gdt_descriptor:
	.word	3 * 8 - 1
	.long	gdt

notice:		.asciz "ioapic: protected mode, registers at 0xfec00000\r\n"
version:	.asciz "ioapic: version "
entry3:		.asciz "ioapic: entry 3 "
colon:		.asciz ":"
newline:	.asciz "\r\n"
xapic:		.asciz "ioapic: local APIC version "
irr:		.asciz "ioapic: after an xAPIC IPI to itself, IRR[95:64] "
bytewise:	.asciz "ioapic: a 1-byte read of IOWIN\r\n"
returned:	.asciz "ioapic: the byte read returned\r\n"

	.code16
	GUEST_LIBRARY

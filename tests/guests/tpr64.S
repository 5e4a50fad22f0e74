/* SPDX-License-Identifier: MIT */
/*
 * tpr64 (64-bit): CR8 is its own APIC's TPR[7:4] (SDM Vol. 3A 10.8.6.1),
 * not the host's: writes CR8 = 9, reads CR8 and the x2APIC TPR (MSR 0x808)
 * back and prints both; then writes CR8 = 0x10, a reserved
 * bit: #GP, whose handler prints "gp" and halts.
 */
	.code64
	.text
	.globl start
start:
	cli
	leaq	idt(%rip), %rax		/* #GP gate: 64-bit interrupt gate to gp_handler */
	leaq	gp_handler(%rip), %rbx
	movw	%bx, 13 * 16(%rax)
	movw	$0x08, 13 * 16 + 2(%rax)
	movw	$0x8e00, 13 * 16 + 4(%rax)
	shrq	$16, %rbx
	movw	%bx, 13 * 16 + 6(%rax)
	shrq	$16, %rbx
	movl	%ebx, 13 * 16 + 8(%rax)
	lidt	idt_descriptor(%rip)
	movq	$9, %rax
	movq	%rax, %cr8
	movq	%cr8, %r12		/* puts clobbers AL */
	leaq	cr8_is(%rip), %rsi
	call	puts
	movq	%r12, %rax
	call	put_hex_digit
	movl	$0x1b, %ecx		/* IA32_APIC_BASE: x2APIC mode (EN | EXTD) */
	rdmsr
	orl	$0xc00, %eax
	wrmsr
	movl	$0x808, %ecx		/* the x2APIC TPR */
	rdmsr
	shrl	$4, %eax
	movq	%rax, %r12
	leaq	tpr_is(%rip), %rsi
	call	puts
	movq	%r12, %rax
	call	put_hex_digit
	leaq	newline(%rip), %rsi
	call	puts
	movq	$0x10, %rax
	movq	%rax, %cr8		/* bits 63:4 are reserved: #GP */
	leaq	returned(%rip), %rsi
	call	puts
halt:
	cli
	hlt
	jmp	halt

gp_handler:
	leaq	gp(%rip), %rsi
	call	puts
	jmp	halt

/* The low nibble of AL as a hex digit. */
put_hex_digit:
	andb	$0x0f, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	putc
	addb	$('a' - '9' - 1), %al
	/* fall through */
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

cr8_is:		.asciz "tpr64: CR8 "
tpr_is:		.asciz ", APIC TPR[7:4] "
newline:	.asciz "\r\n"
returned:	.asciz "tpr64: MOV to CR8 of 0x10 returned\r\n"
gp:		.asciz "gp\r\n"
	.balign 16
idt:		.fill 32 * 16, 1, 0
idt_descriptor:
	.word	32 * 16 - 1
	.quad	idt

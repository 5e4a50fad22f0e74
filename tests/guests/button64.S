/* SPDX-License-Identifier: MIT */
/*
 * button64: the ACPI power button as an OS takes it (docs/guest-platform.md).
 * In 64-bit mode on the loader's identity map (hv/vm_image.h):
 *  1. takes PM1a_EVT_BLK and PM1a_CNT_BLK from the FADT (RSDP at 0xE0000);
 *  2. switches its local APIC to x2APIC mode and enables it, loads an IDT
 *     with a handler for vector 0x30;
 *  3. maps the I/O APIC at 0xFEC00000 and routes pin 9, the SCI, to vector
 *     0x30: level-triggered, active high, as the MADT's interrupt source
 *     override says (82093AA redirection entry 0x10 + 2 * 9);
 *  4. sets PWRBTN_EN in PM1_EN and halts with interrupts on.
 * When management presses the power button (`button=MS` on the firmware's
 * command line), the SCI arrives: the handler checks PWRBTN_STS, clears it,
 * sends EOI and writes SLP_TYP(S5) | SLP_EN: the VM stops powered off.
 */
#define IOAPIC		0xFEC00000
#define PD_GPA		0x10000		/* a page directory for 3-4 GiB */
#define IDT_GPA		0x11000
#define SCI_VECTOR	0x30
#define SCI_PIN		9

	.code64
	.text
	.globl start
start:
	cli
	leaq	hello(%rip), %rsi
	call	puts
	call	find_pm_blocks
	call	apic_enable
	call	idt_load
	call	ioapic_route_sci
	movw	pm1a_evt(%rip), %dx
	addw	$2, %dx			/* PM1_EN */
	movw	$0x100, %ax		/* PWRBTN_EN */
	outw	%ax, %dx
	leaq	waiting(%rip), %rsi
	call	puts
1:	sti
	hlt
	jmp	1b

/* PM1a_EVT_BLK and PM1a_CNT_BLK from the FADT the XSDT lists. */
find_pm_blocks:
	movq	0xE0000 + 24, %rbx	/* the RSDP's XsdtAddress */
	movl	4(%rbx), %ecx
	subl	$36, %ecx
	shrl	$3, %ecx
	leaq	36(%rbx), %rdi
1:	movq	(%rdi), %rsi
	cmpl	$0x50434146, (%rsi)	/* "FACP" */
	je	2f
	addq	$8, %rdi
	decl	%ecx
	jnz	1b
	leaq	no_fadt(%rip), %rsi
	jmp	fail
2:	movl	56(%rsi), %eax		/* PM1a_EVT_BLK */
	movw	%ax, pm1a_evt(%rip)
	movl	64(%rsi), %eax		/* PM1a_CNT_BLK */
	movw	%ax, pm1a_cnt(%rip)
	ret

/* IA32_APIC_BASE.EN | EXTD, then SVR: software-enabled, spurious vector 0xFF. */
apic_enable:
	movl	$0x1b, %ecx
	rdmsr
	orl	$0xc00, %eax
	wrmsr
	movl	$0x80f, %ecx
	movl	$0x1ff, %eax
	xorl	%edx, %edx
	wrmsr
	ret

/* One 64-bit interrupt gate (SDM Vol. 3A 6.14.1) for SCI_VECTOR, CS 0x08. */
idt_load:
	leaq	sci_handler(%rip), %rax
	movq	$IDT_GPA + SCI_VECTOR * 16, %rdi
	movw	%ax, (%rdi)
	movw	$0x08, 2(%rdi)
	movw	$0x8E00, 4(%rdi)	/* present, DPL 0, interrupt gate */
	shrq	$16, %rax
	movw	%ax, 6(%rdi)
	shrq	$16, %rax
	movl	%eax, 8(%rdi)
	movl	$0, 12(%rdi)
	lidt	idt_descriptor(%rip)
	ret

ioapic_route_sci:
	movq	%cr3, %rax
	movq	(%rax), %rbx		/* PML4[0] -> the loader's PDPT */
	andq	$~0xFFF, %rbx
	movq	$PD_GPA | 3, 24(%rbx)	/* PDPT[3]: 3-4 GiB */
	movabsq	$IOAPIC | 0x9B, %rax	/* a 2 MiB page, PCD|PWT */
	movq	%rax, PD_GPA + ((IOAPIC - 0xC0000000) >> 21) * 8
	movq	%cr3, %rax
	movq	%rax, %cr3
	movabsq	$IOAPIC, %rbx
	movl	$0x10 + 2 * SCI_PIN + 1, (%rbx)	/* IOREGSEL: entry 9, high half */
	movl	$0, 0x10(%rbx)		/* destination: APIC ID 0 */
	movl	$0x10 + 2 * SCI_PIN, (%rbx)	/* low half: vector, level (bit 15), unmasked */
	movl	$SCI_VECTOR | (1 << 15), 0x10(%rbx)
	ret

sci_handler:
	movw	pm1a_evt(%rip), %dx	/* PM1_STS */
	inw	%dx, %ax
	testw	$0x100, %ax		/* PWRBTN_STS */
	jnz	1f
	leaq	spurious(%rip), %rsi
	jmp	fail
1:	movw	$0x100, %ax		/* write 1 to clear: the SCI drops */
	outw	%ax, %dx
	movl	$0x80b, %ecx		/* EOI */
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr
	leaq	pressed(%rip), %rsi
	call	puts
	movw	pm1a_cnt(%rip), %dx
	movw	$(5 << 10) | (1 << 13), %ax	/* SLP_TYP = 5 (\_S5), SLP_EN */
	outw	%ax, %dx
	leaq	still(%rip), %rsi
	jmp	fail

fail:
	pushq	%rsi
	leaq	failed(%rip), %rsi
	call	puts
	popq	%rsi
	call	puts
	leaq	newline(%rip), %rsi
	call	puts
1:	cli
	hlt
	jmp	1b

/* The NUL-terminated string at RSI to COM1 (LSR bit 5: transmitter ready). */
puts:
	pushq	%rdx
1:	lodsb
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
	jmp	1b
3:	popq	%rdx
	ret

	.balign 8
idt_descriptor:	.word SCI_VECTOR * 16 + 15
		.quad IDT_GPA
hello:		.asciz "button64: routing the SCI to vector 0x30\r\n"
waiting:	.asciz "button64: waiting for the power button\r\n"
pressed:	.asciz "button64: power button pressed, powering off\r\n"
failed:		.asciz "button64: FAIL "
newline:	.asciz "\r\n"
spurious:	.asciz "SCI without PWRBTN_STS"
still:		.asciz "still running after S5"
no_fadt:	.asciz "no FADT"
pm1a_evt:	.word 0
pm1a_cnt:	.word 0

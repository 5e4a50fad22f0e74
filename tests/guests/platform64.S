/* SPDX-License-Identifier: MIT */
/*
 * platform64: the guest platform as an OS sees it (docs/guest-platform.md).
 * Starts in 64-bit mode on the loader's identity map (hv/vm_image.h), then:
 *  1. finds the RSDP in 0xE0000-0xFFFFF (ACPI 6.4 5.2.5.1) and checks its
 *     checksums, the XSDT's and every table's it lists, FADT and MADT among
 *     them; takes PM1a_CNT_BLK and PM_TMR_BLK from the FADT and checks
 *     that the PM timer counts;
 *  2. maps the virtio-mmio slot 0 at 0xD0000000 (a 2 MiB page, uncached),
 *     finds a virtio-mmio v2 entropy device there and drives it as
 *     virtio 1.2 3.1.1 and 4.2.3 say, with one queue of 8, polling the used
 *     ring (no interrupts: VIRTQ_AVAIL_F_NO_INTERRUPT);
 *  3. asks for 16 and then 32 random bytes and prints how many it got;
 *  4. makes a descriptor chain that loops and checks that the device
 *     refuses it with DEVICE_NEEDS_RESET (virtio 1.2 2.1.1), taking nothing;
 *  5. writes SLP_TYP(S5) | SLP_EN to PM1a_CNT: the VM must stop there.
 * Any failure prints "platform64: FAIL <what>" and halts.
 */
#define VIRTIO		0xD0000000
#define PD_GPA		0x10000		/* a page directory for 3-4 GiB */
#define DESC		0x20000		/* the queue: descriptors, driver and device areas */
#define AVAIL		0x21000
#define USED		0x22000
#define BUF		0x23000
#define QSIZE		8

	.code64
	.text
	.globl start
start:
	cli
	leaq	hello(%rip), %rsi
	call	puts
	call	acpi_check
	call	pm_timer_check
	call	map_virtio
	call	virtio_init
	movl	$0, %edi		/* descriptor 0: 16 bytes at BUF */
	movl	$16, %esi
	call	rng_request
	movl	$1, %edi		/* descriptor 1: 32 bytes at BUF + 0x100 */
	movl	$32, %esi
	call	rng_request
	call	loop_refused
	leaq	off(%rip), %rsi
	call	puts
	movw	pm1a_cnt(%rip), %dx
	movw	$(5 << 10) | (1 << 13), %ax	/* SLP_TYP = 5 (the DSDT's \_S5), SLP_EN */
	outw	%ax, %dx
	leaq	still(%rip), %rsi
	jmp	fail

/* --- ACPI ------------------------------------------------------------------------- */

/* Sum of RCX bytes at RSI into AL (a good table sums to 0). */
sum:
	xorl	%eax, %eax
1:	addb	(%rsi), %al
	incq	%rsi
	decq	%rcx
	jnz	1b
	ret

/* The table at RSI: its length field, checksum over it; fails with its name. */
table_ok:
	pushq	%rsi
	movl	4(%rsi), %ecx
	call	sum
	popq	%rsi
	testb	%al, %al
	jnz	1f
	ret
1:	leaq	bad_table(%rip), %rsi
	jmp	fail

acpi_check:
	movq	$0xE0000, %rbx
	movabsq	$0x2052545020445352, %rax	/* "RSD PTR " */
1:	cmpq	%rax, (%rbx)
	je	2f
	addq	$16, %rbx
	cmpq	$0x100000, %rbx
	jb	1b
	leaq	no_rsdp(%rip), %rsi
	jmp	fail
2:	movq	%rbx, %rsi		/* ACPI 1.0 checksum: 20 bytes; extended: all 36 */
	movl	$20, %ecx
	call	sum
	movb	%al, %r8b
	movq	%rbx, %rsi
	movl	$36, %ecx
	call	sum
	orb	%r8b, %al
	jz	3f
	leaq	bad_rsdp(%rip), %rsi
	jmp	fail
3:	leaq	rsdp_ok(%rip), %rsi
	call	puts
	movq	24(%rbx), %r12		/* XsdtAddress */
	movq	%r12, %rsi
	call	table_ok
	movl	4(%r12), %r13d		/* entries: (length - 36) / 8 */
	subl	$36, %r13d
	shrl	$3, %r13d
	xorl	%r14d, %r14d		/* index */
	xorl	%r15d, %r15d		/* tables seen: bit 0 FACP, bit 1 APIC */
4:	cmpl	%r13d, %r14d
	jae	6f
	movq	36(%r12,%r14,8), %rsi
	pushq	%rsi
	call	table_ok
	popq	%rsi
	cmpl	$0x50434146, (%rsi)	/* "FACP" */
	jne	5f
	orl	$1, %r15d
	movl	64(%rsi), %eax		/* PM1a_CNT_BLK */
	movw	%ax, pm1a_cnt(%rip)
	movl	76(%rsi), %eax		/* PM_TMR_BLK */
	movw	%ax, pm_tmr(%rip)
	movq	140(%rsi), %rsi		/* X_DSDT */
	call	table_ok
	jmp	7f
5:	cmpl	$0x43495041, (%rsi)	/* "APIC" */
	jne	7f
	orl	$2, %r15d
7:	incl	%r14d
	jmp	4b
6:	cmpl	$3, %r15d
	je	8f
	leaq	no_fadt_madt(%rip), %rsi
	jmp	fail
8:	leaq	tables_ok(%rip), %rsi
	call	puts
	ret

/* Two reads of the PM timer some ten thousand instructions apart must differ. */
pm_timer_check:
	movw	pm_tmr(%rip), %dx
	inl	%dx, %eax
	movl	%eax, %r8d
	movl	$10000, %ecx
1:	pause
	decl	%ecx
	jnz	1b
	inl	%dx, %eax
	cmpl	%eax, %r8d
	jne	2f
	leaq	timer_stuck(%rip), %rsi
	jmp	fail
2:	leaq	timer_ok(%rip), %rsi
	call	puts
	ret

/* --- virtio-mmio ---------------------------------------------------------------------- */

/* PDPT[3] -> PD_GPA, whose entry 128 maps 0xD0000000 as a 2 MiB page, PCD|PWT. */
map_virtio:
	movq	%cr3, %rax
	movq	(%rax), %rbx		/* PML4[0] -> the loader's PDPT */
	andq	$~0xFFF, %rbx
	movq	$PD_GPA | 3, 24(%rbx)
	movabsq	$VIRTIO | 0x9B, %rax
	movq	%rax, PD_GPA + 128 * 8
	movq	%cr3, %rax
	movq	%rax, %cr3
	ret

/* Expect register EDI (from RBX = the slot's base) to read ESI, else fail with RDX's text. */
expect:
	movl	(%rbx,%rdi), %eax
	cmpl	%esi, %eax
	jne	1f
	ret
1:	movq	%rdx, %rsi
	jmp	fail

virtio_init:
	movq	$VIRTIO, %rbx
	movl	$0x000, %edi
	movl	$0x74726976, %esi
	leaq	no_magic(%rip), %rdx
	call	expect
	movl	$0x004, %edi
	movl	$2, %esi
	leaq	not_v2(%rip), %rdx
	call	expect
	movl	$0x008, %edi
	movl	$4, %esi
	leaq	not_rng(%rip), %rdx
	call	expect
	movl	$0, 0x070(%rbx)		/* Status: reset, ACKNOWLEDGE, DRIVER */
	movl	$1, 0x070(%rbx)
	movl	$3, 0x070(%rbx)
	movl	$1, 0x014(%rbx)		/* DeviceFeaturesSel 1: bit 32 is VERSION_1 */
	movl	0x010(%rbx), %eax	/* registers only through MOV, as Linux's readl */
	testl	$1, %eax
	jnz	1f
	leaq	no_v1(%rip), %rsi
	jmp	fail
1:	movl	$0, 0x024(%rbx)		/* DriverFeatures: VERSION_1 only */
	movl	$0, 0x020(%rbx)
	movl	$1, 0x024(%rbx)
	movl	$1, 0x020(%rbx)
	movl	$0xB, 0x070(%rbx)	/* FEATURES_OK, read back */
	movl	0x070(%rbx), %eax
	testl	$8, %eax
	jnz	2f
	leaq	no_features_ok(%rip), %rsi
	jmp	fail
2:	movl	$0, 0x030(%rbx)		/* QueueSel 0 */
	movl	0x034(%rbx), %eax	/* QueueNumMax */
	cmpl	$QSIZE, %eax
	jae	3f
	leaq	small_queue(%rip), %rsi
	jmp	fail
3:	movl	$QSIZE, 0x038(%rbx)
	movl	$DESC, 0x080(%rbx)
	movl	$0, 0x084(%rbx)
	movl	$AVAIL, 0x090(%rbx)
	movl	$0, 0x094(%rbx)
	movl	$USED, 0x0A0(%rbx)
	movl	$0, 0x0A4(%rbx)
	movw	$1, AVAIL		/* VIRTQ_AVAIL_F_NO_INTERRUPT: this guest polls */
	movl	$1, 0x044(%rbx)		/* QueueReady */
	movl	0x044(%rbx), %eax
	cmpl	$1, %eax
	je	4f
	leaq	not_ready(%rip), %rsi
	jmp	fail
4:	movl	$0xF, 0x070(%rbx)	/* DRIVER_OK */
	leaq	virtio_ok(%rip), %rsi
	call	puts
	ret

/*
 * Descriptor EDI: ESI device-writable bytes at BUF + 0x100 * EDI; make it
 * available, notify, poll the used ring, check the length and that the
 * bytes are not all zero, print the count.
 */
rng_request:
	movl	%edi, %eax
	shll	$4, %eax
	leaq	DESC(%rax), %r8		/* descriptor EDI */
	movl	%edi, %eax
	shll	$8, %eax
	addl	$BUF, %eax
	movq	%rax, (%r8)		/* addr */
	movl	%esi, 8(%r8)		/* len */
	movw	$2, 12(%r8)		/* VIRTQ_DESC_F_WRITE */
	movw	$0, 14(%r8)
	movzwl	AVAIL + 2, %ecx		/* ring[idx % QSIZE] = EDI, then idx + 1 */
	movl	%ecx, %edx
	andl	$QSIZE - 1, %edx
	movw	%di, AVAIL + 4(,%rdx,2)
	incl	%ecx
	mfence
	movw	%cx, AVAIL + 2
	mfence
	movl	$0, 0x050(%rbx)		/* QueueNotify 0 (RBX: the slot's base) */
	movl	$1000000, %r9d
1:	cmpw	%cx, USED + 2
	je	2f
	pause
	decl	%r9d
	jnz	1b
	leaq	no_used(%rip), %rsi
	jmp	fail
2:	decl	%ecx			/* the used element for this request */
	andl	$QSIZE - 1, %ecx
	cmpl	%edi, USED + 4(,%rcx,8)	/* id: our head */
	jne	3f
	movl	USED + 8(,%rcx,8), %r10d	/* len */
	cmpl	%esi, %r10d
	jne	3f
	movq	%rax, %r11		/* any non-zero byte? */
	movl	%esi, %ecx
	xorl	%edx, %edx
4:	orb	(%r11), %dl
	incq	%r11
	decl	%ecx
	jnz	4b
	testb	%dl, %dl
	jz	5f
	leaq	got(%rip), %rsi
	call	puts
	movl	%r10d, %eax
	call	put_decimal
	leaq	bytes(%rip), %rsi
	call	puts
	ret
3:	leaq	bad_used(%rip), %rsi
	jmp	fail
5:	leaq	all_zero(%rip), %rsi
	jmp	fail

/*
 * Descriptors 2 and 3 name each other (NEXT both ways): a chain without an
 * end.  The device must set NEEDS_RESET (status bit 6), raise a
 * configuration change (interrupt status bit 1) and use nothing.
 */
loop_refused:
	movq	$BUF + 0x300, DESC + 2 * 16
	movl	$8, DESC + 2 * 16 + 8
	movw	$3, DESC + 2 * 16 + 12	/* NEXT | WRITE */
	movw	$3, DESC + 2 * 16 + 14	/* next: 3 */
	movq	$BUF + 0x300, DESC + 3 * 16
	movl	$8, DESC + 3 * 16 + 8
	movw	$3, DESC + 3 * 16 + 12
	movw	$2, DESC + 3 * 16 + 14	/* next: 2 */
	movzwl	AVAIL + 2, %ecx
	movl	%ecx, %edx
	andl	$QSIZE - 1, %edx
	movw	$2, AVAIL + 4(,%rdx,2)
	incl	%ecx
	mfence
	movw	%cx, AVAIL + 2
	mfence
	movl	$0, 0x050(%rbx)		/* QueueNotify 0 */
	movl	0x070(%rbx), %eax	/* Status */
	testl	$64, %eax
	jz	1f
	movl	0x060(%rbx), %eax	/* InterruptStatus: configuration change */
	testl	$2, %eax
	jz	1f
	cmpw	$2, USED + 2		/* the two good requests, nothing more */
	jne	1f
	leaq	loop_ok(%rip), %rsi
	call	puts
	ret
1:	leaq	loop_taken(%rip), %rsi
	jmp	fail

/* --- output --------------------------------------------------------------------------- */

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

/* EAX (below 100000) in decimal. */
put_decimal:
	leaq	digits_end(%rip), %rsi
	movb	$0, (%rsi)
	movl	$10, %ecx
1:	xorl	%edx, %edx
	divl	%ecx
	addb	$'0', %dl
	decq	%rsi
	movb	%dl, (%rsi)
	testl	%eax, %eax
	jnz	1b
	jmp	puts

/* AL to COM1 once the transmitter holding register is empty (LSR bit 5). */
putc:
	pushq	%rdx
	movb	%al, %cl
	movw	$0x3fd, %dx
1:	inb	%dx, %al
	testb	$0x20, %al
	jz	1b
	movw	$0x3f8, %dx
	movb	%cl, %al
	outb	%al, %dx
	popq	%rdx
	ret

/* The NUL-terminated string at RSI to COM1 (RCX and RDX preserved by the caller's need). */
puts:
	pushq	%rcx
1:	lodsb
	testb	%al, %al
	jz	2f
	call	putc
	jmp	1b
2:	popq	%rcx
	ret

hello:		.asciz "platform64: looking for ACPI tables\r\n"
rsdp_ok:	.asciz "platform64: RSDP at 0xE0000, checksums good\r\n"
tables_ok:	.asciz "platform64: XSDT, FADT, DSDT, MADT checksums good\r\n"
timer_ok:	.asciz "platform64: PM timer counts\r\n"
timer_stuck:	.asciz "PM timer does not count"
virtio_ok:	.asciz "platform64: virtio-mmio entropy device ready\r\n"
got:		.asciz "platform64: virtio-rng gave "
bytes:		.asciz " random bytes\r\n"
loop_ok:	.asciz "platform64: a looping chain was refused: device needs reset\r\n"
loop_taken:	.asciz "looping chain not refused"
off:		.asciz "platform64: powering off through PM1a_CNT\r\n"
failed:		.asciz "platform64: FAIL "
newline:	.asciz "\r\n"
still:		.asciz "still running after S5"
bad_table:	.asciz "table checksum"
no_rsdp:	.asciz "no RSDP"
bad_rsdp:	.asciz "RSDP checksum"
no_fadt_madt:	.asciz "no FADT or MADT in the XSDT"
no_magic:	.asciz "no virtio magic"
not_v2:		.asciz "not virtio-mmio version 2"
not_rng:	.asciz "not an entropy device"
no_v1:		.asciz "VERSION_1 not offered"
no_features_ok:	.asciz "FEATURES_OK refused"
small_queue:	.asciz "queue too small"
not_ready:	.asciz "queue not ready"
no_used:	.asciz "no used buffer"
bad_used:	.asciz "wrong used element"
all_zero:	.asciz "buffer still all zero"
pm1a_cnt:	.word 0
pm_tmr:		.word 0
digits:		.fill 8, 1, 0
digits_end:	.byte 0

/* SPDX-License-Identifier: MIT */
/*
 * cmos: reads the date and time from the CMOS RTC in BCD (the default) and
 * prints them; switches to binary and prints the year; sets the year to
 * 2026 and reads it back in BCD; asks the i8042 for its self-test; then
 * pulls the reset line (command 0xFE to port 0x64), which stops the VM.
 */
	.include "lib16.inc"
	.include "apic16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$prefix, %si
	call	puts
	movb	$0x32, %al		/* century */
	call	cmos_hex
	movb	$0x09, %al		/* year */
	call	cmos_hex
	movb	$'-', %al
	call	putc
	movb	$0x08, %al		/* month */
	call	cmos_hex
	movb	$'-', %al
	call	putc
	movb	$0x07, %al		/* day of month */
	call	cmos_hex
	movb	$' ', %al
	call	putc
	movb	$0x04, %al
	call	cmos_hex
	movb	$':', %al
	call	putc
	movb	$0x02, %al
	call	cmos_hex
	movb	$':', %al
	call	putc
	movb	$0x00, %al
	call	cmos_hex
	movw	$newline, %si
	call	puts

	movb	$0x0b, %al		/* status B: binary, 24-hour */
	movb	$0x06, %ah
	call	cmos_write
	movw	$binary, %si
	call	puts
	movb	$0x09, %al
	call	cmos_read
	movzbl	%al, %eax
	call	print_dec
	movw	$newline, %si
	call	puts

	movb	$0x32, %al		/* set 2026, in binary */
	movb	$20, %ah
	call	cmos_write
	movb	$0x09, %al
	movb	$26, %ah
	call	cmos_write
	movb	$0x0b, %al		/* back to BCD */
	movb	$0x02, %ah
	call	cmos_write
	movw	$set_to, %si
	call	puts
	movb	$0x32, %al
	call	cmos_hex
	movb	$0x09, %al
	call	cmos_hex
	movw	$newline, %si
	call	puts

	movb	$0xaa, %al		/* i8042 self-test: 0x55 in the output buffer */
	outb	%al, $0x64
	inb	$0x64, %al
	movb	%al, %bl
	inb	$0x60, %al
	movb	%al, %bh
	movw	$selftest, %si
	call	puts
	movb	%bh, %al
	call	put_hex
	movw	$status, %si
	call	puts
	movb	%bl, %al
	call	put_hex
	movw	$newline, %si
	call	puts

	movw	$resetting, %si
	call	puts
	movb	$0xfe, %al		/* pulse the reset line */
	outb	%al, $0x64
	movw	$returned, %si
	call	puts
	jmp	halt

/* AL = CMOS register AL. */
cmos_read:
	outb	%al, $0x70
	inb	$0x71, %al
	ret

/* CMOS register AL = AH. */
cmos_write:
	outb	%al, $0x70
	movb	%ah, %al
	outb	%al, $0x71
	ret

/* CMOS register AL as two hex digits (a BCD byte reads as its decimal). */
cmos_hex:
	call	cmos_read
	/* fall through */
put_hex:
	pushw	%ax
	shrb	$4, %al
	call	hex_digit
	popw	%ax
	andb	$0x0f, %al
hex_digit:
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	1f
	addb	$('a' - '9' - 1), %al
1:	jmp	putc

prefix:		.asciz "cmos: "
binary:		.asciz "cmos: binary year "
set_to:		.asciz "cmos: year set to "
selftest:	.asciz "i8042: self-test "
status:		.asciz ", status "
resetting:	.asciz "i8042: pulsing the reset line\r\n"
returned:	.asciz "i8042: reset returned\r\n"
newline:	.asciz "\r\n"

	GUEST_LIBRARY
	APIC_LIBRARY

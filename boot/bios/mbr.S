/* SPDX-License-Identifier: MIT */
/*
 * vmanhv boot sector (LBA 0 of build/vmanhv.img).
 *
 * The BIOS loads this sector at 0x7C00 and jumps to it in real mode with the
 * boot drive in DL.  It reads the boot descriptor (LBA 1) and the stage-2
 * loader it names, both with the EDD packet interface (INT 13h AH=42h), and
 * jumps to the loader at 0000:8000 with DL still the boot drive.  It never
 * uses CHS: every disk that boots vmanhv has the EDD extensions.
 *
 * The code must fit in 440 bytes: 440..445 hold the disk signature, 446..509
 * the partition table (both written by tools/mkimage.py), 510 the 0x55AA
 * boot signature.  docs/disk-layout.md describes the whole disk.
 */
#include "boot/bios/layout.h"

	/* Where this code runs: boot/bios/bios.ld links it there. */
	.globl	BIOS_ORIGIN
	.set	BIOS_ORIGIN, MBR_ADDR

	.code16
	.section .text
	.globl	mbr_start
mbr_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$STACK_TOP, %sp
	/* Some BIOSes enter at 07C0:0000: normalise CS:IP to 0000:7Cxx. */
	ljmp	$0, $mbr_main

mbr_main:
	sti
	cld
	movb	%dl, boot_drive

	/*
	 * INT 13h AH=41h (EDD 3.0, "check extensions present"): BX=55AAh in,
	 * CF clear and BX=AA55h out; CX bit 0 says AH=42h/43h/44h/47h/48h exist.
	 */
	movb	$0x41, %ah
	movw	$0x55AA, %bx
	int	$0x13
	jc	no_edd
	cmpw	$0xAA55, %bx
	jne	no_edd
	testb	$1, %cl
	jz	no_edd

	/* The descriptor: one sector from LBA 1 to DESC_ADDR. */
	movl	$DESC_LBA, %eax
	movw	$1, %cx
	movw	$DESC_ADDR, %bx
	call	read_sectors

	movw	$desc_magic, %si
	movw	$DESC_ADDR + DESC_MAGIC, %di
	movw	$8, %cx
	repe cmpsb
	jne	bad_descriptor

	/* The loader: 1..LOADER_MAX_SECTORS sectors to LOADER_ADDR. */
	movw	DESC_ADDR + DESC_LOADER_SECTORS, %cx
	cmpl	$LOADER_MAX_SECTORS, DESC_ADDR + DESC_LOADER_SECTORS
	ja	bad_descriptor
	jcxz	bad_descriptor
	movl	DESC_ADDR + DESC_LOADER_LBA, %eax
	movw	$LOADER_ADDR, %bx
	call	read_sectors

	movb	boot_drive, %dl
	ljmp	$0, $LOADER_ADDR

/*
 * read_sectors: EAX = first LBA, CX = count (<= 127), BX = offset in
 * segment 0.  INT 13h AH=42h (EDD "extended read") with the disk address
 * packet below; one retry after INT 13h AH=00h (reset disk system).
 */
read_sectors:
	movl	%eax, dap_lba
	movw	%bx, dap_offset
	movw	$2, %bp			/* tries */
1:	movw	%cx, dap_count		/* the BIOS may lower it on error */
	movw	$dap, %si
	movb	boot_drive, %dl
	movb	$0x42, %ah
	pushw	%cx
	int	$0x13
	popw	%cx
	jnc	2f
	xorb	%ah, %ah
	movb	boot_drive, %dl
	int	$0x13
	decw	%bp
	jnz	1b
	movw	$msg_read, %si
	jmp	fail
2:	ret

no_edd:
	movw	$msg_edd, %si
	jmp	fail
bad_descriptor:
	movw	$msg_desc, %si
	/* fall through */

#include "boot/bios/fail16.inc"

	.balign	4
/* EDD disk address packet (EDD 3.0, INT 13h AH=42h). */
dap:
	.byte	16, 0			/* size, reserved */
dap_count:
	.word	0
dap_offset:
	.word	0
dap_segment:
	.word	0
dap_lba:
	.quad	0

boot_drive:
	.byte	0
desc_magic:
	.ascii	"VMHVBOOT"
msg_prefix:
	.asciz	"vmanhv mbr: "
msg_edd:
	.asciz	"no INT 13h extensions"
msg_read:
	.asciz	"disk read error"
msg_desc:
	.asciz	"bad boot descriptor"
msg_crlf:
	.asciz	"\r\n"

	/* The assembler stops here if the code outgrows its 440 bytes. */
	.org	440
	.long	0			/* disk signature (mkimage.py) */
	.word	0
	.org	510			/* partition table (mkimage.py) */
	.word	0xAA55

/* SPDX-License-Identifier: MIT */
/*
 * vmanhv stage-2 BIOS loader.
 *
 * The MBR (mbr.S) loads this at 0000:8000 together with the boot descriptor
 * at 0000:7E00 and jumps here in real mode, boot drive in DL.  In order, the
 * loader
 *   1. checks the descriptor (boot/bios_boot_info.h, struct boot_descriptor);
 *   2. turns the A20 line on and proves it is on;
 *   3. collects the memory map into struct bios_boot_info at 0x5000
 *      (INT 15h E820h, or E801h on BIOSes without E820h);
 *   4. copies the command line out of the descriptor;
 *   5. checks that the firmware's load range is usable RAM;
 *   6. reads the firmware in chunks of at most 127 sectors (INT 13h AH=42h)
 *      into a bounce buffer at 0x10000 and copies each chunk to its place
 *      above 1 MiB in unreal mode;
 *   7. enters 32-bit protected mode (flat CS/DS, paging and interrupts off)
 *      and jumps to the descriptor's entry32 with EAX = BIOS_BOOT_MAGIC,
 *      EBX = BIOS_BOOT_INFO_ADDR.
 * Any failure prints "vmanhv loader: <reason>" on the screen (INT 10h) and
 * to port 0xE9, then halts.  docs/disk-layout.md describes the memory used.
 */
#include "boot/bios/layout.h"

#define GDT_CODE32	0x08		/* flat 4 GiB, 32-bit, execute/read */
#define GDT_DATA32	0x10		/* flat 4 GiB, read/write */
#define SMAP		0x534D4150	/* "SMAP", INT 15h E820h signature */
#define DISK_TRIES	3

	/* Where this code runs: boot/bios/bios.ld links it there. */
	.globl	BIOS_ORIGIN
	.set	BIOS_ORIGIN, LOADER_ADDR

	.code16
	.section .text
	.globl	loader_start
loader_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$STACK_TOP, %sp
	sti
	cld
	movb	%dl, boot_drive

	call	check_descriptor
	call	clear_boot_info
	call	enable_a20
	call	collect_memory_map
	call	copy_cmdline
	call	check_load_range
	call	load_firmware
	call	finish_boot_info
	jmp	enter_firmware

/* ------------------------------------------------------------------------
 * 1. The boot descriptor the MBR left at DESC_ADDR.
 */
check_descriptor:
	movw	$desc_magic, %si
	movw	$DESC_ADDR + DESC_MAGIC, %di
	movw	$8, %cx
	repe cmpsb
	jne	bad_descriptor
	cmpl	$LOADER_DESC_VERSION, DESC_ADDR + DESC_VERSION
	jne	bad_descriptor

	/* fw_sectors: at least one, and its byte count must fit 32 bits. */
	movl	DESC_ADDR + DESC_FW_SECTORS, %eax
	testl	%eax, %eax
	jz	bad_descriptor
	cmpl	$0x00800000, %eax
	jae	too_big
	shll	$9, %eax
	movl	%eax, fw_bytes

	/* load_addr >= 1 MiB, and load_addr + fw_bytes below 4 GiB. */
	movl	DESC_ADDR + DESC_LOAD_ADDR, %edx
	cmpl	$0x100000, %edx
	jb	load_below_1m
	addl	%edx, %eax
	jc	too_big
	movl	%eax, fw_end

	/* entry32 inside [load_addr, fw_end). */
	movl	DESC_ADDR + DESC_ENTRY32, %ecx
	cmpl	%edx, %ecx
	jb	bad_entry
	cmpl	%eax, %ecx
	jae	bad_entry
	ret

/* Zero the whole page reserved for struct bios_boot_info. */
clear_boot_info:
	movw	$BOOT_INFO_ADDR, %di
	movw	$(BOOT_INFO_END - BOOT_INFO_ADDR) / 4, %cx
	xorl	%eax, %eax
	rep stosl
	ret

/* ------------------------------------------------------------------------
 * 2. A20.  Try the BIOS first, then the fast A20 gate, then the keyboard
 * controller; after each, test the line instead of trusting the method.
 */
enable_a20:
	call	a20_test
	jnz	1f

	/* INT 15h AX=2401h: "enable A20 gate" (PS/2 system services). */
	movw	$0x2401, %ax
	int	$0x15
	call	a20_wait
	jnz	1f

	/*
	 * Fast A20: System Control Port A (I/O 0x92) bit 1.  Bit 0 is a fast
	 * CPU reset: never write it as 1.
	 */
	inb	$0x92, %al
	orb	$0x02, %al
	andb	$0xFE, %al
	outb	%al, $0x92
	call	a20_wait
	jnz	1f

	/* 8042: command D1h (write output port), then DFh (A20 bit set). */
	call	kbc_wait
	movb	$0xD1, %al
	outb	%al, $0x64
	call	kbc_wait
	movb	$0xDF, %al
	outb	%al, $0x60
	call	kbc_wait
	call	a20_wait
	jnz	1f

	movw	$msg_a20, %si
	jmp	fail
1:	ret

/*
 * a20_test: ZF clear when A20 is on.  With A20 off, FFFF:0510 (physical
 * 0x100500) wraps around to 0000:0500; write different words to both and
 * see whether the first one changed.  Both words are restored.
 */
a20_test:
	pushw	%fs
	pushw	%gs
	xorw	%ax, %ax
	movw	%ax, %fs
	notw	%ax
	movw	%ax, %gs
	movw	%fs:0x500, %bx
	movw	%gs:0x510, %dx
	movw	$0x1234, %fs:0x500
	movw	$0xEDCB, %gs:0x510
	cmpw	$0xEDCB, %fs:0x500	/* equal: the write wrapped, A20 off */
	movw	%dx, %gs:0x510		/* restore; mov and pop keep ZF */
	movw	%bx, %fs:0x500
	popw	%gs
	popw	%fs
	ret

/* a20_wait: some gates take a while; ZF clear once A20 is on. */
a20_wait:
	movw	$0x4000, %cx
1:	call	a20_test
	jnz	2f
	loop	1b
2:	ret

/* kbc_wait: until the 8042 input buffer is empty (status bit 1), bounded. */
kbc_wait:
	movw	$0xFFFF, %cx
1:	inb	$0x64, %al
	testb	$0x02, %al
	jz	2f
	loop	1b
2:	ret

/* ------------------------------------------------------------------------
 * 3. The memory map, straight into bios_boot_info.e820[].
 */
collect_memory_map:
#ifndef LOADER_TEST_FORCE_E801		/* test hook: exercise the fallback */
	call	memory_map_e820
	cmpl	$0, BOOT_INFO_ADDR + BBI_E820_COUNT
	jne	1f
#endif
	call	memory_map_e801
	cmpl	$0, BOOT_INFO_ADDR + BBI_E820_COUNT
	jne	1f
	movw	$msg_memmap, %si
	jmp	fail
1:	ret

/*
 * INT 15h EAX=E820h (ACPI 6.4 section 15.1, "INT 15H E820H - Query System
 * Address Map"): EBX = continuation (0 first), ES:DI = buffer, ECX = its
 * size, EDX = "SMAP".  Returns CF clear, EAX = "SMAP", ECX = bytes written,
 * EBX = next continuation (0 after the last entry).  Entries whose extended
 * attributes say "ignore" (bit 0 clear) and empty ones are dropped; BIOSes
 * that return 20 bytes leave the preset attribute 1 in place.
 */
memory_map_e820:
	xorl	%ebx, %ebx
	movw	$BOOT_INFO_ADDR + BBI_E820, %di
1:	movl	$1, E820_EXT_ATTR(%di)
	movl	$0xE820, %eax
	movl	$E820_ENTRY_SIZE, %ecx
	movl	$SMAP, %edx
	int	$0x15
	jc	3f			/* no E820h, or past the last entry */
	cmpl	$SMAP, %eax
	jne	3f
	cmpl	$20, %ecx
	jb	2f
	testb	$1, E820_EXT_ATTR(%di)
	jz	2f
	movl	E820_LENGTH(%di), %eax
	orl	E820_LENGTH + 4(%di), %eax
	jz	2f
	addw	$E820_ENTRY_SIZE, %di
	incl	BOOT_INFO_ADDR + BBI_E820_COUNT
	cmpl	$LOADER_E820_MAX, BOOT_INFO_ADDR + BBI_E820_COUNT
	jae	3f
2:	testl	%ebx, %ebx
	jnz	1b
3:	movl	$0, E820_EXT_ATTR(%di)	/* leave no half-written entry behind */
	ret

/*
 * INT 15h AX=E801h ("get memory size for >64M configurations"): CX (or AX)
 * = KiB between 1 MiB and 16 MiB, DX (or BX) = 64 KiB blocks above 16 MiB.
 * Conventional memory comes from INT 12h (AX = KiB below the EBDA).  Turned
 * into E820-style RAM ranges; the gaps are what the firmware must not use.
 */
memory_map_e801:
	xorw	%cx, %cx
	xorw	%dx, %dx
	movw	$0xE801, %ax
	int	$0x15
	jc	1f
	movw	%cx, %si
	orw	%dx, %si
	jnz	2f
	movw	%ax, %cx		/* some BIOSes answer in AX/BX only */
	movw	%bx, %dx
2:	pushw	%dx
	pushw	%cx
	int	$0x12
	movzwl	%ax, %eax
	shll	$10, %eax
	xorl	%ebx, %ebx
	call	add_ram_range
	popw	%ax
	movzwl	%ax, %eax
	shll	$10, %eax
	movl	$0x100000, %ebx
	call	add_ram_range
	popw	%ax
	movzwl	%ax, %eax
	shll	$16, %eax
	movl	$0x1000000, %ebx
	call	add_ram_range
1:	ret

/* add_ram_range: append RAM [EBX, EBX + EAX) to e820[] unless EAX is 0. */
add_ram_range:
	testl	%eax, %eax
	jz	1f
	movw	BOOT_INFO_ADDR + BBI_E820_COUNT, %di
	imulw	$E820_ENTRY_SIZE, %di, %di
	addw	$BOOT_INFO_ADDR + BBI_E820, %di
	movl	%ebx, E820_BASE(%di)	/* high halves are still zero */
	movl	%eax, E820_LENGTH(%di)
	movl	$E820_TYPE_RAM, E820_TYPE(%di)
	movl	$1, E820_EXT_ATTR(%di)
	incl	BOOT_INFO_ADDR + BBI_E820_COUNT
1:	ret

/* ------------------------------------------------------------------------
 * 4. The command line: at most LOADER_CMDLINE_MAX - 1 bytes, so the last
 * byte of bios_boot_info.cmdline stays the NUL clear_boot_info put there.
 */
copy_cmdline:
	movw	$DESC_ADDR + DESC_CMDLINE, %si
	movw	$BOOT_INFO_ADDR + BBI_CMDLINE, %di
	movw	$LOADER_CMDLINE_MAX - 1, %cx
	rep movsb
	ret

/* ------------------------------------------------------------------------
 * 5. [load_addr, fw_end) must lie inside one E820 RAM range: never load
 * the firmware over a hole, ROM or ACPI tables.
 */
check_load_range:
	movl	DESC_ADDR + DESC_LOAD_ADDR, %esi
	movl	fw_end, %edi
	movw	$BOOT_INFO_ADDR + BBI_E820, %bx
	movw	BOOT_INFO_ADDR + BBI_E820_COUNT, %cx
1:	jcxz	3f
	cmpl	$E820_TYPE_RAM, E820_TYPE(%bx)
	jne	2f
	cmpl	$0, E820_BASE + 4(%bx)
	jne	2f
	movl	E820_BASE(%bx), %eax
	cmpl	%esi, %eax		/* base > load_addr: not this one */
	ja	2f
	movl	E820_LENGTH + 4(%bx), %edx
	addl	E820_LENGTH(%bx), %eax	/* EDX:EAX = end of the range */
	adcl	$0, %edx
	jnz	4f			/* reaches past 4 GiB */
	cmpl	%edi, %eax
	jae	4f
2:	addw	$E820_ENTRY_SIZE, %bx
	decw	%cx
	jmp	1b
3:	movw	$msg_no_room, %si
	jmp	fail
4:	ret

/* ------------------------------------------------------------------------
 * 6. The firmware: CHUNK_SECTORS at a time through the bounce buffer.
 * Each chunk lands at BOUNCE_SEG:0 = 0x10000, 64 KiB aligned, so a chunk of
 * at most 127 sectors (65024 bytes) never crosses a 64 KiB DMA boundary.
 */
load_firmware:
	movl	DESC_ADDR + DESC_FW_LBA, %eax
	movl	%eax, next_lba
	movl	DESC_ADDR + DESC_LOAD_ADDR, %eax
	movl	%eax, next_dest
	movl	DESC_ADDR + DESC_FW_SECTORS, %eax
	movl	%eax, sectors_left
1:	movl	sectors_left, %ecx
	testl	%ecx, %ecx
	jz	3f
	cmpl	$CHUNK_SECTORS, %ecx
	jbe	2f
	movl	$CHUNK_SECTORS, %ecx
2:	movw	%cx, chunk_sectors
	movl	next_lba, %eax
	call	read_chunk

	movzwl	chunk_sectors, %ecx
	shll	$7, %ecx		/* sectors -> dwords */
	movl	next_dest, %edi
	call	copy_high

	movzwl	chunk_sectors, %eax
	addl	%eax, next_lba
	subl	%eax, sectors_left
	shll	$9, %eax
	addl	%eax, next_dest
	jmp	1b
3:	ret

/*
 * read_chunk: EAX = LBA, CX = sectors (<= 127) into BOUNCE_SEG:0 with
 * INT 13h AH=42h (EDD 3.0 extended read; DS:SI = disk address packet).
 * On error, INT 13h AH=00h (reset) and try again, DISK_TRIES in all.
 */
read_chunk:
	movl	%eax, dap_lba
	movw	$DISK_TRIES, %bp
1:	movw	%cx, dap_count		/* the BIOS may lower it on error */
	movw	$dap, %si
	movb	boot_drive, %dl
	movb	$0x42, %ah
	pushw	%cx
	pushw	%bp
	int	$0x13
	popw	%bp
	popw	%cx
	jnc	2f
	movb	%ah, %al
	movw	$msg_disk_status, %di
	call	hex8
	xorb	%ah, %ah
	movb	boot_drive, %dl
	pushw	%cx
	pushw	%bp
	int	$0x13
	popw	%bp
	popw	%cx
	decw	%bp
	jnz	1b
	movw	$msg_disk, %si
	jmp	fail
2:	ret

/*
 * copy_high: ECX dwords from BOUNCE_ADDR to EDI (anywhere below 4 GiB).
 * The BIOS call before may have reloaded the segment caches (SeaBIOS runs
 * its disk code in protected mode), so enter unreal mode afresh each time,
 * with interrupts off so that no handler can do it again mid-copy.
 */
copy_high:
	cli
	call	enter_unreal
	cld
	movl	$BOUNCE_ADDR, %esi
	addr32 rep movsl
	sti
	ret

/*
 * enter_unreal: give DS and ES 4 GiB limits (SDM vol. 3A, 9.9.2: real mode
 * keeps the descriptor caches a protected-mode load left behind), base 0.
 * Interrupts must be off.
 */
enter_unreal:
	pushw	%ds
	pushw	%es
	lgdtl	gdt_desc
	movl	%cr0, %eax
	orb	$1, %al
	movl	%eax, %cr0
	jmp	1f			/* serialise, as the SDM asks */
1:	movw	$GDT_DATA32, %bx
	movw	%bx, %ds
	movw	%bx, %es
	andb	$0xFE, %al
	movl	%eax, %cr0
	jmp	2f
2:	popw	%es			/* selector 0 again, limit stays */
	popw	%ds
	ret

/* ------------------------------------------------------------------------
 * 7. Hand-off (boot/bios_boot_info.h).
 */
finish_boot_info:
	movl	$LOADER_INFO_MAGIC, BOOT_INFO_ADDR + BBI_MAGIC
	movl	$LOADER_INFO_VERSION, BOOT_INFO_ADDR + BBI_VERSION
	movzbl	boot_drive, %eax
	movl	%eax, BOOT_INFO_ADDR + BBI_BOOT_DRIVE
	movl	DESC_ADDR + DESC_FW_LBA, %eax
	movl	%eax, BOOT_INFO_ADDR + BBI_FW_LBA
	movl	fw_bytes, %eax
	movl	%eax, BOOT_INFO_ADDR + BBI_FW_BYTES
	ret

/*
 * Protected mode (SDM vol. 3A, 9.9.1): load the GDT, set CR0.PE, far jump
 * to reload CS, then the data segments.  Paging stays off.
 */
enter_firmware:
	cli
	lgdtl	gdt_desc
	movl	%cr0, %eax
	orb	$1, %al
	movl	%eax, %cr0
	ljmpl	$GDT_CODE32, $firmware_jump

	.code32
firmware_jump:
	movw	$GDT_DATA32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	$STACK_TOP, %esp
	pushl	$0x2			/* EFLAGS: IF, DF and the rest clear */
	popfl
	movl	DESC_ADDR + DESC_ENTRY32, %ecx
	movl	$LOADER_BOOT_MAGIC, %eax
	movl	$BOOT_INFO_ADDR, %ebx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%ecx
	.code16

/* ------------------------------------------------------------------------
 * Errors.
 */
bad_descriptor:
	movw	$msg_desc, %si
	jmp	fail
too_big:
	movw	$msg_too_big, %si
	jmp	fail
load_below_1m:
	movw	$msg_below_1m, %si
	jmp	fail
bad_entry:
	movw	$msg_entry, %si
	/* fall through */

#include "boot/bios/fail16.inc"

/* hex8: AL as two hex digits at DI (DI advances by 2). */
hex8:
	pushw	%ax
	shrb	$4, %al
	call	hex4
	popw	%ax
hex4:
	andb	$0x0F, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	1f
	addb	$'a' - '0' - 10, %al
1:	movb	%al, (%di)
	incw	%di
	ret

/* ------------------------------------------------------------------------
 * Data.
 */
	.balign	8
gdt:
	.quad	0
	.quad	0x00CF9A000000FFFF	/* 0x08: code, base 0, 4 GiB, 32-bit */
	.quad	0x00CF92000000FFFF	/* 0x10: data, base 0, 4 GiB */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt

	.balign	4
/* EDD disk address packet (EDD 3.0, INT 13h AH=42h). */
dap:
	.byte	16, 0
dap_count:
	.word	0
dap_offset:
	.word	0
dap_segment:
	.word	BOUNCE_SEG
dap_lba:
	.quad	0

fw_bytes:	.long	0
fw_end:		.long	0
next_lba:	.long	0
next_dest:	.long	0
sectors_left:	.long	0
chunk_sectors:	.word	0
boot_drive:	.byte	0

desc_magic:	.ascii	"VMHVBOOT"
msg_prefix:	.asciz	"vmanhv loader: "
msg_crlf:	.asciz	"\r\n"
msg_desc:	.asciz	"bad boot descriptor"
msg_too_big:	.asciz	"firmware image larger than 4 GiB"
msg_below_1m:	.asciz	"firmware load address below 1 MiB"
msg_entry:	.asciz	"entry point outside the firmware image"
msg_a20:	.asciz	"cannot enable A20"
msg_memmap:	.asciz	"no memory map (INT 15h E820h and E801h failed)"
msg_no_room:	.asciz	"firmware load range is not usable RAM"
msg_disk:	.ascii	"disk read failed (INT 13h status 0x"
msg_disk_status: .asciz	"XX)"

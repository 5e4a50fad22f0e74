/* SPDX-License-Identifier: MIT */
/*
 * io: looks for PCI devices through configuration mechanism #1 (ports 0xcf8
 * and 0xcfc), then writes to the host's second UART (0x2f8).  The VM's PCI
 * bus is its own and empty (hv/devices/pci_host.h): the read returns all
 * ones and never reaches the host's PCI.  COM2 does not exist in the VM:
 * the hypervisor stops it at that write, naming the port.
 */
	.include "lib16.inc"

	.code16
	.text
	.globl start
start:
	GUEST_START
	movw	$notice, %si
	call	puts
	movw	$0xcf8, %dx
	movl	$0x80000000, %eax	/* enable, bus 0, device 0, function 0, register 0 */
	outl	%eax, %dx
	movw	$0xcfc, %dx
	inl	%dx, %eax
	movw	$empty, %si
	cmpl	$0xffffffff, %eax
	je	1f
	movw	$found, %si
1:	call	puts
	movw	$uart, %si
	call	puts
	movw	$0x2f8, %dx
	movb	$'!', %al
	outb	%al, %dx
	movw	$returned, %si
	call	puts
	jmp	halt

notice:		.asciz "io: reading PCI configuration at 00:00.0 through 0xcf8/0xcfc\r\n"
empty:		.asciz "io: no PCI device there (all ones)\r\n"
found:		.asciz "io: a PCI device answered\r\n"
uart:		.asciz "io: writing the host's COM2 at 0x2f8\r\n"
returned:	.asciz "io returned\r\n"

	GUEST_LIBRARY

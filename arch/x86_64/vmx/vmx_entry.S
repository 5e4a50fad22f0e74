/* SPDX-License-Identifier: MIT */
/*
 * VM entry and VM exit (SDM Vol. 3C chapters 26 and 27).
 *
 * vmx_enter_guest(regs, launched) saves the host's callee-saved registers
 * and the regs pointer on its stack, points HOST_RSP at that stack, loads
 * the guest's general registers and CR2, and runs VMLAUNCH or VMRESUME.
 * A VM exit lands at vmx_exit_stub (HOST_RIP) with RSP = HOST_RSP, the
 * guest's registers still live: they are stored into *regs and the
 * function returns 0.  A failed VMLAUNCH/VMRESUME falls through with CF
 * (VMfailInvalid, returns 1) or ZF (VMfailValid, returns 2) set (30.2).
 * The host's RFLAGS after an exit is 0x2 (27.5.3): interrupts stay off.
 */
#include "arch/x86_64/vmx/vmx_regs.h"

#define VMCS_HOST_RSP	0x6C14

	.text
	.code64

	.globl vmx_enter_guest
	.type vmx_enter_guest, @function
vmx_enter_guest:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdi			/* regs, at 0(%rsp) when the exit comes */
	movq	$VMCS_HOST_RSP, %rax
	vmwrite	%rsp, %rax
	jbe	.Lhost_rsp_failed

	movq	GREGS_CR2(%rdi), %rax
	movq	%rax, %cr2
	testl	%esi, %esi		/* the flags survive the moves below */
	movq	GREGS_OFFSET(GREG_RAX)(%rdi), %rax
	movq	GREGS_OFFSET(GREG_RCX)(%rdi), %rcx
	movq	GREGS_OFFSET(GREG_RDX)(%rdi), %rdx
	movq	GREGS_OFFSET(GREG_RBX)(%rdi), %rbx
	movq	GREGS_OFFSET(GREG_RBP)(%rdi), %rbp
	movq	GREGS_OFFSET(GREG_RSI)(%rdi), %rsi
	movq	GREGS_OFFSET(8)(%rdi), %r8
	movq	GREGS_OFFSET(9)(%rdi), %r9
	movq	GREGS_OFFSET(10)(%rdi), %r10
	movq	GREGS_OFFSET(11)(%rdi), %r11
	movq	GREGS_OFFSET(12)(%rdi), %r12
	movq	GREGS_OFFSET(13)(%rdi), %r13
	movq	GREGS_OFFSET(14)(%rdi), %r14
	movq	GREGS_OFFSET(15)(%rdi), %r15
	movq	GREGS_OFFSET(GREG_RDI)(%rdi), %rdi
	jnz	1f
	vmlaunch
	jmp	.Lentry_failed
1:	vmresume

.Lentry_failed:
	movl	$2, %eax		/* mov keeps the flags: ZF = VMfailValid */
	jz	.Lreturn
	movl	$1, %eax		/* CF = VMfailInvalid */
	jmp	.Lreturn

.Lhost_rsp_failed:
	movl	$1, %eax
	jnz	.Lreturn
	movl	$2, %eax
	jmp	.Lreturn

	.globl vmx_exit_stub
	.type vmx_exit_stub, @function
vmx_exit_stub:
	pushq	%rdi			/* the guest's RDI; regs is now at 8(%rsp) */
	movq	8(%rsp), %rdi
	movq	%rax, GREGS_OFFSET(GREG_RAX)(%rdi)
	movq	%rcx, GREGS_OFFSET(GREG_RCX)(%rdi)
	movq	%rdx, GREGS_OFFSET(GREG_RDX)(%rdi)
	movq	%rbx, GREGS_OFFSET(GREG_RBX)(%rdi)
	movq	%rbp, GREGS_OFFSET(GREG_RBP)(%rdi)
	movq	%rsi, GREGS_OFFSET(GREG_RSI)(%rdi)
	movq	%r8, GREGS_OFFSET(8)(%rdi)
	movq	%r9, GREGS_OFFSET(9)(%rdi)
	movq	%r10, GREGS_OFFSET(10)(%rdi)
	movq	%r11, GREGS_OFFSET(11)(%rdi)
	movq	%r12, GREGS_OFFSET(12)(%rdi)
	movq	%r13, GREGS_OFFSET(13)(%rdi)
	movq	%r14, GREGS_OFFSET(14)(%rdi)
	movq	%r15, GREGS_OFFSET(15)(%rdi)
	popq	%rax
	movq	%rax, GREGS_OFFSET(GREG_RDI)(%rdi)
	movq	%cr2, %rax
	movq	%rax, GREGS_CR2(%rdi)
	xorl	%eax, %eax

.Lreturn:
	addq	$8, %rsp		/* regs */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

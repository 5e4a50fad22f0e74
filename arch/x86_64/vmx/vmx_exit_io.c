/* SPDX-License-Identifier: MIT */
/*
 * I/O instruction exits.  The qualification (SDM Vol. 3C 27.2.1, table
 * 27-5) is decoded once into a struct; the access goes to the VM's port
 * bus.  A port no device claims stops the VM, naming the port: every port
 * is intercepted and a guest that probes hardware it was not given is
 * stopped rather than shown an invented answer (docs/vmx.md).
 */
#include "arch/x86_64/vmx/vmcs.h"
#include "arch/x86_64/vmx/vmx_exit.h"
#include "hv/vm.h"

#define IO_QUAL_SIZE_MASK	0x7ULL		/* 0: 1 byte, 1: 2 bytes, 3: 4 bytes */
#define IO_QUAL_IN		(1ULL << 3)
#define IO_QUAL_STRING		(1ULL << 4)
#define IO_QUAL_REP		(1ULL << 5)
#define IO_QUAL_PORT_SHIFT	16U

struct vmx_io_access {
	uint16_t port;
	uint8_t size;			/* 1, 2 or 4 */
	bool is_read;			/* IN/INS */
	bool string, rep;		/* INS/OUTS, with a REP prefix */
};

static struct vmx_io_access io_decode(uint64_t q)
{
	return (struct vmx_io_access){
		.port = (uint16_t)(q >> IO_QUAL_PORT_SHIFT),
		.size = (uint8_t)((q & IO_QUAL_SIZE_MASK) + 1U),
		.is_read = (q & IO_QUAL_IN) != 0U,
		.string = (q & IO_QUAL_STRING) != 0U,
		.rep = (q & IO_QUAL_REP) != 0U,
	};
}

/* IN writes AL or AX and keeps the rest of RAX; IN EAX clears bits 63:32. */
static void merge_into_rax(uint64_t *rax, uint8_t size, uint32_t value)
{
	uint64_t mask = size == 4U ? ~0ULL : (1ULL << (8U * size)) - 1U;

	*rax = (*rax & ~mask) | (value & mask);
}

int vmx_exit_io(struct vcpu *vcpu, const struct vmx_exit *exit)
{
	struct vmx_io_access io = io_decode(exit->qualification);
	uint64_t *rax = &vcpu->vmx.regs.gpr[GREG_RAX];
	uint32_t value = (uint32_t)*rax;

	if (io.string) {
		return vcpu_stop(vcpu, "string I/O (%s%s) on port 0x%x is not emulated, rip 0x%lx",
				 io.rep ? "rep " : "", io.is_read ? "ins" : "outs", io.port,
				 exit->rip);
	}
	if (!vm_io_access(&vcpu->vm->io, io.port, io.size, io.is_read, &value)) {
		return vcpu_stop(vcpu, "I/O %s of port 0x%x (%u byte%s): no device there, rip 0x%lx",
				 io.is_read ? "read" : "write", io.port, io.size,
				 io.size == 1U ? "" : "s", exit->rip);
	}
	if (io.is_read) {
		merge_into_rax(rax, io.size, value);
	}
	vmx_skip_instruction();
	return VCPU_CONTINUE;
}

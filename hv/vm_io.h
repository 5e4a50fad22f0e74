/* SPDX-License-Identifier: MIT */
/*
 * A VM's I/O port bus and its MMIO bus: device models claim port ranges or
 * guest-physical ranges outside RAM; an access no device claims is the
 * caller's to refuse (the exit handler stops the VM: every port and
 * address a guest may touch is emulated, none passes through; docs/vmx.md,
 * docs/guest-platform.md).
 */
#ifndef VMANHV_HV_VM_IO_H
#define VMANHV_HV_VM_IO_H

#include <stdbool.h>
#include <stdint.h>

#define VM_IO_RANGES	24U

/*
 * An access of `size` bytes (1, 2 or 4) at `offset` into the device's
 * range; `*value` is the written value or receives the read one.
 */
typedef void (*vm_io_fn)(void *device, uint16_t offset, uint8_t size, bool is_read,
			 uint32_t *value);

struct vm_io_range {
	uint16_t base, count;
	vm_io_fn access;
	void *device;
	uint64_t accesses;		/* counter (style rule 19) */
};

struct vm_io_bus {
	struct vm_io_range range[VM_IO_RANGES];
	uint32_t count;
};

/* 0, -ENOSPC (bus full) or -EEXIST (overlaps a claimed range). */
int vm_io_register(struct vm_io_bus *bus, uint16_t base, uint16_t count, vm_io_fn access,
		   void *device);
/* True when a device took the access. */
bool vm_io_access(struct vm_io_bus *bus, uint16_t port, uint8_t size, bool is_read,
		  uint32_t *value);

#define VM_MMIO_RANGES	8U

/*
 * An access of `size` bytes (1, 2, 4 or 8) at `offset` into the device's
 * range; `*value` is the written value or receives the read one.
 */
typedef void (*vm_mmio_fn)(void *device, uint64_t offset, uint8_t size, bool is_read,
			   uint64_t *value);

struct vm_mmio_range {
	uint64_t base, size;
	vm_mmio_fn access;
	void *device;
	uint64_t accesses;		/* counter (style rule 19) */
};

struct vm_mmio_bus {
	struct vm_mmio_range range[VM_MMIO_RANGES];
	uint32_t count;
};

/* 0, -ENOSPC (bus full), -EINVAL (empty or wrapping range) or -EEXIST (overlap). */
int vm_mmio_register(struct vm_mmio_bus *bus, uint64_t base, uint64_t size, vm_mmio_fn access,
		     void *device);
/* Whether a device claims the byte at gpa. */
bool vm_mmio_claims(const struct vm_mmio_bus *bus, uint64_t gpa);
/* True when a device took the access (all of it inside the device's range). */
bool vm_mmio_access(struct vm_mmio_bus *bus, uint64_t gpa, uint8_t size, bool is_read,
		    uint64_t *value);

#endif

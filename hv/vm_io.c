/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "hv/vm_io.h"

int vm_io_register(struct vm_io_bus *bus, uint16_t base, uint16_t count, vm_io_fn access,
		   void *device)
{
	uint32_t end = (uint32_t)base + count;

	if (bus->count >= VM_IO_RANGES) {
		return -ENOSPC;
	}
	for (uint32_t i = 0; i < bus->count; i++) {
		const struct vm_io_range *r = &bus->range[i];

		if (base < (uint32_t)r->base + r->count && r->base < end) {
			return -EEXIST;
		}
	}
	bus->range[bus->count++] = (struct vm_io_range){ base, count, access, device, 0 };
	return 0;
}

bool vm_io_access(struct vm_io_bus *bus, uint16_t port, uint8_t size, bool is_read,
		  uint32_t *value)
{
	for (uint32_t i = 0; i < bus->count; i++) {
		struct vm_io_range *r = &bus->range[i];

		/* The whole access must fall inside one device's range. */
		if (port >= r->base && (uint32_t)port + size <= (uint32_t)r->base + r->count) {
			r->accesses++;
			r->access(r->device, (uint16_t)(port - r->base), size, is_read, value);
			return true;
		}
	}
	return false;
}

int vm_mmio_register(struct vm_mmio_bus *bus, uint64_t base, uint64_t size, vm_mmio_fn access,
		     void *device)
{
	if (size == 0U || base + size < base) {
		return -EINVAL;
	}
	if (bus->count >= VM_MMIO_RANGES) {
		return -ENOSPC;
	}
	for (uint32_t i = 0; i < bus->count; i++) {
		const struct vm_mmio_range *r = &bus->range[i];

		if (base < r->base + r->size && r->base < base + size) {
			return -EEXIST;
		}
	}
	bus->range[bus->count++] = (struct vm_mmio_range){ base, size, access, device, 0 };
	return 0;
}

/* The index of the range holding gpa, or bus->count when none does. */
static uint32_t mmio_index(const struct vm_mmio_bus *bus, uint64_t gpa)
{
	uint32_t i = 0;

	while (i < bus->count &&
	       !(gpa >= bus->range[i].base && gpa - bus->range[i].base < bus->range[i].size)) {
		i++;
	}
	return i;
}

bool vm_mmio_claims(const struct vm_mmio_bus *bus, uint64_t gpa)
{
	return mmio_index(bus, gpa) < bus->count;
}

bool vm_mmio_access(struct vm_mmio_bus *bus, uint64_t gpa, uint8_t size, bool is_read,
		    uint64_t *value)
{
	uint32_t i = mmio_index(bus, gpa);
	struct vm_mmio_range *r = &bus->range[i];

	if (i == bus->count || size > r->size - (gpa - r->base)) {
		return false;
	}
	r->accesses++;
	r->access(r->device, gpa - r->base, size, is_read, value);
	return true;
}

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

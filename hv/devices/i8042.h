/* SPDX-License-Identifier: MIT */
/*
 * The PS/2 controller (Intel 8042) as far as a guest needs it without a
 * keyboard or mouse: the data port 0x60 and the status/command port 0x64,
 * the controller's own commands (read/write the command byte, self-test,
 * interface tests, enable/disable the ports, write the output port) so that
 * Linux's i8042 probe finds a controller with nothing behind it and moves
 * on, and the reset line: command 0xFE (pulse output line 0) or an output
 * port written with bit 0 clear resets the system, which the VM's `reset`
 * callback turns into a stop (docs/vmx.md).  Bytes sent to a device behind
 * the controller get no answer, as with an empty socket.  Portable: no
 * firmware headers.
 */
#ifndef VMANHV_HV_DEVICES_I8042_H
#define VMANHV_HV_DEVICES_I8042_H

#include <stdbool.h>
#include <stdint.h>

#define I8042_DATA_PORT		0x60U
#define I8042_COMMAND_PORT	0x64U

typedef void (*i8042_reset_fn)(void *ctx, uint8_t command);

struct i8042 {
	uint8_t command_byte;		/* "controller configuration byte" */
	uint8_t output;			/* the byte waiting in the output buffer */
	bool output_full;
	uint8_t pending;		/* a command waiting for its data byte, or 0 */
	uint8_t output_port;
	bool last_write_command;	/* status bit 3: the last write went to port 0x64 */
	i8042_reset_fn reset;
	void *ctx;
	uint64_t resets;		/* counter (style rule 19) */
};

void i8042_init(struct i8042 *kbc, i8042_reset_fn reset, void *ctx);
/* vm_io_fn (hv/vm_io.h) for port 0x60 and for port 0x64: `device` is the struct i8042. */
void i8042_data_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value);
void i8042_command_io(void *device, uint16_t offset, uint8_t size, bool is_read,
		      uint32_t *value);

#endif

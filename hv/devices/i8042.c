/* SPDX-License-Identifier: MIT */
/*
 * The 8042 controller (hv/devices/i8042.h).  Command set and status bits as
 * in the IBM PC/AT Technical Reference, "Keyboard controller", and the
 * commands Linux's drivers/input/serio/i8042.c issues: 0x20/0x60 (read/write
 * the command byte), 0xAA (self-test, 0x55), 0xAB/0xA9 (interface tests, 0
 * = no error), 0xAD/0xAE and 0xA7/0xA8 (disable/enable the ports), 0xD0/0xD1
 * (read/write the output port), 0xFE (pulse the reset line).
 */
#include <string.h>

#include "hv/devices/i8042.h"

#define STATUS_OUTPUT_FULL	0x01U
#define STATUS_SYSTEM		0x04U	/* self-test passed since power-on */
#define STATUS_LAST_COMMAND	0x08U	/* the last write went to port 0x64 */
#define CB_KBD_INTERRUPT	0x01U
#define CB_SYSTEM		0x04U
#define CB_KBD_DISABLED		0x10U
#define CB_AUX_DISABLED		0x20U
#define CB_TRANSLATE		0x40U
#define OUTPUT_PORT_RESET	0x01U	/* 0 = hold the CPU in reset */
#define OUTPUT_PORT_A20		0x02U

enum i8042_command {
	CMD_READ_COMMAND_BYTE = 0x20,
	CMD_WRITE_COMMAND_BYTE = 0x60,
	CMD_AUX_DISABLE = 0xA7,
	CMD_AUX_ENABLE = 0xA8,
	CMD_AUX_TEST = 0xA9,
	CMD_SELF_TEST = 0xAA,
	CMD_KBD_TEST = 0xAB,
	CMD_KBD_DISABLE = 0xAD,
	CMD_KBD_ENABLE = 0xAE,
	CMD_READ_OUTPUT_PORT = 0xD0,
	CMD_WRITE_OUTPUT_PORT = 0xD1,
	CMD_PULSE_RESET = 0xFE,
};

void i8042_init(struct i8042 *kbc, i8042_reset_fn reset, void *ctx)
{
	memset(kbc, 0, sizeof(*kbc));
	kbc->command_byte = CB_KBD_INTERRUPT | CB_SYSTEM | CB_TRANSLATE;
	kbc->output_port = OUTPUT_PORT_RESET | OUTPUT_PORT_A20;
	kbc->reset = reset;
	kbc->ctx = ctx;
}

static void reply(struct i8042 *kbc, uint8_t byte)
{
	kbc->output = byte;
	kbc->output_full = true;
}

static void reset_system(struct i8042 *kbc, uint8_t command)
{
	kbc->resets++;
	kbc->reset(kbc->ctx, command);
}

static void command(struct i8042 *kbc, uint8_t cmd)
{
	switch (cmd) {
	case CMD_READ_COMMAND_BYTE:
		reply(kbc, kbc->command_byte);
		break;
	case CMD_WRITE_COMMAND_BYTE:
	case CMD_WRITE_OUTPUT_PORT:
		kbc->pending = cmd;	/* the data byte follows on port 0x60 */
		break;
	case CMD_SELF_TEST:
		reply(kbc, 0x55);
		break;
	case CMD_KBD_TEST:
	case CMD_AUX_TEST:
		reply(kbc, 0x00);
		break;
	case CMD_KBD_DISABLE:
		kbc->command_byte |= CB_KBD_DISABLED;
		break;
	case CMD_KBD_ENABLE:
		kbc->command_byte &= (uint8_t)~CB_KBD_DISABLED;
		break;
	case CMD_AUX_DISABLE:
		kbc->command_byte |= CB_AUX_DISABLED;
		break;
	case CMD_AUX_ENABLE:
		kbc->command_byte &= (uint8_t)~CB_AUX_DISABLED;
		break;
	case CMD_READ_OUTPUT_PORT:
		reply(kbc, kbc->output_port);
		break;
	case CMD_PULSE_RESET:
		reset_system(kbc, cmd);
		break;
	default:
		break;		/* other commands (0xF0-0xFD pulse no line that matters) do nothing */
	}
}

static void data_write(struct i8042 *kbc, uint8_t byte)
{
	uint8_t cmd = kbc->pending;

	kbc->pending = 0;
	if (cmd == CMD_WRITE_COMMAND_BYTE) {
		kbc->command_byte = byte;
	} else if (cmd == CMD_WRITE_OUTPUT_PORT) {
		kbc->output_port = byte;
		if (!(byte & OUTPUT_PORT_RESET)) {
			reset_system(kbc, cmd);
		}
	}
	/* Otherwise a byte for the keyboard: nothing is plugged in, no answer. */
}

void i8042_data_io(void *device, uint16_t offset, uint8_t size, bool is_read, uint32_t *value)
{
	struct i8042 *kbc = device;

	if (is_read) {
		*value = kbc->output;
		kbc->output_full = false;
		return;
	}
	kbc->last_write_command = false;
	data_write(kbc, (uint8_t)*value);
}

void i8042_command_io(void *device, uint16_t offset, uint8_t size, bool is_read,
		      uint32_t *value)
{
	struct i8042 *kbc = device;

	if (is_read) {
		*value = (kbc->output_full ? STATUS_OUTPUT_FULL : 0U) | STATUS_SYSTEM |
			 (kbc->last_write_command ? STATUS_LAST_COMMAND : 0U);
		return;
	}
	kbc->last_write_command = true;
	kbc->pending = 0;
	command(kbc, (uint8_t)*value);
}

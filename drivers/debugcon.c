/* SPDX-License-Identifier: MIT */
/*
 * Port 0xE9: Bochs's port_e9_hack and QEMU's -debugcon print every byte
 * written there.  It needs no set-up, so it is the earliest console.
 */
#include "drivers/debugcon.h"
#include "arch/x86_64/cpu.h"

#define DEBUGCON_PORT	0xE9U

void debugcon_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		outb(DEBUGCON_PORT, (uint8_t)buf[i]);
	}
}

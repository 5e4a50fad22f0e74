/* SPDX-License-Identifier: MIT */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"

#define BOCHS_SHUTDOWN_PORT	0x8900U
#define QEMU_DEBUG_EXIT_PORT	0xF4U
/* QEMU exits with (value << 1) | 1 = 33: a status no crash produces. */
#define QEMU_DEBUG_EXIT_VALUE	0x10U

void platform_exit_emulator(void)
{
	static const char shutdown[] = "Shutdown";

	for (const char *p = shutdown; *p != '\0'; p++) {
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*p);
	}
	outb(QEMU_DEBUG_EXIT_PORT, QEMU_DEBUG_EXIT_VALUE);
	cpu_halt_forever();
}

/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_ARCH_PLATFORM_H
#define VMANHV_ARCH_PLATFORM_H

/*
 * End the emulator we run in (the `exit` boot option): Bochs's shutdown
 * port and QEMU's isa-debug-exit.  On real hardware neither exists and the
 * CPU halts.
 */
void platform_exit_emulator(void) __attribute__((noreturn));

#endif

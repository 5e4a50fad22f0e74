/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_ARCH_SMP_H
#define VMANHV_ARCH_SMP_H

#include <stdint.h>

#include "arch/x86_64/acpi.h"

/* Called on each CPU, BSP included, once its tables are loaded. */
typedef void (*cpu_online_fn)(uint32_t index);

/*
 * Start every enabled processor the MADT lists with INIT-SIPI-SIPI, one at
 * a time.  Returns how many CPUs are online, the BSP included.
 */
uint32_t smp_start_aps(const struct madt_info *madt, uint32_t bsp_apic_id, cpu_online_fn online);
uint32_t smp_cpu_count(void);
/* Ask CPU `index` to run a command (percpu.command) and wake it with an IPI. */
void smp_send_command(uint32_t index, int command);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The management loop on the BSP: poll the network, run lwIP's timers,
 * sleep until the next interrupt.  The NIC is polled (docs/network.md), so
 * a one-shot timer re-armed every round guarantees a wake-up at least every
 * MGMT_TICK_US even when no other interrupt comes.
 */
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "boot/cmdline.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "mgmt/http/http_service.h"
#include "mgmt/job_driver.h"
#include "mgmt/mgmt_loop.h"
#include "mgmt/store/persist.h"
#include "mgmt/net/net.h"

/* 10 ms: a ping answered within a tick, well inside TCP's 200 ms delayed ACK. */
#define MGMT_TICK_US		10000U
/* `exit=net`: how long DHCP may take before the emulator is ended anyway. */
#define NET_EXIT_WAIT_US	60000000U

static struct timer tick;

static void tick_fired(struct timer *t)
{
	/* Nothing to do: the interrupt has already ended the loop's hlt. */
	(void)t;
}

/*
 * Sleep until an interrupt.  The check of the tick and the sleep must not
 * be split by the tick firing, or the hlt could wait forever: interrupts
 * stay off between them, and "sti; hlt" opens them only as the CPU halts
 * (SDM Vol. 2B, STI: the interrupt shadow).
 */
static void wait_for_interrupt(void)
{
	irq_disable();
	if (!tick.armed) {
		timer_arm(&tick, MGMT_TICK_US, tick_fired);
	}
	cpu_idle();
}

bool mgmt_exit_waits_for_net(const char *cmdline)
{
	char value[8];

	return cmdline_value(cmdline, "exit", value, sizeof(value)) && strcmp(value, "net") == 0;
}

static __attribute__((noreturn)) void exit_emulator(void)
{
	console_flush();
	platform_exit_emulator();
}

void mgmt_loop_run(const char *cmdline)
{
	bool exit_when_up = mgmt_exit_waits_for_net(cmdline);
	uint64_t give_up_at = clock_now_us() + NET_EXIT_WAIT_US;
	bool http_started = false;

	if (net_init(cmdline) != 0 && exit_when_up) {
		exit_emulator();
	}
	job_driver_start();
	for (;;) {
		bool busy = net_poll();

		job_driver_poll();

		if (exit_when_up && net_address_known()) {
			exit_emulator();
		}
		if (exit_when_up && clock_now_us() >= give_up_at) {
			hv_log("net: no address after %u s; exiting\n", NET_EXIT_WAIT_US / 1000000U);
			exit_emulator();
		}
		if (!http_started && net_address_known()) {
			/* The certificate names the address: start once it is known. */
			http_started = true;
			(void)http_service_start(cmdline);
		}
		persist_watch(clock_now_us());	/* VMs that started or stopped: docs/store.md */
		if (!busy) {
			wait_for_interrupt();
		}
	}
}

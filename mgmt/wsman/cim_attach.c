/* SPDX-License-Identifier: MIT */
/*
 * The firmware's CIM operations: the profiles' registry on the hypervisor
 * clock.  wsman_endpoint_init() calls this when it is linked.
 */
#include "hv/clock.h"
#include "mgmt/profiles/registry.h"
#include "mgmt/wsman/cim_ops.h"

static struct wsman_cim_state cim_state;

static uint64_t attach_now_ms(void)
{
	return clock_now_us() / 1000U;
}

void wsman_cim_attach(struct wsman_endpoint *ep);

void wsman_cim_attach(struct wsman_endpoint *ep)
{
	wsman_cim_enable(ep, &cim_state, &profiles_registry, attach_now_ms);
}

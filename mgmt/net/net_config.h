/* SPDX-License-Identifier: MIT */
/*
 * How the management interface gets its address, from the firmware command
 * line (docs/console.md): `ip=ADDR/PREFIX` with an optional `gw=ADDR` sets
 * it statically; without `ip=`, DHCP.  Parsing only, no lwIP and no
 * hardware, so the host unit tests can feed it any string.
 */
#ifndef VMANHV_MGMT_NET_CONFIG_H
#define VMANHV_MGMT_NET_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

struct net_config {
	bool is_static;
	/* Host byte order: 10.0.2.15 is 0x0A00020F.  gateway 0: none. */
	uint32_t address;
	uint32_t prefix_len;
	uint32_t gateway;
};

/*
 * Fill *out from `ip=` and `gw=`.  0, or -EINVAL with *why naming the
 * fault (a static string); *out then asks for DHCP.
 */
int net_config_parse(const char *cmdline, struct net_config *out, const char **why);

/* The netmask of a prefix length of 0-32, host byte order. */
uint32_t net_prefix_to_mask(uint32_t prefix_len);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The management interface: the first supported NIC, one lwIP netif on it,
 * an address from DHCP (lwIP's client) or from `ip=`/`gw=`, and the
 * `net:` console lines of docs/console.md.
 */
#include <errno.h>
#include <stdio.h>

#include <lwip/dhcp.h>
#include <lwip/ip4_addr.h>
#include <lwip/netif.h>
#include <lwip/timeouts.h>
#include <netif/ethernet.h>

#include "drivers/e1000.h"
#include "drivers/pci.h"
#include "hv/log.h"
#include "mgmt/net/e1000_netif.h"
#include "mgmt/net/net.h"
#include "mgmt/net/net_config.h"

/* DHCP option 12 (RFC 2132 3.14): how the operator's DHCP server lists us. */
#define NET_HOSTNAME	"vmanhv"

/* Set up once by net_init(); afterwards only the management loop touches it. */
static struct {
	bool running;
	bool address_known;
	ip4_addr_t announced;		/* the address of the last `net: ... up` line */
	struct e1000 nic;
	struct netif netif;
} net;

static const struct pci_device *find_nic(const char **model)
{
	for (const struct pci_device *d = pci_next(NULL); d != NULL; d = pci_next(d)) {
		if (e1000_supports(d, model)) {
			return d;
		}
	}
	return NULL;
}

/* Contiguous netmask to prefix length (lwIP validated it, or it came from a prefix). */
static uint32_t prefix_len(const ip4_addr_t *netmask)
{
	uint32_t mask = lwip_ntohl(ip4_addr_get_u32(netmask));

	return mask == 0U ? 0U : 32U - (uint32_t)__builtin_ctz(mask);
}

/* `net: e1000 52:54:00:12:34:56 up, 10.0.2.15/24 gw 10.0.2.2 (dhcp)` */
static void announce(struct netif *netif)
{
	const uint8_t *m = netif->hwaddr;
	char addr[IP4ADDR_STRLEN_MAX], gw[IP4ADDR_STRLEN_MAX] = "none";

	ip4addr_ntoa_r(netif_ip4_addr(netif), addr, sizeof(addr));
	if (!ip4_addr_isany(netif_ip4_gw(netif))) {
		ip4addr_ntoa_r(netif_ip4_gw(netif), gw, sizeof(gw));
	}
	hv_log("net: e1000 %02x:%02x:%02x:%02x:%02x:%02x up, %s/%u gw %s (%s)\n", m[0], m[1],
	       m[2], m[3], m[4], m[5], addr, prefix_len(netif_ip4_netmask(netif)), gw,
	       dhcp_supplied_address(netif) ? "dhcp" : "static");
}

/* lwIP's status callback: the interface went up or down or changed address. */
static void status_changed(struct netif *netif)
{
	const ip4_addr_t *addr = netif_ip4_addr(netif);

	if (!netif_is_up(netif) || ip4_addr_isany(addr)) {
		net.address_known = false;
		return;
	}
	if (net.address_known && ip4_addr_cmp(addr, &net.announced)) {
		return;
	}
	ip4_addr_copy(net.announced, *addr);
	net.address_known = true;
	announce(netif);
}

/* Once the address is known, the cable matters to the operator. */
static void link_changed(struct netif *netif)
{
	if (net.address_known) {
		hv_log("net: link %s\n", netif_is_link_up(netif) ? "up" : "down");
	}
}

static void add_interface(const struct net_config *cfg)
{
	ip4_addr_t addr, mask, gw;

	ip4_addr_set_u32(&addr, lwip_htonl(cfg->address));
	ip4_addr_set_u32(&mask, lwip_htonl(net_prefix_to_mask(cfg->prefix_len)));
	ip4_addr_set_u32(&gw, lwip_htonl(cfg->gateway));
	/* ethernet_input as the input function: NO_SYS, frames are handled in the caller. */
	netif_add(&net.netif, &addr, &mask, &gw, &net.nic, e1000_netif_init, ethernet_input);
	netif_set_hostname(&net.netif, NET_HOSTNAME);
	netif_set_status_callback(&net.netif, status_changed);
	netif_set_link_callback(&net.netif, link_changed);
	netif_set_default(&net.netif);
	netif_set_up(&net.netif);
}

static void read_config(const char *cmdline, struct net_config *cfg)
{
	const char *why = "";

	if (net_config_parse(cmdline, cfg, &why) != 0) {
		hv_log("net: %s; using DHCP\n", why);
	}
}

int net_init(const char *cmdline)
{
	struct net_config cfg;
	const char *model = "";
	const struct pci_device *pdev = find_nic(&model);
	int err;

	if (pdev == NULL) {
		hv_log("net: no supported network interface: management network off\n");
		return -ENODEV;
	}
	err = e1000_probe(&net.nic, pdev);
	if (err != 0) {
		hv_log("net: e1000 (%s) at %02x:%02x.%x failed to start (%d): "
		       "management network off\n", model, pdev->bus, pdev->dev, pdev->fn, err);
		return err;
	}
	read_config(cmdline, &cfg);
	add_interface(&cfg);
	net.running = true;
	if (!cfg.is_static && dhcp_start(&net.netif) != ERR_OK) {
		hv_log("net: DHCP could not start (out of memory)\n");
		return -ENOMEM;
	}
	return 0;
}

bool net_poll(void)
{
	unsigned int frames;

	if (!net.running) {
		return false;
	}
	frames = e1000_netif_poll(&net.netif);
	sys_check_timeouts();
	return frames > 0U;
}

bool net_address_known(void)
{
	return net.address_known;
}

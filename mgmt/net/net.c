/* SPDX-License-Identifier: MIT */
/*
 * The management interface: the first NIC that starts (e1000 or virtio-net,
 * in PCI order; one that fails is reported and skipped), one lwIP netif on it,
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
#include "drivers/virtio_net.h"
#include "hv/log.h"
#include "mgmt/net/e1000_netif.h"
#include "mgmt/net/net.h"
#include "mgmt/net/net_config.h"
#include "mgmt/net/virtio_netif.h"

/* DHCP option 12 (RFC 2132 3.14): how the operator's DHCP server lists us. */
#define NET_HOSTNAME	"vmanhv"

/* A NIC driver as the interface sees it: probe, lwIP glue, poll. */
struct nic_driver {
	const char *name;		/* in the console lines */
	bool (*supports_fn)(const struct pci_device *pdev, const char **model);
	/* 0, or -errno with *why saying more ("" when the errno says it all). */
	int (*start_fn)(const struct pci_device *pdev, const char **why);
	netif_init_fn netif_init_fn;
	unsigned int (*poll_fn)(struct netif *netif);
};

/* Set up once by net_init(); afterwards only the management loop touches it. */
static struct {
	bool running;
	bool address_known;
	ip4_addr_t announced;		/* the address of the last `net: ... up` line */
	const struct nic_driver *driver;
	union {
		struct e1000 e1000;
		struct virtio_net virtio;
	} nic;
	struct netif netif;
} net;

static int e1000_start(const struct pci_device *pdev, const char **why)
{
	*why = "";
	return e1000_probe(&net.nic.e1000, pdev);
}

static int virtio_net_start(const struct pci_device *pdev, const char **why)
{
	int err = virtio_net_probe(&net.nic.virtio, pdev);

	*why = net.nic.virtio.vp.error != NULL ? net.nic.virtio.vp.error : "";
	return err;
}

static const struct nic_driver nic_drivers[] = {
	{ "e1000", e1000_supports, e1000_start, e1000_netif_init, e1000_netif_poll },
	{ "virtio-net", virtio_net_supports, virtio_net_start, virtio_netif_init,
	  virtio_netif_poll },
};

/* The driver for a function, or NULL. */
static const struct nic_driver *driver_for(const struct pci_device *d, const char **model)
{
	for (size_t i = 0; i < sizeof(nic_drivers) / sizeof(nic_drivers[0]); i++) {
		if (nic_drivers[i].supports_fn(d, model)) {
			return &nic_drivers[i];
		}
	}
	return NULL;
}

/*
 * The first NIC in PCI order that starts; one that fails is reported and
 * skipped, so a broken or unusable device cannot keep a good one idle.
 * 0, -ENODEV when there is none (*tried 0), or the last driver's error.
 */
static int start_nic(uint32_t *tried)
{
	int err = -ENODEV;

	for (const struct pci_device *d = pci_next(NULL); d != NULL; d = pci_next(d)) {
		const char *model = "", *why = "";
		const struct nic_driver *drv = driver_for(d, &model);

		if (drv == NULL) {
			continue;
		}
		(*tried)++;
		err = drv->start_fn(d, &why);
		if (err == 0) {
			net.driver = drv;
			return 0;
		}
		hv_log("net: %s (%s) at %02x:%02x.%x failed to start (%d)%s%s; skipped\n",
		       drv->name, model, d->bus, d->dev, d->fn, err, *why ? ": " : "", why);
	}
	return err;
}

/* Contiguous netmask to prefix length (lwIP validated it, or it came from a prefix). */
static uint32_t prefix_len(const ip4_addr_t *netmask)
{
	uint32_t mask = lwip_ntohl(ip4_addr_get_u32(netmask));

	return mask == 0U ? 0U : 32U - (uint32_t)__builtin_ctz(mask);
}

/* `net: virtio-net 52:54:00:12:34:56 up, 10.0.2.15/24 gw 10.0.2.2 (dhcp)` */
static void announce(struct netif *netif)
{
	const uint8_t *m = netif->hwaddr;
	char addr[IP4ADDR_STRLEN_MAX], gw[IP4ADDR_STRLEN_MAX] = "none";

	ip4addr_ntoa_r(netif_ip4_addr(netif), addr, sizeof(addr));
	if (!ip4_addr_isany(netif_ip4_gw(netif))) {
		ip4addr_ntoa_r(netif_ip4_gw(netif), gw, sizeof(gw));
	}
	hv_log("net: %s %02x:%02x:%02x:%02x:%02x:%02x up, %s/%u gw %s (%s)\n", net.driver->name,
	       m[0], m[1], m[2], m[3], m[4], m[5], addr, prefix_len(netif_ip4_netmask(netif)),
	       gw, dhcp_supplied_address(netif) ? "dhcp" : "static");
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
	netif_add(&net.netif, &addr, &mask, &gw, &net.nic, net.driver->netif_init_fn,
		  ethernet_input);
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
	uint32_t tried = 0;
	int err = start_nic(&tried);

	if (tried == 0U) {
		hv_log("net: no supported network interface: management network off\n");
		return err;
	}
	if (err != 0) {
		hv_log("net: no network interface started: management network off\n");
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
	frames = net.driver->poll_fn(&net.netif);
	sys_check_timeouts();
	return frames > 0U;
}

bool net_address_known(void)
{
	return net.address_known;
}

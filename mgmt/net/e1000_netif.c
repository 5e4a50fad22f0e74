/* SPDX-License-Identifier: MIT */
/*
 * lwIP glue for the e1000: frames are copied between the driver's DMA
 * buffers and pbufs, so lwIP never hands the device a pointer and the
 * device never writes into lwIP's memory.  At management-plane rates the
 * copy costs nothing that matters and keeps ownership simple.
 */
#include <string.h>

#include <lwip/etharp.h>
#include <lwip/pbuf.h>
#include <lwip/stats.h>
#include <netif/ethernet.h>

#include "drivers/e1000.h"
#include "mgmt/net/e1000_netif.h"

/* Frames per poll: a flood cannot keep the loop from lwIP's timers. */
#define RX_BUDGET	32U
#define ETH_MTU		1500U

static err_t e1000_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct e1000 *nic = netif->state;
	uint8_t *buf;

	if (p->tot_len > E1000_FRAME_MAX) {
		LINK_STATS_INC(link.lenerr);
		return ERR_BUF;
	}
	buf = e1000_tx_buffer(nic);
	if (buf == NULL) {
		/* Every descriptor is in flight: drop, as a busy wire would. */
		LINK_STATS_INC(link.memerr);
		return ERR_MEM;
	}
	if (pbuf_copy_partial(p, buf, p->tot_len, 0) != p->tot_len ||
	    e1000_tx_send(nic, p->tot_len) != 0) {
		LINK_STATS_INC(link.err);
		return ERR_IF;
	}
	LINK_STATS_INC(link.xmit);
	return ERR_OK;
}

err_t e1000_netif_init(struct netif *netif)
{
	struct e1000 *nic = netif->state;

	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->output = etharp_output;
	netif->linkoutput = e1000_linkoutput;
	netif->mtu = ETH_MTU;
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, nic->mac, ETH_HWADDR_LEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	if (e1000_link_up(nic)) {
		netif->flags |= NETIF_FLAG_LINK_UP;
	}
	return ERR_OK;
}

/* One frame from the ring into a pool pbuf and up the stack; dropped when the pool is dry. */
static void receive_frame(struct netif *netif, const uint8_t *frame, size_t len)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);

	if (p == NULL) {
		LINK_STATS_INC(link.memerr);
		LINK_STATS_INC(link.drop);
		return;
	}
	(void)pbuf_take(p, frame, (u16_t)len);	/* cannot fail: p holds len bytes */
	LINK_STATS_INC(link.recv);
	if (netif->input(p, netif) != ERR_OK) {
		pbuf_free(p);
	}
}

static void follow_link(struct netif *netif, const struct e1000 *nic)
{
	bool up = e1000_link_up(nic);

	if (up && !netif_is_link_up(netif)) {
		netif_set_link_up(netif);
	} else if (!up && netif_is_link_up(netif)) {
		netif_set_link_down(netif);
	}
}

unsigned int e1000_netif_poll(struct netif *netif)
{
	struct e1000 *nic = netif->state;
	unsigned int frames = 0;

	for (; frames < RX_BUDGET; frames++) {
		size_t len;
		const uint8_t *frame = e1000_rx_peek(nic, &len);

		if (frame == NULL) {
			break;
		}
		/* len <= E1000_FRAME_MAX, checked by the driver against its buffer. */
		receive_frame(netif, frame, len);
		e1000_rx_done(nic);
	}
	follow_link(netif, nic);
	return frames;
}

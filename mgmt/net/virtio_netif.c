/* SPDX-License-Identifier: MIT */
/*
 * lwIP glue for virtio-net: frames are copied between the driver's DMA
 * buffers and pbufs, as for the e1000 (docs/network.md), so lwIP never
 * hands the device a pointer and the device never writes into lwIP's
 * memory.
 */
#include <string.h>

#include <lwip/etharp.h>
#include <lwip/pbuf.h>
#include <lwip/stats.h>
#include <netif/ethernet.h>

#include "drivers/virtio_net.h"
#include "mgmt/net/virtio_netif.h"

/* Frames per poll: a flood cannot keep the loop from lwIP's timers. */
#define RX_BUDGET	32U
#define ETH_MTU		1500U

static err_t virtio_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct virtio_net *nic = netif->state;
	uint8_t *buf;

	if (p->tot_len > VIRTIO_NET_FRAME_MAX) {
		LINK_STATS_INC(link.lenerr);
		return ERR_BUF;
	}
	buf = virtio_net_tx_buffer(nic);
	if (buf == NULL) {
		/* Every buffer is with the device: drop, as a busy wire would. */
		LINK_STATS_INC(link.memerr);
		return ERR_MEM;
	}
	if (pbuf_copy_partial(p, buf, p->tot_len, 0) != p->tot_len ||
	    virtio_net_tx_send(nic, p->tot_len) != 0) {
		LINK_STATS_INC(link.err);
		return ERR_IF;
	}
	LINK_STATS_INC(link.xmit);
	return ERR_OK;
}

err_t virtio_netif_init(struct netif *netif)
{
	struct virtio_net *nic = netif->state;

	netif->name[0] = 'v';
	netif->name[1] = 'n';
	netif->output = etharp_output;
	netif->linkoutput = virtio_linkoutput;
	netif->mtu = ETH_MTU;
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, nic->mac, ETH_HWADDR_LEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	if (virtio_net_link_up(nic)) {
		netif->flags |= NETIF_FLAG_LINK_UP;
	}
	return ERR_OK;
}

/* One frame into a pool pbuf and up the stack; dropped when the pool is dry. */
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

static void follow_link(struct netif *netif, struct virtio_net *nic)
{
	bool up = virtio_net_link_up(nic);

	if (up && !netif_is_link_up(netif)) {
		netif_set_link_up(netif);
	} else if (!up && netif_is_link_up(netif)) {
		netif_set_link_down(netif);
	}
}

unsigned int virtio_netif_poll(struct netif *netif)
{
	struct virtio_net *nic = netif->state;
	unsigned int frames = 0;

	for (; frames < RX_BUDGET; frames++) {
		size_t len;
		const uint8_t *frame = virtio_net_rx_peek(nic, &len);

		if (frame == NULL) {
			break;
		}
		/* len <= VIRTIO_NET_FRAME_MAX, checked by the driver against its buffer. */
		receive_frame(netif, frame, len);
		virtio_net_rx_done(nic);
	}
	/* One doorbell for every buffer given back in this round. */
	virtio_net_rx_flush(nic);
	follow_link(netif, nic);
	return frames;
}

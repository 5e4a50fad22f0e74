/*
 * lwIP 2.1.3 options for vmanhv's management plane (see lwip/opt.h for every
 * option and its default; docs/dependencies.md for how lwIP is built).
 *
 * Runtime model (DESIGN.md section 4): CPU 0 runs lwIP in one event loop with
 * the raw/altcp API, so there is no OS layer (NO_SYS) and no locking: lwIP is
 * never called from interrupt handlers or from another CPU. The loop calls
 * sys_check_timeouts(); the firmware provides sys_now() (milliseconds).
 *
 * Changing this file changes the cache key of the lwIP build only: the next
 * `make` rebuilds liblwip.a and nothing else.
 */
#ifndef VMANHV_LWIPOPTS_H
#define VMANHV_LWIPOPTS_H

/* ---- System model ---- */
#define NO_SYS                          1	/* event loop, no threads */
#define LWIP_TIMERS                     1	/* lwIP's timeouts, driven by sys_now() */
#define SYS_LIGHTWEIGHT_PROT            0	/* single context: nothing to protect */
#define LWIP_NETCONN                    0	/* sequential API needs threads */
#define LWIP_SOCKET                     0	/* likewise */

/* ---- Memory ----
 * Everything lwIP allocates comes from fixed pools and one fixed heap, so a
 * flood of clients degrades into refused connections and ERR_MEM, never into
 * exhausting the firmware's heap. */
#define MEM_LIBC_MALLOC                 0	/* lwIP's own bounded heap, not newlib's */
#define MEMP_MEM_MALLOC                 0	/* pools are static arrays */
#define MEM_ALIGNMENT                   8	/* x86_64: keep u64_t fields aligned */
/* The heap holds PBUF_RAM buffers: every byte an HTTP/TLS connection queues for
 * sending is copied here until acknowledged (TCP_SND_BUF per connection).
 * 192 KiB covers the server's 16 connections (HTTP_CONN_MAX) with full
 * send buffers at once (16 x 11,680 bytes = 182.5 KiB) plus a few control
 * segments; beyond that tcp_write() returns ERR_MEM and the server retries
 * from its sent and poll callbacks.  It was 256 KiB, room for twenty: the
 * difference is the management core's RAM margin (docs/bench.md). */
#define MEM_SIZE                        (192 * 1024)

/* ---- Interfaces: Ethernet, IPv4 ---- */
#define LWIP_ETHERNET                   1
#define LWIP_ARP                        1
#define ARP_TABLE_SIZE                  16	/* clients mostly come via a router; some on-link */
#define LWIP_IPV4                       1
#define LWIP_IPV6                       0
#define IP_REASSEMBLY                   1	/* defaults: a few fragmented datagrams */
#define IP_FRAG                         1
#define LWIP_ICMP                       1	/* echo replies: operators ping the host */
#define LWIP_RAW                        0	/* no raw-IP users */
#define LWIP_IGMP                       0
#define LWIP_AUTOIP                     0	/* DHCP or static configuration only */
#define LWIP_DHCP                       1
#define LWIP_DNS                        0	/* management needs no name lookups */
#define LWIP_NETIF_HOSTNAME             1	/* send our host name in DHCP (option 12) */
#define LWIP_NETIF_STATUS_CALLBACK      1	/* log and publish the DHCP lease */
#define LWIP_NETIF_LINK_CALLBACK        1	/* restart DHCP when the cable comes back */

/* ---- UDP: DHCP and SNTP ---- */
#define LWIP_UDP                        1
#define MEMP_NUM_UDP_PCB                4	/* DHCP client, SNTP client, two spare */

/* ---- TCP: HTTP on 5985 and HTTPS on 5986, dozens of clients ---- */
#define LWIP_TCP                        1
#define TCP_MSS                         1460	/* Ethernet MTU 1500 - 40 bytes of headers */
/* 8 segments in flight each way: a WS-Man envelope (typically 2-20 KiB) goes in
 * one or two round trips without window scaling. */
#define TCP_WND                         (8 * TCP_MSS)
#define TCP_SND_BUF                     (8 * TCP_MSS)
#define MEMP_NUM_TCP_PCB                32	/* concurrent connections, TIME_WAIT included */
#define MEMP_NUM_TCP_PCB_LISTEN         4	/* 5985, 5986, two spare (migration streams) */
/* Segments queued for sending, shared by all connections: eight connections
 * can each fill their TCP_SND_QUEUELEN (32 by default for this TCP_SND_BUF);
 * the rest wait for ERR_MEM retries. */
#define MEMP_NUM_TCP_SEG                256
#define MEMP_NUM_PBUF                   32	/* PBUF_REF/ROM for zero-copy sends of constant data */
#define TCP_QUEUE_OOSEQ                 1
/* Bound what one connection may hold out of order, so a lossy or hostile
 * client cannot take the whole receive pool from the others. */
#define TCP_OOSEQ_MAX_PBUFS             8
#define LWIP_TCP_KEEPALIVE              1	/* find clients that vanished without FIN */
#define SO_REUSE                        1	/* re-listen on 5985/5986 while old PCBs sit in TIME_WAIT */

/* ---- Receive buffers ----
 * 64 pool pbufs of one full frame each (about 100 KiB): the receive windows of
 * eight busy connections at once before the driver has to drop frames. */
#define PBUF_POOL_SIZE                  64

/* ---- altcp: the same HTTP code with and without TLS (mbedTLS) ---- */
#define LWIP_ALTCP                      1
#define LWIP_ALTCP_TLS                  1
#define LWIP_ALTCP_TLS_MBEDTLS          1
/* Each TLS connection stacks two altcp PCBs (TLS over TCP), listeners too. */
#define MEMP_NUM_ALTCP_PCB              (2 * (MEMP_NUM_TCP_PCB + MEMP_NUM_TCP_PCB_LISTEN))

/* ---- Timers ----
 * lwIP's own timers plus the applications' (SNTP's one, HTTP/jobs if they use
 * sys_timeout()). */
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)

/* ---- SNTP (apps/sntp) ---- */
#define LWIP_DHCP_GET_NTP_SRV           1	/* NTP servers from DHCP option 42 */
#define LWIP_DHCP_MAX_NTP_SERVERS       2
#define SNTP_MAX_SERVERS                LWIP_DHCP_MAX_NTP_SERVERS
#define SNTP_GET_SERVERS_FROM_DHCP      1
#define SNTP_SERVER_DNS                 0	/* addresses only: DNS is off */
#define SNTP_CHECK_RESPONSE             1	/* accept replies only from the server asked */
#include <stdint.h>
/* Provided by the firmware: SNTP hands over UTC as seconds since 1970 (the NTP
 * era is handled by lwIP) and microseconds. */
void vmanhv_wallclock_set(uint32_t unix_seconds, uint32_t microseconds);
#define SNTP_SET_SYSTEM_TIME_US(sec, us) vmanhv_wallclock_set((sec), (us))

/* ---- Statistics and debugging ---- */
#define LWIP_STATS                      1	/* counters for CIM statistics (lwip_stats) */
#define LWIP_STATS_DISPLAY              0
/* LWIP_DEBUG stays undefined: LWIP_DEBUGF compiles to nothing. Assertions stay
 * on (arch/cc.h). */

#endif /* VMANHV_LWIPOPTS_H */

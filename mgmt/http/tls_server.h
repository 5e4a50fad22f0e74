/* SPDX-License-Identifier: MIT */
/*
 * HTTPS through lwIP's altcp_tls_mbedtls (DESIGN.md section 3): the server
 * configuration (TLS 1.2 only, ECDHE-ECDSA with AES-GCM or
 * ChaCha20-Poly1305, no client certificates, the management core's
 * CTR-DRBG), and the few facts about a TLS connection that the HTTP
 * server needs to write to it safely.  Everything else about TLS stays
 * behind altcp: http_server.c reads and writes the same way on both ports.
 */
#ifndef VMANHV_MGMT_HTTP_TLS_SERVER_H
#define VMANHV_MGMT_HTTP_TLS_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "mgmt/http/rng.h"
#include "mgmt/http/tls_identity.h"

struct altcp_pcb;
struct altcp_tls_config;

/*
 * The configuration for altcp_tls_wrap()/altcp_tls_new(): id's key and
 * certificate (copied and parsed; id's key may be wiped afterwards), random
 * numbers from rng (which must outlive the configuration).  NULL when
 * lwIP or mbedTLS refuse the key, the certificate or an allocation.
 */
struct altcp_tls_config *tls_server_config_create(const struct tls_identity *id,
						  struct mgmt_rng *rng);

/*
 * The most application bytes one altcp_write() may pass on this
 * connection: one TLS record's payload.  altcp_tls_mbedtls in lwIP 2.1.3
 * asserts when mbedTLS takes less than a whole write.
 */
size_t tls_server_record_max(struct altcp_pcb *conn);

/*
 * True while mbedTLS holds an encrypted record that TCP has not taken (lwIP
 * was out of memory).  altcp_tls_mbedtls in lwIP 2.1.3 reports the write
 * that made it as done (the bytes are in the record) and flushes the
 * record from its sent and poll callbacks.  Meanwhile a new write would
 * only fail with ERR_MEM, and a close would cut the record off.
 * @pre conn is a TLS connection (altcp_tls_new/altcp_tls_wrap), as for
 * every function here that takes one.
 */
bool tls_server_output_pending(struct altcp_pcb *conn);

/*
 * Queue the close_notify alert (RFC 5246 7.2.1) so the client sees a clean
 * end rather than a truncation; a no-op before the handshake is over.
 */
void tls_server_close_notify(struct altcp_pcb *conn);

#endif

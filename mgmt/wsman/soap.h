/* SPDX-License-Identifier: MIT */
/*
 * The frame of every reply: the SOAP 1.2 envelope with the namespace
 * prefixes vmanhv writes, the WS-Addressing reply headers (DSP0226 5.4),
 * and fresh MessageIDs.  Replies (Identify, faults, and the WS-Transfer and
 * WS-Enumeration responses that come next) fill only their own body.
 */
#ifndef VMANHV_MGMT_WSMAN_SOAP_H
#define VMANHV_MGMT_WSMAN_SOAP_H

#include <stddef.h>
#include <stdint.h>

#include "mgmt/wsman/xml_writer.h"

/* RFC 3902 (SOAP 1.2 Part 2 7.1.4): the media type of every reply */
#define WSMAN_CONTENT_TYPE	"application/soap+xml;charset=UTF-8"

/* "uuid:" + 36 characters of RFC 4122 text + NUL */
#define WSMAN_MESSAGE_ID_SIZE	42U

/* The namespaces a reply may declare, each with the fixed prefix the
 * writers use in their element names ("s:Body", "wsa:Action", ...). */
enum wsman_xmlns {
	WSMAN_XMLNS_NONE = 0,
	WSMAN_XMLNS_SOAP,	/* s */
	WSMAN_XMLNS_WSA,	/* wsa */
	WSMAN_XMLNS_WSMAN,	/* wsman */
	WSMAN_XMLNS_WSMID,	/* wsmid */
	WSMAN_XMLNS_WXF,	/* wxf */
	WSMAN_XMLNS_WSEN,	/* wsen */
	WSMAN_XMLNS_WSE,	/* wse */
	WSMAN_XMLNS_WSMB,	/* wsmb */
	WSMAN_XMLNS_COUNT
};

#define WSMAN_XMLNS_BIT(ns)	(1U << (unsigned)(ns))

const char *wsman_xmlns_prefix(enum wsman_xmlns ns);
const char *wsman_xmlns_uri(enum wsman_xmlns ns);

/* A random-byte source with mbedTLS's f_rng signature: 0 on success. */
typedef int (*wsman_random_fn)(void *rng_ctx, unsigned char *out, size_t len);

/*
 * A new random (version 4, RFC 4122 4.4) UUID as "uuid:xxxxxxxx-...", the
 * form DSP0226 5.4.4 asks for wsa:MessageID.  0, or -EIO when rng fails.
 */
int wsman_message_id_new(char id[WSMAN_MESSAGE_ID_SIZE], wsman_random_fn rng, void *rng_ctx);

/* <s:Envelope> declaring s and each namespace in xmlns_mask (WSMAN_XMLNS_BIT). */
void soap_envelope_begin(struct xml_writer *w, uint32_t xmlns_mask);
void soap_header_begin(struct xml_writer *w);
/*
 * The reply's addressing headers: wsa:To anonymous, wsa:Action, and
 * wsa:MessageID / wsa:RelatesTo when not NULL.  The envelope must declare wsa.
 */
void soap_header_addressing(struct xml_writer *w, const char *action, const char *message_id,
			    const char *relates_to);
void soap_header_end(struct xml_writer *w);
void soap_body_begin(struct xml_writer *w);
/* </s:Body></s:Envelope> */
void soap_envelope_end(struct xml_writer *w);

#endif

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>

#include "mgmt/wsman/names.h"
#include "mgmt/wsman/soap.h"

struct xmlns_entry {
	const char *prefix;
	const char *attr;	/* "xmlns:<prefix>", spelt out: no formatting per reply */
	const char *uri;
};

/* The prefixes match openwsman's, which most WS-Man tooling prints. */
#define XMLNS(p, uri)	{ p, "xmlns:" p, uri }
static const struct xmlns_entry xmlns_table[WSMAN_XMLNS_COUNT] = {
	[WSMAN_XMLNS_NONE] = { "", "", "" },
	[WSMAN_XMLNS_SOAP] = XMLNS("s", WSMAN_NS_SOAP),
	[WSMAN_XMLNS_WSA] = XMLNS("wsa", WSMAN_NS_WSA),
	[WSMAN_XMLNS_WSMAN] = XMLNS("wsman", WSMAN_NS_WSMAN),
	[WSMAN_XMLNS_WSMID] = XMLNS("wsmid", WSMAN_NS_WSMID),
	[WSMAN_XMLNS_WXF] = XMLNS("wxf", WSMAN_NS_WXF),
	[WSMAN_XMLNS_WSEN] = XMLNS("wsen", WSMAN_NS_WSEN),
	[WSMAN_XMLNS_WSE] = XMLNS("wse", WSMAN_NS_WSE),
	[WSMAN_XMLNS_WSMB] = XMLNS("wsmb", WSMAN_NS_WSMB),
};

const char *wsman_xmlns_prefix(enum wsman_xmlns ns)
{
	return xmlns_table[ns].prefix;
}

const char *wsman_xmlns_uri(enum wsman_xmlns ns)
{
	return xmlns_table[ns].uri;
}

int wsman_message_id_new(char id[WSMAN_MESSAGE_ID_SIZE], wsman_random_fn rng, void *rng_ctx)
{
	unsigned char b[16];

	if (rng == NULL || rng(rng_ctx, b, sizeof(b)) != 0) {
		return -EIO;
	}
	b[6] = (unsigned char)((b[6] & 0x0FU) | 0x40U);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3FU) | 0x80U);	/* RFC 4122 variant */
	snprintf(id, WSMAN_MESSAGE_ID_SIZE,
		 "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
	return 0;
}

static void declare_xmlns(struct xml_writer *w, enum wsman_xmlns ns)
{
	xml_attr(w, xmlns_table[ns].attr, xmlns_table[ns].uri);
}

void soap_envelope_begin(struct xml_writer *w, uint32_t xmlns_mask)
{
	xml_open(w, "s:Envelope");
	declare_xmlns(w, WSMAN_XMLNS_SOAP);
	for (unsigned ns = WSMAN_XMLNS_SOAP + 1; ns < WSMAN_XMLNS_COUNT; ns++) {
		if ((xmlns_mask & WSMAN_XMLNS_BIT(ns)) != 0) {
			declare_xmlns(w, (enum wsman_xmlns)ns);
		}
	}
}

void soap_header_begin(struct xml_writer *w)
{
	xml_open(w, "s:Header");
}

void soap_header_addressing(struct xml_writer *w, const char *action, const char *message_id,
			    const char *relates_to)
{
	/* DSP0226 R5.3-1: wsa:To in every message; a reply goes back on the
	 * request's connection, the anonymous endpoint (R5.4.2-2). */
	xml_text_element(w, "wsa:To", WSMAN_WSA_ANONYMOUS);
	xml_text_element(w, "wsa:Action", action);
	if (message_id != NULL) {
		xml_text_element(w, "wsa:MessageID", message_id);
	}
	if (relates_to != NULL) {
		xml_text_element(w, "wsa:RelatesTo", relates_to);
	}
}

void soap_header_end(struct xml_writer *w)
{
	xml_close(w, "s:Header");
}

void soap_body_begin(struct xml_writer *w)
{
	xml_open(w, "s:Body");
}

void soap_envelope_end(struct xml_writer *w)
{
	xml_close(w, "s:Body");
	xml_close(w, "s:Envelope");
}

/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "hv/version.h"
#include "mgmt/wsman/identify.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/soap.h"

/* Digest on HTTP and HTTPS, Basic only over TLS (DESIGN.md section 6,
 * mgmt/http/auth.h); the list is the same on both listeners because it
 * describes the service, not the connection. */
static const char *const security_profiles[] = {
	WSMAN_SECPROFILE_HTTP_DIGEST,
	WSMAN_SECPROFILE_HTTPS_DIGEST,
	WSMAN_SECPROFILE_HTTPS_BASIC,
};

/* Room for the reply (about 800 octets with today's profiles). */
#define IDENTIFY_REPLY_MAX	2048U

static void identify_compose(struct xml_writer *w)
{
	soap_envelope_begin(w, WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSMID));
	soap_header_begin(w);
	soap_header_end(w);
	soap_body_begin(w);
	xml_open(w, "wsmid:IdentifyResponse");
	xml_text_element(w, "wsmid:ProtocolVersion", WSMAN_NS_WSMAN);
	xml_text_element(w, "wsmid:ProductVendor", WSMAN_PRODUCT_VENDOR);
	xml_text_element(w, "wsmid:ProductVersion", VMANHV_VERSION);
	xml_open(w, "wsmid:SecurityProfiles");
	for (size_t i = 0; i < sizeof(security_profiles) / sizeof(security_profiles[0]); i++) {
		xml_text_element(w, "wsmid:SecurityProfileName", security_profiles[i]);
	}
	xml_close(w, "wsmid:SecurityProfiles");
	xml_close(w, "wsmid:IdentifyResponse");
	soap_envelope_end(w);
}

/*
 * The reply echoes nothing of the request (DSP0226 11: no addressing), so
 * it is composed once and copied afterwards: composing it was about 10,000
 * instructions of every Identify (docs/bench.md).  Set once, then only
 * read: the management core answers one request at a time.
 */
static struct {
	size_t len;	/* 0: not composed yet */
	char xml[IDENTIFY_REPLY_MAX];
} reply;

static void identify_cache(void)
{
	struct http_buf buf = { .max = sizeof(reply.xml) };
	struct xml_writer w;

	xml_writer_init(&w, &buf, sizeof(reply.xml));
	identify_compose(&w);
	if (xml_writer_finish(&w) == 0) {
		memcpy(reply.xml, buf.data, buf.len);
		reply.len = buf.len;
	}
	free(buf.data);
}

void wsman_identify_write(struct xml_writer *w)
{
	if (reply.len == 0U) {
		identify_cache();
	}
	if (reply.len == 0U) {
		identify_compose(w);	/* no memory to compose it aside: straight out */
		return;
	}
	xml_markup(w, reply.xml, reply.len);
}

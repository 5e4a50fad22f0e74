/* SPDX-License-Identifier: MIT */
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

void wsman_identify_write(struct xml_writer *w)
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

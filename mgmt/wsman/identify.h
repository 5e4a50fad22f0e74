/* SPDX-License-Identifier: MIT */
/*
 * wsmid:Identify (DSP0226 clause 11): what a client learns about the
 * service before, or instead of, authenticating.
 */
#ifndef VMANHV_MGMT_WSMAN_IDENTIFY_H
#define VMANHV_MGMT_WSMAN_IDENTIFY_H

#include "mgmt/wsman/xml_writer.h"

#define WSMAN_PRODUCT_VENDOR	"vmanhv"

/*
 * The whole IdentifyResponse envelope: ProtocolVersion (DSP0226 1.x),
 * ProductVendor, ProductVersion (hv/version.h) and the security profiles
 * vmanhv serves (DSP0226 annex C).  Like the request, it carries no
 * WS-Addressing headers.
 */
void wsman_identify_write(struct xml_writer *w);

#endif

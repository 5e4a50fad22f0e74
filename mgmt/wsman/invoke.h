/* SPDX-License-Identifier: MIT */
/*
 * Invoke of extrinsic methods (DSP0226 clause 9, DSP0227 clause 9):
 * wsa:Action <class ResourceURI>/<Method>, the body <p:Method_INPUT
 * xmlns:p="<class URI>"> with one element per IN parameter (arrays
 * repeated, references as EPRs, embedded instances as WS-CIM XML, CIM-XML
 * text or MOF text), the reply <p:Method_OUTPUT> with the OUT parameters
 * (embedded instances as CIM-XML text) and ReturnValue, under wsa:Action
 * <request action>Response.
 */
#ifndef VMANHV_MGMT_WSMAN_INVOKE_H
#define VMANHV_MGMT_WSMAN_INVOKE_H

#include "mgmt/wsman/exchange.h"
#include "mgmt/wsman/transfer.h"

void wsman_invoke_operation(struct wsman_exchange *x) WSMAN_WRITE_SIDE;

#endif

/* SPDX-License-Identifier: MIT */
/*
 * WS-Transfer Put, Create and Delete on CIM instances (DSP0226 7.4-7.6,
 * DSP0227 clause 7), through the providers' put / create / delete hooks
 * (mgmt/cim/cim.h).  A provider without the hook makes its class answer
 * wsa:ActionNotSupported.
 */
#ifndef VMANHV_MGMT_WSMAN_TRANSFER_H
#define VMANHV_MGMT_WSMAN_TRANSFER_H

#include "mgmt/wsman/exchange.h"
#include "mgmt/wsman/names.h"

#define WSMAN_ACTION_URI_PUT_RESPONSE		WSMAN_NS_WXF "/PutResponse"
#define WSMAN_ACTION_URI_CREATE_RESPONSE	WSMAN_NS_WXF "/CreateResponse"
#define WSMAN_ACTION_URI_DELETE_RESPONSE	WSMAN_NS_WXF "/DeleteResponse"

/* Weak, as wsman_cim_attach() is (wsman.c): a program that links the read
 * side alone (cim_ops.c) answers these actions wsa:ActionNotSupported. */
#define WSMAN_WRITE_SIDE	__attribute__((weak))

void wsman_put_operation(struct wsman_exchange *x) WSMAN_WRITE_SIDE;
void wsman_create_operation(struct wsman_exchange *x) WSMAN_WRITE_SIDE;
void wsman_delete_operation(struct wsman_exchange *x) WSMAN_WRITE_SIDE;

#endif

/* SPDX-License-Identifier: MIT */
/* Namespace and action URIs (dmtf-profiles.md section 6; DSP0226, DSP0227). */
#ifndef VMANCTL_NAMES_H
#define VMANCTL_NAMES_H

#define NS_SOAP		"http://www.w3.org/2003/05/soap-envelope"
#define NS_WSA		"http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_WSMAN	"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define NS_WSEN		"http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define NS_WXF		"http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define NS_WSMB		"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd"
#define NS_WSMID	"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"
#define NS_XSI		"http://www.w3.org/2001/XMLSchema-instance"

#define WSA_ANONYMOUS	NS_WSA "/role/anonymous"
#define ACTION_GET	NS_WXF "/Get"
#define ACTION_ENUMERATE NS_WSEN "/Enumerate"
#define ACTION_PULL	NS_WSEN "/Pull"
#define ACTION_RELEASE	NS_WSEN "/Release"
#define DIALECT_ASSOCIATION \
	"http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter"

#define CIM_URI_PREFIX	"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
#define CIM_URI_ALL	"http://schemas.dmtf.org/wbem/wscim/1/*"

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The URIs WS-Management speaks in: XML namespaces, action URIs, fault
 * detail URIs and security profiles.  Every shipping WS-Man stack (WinRM,
 * openwsman, OpenPegasus) uses the DSP0226 1.x set with the 2004 member
 * submissions of WS-Addressing, WS-Transfer, WS-Enumeration and
 * WS-Eventing, so these are the only versions accepted.
 */
#ifndef VMANHV_MGMT_WSMAN_NAMES_H
#define VMANHV_MGMT_WSMAN_NAMES_H

/* Namespaces (DSP0226 clause 3 table 1; DSP0227 clause 3) */
#define WSMAN_NS_SOAP	"http://www.w3.org/2003/05/soap-envelope"
#define WSMAN_NS_WSA	"http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define WSMAN_NS_WSMAN	"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define WSMAN_NS_WSMID	"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"
#define WSMAN_NS_WXF	"http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define WSMAN_NS_WSEN	"http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define WSMAN_NS_WSE	"http://schemas.xmlsoap.org/ws/2004/08/eventing"
#define WSMAN_NS_WSMB	"http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd"
#define WSMAN_NS_XML	"http://www.w3.org/XML/1998/namespace"
/* SOAP 1.1: answered with env:VersionMismatch (SOAP 1.2 Part 1 5.4.7) */
#define WSMAN_NS_SOAP11	"http://schemas.xmlsoap.org/soap/envelope/"

/* SOAP 1.2 Part 1 5.2.2: the roles a header block may target that vmanhv plays */
#define WSMAN_SOAP_ROLE_NEXT	WSMAN_NS_SOAP "/role/next"
#define WSMAN_SOAP_ROLE_ULTIMATE	WSMAN_NS_SOAP "/role/ultimateReceiver"

/* WS-Addressing 2004/08 section 2.1: reply on the same connection */
#define WSMAN_WSA_ANONYMOUS	WSMAN_NS_WSA "/role/anonymous"

/* Actions (DSP0226 clauses 7-11) */
#define WSMAN_ACTION_URI_IDENTIFY	"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity/Identify"
#define WSMAN_ACTION_URI_GET		WSMAN_NS_WXF "/Get"
#define WSMAN_ACTION_URI_PUT		WSMAN_NS_WXF "/Put"
#define WSMAN_ACTION_URI_CREATE		WSMAN_NS_WXF "/Create"
#define WSMAN_ACTION_URI_DELETE		WSMAN_NS_WXF "/Delete"
#define WSMAN_ACTION_URI_ENUMERATE	WSMAN_NS_WSEN "/Enumerate"
#define WSMAN_ACTION_URI_PULL		WSMAN_NS_WSEN "/Pull"
#define WSMAN_ACTION_URI_RELEASE	WSMAN_NS_WSEN "/Release"
#define WSMAN_ACTION_URI_ENUM_RENEW	WSMAN_NS_WSEN "/Renew"
#define WSMAN_ACTION_URI_ENUM_STATUS	WSMAN_NS_WSEN "/GetStatus"
#define WSMAN_ACTION_URI_SUBSCRIBE	WSMAN_NS_WSE "/Subscribe"
#define WSMAN_ACTION_URI_UNSUBSCRIBE	WSMAN_NS_WSE "/Unsubscribe"
#define WSMAN_ACTION_URI_EVT_RENEW	WSMAN_NS_WSE "/Renew"
#define WSMAN_ACTION_URI_EVT_STATUS	WSMAN_NS_WSE "/GetStatus"

/* Fault actions (DSP0226 14.5; WS-Addressing 2004/08 section 4) */
#define WSMAN_FAULT_ACTION_WSMAN	"http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"
#define WSMAN_FAULT_ACTION_WSA		WSMAN_NS_WSA "/fault"
#define WSMAN_FAULT_ACTION_WXF		WSMAN_NS_WXF "/fault"
#define WSMAN_FAULT_ACTION_WSEN		WSMAN_NS_WSEN "/fault"
#define WSMAN_FAULT_ACTION_WSMB		"http://schemas.dmtf.org/wbem/wsman/1/cimbinding/fault"

/* wsman:FaultDetail values are this prefix plus a name (DSP0226 14.6) */
#define WSMAN_FAULT_DETAIL_PREFIX	"http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/"

/* Security profiles (DSP0226 annex C), as vmanhv serves them: Digest on
 * HTTP and HTTPS, Basic only over TLS (DESIGN.md section 6). */
#define WSMAN_SECPROFILE_HTTP_DIGEST	"http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/digest"
#define WSMAN_SECPROFILE_HTTPS_DIGEST	"http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/digest"
#define WSMAN_SECPROFILE_HTTPS_BASIC	"http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/basic"

#endif

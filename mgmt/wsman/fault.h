/* SPDX-License-Identifier: MIT */
/*
 * WS-Management faults (DSP0226 clause 14): one enum, one const table with
 * the SOAP code, the subcode QName, the fault action, the default reason
 * and the HTTP status, and one writer for the SOAP 1.2 fault envelope.
 * Everything that can go wrong with a request ends as a struct
 * wsman_fault_report, never as a bare error code.
 */
#ifndef VMANHV_MGMT_WSMAN_FAULT_H
#define VMANHV_MGMT_WSMAN_FAULT_H

#include <stdint.h>

#include "mgmt/wsman/soap.h"
#include "mgmt/wsman/xml_writer.h"

enum wsman_fault {
	WSMAN_FAULT_NONE = 0,
	/* SOAP 1.2 Part 1 5.4.6 */
	WSMAN_FAULT_VERSION_MISMATCH,
	WSMAN_FAULT_MUST_UNDERSTAND,
	/* WS-Addressing 2004/08 section 4 */
	WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER,
	WSMAN_FAULT_MESSAGE_INFORMATION_HEADER_REQUIRED,
	WSMAN_FAULT_DESTINATION_UNREACHABLE,
	WSMAN_FAULT_ACTION_NOT_SUPPORTED,
	WSMAN_FAULT_ENDPOINT_UNAVAILABLE,
	/* DSP0226 14.6, wsman namespace */
	WSMAN_FAULT_ACCESS_DENIED,
	WSMAN_FAULT_ALREADY_EXISTS,
	WSMAN_FAULT_CANNOT_PROCESS_FILTER,
	WSMAN_FAULT_CONCURRENCY,
	WSMAN_FAULT_ENCODING_LIMIT,
	WSMAN_FAULT_INTERNAL_ERROR,
	WSMAN_FAULT_INVALID_OPTIONS,
	WSMAN_FAULT_INVALID_PARAMETER,
	WSMAN_FAULT_INVALID_SELECTORS,
	WSMAN_FAULT_QUOTA_LIMIT,
	WSMAN_FAULT_SCHEMA_VALIDATION_ERROR,
	WSMAN_FAULT_TIMED_OUT,
	WSMAN_FAULT_UNSUPPORTED_FEATURE,
	/* WS-Transfer */
	WSMAN_FAULT_INVALID_REPRESENTATION,
	/* WS-Enumeration */
	WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER,
	WSMAN_FAULT_FILTER_DIALECT_REQUESTED_UNAVAILABLE,
	WSMAN_FAULT_FILTERING_NOT_SUPPORTED,
	WSMAN_FAULT_INVALID_ENUMERATION_CONTEXT,
	WSMAN_FAULT_INVALID_EXPIRATION_TIME,
	WSMAN_FAULT_WSEN_TIMED_OUT,
	WSMAN_FAULT_UNSUPPORTED_EXPIRATION_TYPE,
	/* DSP0227 (CIM binding) */
	WSMAN_FAULT_POLYMORPHISM_MODE_NOT_SUPPORTED,
	WSMAN_FAULT_COUNT
};

/* wsman:FaultDetail values: WSMAN_FAULT_DETAIL_PREFIX + name (DSP0226 14.6) */
enum wsman_fault_detail {
	WSMAN_DETAIL_NONE = 0,
	WSMAN_DETAIL_ACTION_MISMATCH,
	WSMAN_DETAIL_ADDRESSING_MODE,
	WSMAN_DETAIL_AMBIGUOUS_SELECTORS,
	WSMAN_DETAIL_CHARACTER_SET,
	WSMAN_DETAIL_DUPLICATE_SELECTORS,
	WSMAN_DETAIL_ENUMERATION_MODE,
	WSMAN_DETAIL_FRAGMENT_LEVEL_ACCESS,
	WSMAN_DETAIL_INSUFFICIENT_SELECTORS,
	WSMAN_DETAIL_INVALID_NAMESPACE,
	WSMAN_DETAIL_INVALID_RESOURCE_URI,
	WSMAN_DETAIL_INVALID_VALUE,
	WSMAN_DETAIL_INVALID_VALUES,	/* wxf:InvalidRepresentation (DSP0226 7.4) */
	WSMAN_DETAIL_LOCALE,
	WSMAN_DETAIL_MAX_ENVELOPE_SIZE,
	WSMAN_DETAIL_MINIMUM_ENVELOPE_LIMIT,
	WSMAN_DETAIL_MISSING_VALUES,
	WSMAN_DETAIL_NOT_SUPPORTED,
	WSMAN_DETAIL_OPERATION_TIMEOUT,
	WSMAN_DETAIL_OPTION_LIMIT,
	WSMAN_DETAIL_SELECTOR_LIMIT,
	WSMAN_DETAIL_SERVICE_ENVELOPE_LIMIT,
	WSMAN_DETAIL_TYPE_MISMATCH,
	WSMAN_DETAIL_UNEXPECTED_SELECTORS,
	WSMAN_DETAIL_URI_LIMIT_EXCEEDED,
	WSMAN_DETAIL_COUNT
};

#define WSMAN_FAULT_HEADER_NAME_MAX	128U

/* The SOAP 1.2 env:Code values (SOAP 1.2 Part 1 5.4.6) */
enum soap_fault_code {
	SOAP_CODE_SENDER,
	SOAP_CODE_RECEIVER,
	SOAP_CODE_MUST_UNDERSTAND,
	SOAP_CODE_VERSION_MISMATCH,
};

struct wsman_fault_info {
	enum soap_fault_code code;
	enum wsman_xmlns subcode_ns;	/* WSMAN_XMLNS_NONE: no subcode */
	const char *subcode;		/* its local name */
	const char *action;		/* wsa:Action of the fault message */
	const char *reason;		/* default env:Reason text */
	uint16_t http_status;
};

/* What went wrong with a request, as the fault envelope will say it. */
struct wsman_fault_report {
	enum wsman_fault fault;
	enum wsman_fault_detail detail;
	const char *reason;		/* NULL: the table's text */
	/* WSMAN_FAULT_ACTION_NOT_SUPPORTED: the action, echoed in the Detail
	 * (WS-Addressing 2004/08 4.4) */
	const char *action;
	/* WSMAN_FAULT_MUST_UNDERSTAND: the header block not understood,
	 * named in env:NotUnderstood (SOAP 1.2 Part 1 5.4.8); header_name is
	 * at most WSMAN_FAULT_HEADER_NAME_MAX bytes */
	const char *header_ns;
	const char *header_name;
};

/* The table entry of f; f must be below WSMAN_FAULT_COUNT and not NONE. */
const struct wsman_fault_info *wsman_fault_info(enum wsman_fault f);

/* The full wsman:FaultDetail URI; NULL for WSMAN_DETAIL_NONE. */
const char *wsman_fault_detail_uri(enum wsman_fault_detail d, char *buf, size_t size);

/*
 * Write the complete fault envelope for report: Action from the table,
 * MessageID message_id (NULL: none, e.g. no random source), RelatesTo
 * relates_to (the request's MessageID; NULL when not known).
 */
void wsman_fault_write(struct xml_writer *w, const struct wsman_fault_report *report,
		       const char *message_id, const char *relates_to);

#endif

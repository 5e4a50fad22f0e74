/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "mgmt/wsman/fault.h"
#include "mgmt/wsman/names.h"

#define SENDER(ns, sub, act, text) \
	{ SOAP_CODE_SENDER, WSMAN_XMLNS_##ns, sub, act, text, 400U }
#define RECEIVER(ns, sub, act, text) \
	{ SOAP_CODE_RECEIVER, WSMAN_XMLNS_##ns, sub, act, text, 500U }

/*
 * DSP0226 14.6 (the master fault table) and WS-Addressing 2004/08 section 4,
 * with the default reason texts of those tables.  HTTP status per SOAP 1.2
 * Part 2 7.5.2.2: env:Sender 400, everything else 500; wsman:AccessDenied
 * is 401 so that clients retry with credentials (the HTTP server adds the
 * WWW-Authenticate challenges, RFC 9110 15.5.2).
 */
static const struct wsman_fault_info fault_table[WSMAN_FAULT_COUNT] = {
	[WSMAN_FAULT_VERSION_MISMATCH] = { SOAP_CODE_VERSION_MISMATCH, WSMAN_XMLNS_NONE, NULL,
		WSMAN_FAULT_ACTION_WSA, "The message is not a SOAP 1.2 envelope.", 500U },
	[WSMAN_FAULT_MUST_UNDERSTAND] = { SOAP_CODE_MUST_UNDERSTAND, WSMAN_XMLNS_NONE, NULL,
		WSMAN_FAULT_ACTION_WSA,
		"A header block marked mustUnderstand was not understood.", 500U },
	[WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER] = SENDER(WSA,
		"InvalidMessageInformationHeader", WSMAN_FAULT_ACTION_WSA,
		"A message information header is not valid and the message cannot be processed."),
	[WSMAN_FAULT_MESSAGE_INFORMATION_HEADER_REQUIRED] = SENDER(WSA,
		"MessageInformationHeaderRequired", WSMAN_FAULT_ACTION_WSA,
		"A required message information header, To, MessageID, or Action, is not present."),
	[WSMAN_FAULT_DESTINATION_UNREACHABLE] = SENDER(WSA, "DestinationUnreachable",
		WSMAN_FAULT_ACTION_WSA,
		"No route can be determined to reach the destination role defined by the "
		"WS-Addressing To."),
	[WSMAN_FAULT_ACTION_NOT_SUPPORTED] = SENDER(WSA, "ActionNotSupported",
		WSMAN_FAULT_ACTION_WSA, "The action is not supported by the service."),
	[WSMAN_FAULT_ENDPOINT_UNAVAILABLE] = RECEIVER(WSA, "EndpointUnavailable",
		WSMAN_FAULT_ACTION_WSA, "The specified endpoint is currently unavailable."),
	[WSMAN_FAULT_ACCESS_DENIED] = { SOAP_CODE_SENDER, WSMAN_XMLNS_WSMAN, "AccessDenied",
		WSMAN_FAULT_ACTION_WSMAN, "The sender was not authorized to access the resource.",
		401U },
	[WSMAN_FAULT_ALREADY_EXISTS] = SENDER(WSMAN, "AlreadyExists", WSMAN_FAULT_ACTION_WSMAN,
		"The sender attempted to create a resource which already exists."),
	[WSMAN_FAULT_CANNOT_PROCESS_FILTER] = SENDER(WSMAN, "CannotProcessFilter",
		WSMAN_FAULT_ACTION_WSMAN, "The requested filter could not be processed."),
	[WSMAN_FAULT_CONCURRENCY] = SENDER(WSMAN, "Concurrency", WSMAN_FAULT_ACTION_WSMAN,
		"The action could not be completed due to concurrency or locking problems."),
	[WSMAN_FAULT_ENCODING_LIMIT] = SENDER(WSMAN, "EncodingLimit", WSMAN_FAULT_ACTION_WSMAN,
		"An internal encoding limit was exceeded in a request or would be violated if "
		"the message were processed."),
	[WSMAN_FAULT_INTERNAL_ERROR] = RECEIVER(WSMAN, "InternalError", WSMAN_FAULT_ACTION_WSMAN,
		"The service cannot comply with the request due to internal processing errors."),
	[WSMAN_FAULT_INVALID_OPTIONS] = SENDER(WSMAN, "InvalidOptions", WSMAN_FAULT_ACTION_WSMAN,
		"One or more options are not valid."),
	[WSMAN_FAULT_INVALID_PARAMETER] = SENDER(WSMAN, "InvalidParameter",
		WSMAN_FAULT_ACTION_WSMAN, "An operation parameter is not valid."),
	[WSMAN_FAULT_INVALID_SELECTORS] = SENDER(WSMAN, "InvalidSelectors",
		WSMAN_FAULT_ACTION_WSMAN, "The selectors for the resource are not valid."),
	[WSMAN_FAULT_QUOTA_LIMIT] = SENDER(WSMAN, "QuotaLimit", WSMAN_FAULT_ACTION_WSMAN,
		"The service is busy servicing other requests."),
	[WSMAN_FAULT_SCHEMA_VALIDATION_ERROR] = SENDER(WSMAN, "SchemaValidationError",
		WSMAN_FAULT_ACTION_WSMAN,
		"The supplied SOAP violates the corresponding XML schema definition."),
	[WSMAN_FAULT_TIMED_OUT] = RECEIVER(WSMAN, "TimedOut", WSMAN_FAULT_ACTION_WSMAN,
		"The operation has timed out."),
	[WSMAN_FAULT_UNSUPPORTED_FEATURE] = SENDER(WSMAN, "UnsupportedFeature",
		WSMAN_FAULT_ACTION_WSMAN, "The specified feature is not supported."),
	[WSMAN_FAULT_INVALID_REPRESENTATION] = SENDER(WXF, "InvalidRepresentation",
		WSMAN_FAULT_ACTION_WXF, "The XML content is not valid."),
	[WSMAN_FAULT_WSEN_CANNOT_PROCESS_FILTER] = SENDER(WSEN, "CannotProcessFilter",
		WSMAN_FAULT_ACTION_WSEN, "The requested filter could not be processed."),
	[WSMAN_FAULT_FILTER_DIALECT_REQUESTED_UNAVAILABLE] = SENDER(WSEN,
		"FilterDialectRequestedUnavailable", WSMAN_FAULT_ACTION_WSEN,
		"The requested filtering dialect is not supported."),
	[WSMAN_FAULT_FILTERING_NOT_SUPPORTED] = SENDER(WSEN, "FilteringNotSupported",
		WSMAN_FAULT_ACTION_WSEN, "Filtered enumeration is not supported."),
	[WSMAN_FAULT_INVALID_ENUMERATION_CONTEXT] = RECEIVER(WSEN, "InvalidEnumerationContext",
		WSMAN_FAULT_ACTION_WSEN, "The supplied enumeration context is invalid."),
	[WSMAN_FAULT_INVALID_EXPIRATION_TIME] = SENDER(WSEN, "InvalidExpirationTime",
		WSMAN_FAULT_ACTION_WSEN, "The expiration time is not valid."),
	[WSMAN_FAULT_WSEN_TIMED_OUT] = RECEIVER(WSEN, "TimedOut", WSMAN_FAULT_ACTION_WSEN,
		"The enumerator has timed out and is no longer valid."),
	[WSMAN_FAULT_UNSUPPORTED_EXPIRATION_TYPE] = SENDER(WSEN, "UnsupportedExpirationType",
		WSMAN_FAULT_ACTION_WSEN, "The specified expiration type is not supported."),
	[WSMAN_FAULT_POLYMORPHISM_MODE_NOT_SUPPORTED] = SENDER(WSMB,
		"PolymorphismModeNotSupported", WSMAN_FAULT_ACTION_WSMB,
		"The specified polymorphism mode is not supported."),
};

/* The names DSP0226 14.6 appends to WSMAN_FAULT_DETAIL_PREFIX */
static const char *const detail_names[WSMAN_DETAIL_COUNT] = {
	[WSMAN_DETAIL_ACTION_MISMATCH] = "ActionMismatch",
	[WSMAN_DETAIL_ADDRESSING_MODE] = "AddressingMode",
	[WSMAN_DETAIL_AMBIGUOUS_SELECTORS] = "AmbiguousSelectors",
	[WSMAN_DETAIL_CHARACTER_SET] = "CharacterSet",
	[WSMAN_DETAIL_DUPLICATE_SELECTORS] = "DuplicateSelectors",
	[WSMAN_DETAIL_ENUMERATION_MODE] = "EnumerationMode",
	[WSMAN_DETAIL_FRAGMENT_LEVEL_ACCESS] = "FragmentLevelAccess",
	[WSMAN_DETAIL_INSUFFICIENT_SELECTORS] = "InsufficientSelectors",
	[WSMAN_DETAIL_INVALID_NAMESPACE] = "InvalidNamespace",
	[WSMAN_DETAIL_INVALID_RESOURCE_URI] = "InvalidResourceURI",
	[WSMAN_DETAIL_INVALID_VALUE] = "InvalidValue",
	[WSMAN_DETAIL_INVALID_VALUES] = "InvalidValues",
	[WSMAN_DETAIL_LOCALE] = "Locale",
	[WSMAN_DETAIL_MAX_ENVELOPE_SIZE] = "MaxEnvelopeSize",
	[WSMAN_DETAIL_MINIMUM_ENVELOPE_LIMIT] = "MinimumEnvelopeLimit",
	[WSMAN_DETAIL_MISSING_VALUES] = "MissingValues",
	[WSMAN_DETAIL_NOT_SUPPORTED] = "NotSupported",
	[WSMAN_DETAIL_OPERATION_TIMEOUT] = "OperationTimeout",
	[WSMAN_DETAIL_OPTION_LIMIT] = "OptionLimit",
	[WSMAN_DETAIL_SELECTOR_LIMIT] = "SelectorLimit",
	[WSMAN_DETAIL_SERVICE_ENVELOPE_LIMIT] = "ServiceEnvelopeLimit",
	[WSMAN_DETAIL_TYPE_MISMATCH] = "TypeMismatch",
	[WSMAN_DETAIL_UNEXPECTED_SELECTORS] = "UnexpectedSelectors",
	[WSMAN_DETAIL_URI_LIMIT_EXCEEDED] = "URILimitExceeded",
};

static const char *const code_values[] = {
	[SOAP_CODE_SENDER] = "s:Sender",
	[SOAP_CODE_RECEIVER] = "s:Receiver",
	[SOAP_CODE_MUST_UNDERSTAND] = "s:MustUnderstand",
	[SOAP_CODE_VERSION_MISMATCH] = "s:VersionMismatch",
};

const struct wsman_fault_info *wsman_fault_info(enum wsman_fault f)
{
	return &fault_table[f];
}

const char *wsman_fault_detail_uri(enum wsman_fault_detail d, char *buf, size_t size)
{
	if (d == WSMAN_DETAIL_NONE || d >= WSMAN_DETAIL_COUNT) {
		return NULL;
	}
	snprintf(buf, size, "%s%s", WSMAN_FAULT_DETAIL_PREFIX, detail_names[d]);
	return buf;
}

/* SOAP 1.2 Part 1 5.4.8 and 5.4.7: the header blocks that explain a
 * MustUnderstand or VersionMismatch fault. */
static void write_fault_headers(struct xml_writer *w, const struct wsman_fault_report *r)
{
	if (r->fault == WSMAN_FAULT_MUST_UNDERSTAND && r->header_name != NULL) {
		bool has_ns = r->header_ns != NULL && r->header_ns[0] != '\0';
		/* Namespaces in XML 1.0 section 3: the XML namespace is bound to
		 * xml always and MUST NOT be declared for another prefix (an
		 * xml:Action header block made this reply ill-formed). */
		bool is_xml = has_ns && strcmp(r->header_ns, WSMAN_NS_XML) == 0;
		char qname[WSMAN_FAULT_HEADER_NAME_MAX + 4];

		snprintf(qname, sizeof(qname), "%s%s", is_xml ? "xml:" : has_ns ? "nu:" : "",
			 r->header_name);
		xml_open(w, "s:NotUnderstood");
		xml_attr(w, "qname", qname);
		if (has_ns && !is_xml) {
			xml_attr(w, "xmlns:nu", r->header_ns);
		}
		xml_close(w, "s:NotUnderstood");
	}
	if (r->fault == WSMAN_FAULT_VERSION_MISMATCH) {
		xml_open(w, "s:Upgrade");
		xml_open(w, "s:SupportedEnvelope");
		xml_attr(w, "qname", "s:Envelope");
		xml_close(w, "s:SupportedEnvelope");
		xml_close(w, "s:Upgrade");
	}
}

static void write_code(struct xml_writer *w, const struct wsman_fault_info *fi)
{
	xml_open(w, "s:Code");
	xml_text_element(w, "s:Value", code_values[fi->code]);
	if (fi->subcode_ns != WSMAN_XMLNS_NONE) {
		char qname[64];

		snprintf(qname, sizeof(qname), "%s:%s", wsman_xmlns_prefix(fi->subcode_ns),
			 fi->subcode);
		xml_open(w, "s:Subcode");
		xml_text_element(w, "s:Value", qname);
		xml_close(w, "s:Subcode");
	}
	xml_close(w, "s:Code");
}

static void write_reason(struct xml_writer *w, const struct wsman_fault_info *fi,
			 const struct wsman_fault_report *r)
{
	const char *text = r->reason != NULL ? r->reason : fi->reason;

	xml_open(w, "s:Reason");
	xml_open(w, "s:Text");
	xml_attr(w, "xml:lang", "en-US");
	xml_text(w, text, strlen(text));
	xml_close(w, "s:Text");
	xml_close(w, "s:Reason");
}

static void write_detail(struct xml_writer *w, const struct wsman_fault_report *r)
{
	char uri[128];
	const char *detail = wsman_fault_detail_uri(r->detail, uri, sizeof(uri));
	bool echo_action = r->fault == WSMAN_FAULT_ACTION_NOT_SUPPORTED && r->action != NULL;

	if (detail == NULL && !echo_action) {
		return;
	}
	xml_open(w, "s:Detail");
	if (detail != NULL) {
		xml_text_element(w, "wsman:FaultDetail", detail);
	}
	if (echo_action) {
		xml_text_element(w, "wsa:Action", r->action);
	}
	xml_close(w, "s:Detail");
}

void wsman_fault_write(struct xml_writer *w, const struct wsman_fault_report *report,
		       const char *message_id, const char *relates_to)
{
	const struct wsman_fault_info *fi = wsman_fault_info(report->fault);
	uint32_t xmlns = WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSA) | WSMAN_XMLNS_BIT(WSMAN_XMLNS_WSMAN) |
			 WSMAN_XMLNS_BIT(fi->subcode_ns);

	soap_envelope_begin(w, xmlns);
	soap_header_begin(w);
	write_fault_headers(w, report);
	soap_header_addressing(w, fi->action, message_id, relates_to);
	soap_header_end(w);
	soap_body_begin(w);
	xml_open(w, "s:Fault");
	write_code(w, fi);
	write_reason(w, fi, report);
	write_detail(w, report);
	xml_close(w, "s:Fault");
	soap_envelope_end(w);
}

/* SPDX-License-Identifier: MIT */
/*
 * The request side of WS-Management: one SOAP 1.2 envelope (DSP0226
 * clauses 5-6) read with expat's SAX interface into a struct
 * wsman_envelope, with every limit checked as the bytes go by.  No DOM is
 * built: the header blocks vmanhv understands are captured into a bounded
 * string pool, the others are skipped (or faulted when mustUnderstand),
 * and the body's elements are handed to a handler the operation chooses
 * when the body starts (docs/wsman.md, "Reading an envelope").
 */
#ifndef VMANHV_MGMT_WSMAN_ENVELOPE_H
#define VMANHV_MGMT_WSMAN_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mgmt/wsman/action.h"
#include "mgmt/wsman/fault.h"

/*
 * Limits on a request, each answered with wsman:EncodingLimit (DSP0226
 * 14.6) and the detail in brackets where DSP0226 names one.
 */
#define WSMAN_ENVELOPE_MAX	(256U * 1024U)	/* octets [ServiceEnvelopeLimit] */
#define WSMAN_DEPTH_MAX		32U		/* element nesting */
#define WSMAN_ELEMENTS_MAX	4096U		/* elements in one envelope */
#define WSMAN_ATTRS_MAX		32U		/* attributes on one element */
#define WSMAN_URI_MAX		2048U		/* To, Action, ResourceURI, Address [URILimitExceeded] */
#define WSMAN_VALUE_MAX		1024U		/* MessageID, selector and option values, numbers */
#define WSMAN_NAME_MAX		128U		/* selector/option names, element local names */
#define WSMAN_SELECTORS_MAX	16U		/* [SelectorLimit] */
#define WSMAN_OPTIONS_MAX	16U		/* [OptionLimit] */
#define WSMAN_STRINGS_MAX	(16U * 1024U)	/* every captured string together */
#define WSMAN_PARSER_MEMORY_MAX	(1024U * 1024U)	/* expat's allocations for one envelope */
#define WSMAN_FAULT_TEXT_MAX	192U

/* DSP0226 R6.2-4: the smallest wsman:MaxEnvelopeSize a service must honour */
#define WSMAN_MAX_ENVELOPE_SIZE_MIN	8192U

/* A namespace-qualified name, its prefix bound (Namespaces in XML 1.0). */
struct wsman_qname {
	const char *ns;		/* ns_len bytes, not NUL-terminated; "" when none */
	size_t ns_len;
	const char *local;	/* NUL-terminated */
};

#define WSMAN_SELECTOR_EPRS_MAX	4U	/* EPR-valued selectors in one request */

struct wsman_selector_epr;

struct wsman_selector {
	const char *name;
	const char *value;	/* "" when epr is set */
	/* DSP0226 7.2.2: a selector whose value is an EPR (an association's
	 * reference key); NULL for text */
	const struct wsman_selector_epr *epr;
};

/* An EPR-valued selector's EPR: its ResourceURI and text selectors. */
struct wsman_selector_epr {
	const char *resource_uri;	/* NULL when absent */
	struct wsman_selector selector[WSMAN_SELECTORS_MAX];
	uint32_t selector_count;
};

struct wsman_option {
	const char *name;
	const char *type;	/* the Type attribute, NULL when absent */
	const char *value;
	bool must_comply;
};

struct wsman_envelope {
	/* WS-Addressing (DSP0226 5.3, 5.4); NULL when absent */
	const char *to;
	const char *action_uri;
	enum wsman_action action;	/* from action_uri, or IDENTIFY by the body */
	const char *method;		/* ACTION_INVOKE: the method, the tail of the URI */
	const char *message_id;
	const char *reply_to;		/* its wsa:Address */
	const char *fault_to;
	/* WS-Management (DSP0226 clause 6) */
	const char *resource_uri;
	struct wsman_selector selector[WSMAN_SELECTORS_MAX];
	uint32_t selector_count;
	struct wsman_selector_epr selector_epr[WSMAN_SELECTOR_EPRS_MAX];
	uint32_t selector_epr_count;
	struct wsman_option option[WSMAN_OPTIONS_MAX];
	uint32_t option_count;
	bool has_operation_timeout;
	uint64_t operation_timeout_ms;
	uint32_t max_envelope_size;	/* 0: absent */
	const char *locale;		/* wsman:Locale's xml:lang */
	bool request_total_estimate;	/* wsman:RequestTotalItemsCountEstimate (DSP0226 8.2.3) */
	/* s:Body: its first child, and how many children it has */
	const char *body_ns;
	const char *body_name;
	uint32_t body_children;
	uint32_t elements;
	/* The outcome: fault.fault is WSMAN_FAULT_NONE for an accepted envelope */
	struct wsman_fault_report fault;
	char fault_text[WSMAN_FAULT_TEXT_MAX];
	size_t strings_used;
	char strings[WSMAN_STRINGS_MAX];
};

/*
 * An operation's reader of the body, called for each event inside s:Body
 * (depth 0 is the body's child).  Each returns 0 to go on, or a negative
 * value to stop the parse after recording the reason with
 * wsman_envelope_fail() (without one the request fails with InternalError).
 */
struct wsman_body_ops {
	int (*start_fn)(void *ctx, struct wsman_envelope *env, const struct wsman_qname *name,
			const char **attrs, unsigned depth);
	int (*end_fn)(void *ctx, struct wsman_envelope *env, unsigned depth);
	int (*text_fn)(void *ctx, struct wsman_envelope *env, const char *text, size_t len);
};

/*
 * Called when s:Body starts, with every header read (SOAP puts the header
 * first): the body reader for this request, or NULL to ignore the body
 * beyond the name of its first child.
 */
typedef const struct wsman_body_ops *(*wsman_body_select_fn)(void *ctx,
							    const struct wsman_envelope *env);

struct wsman_parse_config {
	unsigned long hash_salt;	/* expat's hash salt, from the hardware RNG */
	wsman_body_select_fn select_body;	/* may be NULL */
	void *body_ctx;			/* for select_body and the body_ops */
	size_t memory_max;		/* 0: WSMAN_PARSER_MEMORY_MAX */
	uint32_t fail_alloc_at;		/* tests: expat's n-th allocation fails; 0: none */
};

/*
 * Read the envelope in xml[0..len).  Returns WSMAN_FAULT_NONE, or the fault
 * the request earned, described in env->fault (which points into env).
 * An envelope over WSMAN_ENVELOPE_MAX octets is refused before parsing.
 * Header blocks are checked only as far as the envelope goes; what an
 * operation requires (wsa:To, wsa:MessageID, ...) is the dispatcher's job.
 */
enum wsman_fault wsman_envelope_parse(struct wsman_envelope *env, const void *xml, size_t len,
				      const struct wsman_parse_config *cfg);

/* Forget the previous request: what an envelope refused before parsing
 * (wsman_envelope_parse() does it itself) starts from.  The string pool is
 * not cleared: strings_used guards it. */
void wsman_envelope_clear(struct wsman_envelope *env);

/*
 * Record why the request fails: the first call wins.  The reason is
 * formatted into env->fault_text; fmt NULL leaves the table's text.
 */
void wsman_envelope_fail(struct wsman_envelope *env, enum wsman_fault fault,
			 enum wsman_fault_detail detail, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The value of attribute {ns}local in a reader's attribute list (expat's
 * layout, names "uri" 0x1F "local" or "local"), or NULL. */
const char *wsman_attr(const char **attrs, const char *ns, const char *local);

bool wsman_qname_is(const struct wsman_qname *q, const char *ns, const char *local);

/* The value of selector name, or NULL.  Selectors name CIM key properties,
 * and CIM names compare case-insensitively (DSP0004). */
const char *wsman_selector(const struct wsman_envelope *env, const char *name);

#endif

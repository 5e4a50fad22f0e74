/* SPDX-License-Identifier: MIT */
/*
 * The SAX state machine that reads a request envelope (docs/wsman.md).
 * Where the parser is depends only on the element depth and on which part
 * and header block it is in:
 *
 *   depth 1   s:Envelope
 *   depth 2   s:Header, then s:Body (SOAP 1.2 Part 1 5.1)
 *   depth 3+  in s:Header: a header block from headers[] (or skipped), its
 *             children (wsa:Address, wsman:Selector, wsman:Option) at 4
 *             in s:Body: forwarded to the operation's body reader
 *
 * Text is captured only for the leaf elements whose value is wanted, into
 * env->strings, one element at a time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "mgmt/wsman/duration.h"
#include "mgmt/wsman/envelope.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/xml_mem.h"

/*
 * Attribute names reach the readers as namespace URI, separator, local
 * name (the layout expat's namespace processing used; ns_open() writes it
 * now).  XML 1.0 (section 2.2) does not allow 0x1F anywhere in a document,
 * so no namespace URI can contain it and nothing legal is refused because
 * of it.
 */
#define NS_SEP		'\x1F'
#define NS_SEP_STR	"\x1F"
#define QNAME(ns, local)	ns NS_SEP_STR local

#define FIELD(member)	offsetof(struct wsman_envelope, member)
#define NO_FIELD	SIZE_MAX

enum header_id {
	HDR_TO,
	HDR_ACTION,
	HDR_MESSAGE_ID,
	HDR_REPLY_TO,
	HDR_FAULT_TO,
	HDR_FROM,
	HDR_RESOURCE_URI,
	HDR_SELECTOR_SET,
	HDR_OPTION_SET,
	HDR_OPERATION_TIMEOUT,
	HDR_MAX_ENVELOPE_SIZE,
	HDR_LOCALE,
	HDR_FRAGMENT_TRANSFER,
	HDR_REQUEST_TOTAL,
};

enum envelope_part {
	PART_NONE,
	PART_HEADER,
	PART_BODY,
};

struct envelope_parser;

typedef void (*capture_done_fn)(struct envelope_parser *p, const char *text);

/* The text of one leaf element being read into env->strings. */
struct capture {
	unsigned depth;		/* of that element; 0: nothing is being read */
	size_t start;		/* where its text starts in env->strings */
	size_t max;
	bool is_uri;		/* too long: URILimitExceeded (DSP0226 14.6) */
	bool is_selector;	/* may hold an EPR (not supported yet) */
	bool keep_space;	/* selector and option values are taken as written */
	const char *label;	/* "wsa:To", for reasons */
	capture_done_fn done;
};

/* A header block vmanhv understands (DSP0226 clauses 5 and 6). */
struct header_entry {
	const char *name;	/* expanded: namespace NS_SEP local */
	const char *label;
	enum header_id id;
	size_t field;		/* offset of the const char * it fills, or NO_FIELD */
	size_t max;		/* its text's limit */
	void (*start_fn)(struct envelope_parser *p, const char **attrs);
	void (*child_fn)(struct envelope_parser *p, const struct wsman_qname *name,
			 const char **attrs);
	void (*end_fn)(struct envelope_parser *p);
	capture_done_fn done_fn;	/* NULL: store the text in field */
};

struct envelope_parser {
	XML_Parser xml;
	struct wsman_envelope *env;
	const struct wsman_parse_config *cfg;
	struct xml_mem *mem;
	unsigned depth;
	enum envelope_part part;
	bool has_header;
	bool has_body;
	bool stopped;
	const struct header_entry *header;	/* the block at depth 3; NULL: skipped */
	bool header_must;			/* its mustUnderstand */
	uint32_t headers_seen;			/* bit per enum header_id */
	struct capture text;
	struct wsman_selector_epr *epr_open;	/* an EPR-valued selector being read */
	unsigned epr_depth;			/* its wsa:EndpointReference's depth */
	const struct wsman_body_ops *body_ops;
};

/* --- faults ------------------------------------------------------------------- */

static void record_fault(struct wsman_envelope *env, enum wsman_fault fault,
			 enum wsman_fault_detail detail, const char *fmt, va_list ap)
{
	if (env->fault.fault != WSMAN_FAULT_NONE) {
		return;
	}
	env->fault.fault = fault;
	env->fault.detail = detail;
	if (fmt != NULL) {
		vsnprintf(env->fault_text, sizeof(env->fault_text), fmt, ap);
		env->fault.reason = env->fault_text;
	}
}

void wsman_envelope_fail(struct wsman_envelope *env, enum wsman_fault fault,
			 enum wsman_fault_detail detail, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record_fault(env, fault, detail, fmt, ap);
	va_end(ap);
}

static void stop(struct envelope_parser *p)
{
	if (!p->stopped) {
		p->stopped = true;
		XML_StopParser(p->xml, XML_FALSE);
	}
}

static void fail(struct envelope_parser *p, enum wsman_fault fault,
		 enum wsman_fault_detail detail, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(struct envelope_parser *p, enum wsman_fault fault,
		 enum wsman_fault_detail detail, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record_fault(p->env, fault, detail, fmt, ap);
	va_end(ap);
	stop(p);
}

/* --- names, attributes, values ------------------------------------------------ */

static void split_qname(const char *name, struct wsman_qname *q)
{
	const char *sep = strchr(name, NS_SEP);

	if (sep == NULL) {
		q->ns = "";
		q->ns_len = 0;
		q->local = name;
		return;
	}
	q->ns = name;
	q->ns_len = (size_t)(sep - name);
	q->local = sep + 1;
}

static bool qname_equals(const struct wsman_qname *q, const char *ns, size_t ns_len,
			 const char *local)
{
	return strcmp(q->local, local) == 0 && ns_len == q->ns_len &&
	       memcmp(q->ns, ns, ns_len) == 0;
}

/* The frame's names, of literal namespaces: no strlen() for every element. */
#define QNAME_IS(q, ns, local)	qname_equals((q), ns, sizeof(ns) - 1U, (local))

bool wsman_qname_is(const struct wsman_qname *q, const char *ns, const char *local)
{
	return qname_equals(q, ns, strlen(ns), local);
}

static bool name_is(const char *expanded, const char *ns, const char *local)
{
	struct wsman_qname q;

	split_qname(expanded, &q);
	return wsman_qname_is(&q, ns, local);
}

const char *wsman_attr(const char **attrs, const char *ns, const char *local)
{
	for (size_t i = 0; attrs[i] != NULL; i += 2) {
		if (name_is(attrs[i], ns, local)) {
			return attrs[i + 1];
		}
	}
	return NULL;
}

const char *wsman_selector(const struct wsman_envelope *env, const char *name)
{
	for (uint32_t i = 0; i < env->selector_count; i++) {
		if (strcasecmp(env->selector[i].name, name) == 0) {
			return env->selector[i].value;
		}
	}
	return NULL;
}

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Strip XML whitespace from both ends, in place (xs:anyURI, xs:token and
 * the numeric types collapse whitespace: XML Schema Part 2 4.3.6). */
static char *trim(char *s)
{
	size_t len;

	while (is_xml_space(*s)) {
		s++;
	}
	len = strlen(s);
	while (len > 0 && is_xml_space(s[len - 1])) {
		s[--len] = '\0';
	}
	return s;
}

/* xs:boolean (XML Schema Part 2 3.2.2): 1, 0, or -EINVAL. */
static int parse_boolean(const char *v)
{
	static const char *const values[] = { "false", "0", "true", "1" };
	size_t len;

	while (is_xml_space(*v)) {
		v++;
	}
	len = strlen(v);
	while (len > 0 && is_xml_space(v[len - 1])) {
		len--;
	}
	for (size_t i = 0; i < 4; i++) {
		if (strlen(values[i]) == len && memcmp(v, values[i], len) == 0) {
			return i >= 2 ? 1 : 0;
		}
	}
	return -EINVAL;
}

/* xs:positiveInteger, saturating at UINT64_MAX: 0 or -EINVAL. */
static int parse_positive_integer(const char *s, uint64_t *value)
{
	uint64_t v = 0;

	if (*s == '+') {
		s++;
	}
	if (*s == '\0') {
		return -EINVAL;
	}
	for (; *s != '\0'; s++) {
		unsigned digit = (unsigned)(*s - '0');

		if (digit > 9U) {
			return -EINVAL;
		}
		v = v > (UINT64_MAX - digit) / 10U ? UINT64_MAX : v * 10U + digit;
	}
	*value = v;
	return v == 0 ? -EINVAL : 0;
}

/* --- the string pool ---------------------------------------------------------- */

static bool pool_has_room(struct envelope_parser *p, size_t len)
{
	if (len < sizeof(p->env->strings) - p->env->strings_used) {
		return true;
	}
	fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
	     "The request's header values exceed %u octets in all.", WSMAN_STRINGS_MAX);
	return false;
}

/* s[0..len) as a string in env->strings; NULL after a fault. */
static const char *pool_copy(struct envelope_parser *p, const char *s, size_t len)
{
	struct wsman_envelope *env = p->env;
	char *dst;

	if (!pool_has_room(p, len)) {
		return NULL;
	}
	dst = env->strings + env->strings_used;
	memcpy(dst, s, len);
	dst[len] = '\0';
	env->strings_used += len + 1;
	return dst;
}

/* A name or value from an attribute, at most max octets. */
static const char *copy_bounded(struct envelope_parser *p, const char *s, size_t max,
				const char *what)
{
	size_t len = strlen(s);

	if (len > max) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "%s is longer than %u octets.", what, (unsigned)max);
		return NULL;
	}
	return pool_copy(p, s, len);
}

static void capture_begin(struct envelope_parser *p, const char *label, size_t max,
			  capture_done_fn done)
{
	p->text = (struct capture){
		.depth = p->depth,
		.start = p->env->strings_used,
		.max = max,
		.is_uri = max == WSMAN_URI_MAX,
		.label = label,
		.done = done,
	};
}

static void capture_text(struct envelope_parser *p, const char *s, size_t len)
{
	struct wsman_envelope *env = p->env;
	size_t have = env->strings_used - p->text.start;

	if (len > p->text.max - have) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT,
		     p->text.is_uri ? WSMAN_DETAIL_URI_LIMIT_EXCEEDED : WSMAN_DETAIL_NONE,
		     "%s is longer than %u octets.", p->text.label, (unsigned)p->text.max);
		return;
	}
	if (pool_has_room(p, len)) {
		memcpy(env->strings + env->strings_used, s, len);
		env->strings_used += len;
	}
}

static void capture_end(struct envelope_parser *p)
{
	struct capture c = p->text;
	char *text = p->env->strings + c.start;

	p->text.depth = 0;
	if (!pool_has_room(p, 0)) {
		return;
	}
	p->env->strings[p->env->strings_used++] = '\0';
	c.done(p, c.keep_space ? text : trim(text));
}

/* An element inside one whose text is being read. */
static void selector_epr_begin(struct envelope_parser *p);

static void capture_child(struct envelope_parser *p, const struct wsman_qname *name)
{
	if (p->text.is_selector && wsman_qname_is(name, WSMAN_NS_WSA, "EndpointReference")) {
		if (p->epr_open != NULL || p->part != PART_HEADER) {
			fail(p, WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_NONE,
			     "An EPR-valued selector inside another is not supported.");
			return;
		}
		selector_epr_begin(p);
		return;
	}
	fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
	     "%s must hold text only.", p->text.label);
}

/* --- header blocks ------------------------------------------------------------ */

static const char **field_of(struct envelope_parser *p, const struct header_entry *h)
{
	return (const char **)(void *)((char *)p->env + h->field);
}

/* The default capture_done_fn: the header's string field; empty is absent. */
static void store_field(struct envelope_parser *p, const char *text)
{
	if (text[0] != '\0') {
		*field_of(p, p->header) = text;
	}
}

static void read_text(struct envelope_parser *p, const char **attrs)
{
	const struct header_entry *h = p->header;

	capture_begin(p, h->label, h->max, h->done_fn != NULL ? h->done_fn : store_field);
}

/* DSP0226 R6.2-2, R6.2-4 */
static void max_envelope_size_done(struct envelope_parser *p, const char *text)
{
	uint64_t v;

	if (parse_positive_integer(text, &v) != 0) {
		fail(p, WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE,
		     "wsman:MaxEnvelopeSize must be a positive integer.");
		return;
	}
	if (v < WSMAN_MAX_ENVELOPE_SIZE_MIN) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_MINIMUM_ENVELOPE_LIMIT,
		     "wsman:MaxEnvelopeSize %u is below the minimum of %u octets.", (unsigned)v,
		     WSMAN_MAX_ENVELOPE_SIZE_MIN);
		return;
	}
	p->env->max_envelope_size = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* DSP0226 6.1: an xs:duration */
static void operation_timeout_done(struct envelope_parser *p, const char *text)
{
	if (wsman_duration_parse_ms(text, &p->env->operation_timeout_ms) != 0) {
		fail(p, WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE,
		     "wsman:OperationTimeout must be a non-negative xs:duration.");
		return;
	}
	p->env->has_operation_timeout = true;
}

/* ReplyTo and FaultTo: the EPR's wsa:Address; reference parameters and
 * other children are not used. */
static void epr_child(struct envelope_parser *p, const struct wsman_qname *name,
		      const char **attrs)
{
	if (!wsman_qname_is(name, WSMAN_NS_WSA, "Address")) {
		return;
	}
	if (*field_of(p, p->header) != NULL) {
		fail(p, WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE,
		     "%s has more than one wsa:Address.", p->header->label);
		return;
	}
	capture_begin(p, "wsa:Address", WSMAN_URI_MAX, store_field);
}

/* DSP0226 R5.4.2-2 and R5.4.3-3 let a service reply only on the request's
 * connection: the anonymous endpoint. */
static void epr_end(struct envelope_parser *p)
{
	const char *address = *field_of(p, p->header);

	if (address == NULL) {
		fail(p, WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE,
		     "%s has no wsa:Address.", p->header->label);
		return;
	}
	if (strcmp(address, WSMAN_WSA_ANONYMOUS) != 0) {
		fail(p, WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_ADDRESSING_MODE,
		     "%s must be the anonymous address: replies go back on the request's "
		     "connection.", p->header->label);
	}
}

static void selector_done(struct envelope_parser *p, const char *text)
{
	if (p->epr_open != NULL) {
		p->epr_open->selector[p->epr_open->selector_count - 1].value = text;
		return;
	}
	p->env->selector[p->env->selector_count - 1].value = text;
}

static bool selector_name_is_new(struct envelope_parser *p, const char *name)
{
	if (wsman_selector(p->env, name) == NULL) {
		return true;
	}
	fail(p, WSMAN_FAULT_INVALID_SELECTORS, WSMAN_DETAIL_DUPLICATE_SELECTORS,
	     "The selector %.64s appears more than once.", name);
	return false;
}

/* DSP0226 clause 7: <wsman:Selector Name="...">value</wsman:Selector> */
static void selector_start(struct envelope_parser *p, const struct wsman_qname *name,
			   const char **attrs)
{
	struct wsman_envelope *env = p->env;
	const char *sel = wsman_attr(attrs, "", "Name");

	if (!wsman_qname_is(name, WSMAN_NS_WSMAN, "Selector")) {
		fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
		     "wsman:SelectorSet may hold only wsman:Selector elements.");
		return;
	}
	if (sel == NULL) {
		fail(p, WSMAN_FAULT_INVALID_SELECTORS, WSMAN_DETAIL_NONE,
		     "A wsman:Selector has no Name.");
		return;
	}
	if (env->selector_count == WSMAN_SELECTORS_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_SELECTOR_LIMIT,
		     "The request has more than %u selectors.", WSMAN_SELECTORS_MAX);
		return;
	}
	if (!selector_name_is_new(p, sel)) {
		return;
	}
	sel = copy_bounded(p, sel, WSMAN_NAME_MAX, "A selector name");
	if (sel == NULL) {
		return;
	}
	env->selector[env->selector_count++] = (struct wsman_selector){ sel, "", NULL };
	capture_begin(p, "wsman:Selector", WSMAN_VALUE_MAX, selector_done);
	p->text.keep_space = true;
	p->text.is_selector = true;
}

/*
 * DSP0226 7.2.2: <wsman:Selector Name="..."><wsa:EndpointReference>
 * (Address, ReferenceParameters: ResourceURI, SelectorSet of text
 * selectors) as the value of a selector, as an association's reference
 * keys are written.  Text before the EPR may only be white space.
 */
static void selector_epr_begin(struct envelope_parser *p)
{
	struct wsman_envelope *env = p->env;
	struct wsman_selector *sel = &env->selector[env->selector_count - 1];

	for (size_t i = p->text.start; i < env->strings_used; i++) {
		char c = env->strings[i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			fail(p, WSMAN_FAULT_INVALID_SELECTORS, WSMAN_DETAIL_TYPE_MISMATCH,
			     "A selector holds text or an endpoint reference, not both.");
			return;
		}
	}
	if (env->selector_epr_count == WSMAN_SELECTOR_EPRS_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_SELECTOR_LIMIT,
		     "More than %u selectors hold endpoint references.", WSMAN_SELECTOR_EPRS_MAX);
		return;
	}
	env->strings_used = p->text.start;
	p->text.depth = 0;
	p->epr_open = &env->selector_epr[env->selector_epr_count++];
	p->epr_depth = p->depth;
	sel->epr = p->epr_open;
}

static void ignore_text(struct envelope_parser *p, const char *text)
{
}

static void epr_uri_done(struct envelope_parser *p, const char *text)
{
	p->epr_open->resource_uri = text[0] != '\0' ? text : NULL;
}

static void selector_epr_child(struct envelope_parser *p, const struct wsman_qname *name,
			       const char **attrs)
{
	struct wsman_selector_epr *epr = p->epr_open;
	unsigned rel = p->depth - p->epr_depth;
	const char *sel;

	if (rel == 1 && wsman_qname_is(name, WSMAN_NS_WSA, "Address")) {
		capture_begin(p, "wsa:Address", WSMAN_URI_MAX, ignore_text);
	} else if (rel == 2 && wsman_qname_is(name, WSMAN_NS_WSMAN, "ResourceURI")) {
		capture_begin(p, "wsman:ResourceURI", WSMAN_URI_MAX, epr_uri_done);
	} else if (rel == 3 && wsman_qname_is(name, WSMAN_NS_WSMAN, "Selector")) {
		sel = wsman_attr(attrs, "", "Name");
		if (sel == NULL || epr->selector_count == WSMAN_SELECTORS_MAX) {
			fail(p, WSMAN_FAULT_INVALID_SELECTORS, WSMAN_DETAIL_NONE,
			     "An EPR-valued selector's selectors need a Name (at most %u).",
			     WSMAN_SELECTORS_MAX);
			return;
		}
		sel = copy_bounded(p, sel, WSMAN_NAME_MAX, "A selector name");
		if (sel == NULL) {
			return;
		}
		epr->selector[epr->selector_count++] = (struct wsman_selector){ sel, "", NULL };
		capture_begin(p, "wsman:Selector", WSMAN_VALUE_MAX, selector_done);
		p->text.keep_space = true;
		p->text.is_selector = true;
	}
	/* ReferenceParameters, SelectorSet and anything else are containers
	 * or not needed to name an instance */
}

static void option_done(struct envelope_parser *p, const char *text)
{
	p->env->option[p->env->option_count - 1].value = text;
}

static bool option_fits(struct envelope_parser *p, const char *name, int comply)
{
	if (name == NULL) {
		fail(p, WSMAN_FAULT_INVALID_OPTIONS, WSMAN_DETAIL_NONE, "A wsman:Option has no Name.");
		return false;
	}
	if (comply < 0) {
		fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
		     "wsman:Option MustComply must be an xs:boolean.");
		return false;
	}
	if (p->env->option_count == WSMAN_OPTIONS_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_OPTION_LIMIT,
		     "The request has more than %u options.", WSMAN_OPTIONS_MAX);
		return false;
	}
	return true;
}

/* DSP0226 6.4: <wsman:Option Name="..." [Type=".."] [MustComply=".."]>value */
static void option_start(struct envelope_parser *p, const struct wsman_qname *name,
			 const char **attrs)
{
	const char *opt = wsman_attr(attrs, "", "Name");
	const char *type = wsman_attr(attrs, "", "Type");
	const char *must = wsman_attr(attrs, "", "MustComply");
	int comply = must != NULL ? parse_boolean(must) : 0;
	struct wsman_option o = { .value = "", .must_comply = comply == 1 };

	if (!wsman_qname_is(name, WSMAN_NS_WSMAN, "Option")) {
		fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
		     "wsman:OptionSet may hold only wsman:Option elements.");
		return;
	}
	if (!option_fits(p, opt, comply)) {
		return;
	}
	o.name = copy_bounded(p, opt, WSMAN_NAME_MAX, "An option name");
	if (o.name != NULL && type != NULL) {
		o.type = copy_bounded(p, type, WSMAN_NAME_MAX, "An option type");
	}
	if (p->stopped) {
		return;
	}
	p->env->option[p->env->option_count++] = o;
	capture_begin(p, "wsman:Option", WSMAN_VALUE_MAX, option_done);
	p->text.keep_space = true;
}

/* vmanhv's replies are written in English only. */
static bool is_english(const char *lang)
{
	return strcasecmp(lang, "en") == 0 || strncasecmp(lang, "en-", 3) == 0;
}

/* DSP0226 6.3: <wsman:Locale xml:lang="..."/> */
static void locale_start(struct envelope_parser *p, const char **attrs)
{
	const char *lang = wsman_attr(attrs, WSMAN_NS_XML, "lang");

	if (lang == NULL) {
		return;
	}
	p->env->locale = copy_bounded(p, lang, WSMAN_NAME_MAX, "wsman:Locale");
	/* DSP0226 R6.3-2: a locale that must be understood and cannot be
	 * honoured is wsman:UnsupportedFeature with the Locale detail. */
	if (p->env->locale != NULL && p->header_must && !is_english(lang)) {
		fail(p, WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_LOCALE,
		     "Replies are available in English (en-US) only.");
	}
}

/* DSP0226 R7.7-1: a service without fragment-level access faults. */
static void refuse_fragment_transfer(struct envelope_parser *p, const char **attrs)
{
	fail(p, WSMAN_FAULT_UNSUPPORTED_FEATURE, WSMAN_DETAIL_FRAGMENT_LEVEL_ACCESS,
	     "Fragment-level WS-Transfer is not supported.");
}

/* DSP0226 8.2.3: the client asks for wsman:TotalItemsCountEstimate. */
static void request_total_start(struct envelope_parser *p, const char **attrs)
{
	p->env->request_total_estimate = true;
}

/* Sorted by strcmp() of name, for bsearch(). */
static const struct header_entry headers[] = {
	{ QNAME(WSMAN_NS_WSMAN, "FragmentTransfer"), "wsman:FragmentTransfer",
	  HDR_FRAGMENT_TRANSFER, NO_FIELD, 0, refuse_fragment_transfer, NULL, NULL, NULL },
	{ QNAME(WSMAN_NS_WSMAN, "Locale"), "wsman:Locale", HDR_LOCALE, NO_FIELD, 0,
	  locale_start, NULL, NULL, NULL },
	{ QNAME(WSMAN_NS_WSMAN, "MaxEnvelopeSize"), "wsman:MaxEnvelopeSize",
	  HDR_MAX_ENVELOPE_SIZE, NO_FIELD, WSMAN_VALUE_MAX, read_text, NULL, NULL,
	  max_envelope_size_done },
	{ QNAME(WSMAN_NS_WSMAN, "OperationTimeout"), "wsman:OperationTimeout",
	  HDR_OPERATION_TIMEOUT, NO_FIELD, WSMAN_VALUE_MAX, read_text, NULL, NULL,
	  operation_timeout_done },
	{ QNAME(WSMAN_NS_WSMAN, "OptionSet"), "wsman:OptionSet", HDR_OPTION_SET, NO_FIELD, 0,
	  NULL, option_start, NULL, NULL },
	{ QNAME(WSMAN_NS_WSMAN, "RequestTotalItemsCountEstimate"),
	  "wsman:RequestTotalItemsCountEstimate", HDR_REQUEST_TOTAL, NO_FIELD, 0,
	  request_total_start, NULL, NULL, NULL },
	{ QNAME(WSMAN_NS_WSMAN, "ResourceURI"), "wsman:ResourceURI", HDR_RESOURCE_URI,
	  FIELD(resource_uri), WSMAN_URI_MAX, read_text, NULL, NULL, NULL },
	{ QNAME(WSMAN_NS_WSMAN, "SelectorSet"), "wsman:SelectorSet", HDR_SELECTOR_SET,
	  NO_FIELD, 0, NULL, selector_start, NULL, NULL },
	{ QNAME(WSMAN_NS_WSA, "Action"), "wsa:Action", HDR_ACTION, FIELD(action_uri),
	  WSMAN_URI_MAX, read_text, NULL, NULL, NULL },
	{ QNAME(WSMAN_NS_WSA, "FaultTo"), "wsa:FaultTo", HDR_FAULT_TO, FIELD(fault_to), 0,
	  NULL, epr_child, epr_end, NULL },
	{ QNAME(WSMAN_NS_WSA, "From"), "wsa:From", HDR_FROM, NO_FIELD, 0, NULL, NULL, NULL,
	  NULL },
	{ QNAME(WSMAN_NS_WSA, "MessageID"), "wsa:MessageID", HDR_MESSAGE_ID, FIELD(message_id),
	  WSMAN_VALUE_MAX, read_text, NULL, NULL, NULL },
	{ QNAME(WSMAN_NS_WSA, "ReplyTo"), "wsa:ReplyTo", HDR_REPLY_TO, FIELD(reply_to), 0,
	  NULL, epr_child, epr_end, NULL },
	{ QNAME(WSMAN_NS_WSA, "To"), "wsa:To", HDR_TO, FIELD(to), WSMAN_URI_MAX, read_text,
	  NULL, NULL, NULL },
};

/* strcmp() of the expanded name "ns" NS_SEP "local" with *key, without
 * writing the expanded name out. */
static int compare_header(const void *key, const void *entry)
{
	const struct wsman_qname *q = key;
	const char *name = ((const struct header_entry *)entry)->name;
	int c = strncmp(q->ns, name, q->ns_len);

	if (c != 0) {
		return c;
	}
	if (name[q->ns_len] != NS_SEP) {
		return (int)(unsigned char)NS_SEP - (int)(unsigned char)name[q->ns_len];
	}
	return strcmp(q->local, name + q->ns_len + 1);
}

static const struct header_entry *header_lookup(const struct wsman_qname *name)
{
	return bsearch(name, headers, sizeof(headers) / sizeof(headers[0]), sizeof(headers[0]),
		       compare_header);
}

/* SOAP 1.2 Part 1 5.2.2: a block for another role is not ours to process. */
static bool targets_us(const char **attrs)
{
	const char *role = wsman_attr(attrs, WSMAN_NS_SOAP, "role");

	return role == NULL || strcmp(role, WSMAN_SOAP_ROLE_NEXT) == 0 ||
	       strcmp(role, WSMAN_SOAP_ROLE_ULTIMATE) == 0;
}

/* s:mustUnderstand: 1, 0, or -EINVAL after a fault. */
static int must_understand(struct envelope_parser *p, const char **attrs)
{
	const char *v = wsman_attr(attrs, WSMAN_NS_SOAP, "mustUnderstand");
	int must = v != NULL ? parse_boolean(v) : 0;

	if (must < 0) {
		fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
		     "s:mustUnderstand must be an xs:boolean.");
	}
	return must;
}

/* DSP0226 R5.2-2, SOAP 1.2 Part 1 5.4.8: name the block in the fault. */
static void not_understood(struct envelope_parser *p, const struct wsman_qname *name)
{
	struct wsman_envelope *env = p->env;
	struct wsman_qname q = *name;
	const char *ns, *local;

	if (q.ns_len > WSMAN_URI_MAX || strlen(q.local) > WSMAN_FAULT_HEADER_NAME_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "A header block's name is too long.");
		return;
	}
	ns = pool_copy(p, q.ns, q.ns_len);
	local = ns != NULL ? pool_copy(p, q.local, strlen(q.local)) : NULL;
	if (local == NULL) {
		return;
	}
	env->fault.header_ns = ns;
	env->fault.header_name = local;
	fail(p, WSMAN_FAULT_MUST_UNDERSTAND, WSMAN_DETAIL_NONE,
	     "The header block %.64s must be understood and is not.", local);
}

static void header_block_start(struct envelope_parser *p, const struct wsman_qname *name,
			       const char **attrs)
{
	const struct header_entry *h = header_lookup(name);
	int must = must_understand(p, attrs);

	p->header = NULL;
	if (must < 0 || !targets_us(attrs)) {
		return;
	}
	if (h == NULL) {
		if (must == 1) {
			not_understood(p, name);
		}
		return;
	}
	/* DSP0226 R13.1-9: a WS-Man or WS-Addressing header given twice */
	if ((p->headers_seen & (1U << h->id)) != 0) {
		fail(p, WSMAN_FAULT_INVALID_MESSAGE_INFORMATION_HEADER, WSMAN_DETAIL_NONE,
		     "%s appears more than once.", h->label);
		return;
	}
	p->headers_seen |= 1U << h->id;
	p->header = h;
	p->header_must = must == 1;
	if (h->start_fn != NULL) {
		h->start_fn(p, attrs);
	}
}

static void header_start(struct envelope_parser *p, const struct wsman_qname *name,
			 const char **attrs)
{
	if (p->depth == 3) {
		header_block_start(p, name, attrs);
	} else if (p->epr_open != NULL) {
		selector_epr_child(p, name, attrs);
	} else if (p->depth == 4 && p->header != NULL && p->header->child_fn != NULL) {
		p->header->child_fn(p, name, attrs);
	}
	/* anything deeper, or in a skipped block, is not read */
}

static void header_end(struct envelope_parser *p)
{
	if (p->epr_open != NULL && p->depth == p->epr_depth) {
		p->epr_open = NULL;
	}
	if (p->depth == 3 && p->header != NULL) {
		if (p->header->end_fn != NULL) {
			p->header->end_fn(p);
		}
		p->header = NULL;
	}
}

/* --- the body ----------------------------------------------------------------- */

/* A body reader's verdict: stop on a negative value or a recorded fault. */
static void body_result(struct envelope_parser *p, int rc)
{
	if (rc < 0 && p->env->fault.fault == WSMAN_FAULT_NONE) {
		fail(p, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
		     "The body reader stopped without a reason.");
	}
	if (p->env->fault.fault != WSMAN_FAULT_NONE) {
		stop(p);
	}
}

static void body_first_child(struct envelope_parser *p, const struct wsman_qname *q)
{
	struct wsman_envelope *env = p->env;

	if (q->ns_len > WSMAN_URI_MAX || strlen(q->local) > WSMAN_NAME_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "The body's element name is too long.");
		return;
	}
	env->body_ns = pool_copy(p, q->ns, q->ns_len);
	if (env->body_ns != NULL) {
		env->body_name = pool_copy(p, q->local, strlen(q->local));
	}
}

static void body_start(struct envelope_parser *p, const struct wsman_qname *q,
		       const char **attrs)
{
	if (p->depth == 3 && ++p->env->body_children == 1) {
		body_first_child(p, q);
	}
	if (!p->stopped && p->body_ops != NULL && p->body_ops->start_fn != NULL) {
		body_result(p, p->body_ops->start_fn(p->cfg->body_ctx, p->env, q, attrs,
						      p->depth - 3));
	}
}

static void body_end(struct envelope_parser *p)
{
	if (p->depth >= 3 && p->body_ops != NULL && p->body_ops->end_fn != NULL) {
		body_result(p, p->body_ops->end_fn(p->cfg->body_ctx, p->env, p->depth - 3));
	}
}

static void body_text(struct envelope_parser *p, const char *s, size_t len)
{
	if (p->depth >= 3 && p->body_ops != NULL && p->body_ops->text_fn != NULL) {
		body_result(p, p->body_ops->text_fn(p->cfg->body_ctx, p->env, s, len));
	}
}

/* --- the action --------------------------------------------------------------- */

/* DSP0226 clause 9: a method's action is its ResourceURI, '/', its name. */
static void resolve_invoke(struct wsman_envelope *env)
{
	const char *method = wsman_action_method(env->action_uri, env->resource_uri);

	if (method != NULL) {
		env->action = WSMAN_ACTION_INVOKE;
		env->method = method;
	}
}

static void resolve_action(struct wsman_envelope *env)
{
	if (env->action_uri == NULL) {
		env->action = WSMAN_ACTION_NONE;
		return;
	}
	env->action = wsman_action_from_uri(env->action_uri);
	if (env->action == WSMAN_ACTION_OTHER) {
		resolve_invoke(env);
	}
}

/* DSP0226 clause 11: an Identify request carries no WS-Addressing headers,
 * just wsmid:Identify in the body. */
static void resolve_identify(struct wsman_envelope *env)
{
	if (env->action == WSMAN_ACTION_NONE && env->body_name != NULL &&
	    strcmp(env->body_ns, WSMAN_NS_WSMID) == 0 && strcmp(env->body_name, "Identify") == 0) {
		env->action = WSMAN_ACTION_IDENTIFY;
	}
}

/* --- the envelope's frame ----------------------------------------------------- */

static void envelope_start(struct envelope_parser *p, const struct wsman_qname *name)
{
	if (QNAME_IS(name, WSMAN_NS_SOAP, "Envelope")) {
		return;
	}
	if (strcmp(name->local, "Envelope") == 0) {
		/* SOAP 1.2 Part 1 5.4.7 */
		fail(p, WSMAN_FAULT_VERSION_MISMATCH, WSMAN_DETAIL_NONE,
		     "Only SOAP 1.2 envelopes are understood.");
		return;
	}
	fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
	     "The document is not a SOAP envelope.");
}

static void body_begin(struct envelope_parser *p)
{
	p->has_body = true;
	p->part = PART_BODY;
	resolve_action(p->env);
	if (p->cfg->select_body != NULL) {
		p->body_ops = p->cfg->select_body(p->cfg->body_ctx, p->env);
	}
}

/* SOAP 1.2 Part 1 5.1: an optional s:Header, then s:Body, nothing else. */
static void part_start(struct envelope_parser *p, const struct wsman_qname *name)
{
	if (QNAME_IS(name, WSMAN_NS_SOAP, "Header") && !p->has_header && !p->has_body) {
		p->has_header = true;
		p->part = PART_HEADER;
		return;
	}
	if (QNAME_IS(name, WSMAN_NS_SOAP, "Body") && !p->has_body) {
		body_begin(p);
		return;
	}
	fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
	     "s:Envelope holds one s:Header and then one s:Body, nothing else.");
}

/* Counts every element against the limits before the envelope's reader
 * looks at it. */
static bool within_limits(struct envelope_parser *p)
{
	p->env->elements++;
	if (p->depth > WSMAN_DEPTH_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "Elements nest deeper than %u levels.", WSMAN_DEPTH_MAX);
	} else if (p->env->elements > WSMAN_ELEMENTS_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "The envelope has more than %u elements.", WSMAN_ELEMENTS_MAX);
	}
	return !p->stopped;
}

/* --- namespaces --------------------------------------------------------------- */

/*
 * Namespaces in XML 1.0 (Third Edition), bound here rather than by expat:
 * expat's namespace processing (its prefix and binding tables, a scan of
 * every URI, the xml prefix bound again after every XML_ParserReset()) was
 * about 7,600 instructions of every Identify (docs/bench.md).  expat still
 * reads every byte and checks well-formedness; this turns its raw
 * "prefix:local" names into the same struct wsman_qname and
 * "uri" NS_SEP "local" attribute names expat gave, and refuses what expat
 * refused with the same error: an unbound prefix, a prefix undeclared
 * (xmlns:p=""), the reserved xml and xmlns prefixes and namespace names,
 * two attributes with one expanded name, and names that are not QNames.
 *
 * Declarations live in a stack: an element pushes its xmlns and xmlns:p
 * attributes, its end pops them (mark[] keeps where each open element's
 * began).  Requests are parsed one at a time (xml_mem.h), so one stack is
 * enough; it is static because its 8.5 KiB would be a quarter of the
 * management loop's 32 KiB stack (CPU_STACK_SIZE), under expat's frames.
 * The limits are far above what clients send (WinRM declares 4 to 6
 * namespaces, openwsman up to 10) and answered with EncodingLimit.
 */
#define NS_BINDINGS_MAX	64U		/* declarations in scope at once */
#define NS_TEXT_MAX	(4U * 1024U)	/* their prefixes and URIs */
#define NS_NAMES_MAX	(2U * 1024U)	/* one element's expanded attribute names */

#define XML_NS_XMLNS	"http://www.w3.org/2000/xmlns/"

struct ns_binding {
	const char *prefix;	/* NUL-terminated; "" for the default namespace */
	size_t prefix_len;
	const char *uri;	/* NUL-terminated; "" when xmlns="" undeclares it */
	size_t uri_len;
};

struct ns_mark {
	uint32_t count;
	uint32_t text_used;
};

static struct {
	struct ns_binding binding[NS_BINDINGS_MAX];
	uint32_t count;
	uint32_t text_used;
	struct ns_mark mark[WSMAN_DEPTH_MAX + 2];	/* by depth; one past the limit */
	char text[NS_TEXT_MAX];
	const char *attrs[2U * WSMAN_ATTRS_MAX + 1U];	/* expat's layout, resolved */
	char names[NS_NAMES_MAX];
} scope;

static void ns_reset(void)
{
	scope.count = 0;
	scope.text_used = 0;
}

/* A namespace error expat would have raised, reported as it reported it. */
static const char *ns_error(struct envelope_parser *p, enum XML_Error code)
{
	fail(p, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
	     "The XML is not well-formed (line %lu, column %lu): %s.",
	     (unsigned long)XML_GetCurrentLineNumber(p->xml),
	     (unsigned long)XML_GetCurrentColumnNumber(p->xml), XML_ErrorString(code));
	return NULL;
}

static const char *ns_text_copy(const char *s, size_t len)
{
	char *dst;

	if (len >= NS_TEXT_MAX - scope.text_used) {
		return NULL;
	}
	dst = scope.text + scope.text_used;
	memcpy(dst, s, len);
	dst[len] = '\0';
	scope.text_used += (uint32_t)len + 1U;
	return dst;
}

/*
 * Where a raw name's local part starts: after its one colon, or the whole
 * name.  NULL for a name that is not a QName (Namespaces in XML 1.0
 * section 4): a colon first or last, two colons, or a local part that does
 * not start like a name.  expat's tables decide the start of a non-ASCII
 * local part exactly; here any octet from 0x80 up is let through.
 */
static bool starts_local(char ch)
{
	unsigned char c = (unsigned char)ch;

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80U;
}

static const char *qname_local(const char *name)
{
	const char *colon = strchr(name, ':');

	if (colon == NULL) {
		return name;
	}
	/* colon[1] is not NUL once it starts a local part */
	if (colon == name || !starts_local(colon[1]) || strchr(colon + 2, ':') != NULL) {
		return NULL;
	}
	return colon + 1;
}

/* The URI bound to prefix[0..len) in scope (the xml prefix always is), or NULL. */
static const struct ns_binding *ns_lookup(const char *prefix, size_t len)
{
	static const struct ns_binding xml = { "xml", 3, WSMAN_NS_XML, sizeof(WSMAN_NS_XML) - 1 };

	for (uint32_t i = scope.count; i-- > 0;) {
		const struct ns_binding *b = &scope.binding[i];

		if (b->prefix_len == len && memcmp(b->prefix, prefix, len) == 0) {
			return b;
		}
	}
	return len == 3 && memcmp(prefix, "xml", 3) == 0 ? &xml : NULL;
}

/* Namespaces in XML 1.0 section 3 (and expat's addBinding()): what may be
 * bound to what. */
static enum XML_Error ns_check(const char *prefix, const char *uri, size_t uri_len)
{
	bool must_be_xml = strcmp(prefix, "xml") == 0;
	bool is_xml = uri_len == sizeof(WSMAN_NS_XML) - 1 && memcmp(uri, WSMAN_NS_XML, uri_len) == 0;

	if (uri_len == 0 && prefix[0] != '\0') {
		return XML_ERROR_UNDECLARING_PREFIX;
	}
	if (strcmp(prefix, "xmlns") == 0) {
		return XML_ERROR_RESERVED_PREFIX_XMLNS;
	}
	if (must_be_xml != is_xml) {
		return must_be_xml ? XML_ERROR_RESERVED_PREFIX_XML : XML_ERROR_RESERVED_NAMESPACE_URI;
	}
	if (uri_len == sizeof(XML_NS_XMLNS) - 1 && memcmp(uri, XML_NS_XMLNS, uri_len) == 0) {
		return XML_ERROR_RESERVED_NAMESPACE_URI;
	}
	return XML_ERROR_NONE;
}

/* One xmlns or xmlns:prefix attribute: false after a fault. */
static bool ns_declare(struct envelope_parser *p, const char *prefix, const char *uri)
{
	size_t uri_len = strlen(uri);
	enum XML_Error code = ns_check(prefix, uri, uri_len);
	struct ns_binding *b = &scope.binding[scope.count];

	if (code != XML_ERROR_NONE) {
		ns_error(p, code);
		return false;
	}
	if (scope.count == NS_BINDINGS_MAX) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "More than %u namespace declarations are in scope.", NS_BINDINGS_MAX);
		return false;
	}
	b->prefix_len = strlen(prefix);
	b->prefix = ns_text_copy(prefix, b->prefix_len);
	b->uri = b->prefix != NULL ? ns_text_copy(uri, uri_len) : NULL;
	if (b->uri == NULL) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "The namespace declarations in scope exceed %u octets.", NS_TEXT_MAX);
		return false;
	}
	b->uri_len = uri_len;
	scope.count++;
	return true;
}

/* An attribute's name is a declaration: its prefix (or "" for xmlns), or NULL. */
static const char *declared_prefix(const char *name)
{
	if (name[0] != 'x' || strncmp(name, "xmlns", 5) != 0) {
		return NULL;
	}
	if (name[5] == '\0') {
		return "";
	}
	return name[5] == ':' ? name + 6 : NULL;
}

/*
 * Push this element's declarations, and list its other attributes, raw,
 * in scope.attrs[0..*n): false after a fault.
 */
static bool ns_push(struct envelope_parser *p, const char **raw_attrs, size_t *n)
{
	scope.mark[p->depth] = (struct ns_mark){ scope.count, scope.text_used };
	for (size_t i = 0; raw_attrs[i] != NULL; i += 2) {
		const char *prefix = declared_prefix(raw_attrs[i]);

		if (prefix == NULL) {
			if (*n / 2 == WSMAN_ATTRS_MAX) {
				fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
				     "An element has more than %u attributes.", WSMAN_ATTRS_MAX);
				return false;
			}
			scope.attrs[(*n)++] = raw_attrs[i];
			scope.attrs[(*n)++] = raw_attrs[i + 1];
			continue;
		}
		/* xmlns:prefix, the prefix an NCName (prefix[0] is NUL for "xmlns:") */
		if (raw_attrs[i][5] == ':' &&
		    (!starts_local(prefix[0]) || strchr(prefix + 1, ':') != NULL)) {
			ns_error(p, XML_ERROR_INVALID_TOKEN);
			return false;
		}
		if (!ns_declare(p, prefix, raw_attrs[i + 1])) {
			return false;
		}
	}
	return true;
}

/* The namespace of a prefixed name, which must be bound. */
static bool ns_resolve(struct envelope_parser *p, const char *name, const char *local,
		       struct wsman_qname *q)
{
	const struct ns_binding *b = ns_lookup(name, (size_t)(local - 1 - name));

	if (b == NULL || b->uri_len == 0) {
		ns_error(p, XML_ERROR_UNBOUND_PREFIX);
		return false;
	}
	q->ns = b->uri;
	q->ns_len = b->uri_len;
	return true;
}

/* The element's own name: a prefix or else the default namespace. */
static bool ns_element(struct envelope_parser *p, const char *name, struct wsman_qname *q)
{
	const char *local = qname_local(name);
	const struct ns_binding *b;

	if (local == NULL) {
		ns_error(p, XML_ERROR_INVALID_TOKEN);
		return false;
	}
	q->local = local;
	if (local != name) {
		return ns_resolve(p, name, local, q);
	}
	/* the default namespace, when one is declared and not undeclared */
	b = ns_lookup("", 0);
	q->ns = b != NULL ? b->uri : "";
	q->ns_len = b != NULL ? b->uri_len : 0;
	return true;
}

/* "uri" NS_SEP "local" in scope.names, as expat wrote an attribute's name. */
static const char *ns_expanded(struct envelope_parser *p, const struct wsman_qname *q,
			       size_t *used)
{
	size_t local_len = strlen(q->local);
	char *dst = scope.names + *used;

	if (q->ns_len + local_len + 2 > NS_NAMES_MAX - *used) {
		fail(p, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
		     "An element's attribute names exceed %u octets.", NS_NAMES_MAX);
		return NULL;
	}
	memcpy(dst, q->ns, q->ns_len);
	dst[q->ns_len] = NS_SEP;
	memcpy(dst + q->ns_len + 1, q->local, local_len + 1);
	*used += q->ns_len + local_len + 2;
	return dst;
}

/* Namespaces in XML 1.0 section 6.3: no two attributes with one expanded
 * name.  Only prefixed ones can clash: expat has compared the raw names. */
static bool ns_unique(const char **attrs, size_t n, const char *expanded)
{
	for (size_t i = 0; i < n; i += 2) {
		if (strchr(attrs[i], NS_SEP) != NULL && strcmp(attrs[i], expanded) == 0) {
			return false;
		}
	}
	return true;
}

/* Attribute i of scope.attrs, listed raw, named as expat named it. */
static bool ns_attribute(struct envelope_parser *p, size_t i, size_t *used)
{
	const char *raw = scope.attrs[i];
	const char *local = qname_local(raw);
	struct wsman_qname q = { .local = local };
	const char *name;

	if (local == NULL) {
		ns_error(p, XML_ERROR_INVALID_TOKEN);
		return false;
	}
	/* an attribute without a prefix is in no namespace (section 6.2) */
	if (local == raw) {
		return true;
	}
	if (!ns_resolve(p, raw, local, &q)) {
		return false;
	}
	name = ns_expanded(p, &q, used);
	if (name == NULL) {
		return false;
	}
	if (!ns_unique(scope.attrs, i, name)) {
		ns_error(p, XML_ERROR_DUPLICATE_ATTRIBUTE);
		return false;
	}
	scope.attrs[i] = name;
	return true;
}

/*
 * An element starts: push its declarations, name it in *q, and return its
 * attributes as expat's namespace processing gave them (declarations left
 * out, prefixed names expanded); NULL after a fault.
 */
static const char **ns_open(struct envelope_parser *p, const char *raw_name,
			    const char **raw_attrs, struct wsman_qname *q)
{
	size_t n = 0, used = 0;

	if (!ns_push(p, raw_attrs, &n) || !ns_element(p, raw_name, q)) {
		return NULL;
	}
	for (size_t i = 0; i < n; i += 2) {
		if (!ns_attribute(p, i, &used)) {
			return NULL;
		}
	}
	scope.attrs[n] = NULL;
	return scope.attrs;
}

/* An element ends: its declarations go out of scope. */
static void ns_close(struct envelope_parser *p)
{
	scope.count = scope.mark[p->depth].count;
	scope.text_used = scope.mark[p->depth].text_used;
}

/* --- expat's callbacks -------------------------------------------------------- */

static void XMLCALL on_start(void *user, const XML_Char *raw_name, const XML_Char **raw_attrs)
{
	struct envelope_parser *p = user;
	struct wsman_qname q;
	const char **attrs;

	if (p->stopped) {
		return;
	}
	p->depth++;
	attrs = ns_open(p, raw_name, raw_attrs, &q);
	if (attrs == NULL || !within_limits(p)) {
		return;
	}
	if (p->text.depth != 0) {
		capture_child(p, &q);
	} else if (p->depth == 1) {
		envelope_start(p, &q);
	} else if (p->depth == 2) {
		part_start(p, &q);
	} else if (p->part == PART_HEADER) {
		header_start(p, &q, attrs);
	} else {
		body_start(p, &q, attrs);
	}
}

static void XMLCALL on_end(void *user, const XML_Char *name)
{
	struct envelope_parser *p = user;

	if (p->stopped) {
		return;
	}
	if (p->text.depth == p->depth) {
		capture_end(p);
	}
	if (p->depth == 2) {
		p->part = PART_NONE;
	} else if (p->part == PART_HEADER) {
		header_end(p);
	} else if (p->part == PART_BODY) {
		body_end(p);
	}
	ns_close(p);
	p->depth--;
}

static void XMLCALL on_text(void *user, const XML_Char *s, int len)
{
	struct envelope_parser *p = user;

	if (p->stopped) {
		return;
	}
	if (p->text.depth != 0) {
		capture_text(p, s, (size_t)len);
	} else if (p->part == PART_BODY) {
		body_text(p, s, (size_t)len);
	}
}

/*
 * SOAP 1.2 Part 1 clause 5: no DTD, no processing instructions.  Stopping
 * at the doctype is also what keeps entity expansion (billion laughs) out:
 * without XML_DTD expat still expands an internal subset's general
 * entities (mgmt/wsman/expat_config.h), and none is declared yet here.
 */
static void XMLCALL on_doctype(void *user, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	fail(user, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
	     "A SOAP message must not contain a document type declaration.");
}

static void XMLCALL on_processing_instruction(void *user, const XML_Char *target,
					      const XML_Char *data)
{
	fail(user, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
	     "A SOAP message must not contain processing instructions.");
}

/* --- parsing ------------------------------------------------------------------ */

static void memory_fault(struct wsman_envelope *env, const struct xml_mem *mem)
{
	if (mem->over_budget && !mem->failed) {
		wsman_envelope_fail(env, WSMAN_FAULT_ENCODING_LIMIT, WSMAN_DETAIL_NONE,
				    "The envelope needs more than %u octets of parser memory.",
				    (unsigned)mem->max);
		return;
	}
	wsman_envelope_fail(env, WSMAN_FAULT_INTERNAL_ERROR, WSMAN_DETAIL_NONE,
			    "Out of memory while reading the envelope.");
}

/*
 * expat stopped by itself: the XML is not well-formed, or memory ran out.
 * A refused allocation decides the matter whatever error expat names:
 * 2.5.0 reports some of them as other errors ("unbound prefix" when the
 * table of prefixes could not grow).
 */
static void xml_error(struct envelope_parser *p)
{
	enum XML_Error code = XML_GetErrorCode(p->xml);

	if (code == XML_ERROR_NO_MEMORY || p->mem->failed || p->mem->over_budget) {
		memory_fault(p->env, p->mem);
		return;
	}
	wsman_envelope_fail(p->env, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
			    "The XML is not well-formed (line %lu, column %lu): %s.",
			    (unsigned long)XML_GetCurrentLineNumber(p->xml),
			    (unsigned long)XML_GetCurrentColumnNumber(p->xml),
			    XML_ErrorString(code));
}

static void envelope_finish(struct envelope_parser *p)
{
	if (!p->has_body) {
		wsman_envelope_fail(p->env, WSMAN_FAULT_SCHEMA_VALIDATION_ERROR, WSMAN_DETAIL_NONE,
				    "The envelope has no s:Body.");
		return;
	}
	resolve_identify(p->env);
}

static void parser_setup(struct envelope_parser *p, const struct wsman_parse_config *cfg)
{
	XML_SetUserData(p->xml, p);
	/* before any parsing (expat.h): salts the hash tables against
	 * collision floods */
	XML_SetHashSalt(p->xml, cfg->hash_salt);
	XML_SetElementHandler(p->xml, on_start, on_end);
	XML_SetCharacterDataHandler(p->xml, on_text);
	XML_SetStartDoctypeDeclHandler(p->xml, on_doctype);
	XML_SetProcessingInstructionHandler(p->xml, on_processing_instruction);
}

void wsman_envelope_clear(struct wsman_envelope *env)
{
	memset(env, 0, offsetof(struct wsman_envelope, strings));
}

/*
 * One expat parser is kept between envelopes and XML_ParserReset() for the
 * next: creating and freeing its tables was about 11,000 instructions of
 * every Identify (docs/bench.md).  It is dropped after a parse that failed
 * for memory or left it holding more than WSMAN_PARSER_KEEP_MAX, so one
 * large envelope does not pin its memory.  Requests parse one at a time
 * (xml_mem.h), so one parser is enough.
 */
#define WSMAN_PARSER_KEEP_MAX	(32U * 1024U)

static struct {
	XML_Parser xml;
	struct xml_mem mem;	/* charged with what xml holds */
} kept;

/*
 * A parser whose memory is charged to *mem, or NULL (*mem says why).  Only
 * the service's own configuration reuses one: tests that inject allocation
 * failures or set their own budget count on a fresh parser.
 */
static XML_Parser parser_acquire(struct xml_mem **mem, struct xml_mem *fresh,
				 const struct wsman_parse_config *cfg)
{
	bool reuse = cfg->fail_alloc_at == 0U && cfg->memory_max == 0U;

	if (reuse && kept.xml != NULL) {
		XML_Parser xml = kept.xml;

		*mem = &kept.mem;
		kept.xml = NULL;
		xml_mem_resume(*mem, WSMAN_PARSER_MEMORY_MAX);
		if (XML_ParserReset(xml, NULL)) {
			return xml;
		}
		XML_ParserFree(xml);
	}
	*mem = reuse ? &kept.mem : fresh;
	xml_mem_begin(*mem, cfg->memory_max != 0U ? cfg->memory_max : WSMAN_PARSER_MEMORY_MAX,
		      cfg->fail_alloc_at);
	/* no separator: namespaces are bound by ns_open() */
	return XML_ParserCreate_MM(NULL, &xml_mem_suite, NULL);
}

static void parser_release(XML_Parser xml, struct xml_mem *mem)
{
	if (mem == &kept.mem && !mem->failed && !mem->over_budget &&
	    mem->used <= WSMAN_PARSER_KEEP_MAX) {
		kept.xml = xml;
	} else {
		XML_ParserFree(xml);
	}
	xml_mem_end(mem);
}

enum wsman_fault wsman_envelope_parse(struct wsman_envelope *env, const void *xml, size_t len,
				      const struct wsman_parse_config *cfg)
{
	struct envelope_parser p = { .env = env, .cfg = cfg };
	struct xml_mem fresh;

	wsman_envelope_clear(env);
	if (len > WSMAN_ENVELOPE_MAX) {
		wsman_envelope_fail(env, WSMAN_FAULT_ENCODING_LIMIT,
				    WSMAN_DETAIL_SERVICE_ENVELOPE_LIMIT,
				    "The envelope is larger than %u octets.", WSMAN_ENVELOPE_MAX);
		return env->fault.fault;
	}
	p.xml = parser_acquire(&p.mem, &fresh, cfg);
	if (p.xml == NULL) {
		memory_fault(env, p.mem);
		xml_mem_end(p.mem);
		return env->fault.fault;
	}
	parser_setup(&p, cfg);
	ns_reset();
	if (XML_Parse(p.xml, xml, (int)len, XML_TRUE) != XML_STATUS_OK) {
		xml_error(&p);	/* does nothing after our own fault */
	} else {
		envelope_finish(&p);
	}
	parser_release(p.xml, p.mem);
	return env->fault.fault;
}

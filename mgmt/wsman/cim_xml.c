/* SPDX-License-Identifier: MIT */
/*
 * CIM instances and references as XML (DSP0230, DSP0227 7).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/cimxml_write.h"
#include "mgmt/wsman/envelope.h"
#include "mgmt/wsman/names.h"

/*
 * The writer of instances is the inner loop of every enumeration, so its
 * markup is composed with memcpy into small buffers and handed to the
 * writer whole (xml_markup), not formatted piece by piece: names come from
 * the code (class and property tables), never from a request, and need no
 * escaping; values still go through xml_text's escaping.
 */

/* The open and close tags of one element, "<qname>" and "</qname>". */
struct tags {
	char open[WSMAN_NAME_MAX + 8];
	char close[WSMAN_NAME_MAX + 8];
	size_t open_len, close_len;
};

/* s[0..n) at *at in buf (size), moving *at; false when it does not fit. */
static bool append(char *buf, size_t size, size_t *at, const char *s, size_t n)
{
	if (n > size - *at) {
		return false;
	}
	memcpy(buf + *at, s, n);
	*at += n;
	return true;
}

/* The tags of prefix+name; false when the name is too long for them. */
static bool make_tags(struct tags *t, const char *prefix, const char *name)
{
	size_t plen = strlen(prefix), nlen = strlen(name);
	size_t o = 0, c = 0;
	bool ok = append(t->open, sizeof(t->open), &o, "<", 1) &&
		  append(t->open, sizeof(t->open), &o, prefix, plen) &&
		  append(t->open, sizeof(t->open), &o, name, nlen) &&
		  append(t->open, sizeof(t->open), &o, ">", 1) &&
		  append(t->close, sizeof(t->close), &c, "</", 2) &&
		  append(t->close, sizeof(t->close), &c, prefix, plen) &&
		  append(t->close, sizeof(t->close), &c, name, nlen) &&
		  append(t->close, sizeof(t->close), &c, ">", 1);

	t->open_len = o;
	t->close_len = c;
	return ok;
}

/* Decimal digits of u at the end of buf[24]; a pointer to the first. */
static const char *decimal(uint64_t u, char buf[24], size_t *len)
{
	char *p = buf + 24;

	do {
		*--p = (char)('0' + u % 10U);
		u /= 10U;
	} while (u != 0U);
	*len = (size_t)(buf + 24 - p);
	return p;
}

static void write_tagged(struct xml_writer *w, const struct tags *t, enum cim_type type,
			 const struct cim_value *v, uint32_t k)
{
	const char *s = v->sa != NULL ? v->sa[k] : v->s;
	uint64_t u = v->ua != NULL ? v->ua[k] : v->u;
	bool b = v->ba != NULL ? v->ba[k] : v->b;
	const struct cim_ref *ref = v->ra != NULL ? v->ra[k] : v->ref;
	char num[24];
	const char *digits;
	size_t len;

	xml_markup(w, t->open, t->open_len);
	switch (type) {
	case CIM_TYPE_STRING:
		xml_text(w, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
		break;
	case CIM_TYPE_DATETIME:
		/* DSP0230 cimDateTime: an xs:duration ("P...") is a cim:Interval */
		xml_text_element(w, s != NULL && s[0] == 'P' ? "cim:Interval" : "cim:Datetime",
				 s != NULL ? s : "");
		break;
	case CIM_TYPE_BOOLEAN:
		xml_markup(w, b ? "true" : "false", b ? 4 : 5);
		break;
	case CIM_TYPE_REF:
		if (ref != NULL) {
			cim_xml_write_ref(w, ref);
		}
		break;
	case CIM_TYPE_INSTANCE:	/* DSP0227: embedded instances as CIM-XML text */
		if ((v->ia != NULL ? v->ia[k] : v->inst) != NULL && cimxml_write_text != NULL) {
			cimxml_write_text(w, v->ia != NULL ? v->ia[k] : v->inst);
		}
		break;
	default:
		digits = decimal(u, num, &len);
		xml_markup(w, digits, len);
		break;
	}
	xml_markup(w, t->close, t->close_len);
}

void cim_xml_write_value(struct xml_writer *w, const char *qname, enum cim_type type,
			 const struct cim_value *v, uint32_t k)
{
	struct tags t;

	if (!make_tags(&t, "", qname)) {
		w->err = w->err != 0 ? w->err : -E2BIG;
		return;
	}
	write_tagged(w, &t, type, v, k);
}

static bool is_nil(const struct cim_property *p, const struct cim_value *v)
{
	if (v->is_null) {
		return true;
	}
	if (p->array) {
		return false;
	}
	switch (p->type) {
	case CIM_TYPE_STRING:
	case CIM_TYPE_DATETIME:
		return v->s == NULL;
	case CIM_TYPE_REF:
		return v->ref == NULL;
	case CIM_TYPE_INSTANCE:
		return v->inst == NULL;
	default:
		return false;
	}
}

static void write_property(struct xml_writer *w, const struct cim_property *p,
			   const struct tags *t, const struct cim_value *v)
{
	if (is_nil(p, v)) {
		/* "<p:Name" then the nil attribute and "/>" */
		xml_markup(w, t->open, t->open_len - 1);
		xml_markup(w, " xsi:nil=\"true\"/>", 17);
		return;
	}
	if (!p->array) {
		struct cim_value scalar = *v;

		/* a scalar never reads the array pointers */
		scalar.sa = NULL;
		scalar.ua = NULL;
		scalar.ba = NULL;
		scalar.ra = NULL;
		scalar.ia = NULL;
		write_tagged(w, t, p->type, &scalar, 0);
		return;
	}
	/* arrays are repeated elements; an empty array writes none */
	for (uint32_t k = 0; k < v->count; k++) {
		write_tagged(w, t, p->type, v, k);
	}
}

#define INSTANCE_XMLNS \
	"\" xmlns:xsi=\"" CIM_XML_NS_XSI "\" xmlns:cim=\"" CIM_XML_NS_COMMON "\">"
#define HEAD_MAX	(2U * WSMAN_NAME_MAX + sizeof(CIM_RESOURCE_URI_PREFIX) + \
			 sizeof(INSTANCE_XMLNS) + 16U)

/*
 * The markup of the class written last: an enumeration writes thousands of
 * instances of one class, and composing its tags once saves a third of the
 * work per instance.  Replies are written one at a time (DESIGN.md
 * section 4), so one static copy serves; it is recognised by the class's
 * address, name and property table together.
 */
static struct {
	const struct cim_class *cls;
	const char *name;
	const struct cim_property *props;
	uint32_t prop_count;
	char head[HEAD_MAX];	/* <p:Class xmlns:p="<class URI>" xmlns:xsi=... xmlns:cim=...> */
	size_t head_len;
	struct tags self;	/* its close tag ends the instance */
	struct tags prop[CIM_PROPERTIES_MAX];
} markup;

static bool compose_markup(const struct cim_class *cls)
{
	size_t at = 0;

	markup.cls = NULL;
	if (cls->prop_count > CIM_PROPERTIES_MAX || !make_tags(&markup.self, "p:", cls->name) ||
	    !append(markup.head, sizeof(markup.head), &at, markup.self.open,
		    markup.self.open_len - 1) ||
	    !append(markup.head, sizeof(markup.head), &at, " xmlns:p=\"" CIM_RESOURCE_URI_PREFIX,
		    sizeof(" xmlns:p=\"" CIM_RESOURCE_URI_PREFIX) - 1) ||
	    !append(markup.head, sizeof(markup.head), &at, cls->name, strlen(cls->name)) ||
	    !append(markup.head, sizeof(markup.head), &at, INSTANCE_XMLNS,
		    sizeof(INSTANCE_XMLNS) - 1)) {
		return false;
	}
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		if (!make_tags(&markup.prop[i], "p:", cls->props[i].name)) {
			return false;
		}
	}
	markup.head_len = at;
	markup.cls = cls;
	markup.name = cls->name;
	markup.props = cls->props;
	markup.prop_count = cls->prop_count;
	return true;
}

void cim_xml_write_instance(struct xml_writer *w, const struct cim_instance *inst)
{
	const struct cim_class *cls = inst->cls;

	if ((markup.cls != cls || markup.name != cls->name || markup.props != cls->props ||
	     markup.prop_count != cls->prop_count) &&
	    !compose_markup(cls)) {
		w->err = w->err != 0 ? w->err : -E2BIG;	/* a name too long to write */
		return;
	}
	xml_markup(w, markup.head, markup.head_len);
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		write_property(w, &cls->props[i], &markup.prop[i], &inst->values[i]);
	}
	xml_markup(w, markup.self.close, markup.self.close_len);
}

static void write_selector(struct xml_writer *w, const char *name, const char *value)
{
	xml_open(w, "wsman:Selector");
	xml_attr(w, "Name", name);
	xml_text(w, value, strlen(value));
	xml_close(w, "wsman:Selector");
}

void cim_xml_write_ref(struct xml_writer *w, const struct cim_ref *ref)
{
	char uri[WSMAN_URI_MAX];

	snprintf(uri, sizeof(uri), CIM_RESOURCE_URI_PREFIX "%s", ref->class_name);
	xml_text_element(w, "wsa:Address", WSMAN_WSA_ANONYMOUS);
	xml_open(w, "wsa:ReferenceParameters");
	xml_text_element(w, "wsman:ResourceURI", uri);
	xml_open(w, "wsman:SelectorSet");
	if (ref->cim_namespace != NULL) {
		write_selector(w, CIMNAMESPACE_SELECTOR, ref->cim_namespace);
	}
	for (uint32_t i = 0; i < ref->key_count && i < CIM_KEYS_MAX; i++) {
		const struct cim_key *k = &ref->keys[i];

		if (k->ref != NULL) {
			/* a REF key: an EPR-valued selector (DSP0226 7.2.2, DSP0227) */
			xml_open(w, "wsman:Selector");
			xml_attr(w, "Name", k->name);
			xml_open(w, "wsa:EndpointReference");
			cim_xml_write_ref(w, k->ref);
			xml_close(w, "wsa:EndpointReference");
			xml_close(w, "wsman:Selector");
		} else {
			write_selector(w, k->name, k->value != NULL ? k->value : "");
		}
	}
	xml_close(w, "wsman:SelectorSet");
	xml_close(w, "wsa:ReferenceParameters");
}

void cim_xml_write_epr(struct xml_writer *w, const struct cim_instance *inst)
{
	struct cim_ref_buf ref;

	if (cim_ref_of(inst, &ref) != 0) {
		w->err = w->err != 0 ? w->err : -E2BIG;	/* a key too long to name */
		return;
	}
	cim_xml_write_ref(w, &ref.ref);
}

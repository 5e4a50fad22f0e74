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

void cim_xml_write_value(struct xml_writer *w, const char *qname, enum cim_type type,
			 const struct cim_value *v, uint32_t k)
{
	const char *s = v->sa != NULL ? v->sa[k] : v->s;
	uint64_t u = v->ua != NULL ? v->ua[k] : v->u;
	bool b = v->ba != NULL ? v->ba[k] : v->b;
	const struct cim_ref *ref = v->ra != NULL ? v->ra[k] : v->ref;
	char num[24];

	xml_open(w, qname);
	switch (type) {
	case CIM_TYPE_STRING:
		xml_text(w, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
		break;
	case CIM_TYPE_DATETIME:
		xml_text_element(w, "cim:Datetime", s != NULL ? s : "");
		break;
	case CIM_TYPE_BOOLEAN:
		xml_text(w, b ? "true" : "false", b ? 4 : 5);
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
		snprintf(num, sizeof(num), "%llu", (unsigned long long)u);
		xml_text(w, num, strlen(num));
		break;
	}
	xml_close(w, qname);
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

void cim_xml_write_instance(struct xml_writer *w, const struct cim_instance *inst)
{
	const struct cim_class *cls = inst->cls;
	char qname[WSMAN_NAME_MAX + 4];
	char uri[WSMAN_URI_MAX];

	snprintf(qname, sizeof(qname), "p:%s", cls->name);
	snprintf(uri, sizeof(uri), CIM_RESOURCE_URI_PREFIX "%s", cls->name);
	xml_open(w, qname);
	xml_attr(w, "xmlns:p", uri);
	xml_attr(w, "xmlns:xsi", CIM_XML_NS_XSI);
	xml_attr(w, "xmlns:cim", CIM_XML_NS_COMMON);
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		const struct cim_property *p = &cls->props[i];
		const struct cim_value *v = &inst->values[i];
		char pq[WSMAN_NAME_MAX + 4];

		snprintf(pq, sizeof(pq), "p:%s", p->name);
		if (is_nil(p, v)) {
			xml_open(w, pq);
			xml_attr(w, "xsi:nil", "true");
			xml_close(w, pq);
			continue;
		}
		if (!p->array) {
			struct cim_value scalar = *v;

			/* a scalar never reads the array pointers */
			scalar.sa = NULL;
			scalar.ua = NULL;
			scalar.ba = NULL;
			scalar.ra = NULL;
			scalar.ia = NULL;
			cim_xml_write_value(w, pq, p->type, &scalar, 0);
			continue;
		}
		/* arrays are repeated elements; an empty array writes none */
		for (uint32_t k = 0; k < v->count; k++) {
			cim_xml_write_value(w, pq, p->type, v, k);
		}
	}
	xml_close(w, qname);
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

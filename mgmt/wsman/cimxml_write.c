/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/cim/instance_build.h"
#include "mgmt/wsman/cimxml_write.h"

static const char *type_name(enum cim_type t)
{
	switch (t) {
	case CIM_TYPE_BOOLEAN: return "boolean";
	case CIM_TYPE_UINT16: return "uint16";
	case CIM_TYPE_UINT32: return "uint32";
	case CIM_TYPE_UINT64: return "uint64";
	case CIM_TYPE_DATETIME: return "datetime";
	default: return "string";	/* strings and embedded instances */
	}
}

/* One VALUE element of property p from v (element k of an array). */
static void write_value(struct xml_writer *w, const struct cim_property *p,
			const struct cim_value *v, uint32_t k)
{
	const char *s = p->array ? (v->sa != NULL ? v->sa[k] : NULL) : v->s;
	char num[24];

	xml_open(w, "VALUE");
	switch (p->type) {
	case CIM_TYPE_STRING:
	case CIM_TYPE_DATETIME:
		xml_text(w, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
		break;
	case CIM_TYPE_BOOLEAN:
		snprintf(num, sizeof(num), "%s", (p->array ? v->ba[k] : v->b) ? "true" : "false");
		xml_text(w, num, strlen(num));
		break;
	case CIM_TYPE_INSTANCE: {
		const struct cim_instance *e = p->array ? v->ia[k] : v->inst;

		if (e != NULL) {
			cimxml_write_text(w, e);
		}
		break;
	}
	default:
		snprintf(num, sizeof(num), "%llu",
			 (unsigned long long)(p->array ? v->ua[k] : v->u));
		xml_text(w, num, strlen(num));
		break;
	}
	xml_close(w, "VALUE");
}

/* LOCALINSTANCEPATH (with the namespace) or INSTANCENAME, DSP0201 3.2.5. */
static void write_ref(struct xml_writer *w, const struct cim_ref *ref)
{
	xml_open(w, "VALUE.REFERENCE");
	if (ref->cim_namespace != NULL) {
		const char *ns = ref->cim_namespace;

		xml_open(w, "LOCALINSTANCEPATH");
		xml_open(w, "LOCALNAMESPACEPATH");
		while (*ns != '\0') {
			const char *slash = strchr(ns, '/');
			size_t n = slash != NULL ? (size_t)(slash - ns) : strlen(ns);
			char part[CIM_NAMESPACE_MAX + 1];

			snprintf(part, sizeof(part), "%.*s", (int)n, ns);
			xml_open(w, "NAMESPACE");
			xml_attr(w, "NAME", part);
			xml_close(w, "NAMESPACE");
			ns += n + (slash != NULL);
		}
		xml_close(w, "LOCALNAMESPACEPATH");
	}
	xml_open(w, "INSTANCENAME");
	xml_attr(w, "CLASSNAME", ref->class_name);
	for (uint32_t i = 0; i < ref->key_count && i < CIM_KEYS_MAX; i++) {
		const char *val = ref->keys[i].value != NULL ? ref->keys[i].value : "";

		xml_open(w, "KEYBINDING");
		xml_attr(w, "NAME", ref->keys[i].name);
		xml_open(w, "KEYVALUE");
		xml_attr(w, "VALUETYPE", "string");
		xml_text(w, val, strlen(val));
		xml_close(w, "KEYVALUE");
		xml_close(w, "KEYBINDING");
	}
	xml_close(w, "INSTANCENAME");
	if (ref->cim_namespace != NULL) {
		xml_close(w, "LOCALINSTANCEPATH");
	}
	xml_close(w, "VALUE.REFERENCE");
}

static void write_property(struct xml_writer *w, const struct cim_property *p,
			   const struct cim_value *v)
{
	bool null = v->is_null || (!p->array && p->type == CIM_TYPE_REF && v->ref == NULL);
	const char *elem = p->type == CIM_TYPE_REF ? "PROPERTY.REFERENCE"
			   : p->array		  ? "PROPERTY.ARRAY"
						  : "PROPERTY";

	xml_open(w, elem);
	xml_attr(w, "NAME", p->name);
	if (p->type == CIM_TYPE_REF) {
		if (p->ref_class != NULL) {
			xml_attr(w, "REFERENCECLASS", p->ref_class);
		}
	} else {
		xml_attr(w, "TYPE", type_name(p->type));
	}
	if (p->type == CIM_TYPE_INSTANCE) {
		xml_attr(w, "EmbeddedObject", "instance");	/* DSP0201 3.2.6.7 */
	}
	if (!null) {
		if (p->type == CIM_TYPE_REF) {
			write_ref(w, v->ref);	/* DSP0201: no reference arrays in properties */
		} else if (p->array) {
			xml_open(w, "VALUE.ARRAY");
			for (uint32_t k = 0; k < v->count; k++) {
				write_value(w, p, v, k);
			}
			xml_close(w, "VALUE.ARRAY");
		} else {
			write_value(w, p, v, 0);
		}
	}
	xml_close(w, elem);
}

int cimxml_write_instance(struct http_buf *out, const struct cim_instance *inst)
{
	struct xml_writer w;

	xml_writer_init(&w, out, CIMXML_WRITE_MAX);
	xml_open(&w, "INSTANCE");
	xml_attr(&w, "CLASSNAME", inst->cls->name);
	for (uint32_t i = 0; i < inst->cls->prop_count && i < CIM_PROPERTIES_MAX; i++) {
		const struct cim_property *p = &inst->cls->props[i];

		if (p->type == CIM_TYPE_REF && p->array) {
			continue;	/* not expressible in a CIM-XML INSTANCE */
		}
		write_property(&w, p, &inst->values[i]);
	}
	xml_close(&w, "INSTANCE");
	return xml_writer_finish(&w);
}

void cimxml_write_text(struct xml_writer *w, const struct cim_instance *inst)
{
	struct http_buf text = { .max = CIMXML_WRITE_MAX };
	int rc = cimxml_write_instance(&text, inst);

	if (rc != 0) {
		if (w->err == 0) {
			w->err = rc;
		}
	} else {
		xml_text(w, text.data, text.len);
	}
	free(text.data);
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/instance.h"
#include "tools/vmanctl/names.h"

#define X(s) ((const xmlChar *)(s))

xmlNodePtr xml_child(xmlNodePtr node, const char *ns, const char *name)
{
	for (xmlNodePtr c = node ? node->children : NULL; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && c->ns != NULL &&
		    xmlStrEqual(c->ns->href, X(ns)) && xmlStrEqual(c->name, X(name))) {
			return c;
		}
	}
	return NULL;
}

char *xml_text(xmlNodePtr node)
{
	xmlChar *t = xmlNodeGetContent(node);

	return t != NULL ? (char *)t : (char *)xmlStrdup(X(""));
}

static bool is_nil(xmlNodePtr node)
{
	xmlChar *nil = xmlGetNsProp(node, X("nil"), X(NS_XSI));
	bool yes = nil != NULL && (xmlStrEqual(nil, X("true")) || xmlStrEqual(nil, X("1")));

	xmlFree(nil);
	return yes;
}

/* An EPR as "Class(Key=Value,...)": the class is the ResourceURI's last segment. */
static char *reference_text(xmlNodePtr epr)
{
	xmlNodePtr params = xml_child(epr, NS_WSA, "ReferenceParameters");
	xmlNodePtr set = xml_child(params, NS_WSMAN, "SelectorSet");
	char *uri = xml_text(xml_child(params, NS_WSMAN, "ResourceURI"));
	const char *cls = strrchr(uri, '/') ? strrchr(uri, '/') + 1 : uri;
	size_t cap = strlen(cls) + 3, len;
	char *out = malloc(cap);

	if (out == NULL) {
		xmlFree(uri);
		return NULL;
	}
	len = (size_t)snprintf(out, cap, "%s(", cls);
	for (xmlNodePtr s = set ? set->children : NULL; s != NULL; s = s->next) {
		xmlChar *name;
		char *value, *grown;

		if (s->type != XML_ELEMENT_NODE) {
			continue;
		}
		name = xmlGetProp(s, X("Name"));
		value = xml_text(s);
		cap = len + (name ? (size_t)xmlStrlen(name) : 0) + strlen(value) + 4;
		grown = realloc(out, cap);
		if (grown != NULL) {
			out = grown;
			len += (size_t)snprintf(out + len, cap - len, "%s%s=%s",
						out[len - 1] == '(' ? "" : ",",
						name ? (const char *)name : "", value);
		}
		xmlFree(name);
		xmlFree(value);
	}
	snprintf(out + len, 2, ")");
	xmlFree(uri);
	return out;
}

static char *value_text(xmlNodePtr node)
{
	char *t, *copy;

	if (xml_child(node, NS_WSA, "ReferenceParameters") != NULL) {
		return reference_text(node);
	}
	t = xml_text(node);
	copy = strdup(t);
	xmlFree(t);
	return copy;
}

static struct cim_property *property_for(struct cim_instance *inst, const char *name)
{
	struct cim_property *grown;

	if (inst->count > 0 && strcmp(inst->props[inst->count - 1].name, name) == 0) {
		return &inst->props[inst->count - 1];	/* an array's next element */
	}
	grown = realloc(inst->props, (inst->count + 1) * sizeof(*grown));
	if (grown == NULL) {
		return NULL;
	}
	inst->props = grown;
	grown = &inst->props[inst->count];
	*grown = (struct cim_property){ .name = strdup(name) };
	if (grown->name == NULL) {
		return NULL;
	}
	inst->count++;
	return grown;
}

static int add_value(struct cim_property *p, xmlNodePtr node)
{
	char **grown;
	char *v;

	if (is_nil(node)) {
		return 0;
	}
	v = value_text(node);
	grown = v == NULL ? NULL : realloc(p->values, (p->count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(v);
		return -ENOMEM;
	}
	p->values = grown;
	p->values[p->count++] = v;
	return 0;
}

int instance_from_xml(xmlNodePtr node, struct cim_instance *out)
{
	*out = (struct cim_instance){ .class_name = strdup((const char *)node->name) };
	if (out->class_name == NULL) {
		return -ENOMEM;
	}
	for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
		struct cim_property *p;

		if (c->type != XML_ELEMENT_NODE) {
			continue;
		}
		p = property_for(out, (const char *)c->name);
		if (p == NULL || add_value(p, c) < 0) {
			instance_free(out);
			return -ENOMEM;
		}
	}
	return 0;
}

const struct cim_property *instance_property(const struct cim_instance *inst, const char *name)
{
	for (size_t i = 0; i < inst->count; i++) {
		if (strcmp(inst->props[i].name, name) == 0) {
			return &inst->props[i];
		}
	}
	return NULL;
}

const char *instance_get(const struct cim_instance *inst, const char *name)
{
	const struct cim_property *p = instance_property(inst, name);

	return p != NULL && p->count > 0 ? p->values[0] : NULL;
}

void instance_free(struct cim_instance *inst)
{
	for (size_t i = 0; i < inst->count; i++) {
		for (size_t j = 0; j < inst->props[i].count; j++) {
			free(inst->props[i].values[j]);
		}
		free(inst->props[i].values);
		free(inst->props[i].name);
	}
	free(inst->props);
	free(inst->class_name);
	*inst = (struct cim_instance){ 0 };
}

int instance_list_add(struct instance_list *list, struct cim_instance *inst)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct cim_instance *grown = realloc(list->items, cap * sizeof(*grown));

		if (grown == NULL) {
			return -ENOMEM;
		}
		list->items = grown;
		list->cap = cap;
	}
	list->items[list->count++] = *inst;
	*inst = (struct cim_instance){ 0 };
	return 0;
}

void instance_list_free(struct instance_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		instance_free(&list->items[i]);
	}
	free(list->items);
	*list = (struct instance_list){ 0 };
}

/* SPDX-License-Identifier: MIT */
/*
 * A CIM instance as a WS-Man reply carries it (DSP0230): an element in its
 * class's namespace whose children are the properties; a repeated child is
 * an array, xsi:nil="true" is NULL, an EPR (wsa:Address +
 * wsa:ReferenceParameters) is a reference, shown as "Class(Key=Value,...)".
 */
#ifndef VMANCTL_INSTANCE_H
#define VMANCTL_INSTANCE_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

struct cim_property {
	char *name;
	char **values;		/* count strings; NULL entries never */
	size_t count;		/* 0: NULL */
};

struct cim_instance {
	char *class_name;
	struct cim_property *props;
	size_t count;
};

struct instance_list {
	struct cim_instance *items;
	size_t count, cap;
};

/* instance_from_xml - NODE's properties into *OUT.  0 or -ENOMEM. */
int instance_from_xml(xmlNodePtr node, struct cim_instance *out);

/* instance_get - the property's first value; NULL when absent or NULL. */
const char *instance_get(const struct cim_instance *inst, const char *name);

/* instance_property - the property, or NULL when the instance has none of that name. */
const struct cim_property *instance_property(const struct cim_instance *inst, const char *name);

void instance_free(struct cim_instance *inst);

/* instance_list_add - append a copy of *INST (taking its memory).  0 or -ENOMEM. */
int instance_list_add(struct instance_list *list, struct cim_instance *inst);
void instance_list_free(struct instance_list *list);

/* xml_child - NODE's first child element NS:NAME, or NULL. */
xmlNodePtr xml_child(xmlNodePtr node, const char *ns, const char *name);

/* xml_text - NODE's text (xmlFree() it), "" for an empty element. */
char *xml_text(xmlNodePtr node);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * A minimal CIM object model (DSP0004): a class description with typed
 * properties and keys, an instance as one value per property, and an
 * instance provider that enumerates into a callback.  A registry maps
 * DMTF ResourceURIs (DSP0227: <CIM_RESOURCE_URI_PREFIX><Class>) to providers.
 * Portable and bounded: no allocation, nothing from the network stack.
 */
#ifndef VMANHV_MGMT_CIM_CIM_H
#define VMANHV_MGMT_CIM_CIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CIM_RESOURCE_URI_PREFIX	"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
#define CIM_NAMESPACE_DEFAULT	"root/cimv2"
#define CIM_PROPERTIES_MAX	32U
#define CIM_KEYS_MAX		8U
#define CIM_KEY_TEXT_MAX	256U	/* a key value as text, NUL included */

enum cim_type {
	CIM_TYPE_STRING,
	CIM_TYPE_BOOLEAN,
	CIM_TYPE_UINT16,
	CIM_TYPE_UINT32,
	CIM_TYPE_UINT64,
	CIM_TYPE_DATETIME,	/* held as text (xs:dateTime / xs:duration) */
	CIM_TYPE_REF,		/* DSP0004 REF: a struct cim_ref, an EPR in XML (DSP0230) */
};

struct cim_property {
	const char *name;
	enum cim_type type;
	bool array;
	bool key;
	const char *ref_class;	/* CIM_TYPE_REF: the class referred to ("CIM_ManagedElement") */
};

struct cim_key {
	const char *name;
	const char *value;
};

/*
 * A CIM object path (DSP0004 7.7.5; DSP0227 "EPR" form in WS-Man): the
 * instance's class, namespace and key values as text.  This is how an
 * association names its ends and how a method takes or returns a
 * reference.  The strings are owned by whoever built the reference.
 */
struct cim_ref {
	const char *class_name;		/* "CIM_ComputerSystem" */
	const char *cim_namespace;	/* "root/cimv2" */
	uint32_t key_count;
	struct cim_key keys[CIM_KEYS_MAX];
};

/* Properties in the order DSP0230 writes them (the WS-CIM schema's
 * sequence); at most CIM_PROPERTIES_MAX, at most CIM_KEYS_MAX keys. */
struct cim_class {
	const char *name;		/* "CIM_ComputerSystem" */
	const char *cim_namespace;	/* "root/cimv2" */
	const struct cim_property *props;
	uint32_t prop_count;
};

/* One property's value.  Scalars use s / u / b; arrays point at count
 * elements of the property's type.  NULL (is_null) is written as xsi:nil. */
struct cim_value {
	bool is_null;
	const char *s;
	uint64_t u;
	bool b;
	uint32_t count;
	const char *const *sa;
	const uint64_t *ua;
	const bool *ba;
	const struct cim_ref *ref;		/* CIM_TYPE_REF scalar */
	const struct cim_ref *const *ra;	/* CIM_TYPE_REF array */
};

struct cim_instance {
	const struct cim_class *cls;
	struct cim_value values[CIM_PROPERTIES_MAX];	/* indexed like cls->props */
};

/* Called for each instance; non-zero stops the enumeration (and is returned). */
typedef int (*cim_instance_fn)(void *ctx, const struct cim_instance *inst);

struct cim_provider {
	const struct cim_class *cls;
	/* Every instance, in a stable order, each valid only during its call. */
	int (*enumerate)(void *pctx, cim_instance_fn fn, void *ctx);
	void *pctx;
};

struct cim_registry {
	const struct cim_provider *const *providers;
	size_t count;
};

/* The index of property name (case-insensitive, DSP0004), or -1. */
int cim_class_property(const struct cim_class *cls, const char *name);

/* The text form of a scalar key value into buf; 0, or -E2BIG / -EINVAL. */
int cim_value_text(const struct cim_property *prop, const struct cim_value *v, char *buf,
		   size_t size);

/*
 * The instance whose keys equal keys[0..n) (names case-insensitive, values
 * as text), passed to fn.  0 when found, -ENOENT when not, or fn's value.
 * The caller checks that keys name exactly the class's keys.
 */
int cim_get(const struct cim_provider *p, const struct cim_key *keys, size_t n,
	    cim_instance_fn fn, void *ctx);

/* The provider for a DMTF class ResourceURI, or NULL (unknown or not DMTF). */
const struct cim_provider *cim_registry_find(const struct cim_registry *reg, const char *uri);

#endif

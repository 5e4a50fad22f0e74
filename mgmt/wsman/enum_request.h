/* SPDX-License-Identifier: MIT */
/*
 * A WS-Enumeration request as the body reader (enum_body.c) leaves it for
 * the operations (enumerate.c): Enumerate's options and filter (DSP0226
 * clause 8; the selector filter, DSP0226 8.3; the association filter,
 * DSP0227 8.2), Pull's limits, the context of Pull/Release/Renew/GetStatus.
 * A filter owns its strings (a pool inside it), so an enumeration context
 * keeps a copy of the filter for its Pulls.
 */
#ifndef VMANHV_MGMT_WSMAN_ENUM_REQUEST_H
#define VMANHV_MGMT_WSMAN_ENUM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mgmt/cim/cim.h"
#include "mgmt/wsman/envelope.h"

#define WSMAN_DIALECT_SELECTOR	"http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter"
#define WSMAN_DIALECT_ASSOCIATION \
	"http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter"
/* DSP0227 8.2: association queries go to the "all classes" ResourceURI. */
#define WSMAN_ALL_CLASSES_URI	"http://schemas.dmtf.org/wbem/wscim/1/*"

#define WSMAN_FILTER_SELECTORS_MAX	16U
#define WSMAN_FILTER_POOL		1536U	/* the strings of one filter */
#define WSMAN_ENUM_TEXT_MAX		WSMAN_URI_MAX	/* one value being read */

enum wsman_filter_kind {
	WSMAN_FILTER_NONE = 0,
	WSMAN_FILTER_SELECTOR,		/* DSP0226 8.3 SelectorFilter */
	WSMAN_FILTER_ASSOCIATED,	/* DSP0227 wsmb:AssociatedInstances (associators) */
	WSMAN_FILTER_ASSOCIATION,	/* DSP0227 wsmb:AssociationInstances (references) */
};

struct wsman_enum_filter {
	enum wsman_filter_kind kind;
	/* selector filter: property name = value (text) */
	uint32_t selector_count;
	struct cim_key selector[WSMAN_FILTER_SELECTORS_MAX];
	const char *selector_namespace;	/* a __cimnamespace selector in it */
	/* association filter */
	bool has_object;
	struct cim_ref object;		/* wsmb:Object, the source instance */
	const char *association_class;	/* wsmb:AssociationClassName (Associated) */
	const char *role;		/* wsmb:Role */
	const char *result_class;	/* wsmb:ResultClassName */
	const char *result_role;	/* wsmb:ResultRole (Associated) */
	size_t pool_used;
	char pool[WSMAN_FILTER_POOL];
};

/* What the body of an Enumerate, Pull, Release, Renew or GetStatus said. */
struct wsman_enum_request {
	/* reader state */
	unsigned field;			/* the leaf whose text is being read */
	unsigned where;			/* the filter element the reader is in */
	size_t text_len;
	bool too_long;
	const char *selector_name;	/* of the wsman:Selector being read */
	char text[WSMAN_ENUM_TEXT_MAX];
	/* what was read */
	bool optimize;			/* wsman:OptimizeEnumeration */
	bool has_filter;
	bool has_expires;
	uint32_t max_elements;		/* 0: absent */
	uint64_t max_characters;	/* wsen:MaxCharacters; 0: absent */
	unsigned mode;			/* enum wsman_enum_mode */
	char context[96];		/* wsen:EnumerationContext */
	char expires[96];		/* wsen:Expires as written */
	struct wsman_enum_filter filter;
};

/* The body reader for the WS-Enumeration operations; its ctx is the
 * struct wsman_exchange, whose endpoint's CIM state holds the request. */
extern const struct wsman_body_ops wsman_enum_body_ops;

/* dst = src, with dst's pointers into its own pool. */
void wsman_enum_filter_copy(struct wsman_enum_filter *dst, const struct wsman_enum_filter *src);

/* inst has every selector of the filter's selector set (names are
 * properties of its class; values compare as text). */
bool wsman_filter_selector_match(const struct wsman_enum_filter *f,
				 const struct cim_instance *inst);

/* 0 when every selector names a scalar, non-reference property of cls; else
 * -EINVAL with *bad the offending name. */
int wsman_filter_selector_check(const struct wsman_enum_filter *f, const struct cim_class *cls,
				const char **bad);

/*
 * The association filter's results from one association instance assoc,
 * each passed to fn (DSP0227 8.2): for AssociationInstances assoc itself
 * when one of its references (Role) is the Object; for AssociatedInstances
 * the instance at each other end (ResultRole, ResultClassName), looked up
 * in reg.  Returns 0, or fn's non-zero value.
 */
int wsman_filter_association_expand(const struct cim_registry *reg,
				    const struct wsman_enum_filter *f,
				    const struct cim_instance *assoc, cim_instance_fn fn,
				    void *ctx);

/*
 * AssociatedInstances: association instance assoc yields inst (one of its
 * ends other than the Object, by ResultRole, names inst's class or a
 * superclass of it and inst's keys).  The walk asks it of the instances
 * before the current one, so that an instance reached through two
 * associations is sent once (DSP0200 Associators returns a set).
 */
bool wsman_filter_association_yields(const struct wsman_enum_filter *f,
				     const struct cim_instance *assoc,
				     const struct cim_instance *inst);

/* cls may hold results of the filter's association side: it has a
 * reference property and the class names of the filter allow it. */
bool wsman_filter_association_source(const struct wsman_enum_filter *f,
				     const struct cim_class *cls);

#endif

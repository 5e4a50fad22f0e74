/* SPDX-License-Identifier: MIT */
/*
 * The CIM operations (DSP0226 7.3 Get, clause 8 Enumerate/Pull/Release;
 * DSP0227; instances written as DSP0230 XML) over a struct cim_registry.
 */
#ifndef VMANHV_MGMT_WSMAN_CIM_OPS_H
#define VMANHV_MGMT_WSMAN_CIM_OPS_H

#include <stdint.h>

#include "mgmt/cim/cim.h"
#include "mgmt/wsman/enum_request.h"
#include "mgmt/wsman/soap.h"
#include "mgmt/wsman/wsman.h"

#define WSMAN_ENUM_CONTEXTS_MAX		16U
#define WSMAN_ENUM_EXPIRES_DEFAULT_MS	60000U		/* without wsen:Expires */
#define WSMAN_ENUM_EXPIRES_MAX_MS	600000U		/* longer requests are cut to this */
#define WSMAN_ENUM_MAX_ELEMENTS_MAX	512U		/* MaxElements above is honoured as this */

enum wsman_enum_mode {
	WSMAN_ENUM_OBJECT = 0,
	WSMAN_ENUM_EPR,			/* wsman:EnumerationMode EnumerateEPR */
	WSMAN_ENUM_OBJECT_AND_EPR,	/* EnumerateObjectAndEPR */
};

/*
 * Where an enumeration resumes: the provider's index in the registry, the
 * next instance within it (struct cim_provider.enumerate's from), and how
 * many of that instance's results were sent already (an association
 * instance can yield several associated instances).
 */
struct wsman_enum_cursor {
	size_t provider;
	uint32_t from;
	uint32_t sub;
};

struct wsman_enum_context {
	bool used;
	char id[WSMAN_MESSAGE_ID_SIZE];
	uint64_t expires_ms;
	/* the class enumerated (subclasses too); NULL for an association
	 * filter on the all-classes ResourceURI */
	const struct cim_class *cls;
	const char *cim_namespace;	/* NULL: every namespace */
	struct wsman_enum_cursor cursor;
	enum wsman_enum_mode mode;
	struct wsman_enum_filter filter;
};

struct wsman_write_body;

struct wsman_cim_state {
	const struct cim_registry *registry;
	uint64_t (*now_ms)(void);	/* monotonic */
	struct wsman_enum_context contexts[WSMAN_ENUM_CONTEXTS_MAX];
	/* the WS-Enumeration body of the request being handled (one at a
	 * time, DESIGN.md section 4): too large for the stack */
	struct wsman_enum_request request;
	/* the Put/Create/Invoke body being read and its arena, on the heap
	 * while the request lasts (mgmt/wsman/write_body.h); NULL otherwise */
	struct wsman_write_body *write_body;
};

/* Serve Get, Enumerate, Pull and Release for registry's providers. */
void wsman_cim_enable(struct wsman_endpoint *ep, struct wsman_cim_state *state,
		      const struct cim_registry *registry, uint64_t (*now_ms)(void));

#endif

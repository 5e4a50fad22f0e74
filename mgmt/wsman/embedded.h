/* SPDX-License-Identifier: MIT */
/*
 * Embedded instances given as text (DSP0004 EmbeddedInstance qualifier on
 * a string; DSP0227 clause 9): CIM-XML INSTANCE text (WinRM, libvirt) or
 * MOF "instance of" text (libvirt-cim), told apart by their first
 * character.  The WS-CIM XML form (DSP0230, the instance as child
 * elements) never reaches here: mgmt/wsman/wscim_parse.c reads it with the
 * envelope.  Text forms are parsed after the envelope's parse is over,
 * since expat parses do not nest, and recursively to CIM_EMBED_DEPTH_MAX.
 */
#ifndef VMANHV_MGMT_WSMAN_EMBEDDED_H
#define VMANHV_MGMT_WSMAN_EMBEDDED_H

#include "mgmt/cim/instance_build.h"
#include "mgmt/wsman/cimxml_parse.h"

struct cim_embed_ctx {
	struct cim_arena *arena;
	struct cim_result *res;
	struct cimxml_config xml;
};

/* The instance of cls in text (either form) into *out, its own embedded
 * instances parsed too; depth counts the instances around it (0 for a
 * parameter's or a top-level property's). */
enum cim_status cim_embedded_parse(const struct cim_embed_ctx *ctx, const char *text,
				   size_t len, const struct cim_class *cls, unsigned depth,
				   const struct cim_instance **out);

/* Every CIM_TYPE_INSTANCE value still held as text in values[0..count)
 * (typed by types) parsed into instances. */
enum cim_status cim_embedded_resolve(const struct cim_embed_ctx *ctx,
				     const struct cim_slot_type *types, struct cim_value *values,
				     uint32_t count, unsigned depth);

/* The same for an instance's properties. */
enum cim_status cim_embedded_resolve_instance(const struct cim_embed_ctx *ctx,
					      struct cim_instance *inst, unsigned depth);

#endif

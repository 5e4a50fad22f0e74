/* SPDX-License-Identifier: MIT */
/*
 * The WS-CIM XML form of an instance or of a method's input (DSP0230;
 * DSP0227 clause 9), read from the body's SAX events as the envelope is
 * parsed (the wsman_body_ops mechanism of envelope.h):
 *
 *   <p:Class xmlns:p="<class URI>">          Put, Create
 *   <p:Method_INPUT xmlns:p="<class URI>">   Invoke
 *     <p:Scalar>text</p:Scalar>              xsi:nil="true" for NULL
 *     <p:Array>1</p:Array><p:Array>2</p:Array>   arrays repeat the element
 *     <p:Created><cim:Datetime>..</cim:Datetime></p:Created>
 *     <p:Ref><wsa:Address/><wsa:ReferenceParameters><wsman:ResourceURI/>
 *            <wsman:SelectorSet><wsman:Selector Name=".."/>..</..></..></p:Ref>
 *     <p:Embedded><q:Inner xmlns:q="<inner URI>">..</q:Inner></p:Embedded>
 *     <p:Embedded>CIM-XML or MOF text</p:Embedded>   (parsed after the envelope)
 *
 * Values are checked against the class's or the method's types as they
 * arrive (instance_build.h); the first problem stops the parse with the
 * fault it earns.
 */
#ifndef VMANHV_MGMT_WSMAN_WSCIM_PARSE_H
#define VMANHV_MGMT_WSMAN_WSCIM_PARSE_H

#include "mgmt/cim/instance_build.h"
#include "mgmt/wsman/cim_fault.h"
#include "mgmt/wsman/envelope.h"

#define WSCIM_TEXT_MAX	(64U * 1024U)	/* one value's text (an embedded instance's) */

struct wscim_frame;

struct wscim_reader {
	/* set by wscim_reader_init */
	struct cim_arena *arena;
	const struct cim_class *cls;	/* the resource's class */
	const struct cim_method *method;	/* Invoke: its parameters; NULL: an instance */
	enum cim_fault_origin origin;
	char *text;			/* WSCIM_TEXT_MAX + 1 bytes, the caller's */
	/* the outcome */
	struct cim_result res;
	struct cim_builder *root;	/* the top element's slots, once it started */
	bool done;			/* the top element ended */
	/* parse state */
	size_t text_len;
	bool text_on;			/* collecting character data */
	uint32_t frames;
	struct wscim_frame *frame[CIM_EMBED_DEPTH_MAX + 1];
	struct wscim_frame *spare;	/* ended frames, reused: an array of many
					 * instances costs their values only */
};

/* Ready to read cls's instance (method NULL) or method's _INPUT; text is
 * a buffer of WSCIM_TEXT_MAX + 1 bytes. */
void wscim_reader_init(struct wscim_reader *r, struct cim_arena *arena,
		       const struct cim_class *cls, const struct cim_method *method, char *text);

/* The body events (envelope.h wsman_body_ops), with the reader as context. */
int wscim_start(struct wscim_reader *r, struct wsman_envelope *env,
		const struct wsman_qname *name, const char **attrs, unsigned depth);
int wscim_end(struct wscim_reader *r, struct wsman_envelope *env, unsigned depth);
int wscim_text(struct wscim_reader *r, struct wsman_envelope *env, const char *text,
	       size_t len);

/* The class a DSP0227 class ResourceURI names, compared with cls's name
 * (case-insensitive); false for any other URI. */
bool wscim_uri_is_class(const char *uri, size_t len, const struct cim_class *cls);

#endif

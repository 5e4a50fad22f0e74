/* sources: mgmt/cim/arena.c mgmt/cim/status.c mgmt/cim/cim.c mgmt/cim/instance_build.c mgmt/cim/instance_copy.c mgmt/cim/objpath.c mgmt/cim/mof_parse.c mgmt/wsman/cimxml_parse.c mgmt/wsman/cimxml_write.c mgmt/wsman/embedded.c mgmt/wsman/wscim_parse.c mgmt/wsman/cim_fault.c mgmt/wsman/envelope.c mgmt/wsman/action.c mgmt/wsman/duration.c mgmt/wsman/xml_mem.c mgmt/wsman/xml_writer.c mgmt/http/http_message.c */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary text as an instance in each of the three forms a
 * client may send: CIM-XML INSTANCE or MOF text (told apart by the first
 * character, as for a real EmbeddedInstance parameter), or WS-CIM XML
 * (DSP0230) as the body of a SOAP envelope, read by the body reader of Put
 * and Create (wscim_parse.c).  The classes have every property type, an
 * embedded-instance property and an array of them; one embeds itself (the
 * depth bound).
 *
 * The harness checks the parsers' contract: the status is one of those
 * documented, the message is a string, the arena is never overrun; an
 * accepted instance has values within their types, arrays within
 * CIM_ARRAY_MAX and embedded instances of the declared class, and it
 * survives a round trip: written as CIM-XML (cimxml_write.c) and parsed
 * again it is the same instance.
 *
 * Input: one byte (bit 0: the class, Fuzz_Outer or Fuzz_Nest; bit 1: the
 * text is the s:Body content of an envelope, else embedded-instance text),
 * then the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/wsman/cimxml_write.h"
#include "mgmt/wsman/embedded.h"
#include "mgmt/wsman/names.h"
#include "mgmt/wsman/wscim_parse.h"

static const struct cim_property inner_props[] = {
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Size", .type = CIM_TYPE_UINT64 },
	{ .name = "Tags", .type = CIM_TYPE_STRING, .array = true },
};
static const struct cim_class inner_class = { .name = "Fuzz_Inner", .props = inner_props,
					       .prop_count = 3 };

static const struct cim_property outer_props[] = {
	{ .name = "Active", .type = CIM_TYPE_BOOLEAN },
	{ .name = "Child", .type = CIM_TYPE_INSTANCE, .embedded = &inner_class },
	{ .name = "Children", .type = CIM_TYPE_INSTANCE, .array = true,
	  .embedded = &inner_class },
	{ .name = "Codes", .type = CIM_TYPE_UINT16, .array = true },
	{ .name = "Created", .type = CIM_TYPE_DATETIME },
	{ .name = "ElementName", .type = CIM_TYPE_STRING },
	{ .name = "Flags", .type = CIM_TYPE_BOOLEAN, .array = true },
	{ .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	{ .name = "Owner", .type = CIM_TYPE_REF, .ref_class = "CIM_ComputerSystem" },
	{ .name = "Size", .type = CIM_TYPE_UINT32 },
};
static const struct cim_class outer_class = { .name = "Fuzz_Outer", .props = outer_props,
					       .prop_count = 10 };

static const struct cim_class nest_class;
static const struct cim_property nest_props[] = {
	{ .name = "Inner", .type = CIM_TYPE_INSTANCE, .embedded = &nest_class },
	{ .name = "Name", .type = CIM_TYPE_STRING },
};
static const struct cim_class nest_class = { .name = "Fuzz_Nest", .props = nest_props,
					      .prop_count = 2 };

#define ARENA_SIZE	(256U * 1024U)

static _Alignas(16) unsigned char arena_buf[ARENA_SIZE];
static _Alignas(16) unsigned char arena2_buf[ARENA_SIZE];

static void check_status(enum cim_status st, const struct cim_result *res)
{
	if (st != CIM_OK && st != CIM_ERR_INVALID_PARAMETER && st != CIM_ERR_NO_SUCH_PROPERTY &&
	    st != CIM_ERR_TYPE_MISMATCH && st != CIM_ERR_FAILED) {
		abort();
	}
	if (st != CIM_OK && (res->status != st || memchr(res->message, '\0',
							  sizeof(res->message)) == NULL)) {
		abort();
	}
}

/* XML 1.0 cannot carry these (and normalises \r): no round trip for them. */
static bool xml_safe(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n') {
			return false;
		}
	}
	return true;
}

static bool check_instance(const struct cim_instance *inst, const struct cim_class *cls,
			   unsigned depth);

static bool check_value(const struct cim_property *p, const struct cim_value *v, unsigned depth)
{
	uint64_t max = p->type == CIM_TYPE_UINT16 ? UINT16_MAX
		       : p->type == CIM_TYPE_UINT32 ? UINT32_MAX : UINT64_MAX;
	uint32_t n = p->array ? v->count : 1;
	bool safe = true;

	if (v->is_null) {
		return true;
	}
	if (n > CIM_ARRAY_MAX || depth > CIM_EMBED_DEPTH_MAX) {
		abort();
	}
	for (uint32_t k = 0; k < n; k++) {
		const char *s = p->array ? (v->sa != NULL ? v->sa[k] : NULL) : v->s;
		uint64_t u = p->array ? (v->ua != NULL ? v->ua[k] : 0) : v->u;
		const struct cim_instance *e = !p->array		? v->inst
						: v->ia != NULL ? v->ia[k] : NULL;
		const struct cim_ref *r = p->array ? NULL : v->ref;

		switch (p->type) {
		case CIM_TYPE_STRING:
		case CIM_TYPE_DATETIME:
			if (s == NULL) {
				abort();
			}
			safe = safe && xml_safe(s) && strchr(s, '\r') == NULL;
			break;
		case CIM_TYPE_UINT16:
		case CIM_TYPE_UINT32:
		case CIM_TYPE_UINT64:
			if (u > max) {
				abort();
			}
			break;
		case CIM_TYPE_INSTANCE:
			if (e == NULL || e->cls != p->embedded) {
				abort();
			}
			safe = check_instance(e, p->embedded, depth + 1) && safe;
			break;
		case CIM_TYPE_REF:
			if (r == NULL || r->class_name == NULL || r->key_count > CIM_KEYS_MAX) {
				abort();
			}
			safe = safe && xml_safe(r->class_name) && xml_safe(r->cim_namespace);
			for (uint32_t i = 0; i < r->key_count; i++) {
				const char *kv = r->keys[i].value;

				safe = safe && xml_safe(r->keys[i].name) && xml_safe(kv) &&
				       strchr(kv, '\r') == NULL;
			}
			break;
		default:
			break;
		}
	}
	return safe;
}

/* Values within their types; true when every string can go through XML. */
static bool check_instance(const struct cim_instance *inst, const struct cim_class *cls,
			   unsigned depth)
{
	bool safe = true;

	if (inst->cls != cls) {
		abort();
	}
	for (uint32_t i = 0; i < cls->prop_count; i++) {
		safe = check_value(&cls->props[i], &inst->values[i], depth) && safe;
	}
	return safe;
}

static void round_trip(const struct cim_instance *inst, const struct cim_class *cls)
{
	struct http_buf text = { .max = CIMXML_WRITE_MAX };
	struct cim_arena arena;
	struct cim_result res = { 0 };
	struct cim_embed_ctx ctx = { &arena, &res, { .hash_salt = 7 } };
	const struct cim_instance *again = NULL;

	cim_arena_init(&arena, arena2_buf, sizeof(arena2_buf));
	if (cimxml_write_instance(&text, inst) == 0 &&
	    cim_embedded_parse(&ctx, text.data, text.len, cls, 0, &again) == CIM_OK) {
		for (uint32_t i = 0; i < cls->prop_count; i++) {
			if (!cim_value_equal(&cls->props[i], &inst->values[i], &again->values[i])) {
				abort();
			}
		}
	} else if (!arena.exhausted && text.len < CIMXML_TEXT_MAX &&
		   res.status != CIM_ERR_FAILED) {
		abort();	/* what we write, we must read */
	}
	free(text.data);
}

/* --- the WS-CIM XML form, through the envelope's body reader --- */

static struct wscim_reader reader;
static char reader_text[WSCIM_TEXT_MAX + 1];

static int body_start(void *ctx, struct wsman_envelope *env, const struct wsman_qname *name,
		      const char **attrs, unsigned depth)
{
	return wscim_start(&reader, env, name, attrs, depth);
}

static int body_end(void *ctx, struct wsman_envelope *env, unsigned depth)
{
	return wscim_end(&reader, env, depth);
}

static int body_text(void *ctx, struct wsman_envelope *env, const char *text, size_t len)
{
	return wscim_text(&reader, env, text, len);
}

static const struct wsman_body_ops body_ops = { body_start, body_end, body_text };

static const struct wsman_body_ops *select_body(void *ctx, const struct wsman_envelope *env)
{
	return &body_ops;
}

#define ENVELOPE_HEAD "<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\"><s:Body>"
#define ENVELOPE_TAIL "</s:Body></s:Envelope>"

static enum cim_status parse_wscim(const uint8_t *text, size_t len, const struct cim_class *cls,
				   struct cim_embed_ctx *ctx, const struct cim_instance **out)
{
	static struct wsman_envelope env;
	static char xml[sizeof(ENVELOPE_HEAD) + sizeof(ENVELOPE_TAIL) + 65536];
	struct wsman_parse_config cfg = { .hash_salt = 5, .select_body = select_body };
	struct cim_instance *inst;
	size_t n = 0;

	if (len > 65536) {
		return CIM_ERR_INVALID_PARAMETER;
	}
	memcpy(xml, ENVELOPE_HEAD, strlen(ENVELOPE_HEAD));
	n += strlen(ENVELOPE_HEAD);
	memcpy(xml + n, text, len);
	n += len;
	memcpy(xml + n, ENVELOPE_TAIL, strlen(ENVELOPE_TAIL));
	n += strlen(ENVELOPE_TAIL);
	wscim_reader_init(&reader, ctx->arena, cls, NULL, reader_text);
	if (wsman_envelope_parse(&env, xml, n, &cfg) != WSMAN_FAULT_NONE) {
		if (env.fault.fault >= WSMAN_FAULT_COUNT) {
			abort();
		}
		return CIM_ERR_INVALID_PARAMETER;
	}
	if (reader.root == NULL || !reader.done) {
		return CIM_ERR_INVALID_PARAMETER;
	}
	inst = cim_builder_instance(reader.root, cls);
	if (inst == NULL) {
		return reader.res.status;
	}
	*out = inst;
	return cim_embedded_resolve_instance(ctx, inst, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct cim_class *cls;
	struct cim_arena arena;
	struct cim_result res = { 0 };
	struct cim_embed_ctx ctx = { &arena, &res, { .hash_salt = 1 } };
	const struct cim_instance *inst = NULL;
	enum cim_status st;

	if (size < 1U) {
		return 0;
	}
	cls = (data[0] & 1U) != 0 ? &nest_class : &outer_class;
	cim_arena_init(&arena, arena_buf, sizeof(arena_buf));
	ctx.xml.scratch = cim_arena_alloc(&arena, sizeof(struct cim_builder));
	if ((data[0] & 2U) != 0) {
		st = parse_wscim(data + 1, size - 1, cls, &ctx, &inst);
		if (st != CIM_OK) {
			return 0;	/* the envelope's faults are fuzz_wsman_envelope's */
		}
	} else {
		st = cim_embedded_parse(&ctx, (const char *)data + 1, size - 1, cls, 0, &inst);
		check_status(st, &res);
	}
	if (arena.used > arena.size) {
		abort();
	}
	if (st == CIM_OK && check_instance(inst, cls, 0)) {
		round_trip(inst, cls);
	}
	return 0;
}

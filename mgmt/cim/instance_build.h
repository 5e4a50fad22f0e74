/* SPDX-License-Identifier: MIT */
/*
 * Building CIM values from parsed text, the one place where what a client
 * sent is checked against a class's property types or a method's
 * parameter types (DSP0004 types; DSP0230 / DSP0201 / MOF value forms).
 * The three readers of instances (WS-CIM XML in a body, CIM-XML INSTANCE
 * text, MOF text) and the Invoke parameter reader all feed a struct
 * cim_builder, element by element, and then finish it into values.
 *
 * An embedded instance that arrives as text (CIM-XML or MOF inside a
 * string) is kept as text here and parsed later, once the parser that
 * read it is gone (expat parses do not nest: mgmt/wsman/xml_mem.h); see
 * mgmt/wsman/embedded.h.
 */
#ifndef VMANHV_MGMT_CIM_INSTANCE_BUILD_H
#define VMANHV_MGMT_CIM_INSTANCE_BUILD_H

#include "mgmt/cim/cim.h"

#define CIM_SLOTS_MAX		CIM_PROPERTIES_MAX	/* >= CIM_PARAMS_MAX */
#define CIM_ARRAY_MAX		256U	/* elements of one array value */
#define CIM_EMBED_DEPTH_MAX	4U	/* instances embedded in instances */
#define CIM_NAMESPACE_MAX	128U	/* a CIM namespace name ("root/cimv2") */

/* The type of one slot: a property or a parameter. */
struct cim_slot_type {
	const char *name;
	enum cim_type type;
	bool array;
	const struct cim_class *embedded;	/* CIM_TYPE_INSTANCE */
};

struct cim_elem;

struct cim_slot {
	bool present;		/* given at all (a NULL value counts) */
	bool nil;		/* given as NULL (xsi:nil, VALUE absent, MOF NULL) */
	uint32_t count;
	struct cim_elem *head;
	struct cim_elem *tail;
};

struct cim_builder {
	struct cim_arena *arena;
	struct cim_result *res;
	const char *owner;	/* the class or method named in messages */
	bool params;		/* slots are method parameters, not properties */
	uint32_t count;
	struct cim_slot_type types[CIM_SLOTS_MAX];
	struct cim_slot slots[CIM_SLOTS_MAX];
};

/* Slots for the properties of cls. */
void cim_builder_init_class(struct cim_builder *b, const struct cim_class *cls,
			    struct cim_arena *arena, struct cim_result *res);
/* Slots for the parameters of m (all of them; the caller decides which
 * directions it accepts through cim_builder_find_param). */
void cim_builder_init_method(struct cim_builder *b, const struct cim_method *m,
			     struct cim_arena *arena, struct cim_result *res);

/* The slot named name (case-insensitive, DSP0004), or -1 with res set:
 * CIM_ERR_NO_SUCH_PROPERTY / CIM_ERR_INVALID_PARAMETER naming it. */
int cim_builder_find(struct cim_builder *b, const char *name);

/* One value element into slot idx (a second one only for arrays):
 * text parsed by the slot's type, a NULL, a reference, an instance. */
enum cim_status cim_builder_text(struct cim_builder *b, int idx, const char *text, size_t len);
enum cim_status cim_builder_uint(struct cim_builder *b, int idx, uint64_t u);
enum cim_status cim_builder_bool(struct cim_builder *b, int idx, bool v);
enum cim_status cim_builder_nil(struct cim_builder *b, int idx);
enum cim_status cim_builder_ref(struct cim_builder *b, int idx, const struct cim_ref *ref);
enum cim_status cim_builder_inst(struct cim_builder *b, int idx, const struct cim_instance *inst);
/* Slot idx is an array given with no elements (CIM-XML empty VALUE.ARRAY, MOF {}). */
enum cim_status cim_builder_empty_array(struct cim_builder *b, int idx);

/* The values, indexed like the slots; absent ones are is_null. */
enum cim_status cim_builder_finish(struct cim_builder *b, struct cim_value *values);

/* A new instance of cls from b (initialised for cls) in the arena; NULL with res set. */
struct cim_instance *cim_builder_instance(struct cim_builder *b, const struct cim_class *cls);

/*
 * A DSP0004 object path as text ("root/cimv2:CIM_X.Name=\"a\",Id=3", the
 * namespace optional) into *ref, its strings in arena.
 * CIM_OK, or CIM_ERR_INVALID_PARAMETER with res naming what is wrong.
 */
enum cim_status cim_objpath_parse(const char *text, size_t len, struct cim_ref *ref,
				  struct cim_arena *arena, struct cim_result *res);

/* A CIM namespace name as DSP0004 writes them: segments of letters,
 * digits and '_' joined by '/' ("root/cimv2"), at most CIM_NAMESPACE_MAX
 * bytes; n bytes of ns. */
bool cim_namespace_valid(const char *ns, size_t n);

/* ref already has a key named name (case-insensitive): a reference names
 * each key once (DSP0004 7.7.5), so a second one is refused. */
bool cim_ref_has_key(const struct cim_ref *ref, const char *name, size_t n);

/* A CIM class, property or key name (DSP0004 annex A: letters, digits
 * and '_', not starting with a digit); n bytes of s. */
bool cim_name_valid(const char *s, size_t n);

/* A zeroed struct cim_ref in arena, or NULL with res set (see cim_arena_full). */
struct cim_ref *cim_ref_new(struct cim_arena *arena);

/* CIM_TYPE_INSTANCE values still held as text (scalar s / array sa[k]). */
bool cim_value_has_pending(const struct cim_slot_type *t, const struct cim_value *v);

/* Messages about the arena running out name it once, here. */
enum cim_status cim_arena_full(struct cim_result *res);

/* --- copies and comparisons (mgmt/cim/instance_copy.c) --- */

/* A deep copy of inst (strings, arrays, references, embedded instances)
 * in arena: a provider's instance is valid only during its callback.
 * NULL when the arena is full. */
struct cim_instance *cim_instance_copy(struct cim_arena *arena, const struct cim_instance *inst);

/* The same for one value of property p into *dst; false when full. */
bool cim_value_copy(struct cim_arena *arena, const struct cim_property *p,
		    const struct cim_value *src, struct cim_value *dst);

/* a and b (values of property p) are equal: NULL only to NULL, text and
 * numbers exactly, references with cim_ref_equal, embedded instances
 * property by property. */
bool cim_value_equal(const struct cim_property *p, const struct cim_value *a,
		     const struct cim_value *b);

#endif

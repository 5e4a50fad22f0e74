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
	/* DSP0004 string with EmbeddedInstance("<class>"): a parsed struct
	 * cim_instance (value.inst / value.ia); the class is property.embedded */
	CIM_TYPE_INSTANCE,
};

struct cim_property {
	const char *name;
	enum cim_type type;
	bool array;
	bool key;
	const char *ref_class;	/* CIM_TYPE_REF: the class referred to ("CIM_ManagedElement") */
	bool write;		/* DSP0004 Write qualifier: Put may change it (keys never) */
	/* CIM_TYPE_INSTANCE: the EmbeddedInstance qualifier's class (its name
	 * is the qualifier's value; instances of other classes are refused) */
	const struct cim_class *embedded;
};

/* A key value: text, or (CIM_TYPE_REF keys of associations) a reference,
 * written as an EPR-valued selector (DSP0226 7.2.2, DSP0227). */
struct cim_key {
	const char *name;
	const char *value;		/* NULL when ref is set */
	const struct cim_ref *ref;	/* a REF key's value */
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
	/* The superclass (DSP0004 5.1.2.13), NULL at the top of what vmanhv
	 * models: enumerating a class returns its subclasses' instances too
	 * (DSP0227 polymorphism).  A subclass repeats the inherited properties
	 * it has in its own props. */
	const struct cim_class *super;
	/* The subclasses vmanhv models, NULL-terminated (NULL: none): where an
	 * instance of this class is expected (an EmbeddedInstance parameter),
	 * one of theirs is taken too (DSP0004 5.1.2.13, cim_class_accepting). */
	const struct cim_class *const *subclasses;
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
	const struct cim_instance *inst;	/* CIM_TYPE_INSTANCE scalar */
	const struct cim_instance *const *ia;	/* CIM_TYPE_INSTANCE array */
};

struct cim_instance {
	const struct cim_class *cls;
	struct cim_value values[CIM_PROPERTIES_MAX];	/* indexed like cls->props */
};

/* --- write side: status, arena, methods (DSP0200, DSP0004, DSP0227 clause 9) --- */

/* CIM status codes (DSP0200 / DSP0201 ERROR CODE values); the WS-Man
 * endpoint maps them to faults as DSP0227 says (mgmt/wsman/cim_fault.c). */
enum cim_status {
	CIM_OK = 0,
	CIM_ERR_FAILED = 1,
	CIM_ERR_ACCESS_DENIED = 2,
	CIM_ERR_INVALID_NAMESPACE = 3,
	CIM_ERR_INVALID_PARAMETER = 4,
	CIM_ERR_INVALID_CLASS = 5,
	CIM_ERR_NOT_FOUND = 6,
	CIM_ERR_NOT_SUPPORTED = 7,
	CIM_ERR_ALREADY_EXISTS = 11,
	CIM_ERR_NO_SUCH_PROPERTY = 12,
	CIM_ERR_TYPE_MISMATCH = 13,
	CIM_ERR_METHOD_NOT_AVAILABLE = 16,
	CIM_ERR_METHOD_NOT_FOUND = 17,
	CIM_ERR_SERVER_IS_SHUTTING_DOWN = 28,
};

#define CIM_MESSAGE_MAX	160U	/* a status message, NUL included */

/* A provider's answer beyond its status: why, in words, for the fault's
 * env:Reason (DSP0200 CIMStatusCodeDescription). */
struct cim_result {
	enum cim_status status;		/* as the hook returned it */
	char message[CIM_MESSAGE_MAX];	/* "" when the provider gave none */
};

/* Set res (message printf-style, cut to fit) and return status, so a hook
 * can `return cim_fail(res, CIM_ERR_NOT_FOUND, "no VM %s", name);`. */
enum cim_status cim_fail(struct cim_result *res, enum cim_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct cim_call;
/* The method ran and returns return_value (its ReturnValue), with the
 * reason in words for a non-zero one (message printf-style): CIM_OK. */
enum cim_status cim_return(struct cim_call *call, struct cim_result *res, uint32_t return_value,
			   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * A bounded bump allocator over a caller's buffer: it owns everything
 * parsed from a request (strings, value arrays, embedded instances,
 * references) and what a provider returns (created keys, output values),
 * for one request.  Nothing is freed one by one; the buffer is simply
 * reused for the next request.
 */
struct cim_arena {
	unsigned char *base;	/* the caller's buffer */
	size_t size;		/* its size in bytes */
	size_t used;		/* bytes handed out so far */
	bool exhausted;		/* an allocation failed: the request is too big */
};

void cim_arena_init(struct cim_arena *a, void *buf, size_t size);
/* size bytes aligned for any CIM value, zeroed; NULL (and a->exhausted) when full. */
void *cim_arena_alloc(struct cim_arena *a, size_t size);
/* A NUL-terminated copy of s[0..n); NULL when full. */
char *cim_arena_strndup(struct cim_arena *a, const char *s, size_t n);

/* Method parameter directions (DSP0004 IN / OUT qualifiers), as bits. */
#define CIM_PARAM_IN	1U
#define CIM_PARAM_OUT	2U

/* One parameter of an extrinsic method (DSP0004 7.10; DSP0227 clause 9). */
struct cim_param {
	const char *name;		/* "RequestedState", as in <p:RequestedState> */
	enum cim_type type;
	bool array;			/* repeated elements in XML (DSP0227) */
	uint8_t dir;			/* CIM_PARAM_IN | CIM_PARAM_OUT */
	bool required;			/* DSP0004 Required: absent IN → wsman:InvalidParameter */
	const char *ref_class;		/* CIM_TYPE_REF: the class referred to */
	const struct cim_class *embedded; /* CIM_TYPE_INSTANCE: EmbeddedInstance class */
};

#define CIM_PARAMS_MAX	16U	/* parameters of one method, IN and OUT together */

/* One call of an extrinsic method, as the endpoint hands it to invoke. */
struct cim_call {
	const struct cim_method *method;
	/* The instance the method is invoked on (its keys from the selectors);
	 * key_count 0 for a static method invoked on the class. */
	const struct cim_ref *target;
	/* Indexed like method->params: IN values parsed and type-checked
	 * (is_null when absent); the other entries are is_null. */
	const struct cim_value *in;
	/* Indexed like method->params, all is_null on entry: the provider
	 * sets the OUT ones it returns (strings/arrays static or in arena). */
	struct cim_value *out;
	uint32_t return_value;		/* the method's uint32 ReturnValue */
	struct cim_arena *arena;	/* for out values; shared with in values */
};

/* An extrinsic method: wsa:Action <class ResourceURI>/<name> (DSP0227). */
struct cim_method {
	const char *name;		/* "RequestStateChange" */
	const struct cim_param *params;
	uint32_t param_count;		/* at most CIM_PARAMS_MAX */
	bool is_static;			/* DSP0004 Static: invoked without selectors */
	/* CIM_OK with call->return_value set (the method ran, whatever it
	 * returned), or a CIM error (the call itself failed: a fault). */
	enum cim_status (*invoke)(void *pctx, struct cim_call *call, struct cim_result *res);
};

/* Called for each instance; non-zero stops the enumeration (and is returned). */
typedef int (*cim_instance_fn)(void *ctx, const struct cim_instance *inst);

struct cim_provider {
	const struct cim_class *cls;
	/* Instances in a stable order from the from-th (0-based) on, each valid
	 * only during its call.  Starting at from must cost no more than
	 * starting at 0: a Pull resumes there, and the cost per instance of an
	 * enumeration must not grow with its position.  Several providers may
	 * serve one class (the host CIM_ComputerSystem and the VMs' ones):
	 * enumeration concatenates them in registry order, Get asks each. */
	int (*enumerate)(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx);
	void *pctx;
	/* --- write side (DSP0226 7.4-7.6, DSP0227 clause 9); NULL: not offered,
	 * and the operation is answered wsa:ActionNotSupported --- */
	/* Replace the instance whose keys are inst's keys by inst (all
	 * properties; only Write ones differ from the current instance). */
	enum cim_status (*put)(void *pctx, const struct cim_instance *inst,
			       struct cim_result *res);
	/* Create inst (keys may be NULL when the provider chooses them) and
	 * name the new instance in *created (strings static or in arena). */
	enum cim_status (*create)(void *pctx, const struct cim_instance *inst,
				  struct cim_ref *created, struct cim_arena *arena,
				  struct cim_result *res);
	/* Delete the instance whose keys are keys[0..n) (exactly the class's). */
	enum cim_status (*delete)(void *pctx, const struct cim_key *keys, size_t n,
				  struct cim_result *res);
	const struct cim_method *methods;	/* extrinsic methods (DSP0004 7.10) */
	uint32_t method_count;
};

struct cim_registry {
	const struct cim_provider *const *providers;
	size_t count;
	/*
	 * The CIM_Error sent beside a non-zero ReturnValue whose provider gave a
	 * reason (docs/wsman.md "Why a method failed"), built in arena; NULL
	 * (the hook or its result) sends none.  The schema's classes belong to
	 * the profiles, so the registry brings the builder.
	 */
	struct cim_instance *(*method_error)(const struct cim_call *call, const char *reason,
					     struct cim_arena *arena);
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

/* --- read side: classes, the registry, references (DSP0227 8; owner: enum) --- */

/* The class named name (case-insensitive) in cim_namespace (NULL: any),
 * among reg's providers' classes and their superclasses; or NULL. */
const struct cim_class *cim_registry_class(const struct cim_registry *reg, const char *name,
					   const char *cim_namespace);

/* The class name in a DMTF class ResourceURI (a pointer into uri), or NULL
 * when uri is not <CIM_RESOURCE_URI_PREFIX><Class>. */
const char *cim_uri_class_name(const char *uri);

/* The class a DMTF class ResourceURI names, or NULL (unknown or not DMTF). */
const struct cim_class *cim_registry_find(const struct cim_registry *reg, const char *uri);

/* cls is the class named name (case-insensitive) or one of its subclasses. */
bool cim_class_is_a(const struct cim_class *cls, const char *name);
/* cls when it is named name[0..len) (case-insensitive), else the one of its
 * subclasses (cls->subclasses, recursively) that is, else NULL. */
const struct cim_class *cim_class_accepting(const struct cim_class *cls, const char *name,
					    size_t len);

/*
 * The providers of class name, its subclasses included, in cim_namespace
 * (NULL: any): start with *i = 0; each call returns the next one and
 * leaves *i just past it; NULL at the end.  (*i - 1) is the provider's
 * index in reg, a position an enumeration context can keep.
 */
const struct cim_provider *cim_registry_next(const struct cim_registry *reg, const char *name,
					     const char *cim_namespace, size_t *i);

/* Get across the registry: the first provider of class name (subclasses
 * included) in cim_namespace (NULL: any) that has the instance whose keys
 * are keys[0..n).  As cim_get: 0, -ENOENT, or fn's value. */
int cim_registry_get(const struct cim_registry *reg, const char *name,
		     const char *cim_namespace, const struct cim_key *keys, size_t n,
		     cim_instance_fn fn, void *ctx);

/* A reference with the storage for its keys' text. */
struct cim_ref_buf {
	struct cim_ref ref;
	char text[CIM_KEYS_MAX][CIM_KEY_TEXT_MAX];
};

/* The reference to inst: its class, namespace and keys (REF keys point at
 * inst's own struct cim_ref, so out is valid as long as inst is).
 * 0, or -E2BIG when a key's text does not fit. */
int cim_ref_of(const struct cim_instance *inst, struct cim_ref_buf *out);

/* The same instance: class names case-insensitive, namespaces equal when
 * both are given, the same keys by name (case-insensitive, any order) with
 * equal values (text exactly, references recursively). */
bool cim_ref_equal(const struct cim_ref *a, const struct cim_ref *b);

/* inst's key values equal keys[0..n) (names case-insensitive; text exactly,
 * references with cim_ref_equal). */
bool cim_instance_has_keys(const struct cim_instance *inst, const struct cim_key *keys,
			   size_t n);

#endif

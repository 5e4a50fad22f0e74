/* SPDX-License-Identifier: MIT */
/*
 * CIM-XML INSTANCE text (DSP0201): INSTANCE holds QUALIFIER (skipped),
 * PROPERTY (VALUE or nothing for NULL), PROPERTY.ARRAY (VALUE.ARRAY of
 * VALUE), PROPERTY.REFERENCE (VALUE.REFERENCE holding INSTANCEPATH,
 * LOCALINSTANCEPATH or INSTANCENAME with KEYBINDING/KEYVALUE).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "mgmt/wsman/cimxml_parse.h"
#include "mgmt/wsman/xml_mem.h"

enum elem {
	E_OTHER,	/* inside a skipped subtree (QUALIFIER) */
	E_INSTANCE,
	E_PROPERTY,
	E_PROPERTY_ARRAY,
	E_PROPERTY_REFERENCE,
	E_VALUE,
	E_VALUE_ARRAY,
	E_VALUE_REFERENCE,
	E_PATH,		/* INSTANCEPATH, LOCALINSTANCEPATH, (LOCAL)NAMESPACEPATH, HOST */
	E_NAMESPACE,
	E_INSTANCENAME,
	E_KEYBINDING,
	E_KEYVALUE,
	E_SKIP,		/* QUALIFIER: its subtree is ignored */
};

struct cimxml {
	XML_Parser xml;
	struct xml_mem *mem;
	const struct cim_class *cls;
	struct cim_arena *arena;
	struct cim_result *res;
	struct cim_builder *b;
	bool stopped;
	unsigned depth;
	unsigned skip_depth;	/* > 0: inside a QUALIFIER that started here */
	enum elem stack[CIMXML_DEPTH_MAX + 1];
	int prop;		/* the slot of the property being read */
	bool prop_has_value;
	char *text;		/* the VALUE / KEYVALUE being read */
	size_t text_len;
	size_t text_cap;
	bool in_text;
	struct cim_ref *ref;	/* the reference being read */
	char ns[2 * CIM_NAMESPACE_MAX];	/* NAMESPACE NAMEs joined by '/' */
	size_t ns_len;
	const char *key_name;
};

static void stop(struct cimxml *c)
{
	c->stopped = true;
	XML_StopParser(c->xml, XML_FALSE);
}

static void fail(struct cimxml *c, enum cim_status st, const char *fmt, const char *arg)
{
	if (!c->stopped) {
		cim_fail(c->res, st, fmt, arg);
		stop(c);
	}
}

static const char *attr(const char **attrs, const char *name)
{
	for (; attrs[0] != NULL; attrs += 2) {
		if (strcasecmp(attrs[0], name) == 0) {
			return attrs[1];
		}
	}
	return NULL;
}

/* DSP0201 TYPE values of the types vmanhv models. */
static bool type_fits(const char *type, enum cim_type t)
{
	static const struct { const char *name; enum cim_type type; } types[] = {
		{ "string", CIM_TYPE_STRING }, { "boolean", CIM_TYPE_BOOLEAN },
		{ "uint16", CIM_TYPE_UINT16 }, { "uint32", CIM_TYPE_UINT32 },
		{ "uint64", CIM_TYPE_UINT64 }, { "datetime", CIM_TYPE_DATETIME },
		{ "string", CIM_TYPE_INSTANCE },	/* EmbeddedObject="instance" */
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (types[i].type == t && strcasecmp(types[i].name, type) == 0) {
			return true;
		}
	}
	return false;
}

static void open_property(struct cimxml *c, const char **attrs, enum elem e)
{
	const char *name = attr(attrs, "NAME");
	const char *type = attr(attrs, "TYPE");
	const struct cim_slot_type *t;

	if (name == NULL) {
		fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: a %s has no NAME.",
		     e == E_PROPERTY ? "PROPERTY" : "PROPERTY.ARRAY or PROPERTY.REFERENCE");
		return;
	}
	c->prop = cim_builder_find(c->b, name);
	if (c->prop < 0) {
		stop(c);
		return;
	}
	c->prop_has_value = false;
	t = &c->b->types[c->prop];
	if ((e == E_PROPERTY_ARRAY) != t->array ||
	    (e == E_PROPERTY_REFERENCE) != (t->type == CIM_TYPE_REF) ||
	    (type != NULL && e != E_PROPERTY_REFERENCE && !type_fits(type, t->type))) {
		cim_fail(c->res, CIM_ERR_TYPE_MISMATCH,
			 "CIM-XML: property %s does not have the class's type.", t->name);
		stop(c);
	}
}

static void text_begin(struct cimxml *c)
{
	c->in_text = true;
	c->text_len = 0;
}

static void open_reference(struct cimxml *c)
{
	c->ref = cim_ref_new(c->arena);
	c->ns_len = 0;
	if (c->ref == NULL) {
		cim_arena_full(c->res);
		stop(c);
	}
}

static void open_namespace(struct cimxml *c, const char **attrs)
{
	const char *name = attr(attrs, "NAME");
	size_t n = name != NULL ? strlen(name) : 0;

	if (!cim_namespace_valid(name, n) || c->ns_len + n + 2 > sizeof(c->ns)) {
		fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s", "a bad NAMESPACE.");
		return;
	}
	if (c->ns_len > 0) {
		c->ns[c->ns_len++] = '/';
	}
	memcpy(c->ns + c->ns_len, name, n);
	c->ns_len += n;
	c->ns[c->ns_len] = '\0';
}

static void open_instancename(struct cimxml *c, const char **attrs)
{
	const char *cls = attr(attrs, "CLASSNAME");

	if (cls == NULL || c->ref == NULL || !cim_name_valid(cls, strlen(cls))) {
		fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s",
		     "an INSTANCENAME has no CLASSNAME, or not a CIM name.");
		return;
	}
	c->ref->class_name = cim_arena_strndup(c->arena, cls, strlen(cls));
	if (c->ns_len > 0) {
		c->ref->cim_namespace = cim_arena_strndup(c->arena, c->ns, c->ns_len);
	}
}

static void open_keybinding(struct cimxml *c, const char **attrs)
{
	const char *name = attr(attrs, "NAME");

	if (name == NULL || !cim_name_valid(name, strlen(name)) || c->ref == NULL ||
	    c->ref->key_count == CIM_KEYS_MAX || cim_ref_has_key(c->ref, name, strlen(name))) {
		fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s",
		     "a KEYBINDING without a NAME, twice, or too many.");
		return;
	}
	c->key_name = cim_arena_strndup(c->arena, name, strlen(name));
}

/* Which element name may appear under parent, and what it is. */
static enum elem classify(enum elem parent, const char *name)
{
	static const struct { enum elem parent; const char *name; enum elem e; } grammar[] = {
		{ E_INSTANCE, "QUALIFIER", E_SKIP },
		{ E_INSTANCE, "PROPERTY", E_PROPERTY },
		{ E_INSTANCE, "PROPERTY.ARRAY", E_PROPERTY_ARRAY },
		{ E_INSTANCE, "PROPERTY.REFERENCE", E_PROPERTY_REFERENCE },
		{ E_PROPERTY, "QUALIFIER", E_SKIP },
		{ E_PROPERTY, "VALUE", E_VALUE },
		{ E_PROPERTY_ARRAY, "QUALIFIER", E_SKIP },
		{ E_PROPERTY_ARRAY, "VALUE.ARRAY", E_VALUE_ARRAY },
		{ E_VALUE_ARRAY, "VALUE", E_VALUE },
		{ E_PROPERTY_REFERENCE, "QUALIFIER", E_SKIP },
		{ E_PROPERTY_REFERENCE, "VALUE.REFERENCE", E_VALUE_REFERENCE },
		{ E_VALUE_REFERENCE, "INSTANCEPATH", E_PATH },
		{ E_VALUE_REFERENCE, "LOCALINSTANCEPATH", E_PATH },
		{ E_VALUE_REFERENCE, "INSTANCENAME", E_INSTANCENAME },
		{ E_PATH, "NAMESPACEPATH", E_PATH },
		{ E_PATH, "LOCALNAMESPACEPATH", E_PATH },
		{ E_PATH, "HOST", E_PATH },
		{ E_PATH, "NAMESPACE", E_NAMESPACE },
		{ E_PATH, "INSTANCENAME", E_INSTANCENAME },
		{ E_INSTANCENAME, "KEYBINDING", E_KEYBINDING },
		{ E_KEYBINDING, "KEYVALUE", E_KEYVALUE },
	};

	for (size_t i = 0; i < sizeof(grammar) / sizeof(grammar[0]); i++) {
		if (grammar[i].parent == parent && strcmp(grammar[i].name, name) == 0) {
			return grammar[i].e;
		}
	}
	return E_OTHER;
}

static void open_root(struct cimxml *c, const char *name, const char **attrs)
{
	const char *cls = attr(attrs, "CLASSNAME");
	const struct cim_class *actual;

	if (strcmp(name, "INSTANCE") != 0) {
		fail(c, CIM_ERR_INVALID_PARAMETER,
		     "CIM-XML: the embedded instance is a %.64s, not an INSTANCE.", name);
		return;
	}
	/* the expected class or a subclass of it (DSP0004 5.1.2.13) */
	actual = cls != NULL ? cim_class_accepting(c->cls, cls, strlen(cls)) : NULL;
	if (actual == NULL) {
		cim_fail(c->res, CIM_ERR_INVALID_PARAMETER,
			 "CIM-XML: an instance of %.64s where %s is expected.",
			 cls != NULL ? cls : "no class", c->cls->name);
		stop(c);
		return;
	}
	if (actual != c->cls) {
		c->cls = actual;	/* nothing is built yet: start over with its properties */
		cim_builder_init_class(c->b, actual, c->arena, c->res);
	}
}

static void XMLCALL on_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
	struct cimxml *c = user;
	enum elem e;

	if (c->stopped) {
		return;
	}
	if (++c->depth > CIMXML_DEPTH_MAX) {
		fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s", "elements nest too deep.");
		return;
	}
	if (c->skip_depth != 0) {
		c->stack[c->depth] = E_SKIP;
		return;
	}
	if (c->depth == 1) {
		c->stack[1] = E_INSTANCE;
		open_root(c, name, attrs);
		return;
	}
	e = classify(c->stack[c->depth - 1], name);
	c->stack[c->depth] = e;
	switch (e) {
	case E_OTHER:
		fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: an unexpected element %.64s.", name);
		break;
	case E_SKIP:
		c->skip_depth = c->depth;
		break;
	case E_PROPERTY:
	case E_PROPERTY_ARRAY:
	case E_PROPERTY_REFERENCE:
		open_property(c, attrs, e);
		break;
	case E_VALUE:
	case E_KEYVALUE:
		text_begin(c);
		break;
	case E_VALUE_REFERENCE:
		open_reference(c);
		break;
	case E_NAMESPACE:
		open_namespace(c, attrs);
		break;
	case E_INSTANCENAME:
		open_instancename(c, attrs);
		break;
	case E_KEYBINDING:
		open_keybinding(c, attrs);
		break;
	default:
		break;
	}
}

static void check(struct cimxml *c, enum cim_status st)
{
	if (st != CIM_OK) {
		stop(c);
	}
}

static void close_keyvalue(struct cimxml *c)
{
	struct cim_ref *r = c->ref;

	if (r == NULL || c->key_name == NULL) {
		return;
	}
	r->keys[r->key_count].name = c->key_name;
	r->keys[r->key_count].value = cim_arena_strndup(c->arena, c->text, c->text_len);
	r->key_count++;
	c->key_name = NULL;
}

static void close_element(struct cimxml *c, enum elem e)
{
	switch (e) {
	case E_VALUE:
		c->in_text = false;
		c->prop_has_value = true;
		check(c, cim_builder_text(c->b, c->prop, c->text, c->text_len));
		break;
	case E_KEYVALUE:
		c->in_text = false;
		close_keyvalue(c);
		break;
	case E_VALUE_REFERENCE:
		if (c->ref == NULL || c->ref->class_name == NULL) {
			fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s",
			     "a VALUE.REFERENCE names no instance.");
			return;
		}
		c->prop_has_value = true;
		check(c, cim_builder_ref(c->b, c->prop, c->ref));
		c->ref = NULL;
		break;
	case E_VALUE_ARRAY:
		c->prop_has_value = true;
		if (!c->b->slots[c->prop].present) {
			check(c, cim_builder_empty_array(c->b, c->prop));
		}
		break;
	case E_PROPERTY:
	case E_PROPERTY_ARRAY:
	case E_PROPERTY_REFERENCE:
		if (!c->prop_has_value) {
			/* DSP0201: a property without VALUE is NULL */
			check(c, cim_builder_nil(c->b, c->prop));
		}
		break;
	default:
		break;
	}
	if (c->arena->exhausted && !c->stopped) {
		cim_arena_full(c->res);
		stop(c);
	}
}

static void XMLCALL on_end(void *user, const XML_Char *name)
{
	struct cimxml *c = user;

	(void)name;
	if (c->stopped) {
		return;
	}
	if (c->skip_depth == 0) {
		close_element(c, c->stack[c->depth]);
	} else if (c->skip_depth == c->depth) {
		c->skip_depth = 0;
	}
	c->depth--;
}

static void XMLCALL on_text(void *user, const XML_Char *s, int len)
{
	struct cimxml *c = user;

	if (c->stopped || !c->in_text) {
		return;
	}
	if ((size_t)len > c->text_cap - c->text_len) {
		fail(c, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s", "a value is too long.");
		return;
	}
	memcpy(c->text + c->text_len, s, (size_t)len);
	c->text_len += (size_t)len;
}

static void XMLCALL on_doctype(void *user, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	/* as in the envelope: no DTD, so no entity expansion (billion laughs) */
	fail(user, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s",
	     "an embedded instance must not contain a document type declaration.");
}

static void XMLCALL on_processing_instruction(void *user, const XML_Char *target,
					      const XML_Char *data)
{
	fail(user, CIM_ERR_INVALID_PARAMETER, "CIM-XML: %s",
	     "an embedded instance must not contain processing instructions.");
}

static void xml_error(struct cimxml *c)
{
	enum XML_Error code = XML_GetErrorCode(c->xml);

	if (code == XML_ERROR_NO_MEMORY || c->mem->failed || c->mem->over_budget) {
		cim_fail(c->res, CIM_ERR_FAILED, "CIM-XML: the embedded instance needs too much "
			 "parser memory.");
		return;
	}
	cim_fail(c->res, CIM_ERR_INVALID_PARAMETER,
		 "CIM-XML: not well-formed (line %lu, column %lu): %s.",
		 (unsigned long)XML_GetCurrentLineNumber(c->xml),
		 (unsigned long)XML_GetCurrentColumnNumber(c->xml), XML_ErrorString(code));
}

static void run(struct cimxml *c, const char *text, size_t len, const struct cimxml_config *cfg)
{
	XML_SetUserData(c->xml, c);
	XML_SetHashSalt(c->xml, cfg->hash_salt);
	XML_SetElementHandler(c->xml, on_start, on_end);
	XML_SetCharacterDataHandler(c->xml, on_text);
	XML_SetStartDoctypeDeclHandler(c->xml, on_doctype);
	XML_SetProcessingInstructionHandler(c->xml, on_processing_instruction);
	if (XML_Parse(c->xml, text, (int)len, XML_TRUE) != XML_STATUS_OK && !c->stopped) {
		xml_error(c);
		c->stopped = true;
	}
}

enum cim_status cimxml_parse_instance(const char *text, size_t len, const struct cim_class *cls,
				      const struct cimxml_config *cfg, struct cim_arena *arena,
				      struct cim_result *res, struct cim_instance **out)
{
	struct cimxml c = { .cls = cls, .arena = arena, .res = res, .prop = -1 };
	struct xml_mem mem;

	res->status = CIM_OK;
	if (len > CIMXML_TEXT_MAX) {
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"CIM-XML: an embedded instance is over %u octets.",
				CIMXML_TEXT_MAX);
	}
	c.b = cfg->scratch != NULL ? cfg->scratch : cim_arena_alloc(arena, sizeof(*c.b));
	c.text = malloc(len + 1);	/* a value is never longer than the text */
	c.text_cap = len;
	if (c.b == NULL || c.text == NULL) {
		free(c.text);
		return cim_arena_full(res);
	}
	cim_builder_init_class(c.b, cls, arena, res);
	xml_mem_begin(&mem, CIMXML_PARSER_MEMORY_MAX, cfg->fail_alloc_at);
	c.mem = &mem;
	c.xml = XML_ParserCreate_MM(NULL, &xml_mem_suite, NULL);
	if (c.xml == NULL) {
		cim_fail(res, CIM_ERR_FAILED, "CIM-XML: no memory for a parser.");
		c.stopped = true;
	} else {
		run(&c, text, len, cfg);
		XML_ParserFree(c.xml);
	}
	xml_mem_end(&mem);
	free(c.text);
	if (c.stopped) {
		return res->status != CIM_OK ? res->status
					     : cim_fail(res, CIM_ERR_FAILED, "CIM-XML: stopped.");
	}
	*out = cim_builder_instance(c.b, c.cls);
	return *out != NULL ? CIM_OK : res->status;
}

/* SPDX-License-Identifier: MIT */
/*
 * Object paths as text (DSP0004 7.7.5 / DSP0207 untyped form):
 *   [ [//host/] namespace ":" ] ClassName [ "." key "=" value { "," key "=" value } ]
 * where a value is a double-quoted string (with \" and \\ escapes) or a
 * bare token (a number, true, false).  This is how MOF writes a REF value
 * and how a reference reaches a string parameter.  REF-valued keys
 * (nested paths) are not supported and refused.
 */
#include <string.h>
#include <strings.h>

#include "mgmt/cim/instance_build.h"

struct cursor {
	const char *p;
	const char *end;
	struct cim_arena *arena;
	struct cim_result *res;
};

static enum cim_status bad(struct cursor *c, const char *why)
{
	return cim_fail(c->res, CIM_ERR_INVALID_PARAMETER, "Bad object path: %s", why);
}

static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

static const char *name(struct cursor *c, size_t *n)
{
	const char *s = c->p;

	while (c->p < c->end && is_name_char(*c->p)) {
		c->p++;
	}
	*n = (size_t)(c->p - s);
	return s;
}

/* A quoted string with its escapes undone, in the arena. */
static char *quoted(struct cursor *c)
{
	size_t cap = (size_t)(c->end - c->p);
	char *out = cim_arena_alloc(c->arena, cap + 1);
	size_t n = 0;

	if (out == NULL) {
		return NULL;
	}
	c->p++;	/* the opening quote */
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' && c->p + 1 < c->end) {
			c->p++;
		}
		out[n++] = *c->p++;
	}
	if (c->p == c->end) {
		return NULL;
	}
	c->p++;
	out[n] = '\0';
	return out;
}

static enum cim_status key(struct cursor *c, struct cim_ref *ref)
{
	size_t n;
	const char *k = name(c, &n);
	const char *v;

	if (!cim_name_valid(k, n) || c->p == c->end || *c->p != '=') {
		return bad(c, "a key binding is not name=value.");
	}
	if (cim_ref_has_key(ref, k, n)) {
		return bad(c, "a key is given twice.");
	}
	if (ref->key_count == CIM_KEYS_MAX) {
		return bad(c, "too many keys.");
	}
	c->p++;
	if (c->p < c->end && *c->p == '"') {
		v = quoted(c);
		if (v == NULL) {
			return c->arena->exhausted ? cim_arena_full(c->res)
						   : bad(c, "an open quote.");
		}
	} else {
		size_t vn;
		const char *s = c->p;

		while (c->p < c->end && *c->p != ',') {
			c->p++;
		}
		vn = (size_t)(c->p - s);
		if (vn == 0) {
			return bad(c, "a key has no value.");
		}
		v = cim_arena_strndup(c->arena, s, vn);
	}
	ref->keys[ref->key_count].name = cim_arena_strndup(c->arena, k, n);
	ref->keys[ref->key_count].value = v;
	if (v == NULL || ref->keys[ref->key_count].name == NULL) {
		return cim_arena_full(c->res);
	}
	ref->key_count++;
	return CIM_OK;
}

bool cim_ref_has_key(const struct cim_ref *ref, const char *name, size_t n)
{
	for (uint32_t i = 0; i < ref->key_count && i < CIM_KEYS_MAX; i++) {
		if (strlen(ref->keys[i].name) == n && strncasecmp(ref->keys[i].name, name, n) == 0) {
			return true;
		}
	}
	return false;
}

bool cim_name_valid(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9')) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!is_name_char(s[i])) {
			return false;
		}
	}
	return true;
}

bool cim_namespace_valid(const char *ns, size_t n)
{
	bool segment = false;

	if (n > CIM_NAMESPACE_MAX) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (ns[i] == '/' && segment) {
			segment = false;
		} else if (is_name_char(ns[i])) {
			segment = true;
		} else {
			return false;
		}
	}
	return segment;
}

/* The namespace part, "root/cimv2:" (after an optional "//host/"). */
static enum cim_status namespace_part(struct cursor *c, struct cim_ref *ref)
{
	const char *colon = memchr(c->p, ':', (size_t)(c->end - c->p));
	const char *quote = memchr(c->p, '"', (size_t)(c->end - c->p));

	if (colon == NULL || (quote != NULL && quote < colon)) {
		return CIM_OK;
	}
	if (c->end - c->p > 2 && c->p[0] == '/' && c->p[1] == '/') {
		const char *slash = memchr(c->p + 2, '/', (size_t)(colon - c->p - 2));

		if (slash == NULL) {
			return bad(c, "a host without a namespace.");
		}
		c->p = slash + 1;
	}
	if (!cim_namespace_valid(c->p, (size_t)(colon - c->p))) {
		return bad(c, "the namespace is not name/name.");
	}
	ref->cim_namespace = cim_arena_strndup(c->arena, c->p, (size_t)(colon - c->p));
	if (ref->cim_namespace == NULL) {
		return cim_arena_full(c->res);
	}
	c->p = colon + 1;
	return CIM_OK;
}

enum cim_status cim_objpath_parse(const char *text, size_t len, struct cim_ref *ref,
				  struct cim_arena *arena, struct cim_result *res)
{
	struct cursor c = { text, text + len, arena, res };
	const char *cls;
	size_t n;

	while (c.p < c.end && (*c.p == ' ' || *c.p == '\t' || *c.p == '\r' || *c.p == '\n')) {
		c.p++;
	}
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\n' || c.end[-1] == '\r' ||
			       c.end[-1] == '\t')) {
		c.end--;
	}
	if (namespace_part(&c, ref) != CIM_OK) {
		return res->status;
	}
	cls = name(&c, &n);
	if (!cim_name_valid(cls, n)) {
		return bad(&c, "no class name.");
	}
	ref->class_name = cim_arena_strndup(arena, cls, n);
	if (ref->class_name == NULL) {
		return cim_arena_full(res);
	}
	if (c.p == c.end) {
		return CIM_OK;
	}
	if (*c.p != '.') {
		return bad(&c, "the class name is not followed by '.'.");
	}
	do {
		c.p++;
		if (key(&c, ref) != CIM_OK) {
			return res->status;
		}
	} while (c.p < c.end && *c.p == ',');
	return c.p == c.end ? CIM_OK : bad(&c, "text after the keys.");
}

/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/cim_xml.h"
#include "mgmt/wsman/write_body.h"

void wsman_write_body_release(struct wsman_exchange *x)
{
	struct wsman_write_body *wb = x->ep->cim->write_body;

	if (wb != NULL) {
		free(wb->memory);
		free(wb);
		x->ep->cim->write_body = NULL;
	}
}

static struct wsman_write_body *acquire(struct wsman_exchange *x)
{
	struct wsman_write_body *wb;

	wsman_write_body_release(x);
	wb = calloc(1, sizeof(*wb));
	if (wb == NULL) {
		return NULL;
	}
	wb->memory = malloc(WSMAN_WRITE_ARENA_SIZE + WSCIM_TEXT_MAX + 1);
	if (wb->memory == NULL) {
		free(wb);
		return NULL;
	}
	wb->owner = x;
	cim_arena_init(&wb->arena, wb->memory, WSMAN_WRITE_ARENA_SIZE);
	x->ep->cim->write_body = wb;
	return wb;
}

/* The body ops' context is the exchange (cim_ops.c select_body). */
static struct wscim_reader *reader(void *ctx)
{
	struct wsman_exchange *x = ctx;

	return &x->ep->cim->write_body->reader;
}

static int body_start(void *ctx, struct wsman_envelope *env, const struct wsman_qname *name,
		      const char **attrs, unsigned depth)
{
	return wscim_start(reader(ctx), env, name, attrs, depth);
}

static int body_end(void *ctx, struct wsman_envelope *env, unsigned depth)
{
	return wscim_end(reader(ctx), env, depth);
}

static int body_text(void *ctx, struct wsman_envelope *env, const char *text, size_t len)
{
	return wscim_text(reader(ctx), env, text, len);
}

static const struct wsman_body_ops write_body_ops = { body_start, body_end, body_text };

const struct wsman_body_ops *wsman_write_select_body(struct wsman_exchange *x,
						     const struct wsman_envelope *env)
{
	const struct cim_registry *reg = x->ep->cim->registry;
	const char *ns = wsman_selector(env, CIMNAMESPACE_SELECTOR);
	const struct cim_class *cls;
	const struct cim_provider *p = NULL;
	const struct cim_method *m = NULL;
	struct wsman_write_body *wb;

	if (env->action != WSMAN_ACTION_PUT && env->action != WSMAN_ACTION_CREATE &&
	    env->action != WSMAN_ACTION_INVOKE) {
		return NULL;
	}
	cls = env->resource_uri != NULL
		      ? cim_registry_class(reg, cim_uri_class_name(env->resource_uri), ns)
		      : NULL;
	if (cls == NULL) {
		return NULL;
	}
	if (env->action == WSMAN_ACTION_INVOKE) {
		m = cim_target_class_method(reg, cls, ns, env->method, &p);
		if (m == NULL) {
			return NULL;
		}
	}
	wb = acquire(x);
	if (wb == NULL) {
		return NULL;	/* the operation reports the lack of memory */
	}
	wb->cls = cls;
	wb->provider = p;
	wb->method = m;
	wscim_reader_init(&wb->reader, &wb->arena, cls, m,
			  (char *)wb->memory + WSMAN_WRITE_ARENA_SIZE);
	return &write_body_ops;
}

struct wsman_write_body *wsman_write_body(const struct wsman_exchange *x)
{
	struct wsman_write_body *wb = x->ep->cim->write_body;

	return wb != NULL && wb->owner == x ? wb : NULL;
}

struct wsman_write_body *wsman_write_body_get(struct wsman_exchange *x)
{
	struct wsman_write_body *wb = wsman_write_body(x);

	return wb != NULL ? wb : acquire(x);
}

void wsman_write_embed_ctx(struct wsman_exchange *x, struct wsman_write_body *wb,
			   struct cim_embed_ctx *ctx)
{
	unsigned char salt[sizeof(unsigned long)] = { 0 };
	unsigned long s = 0;

	if (x->ep->rng != NULL) {
		x->ep->rng(x->ep->rng_ctx, salt, sizeof(salt));
	}
	memcpy(&s, salt, sizeof(s));
	/* one builder for every text instance: each is built before the next
	 * (nested ones are parsed after their parent) */
	*ctx = (struct cim_embed_ctx){ &wb->arena, &wb->reader.res,
				       { .hash_salt = s | 1U,
					 .scratch = cim_arena_alloc(&wb->arena,
								    sizeof(struct cim_builder)) } };
}

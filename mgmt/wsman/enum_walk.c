/* SPDX-License-Identifier: MIT */
/*
 * Walking an enumeration's results from a cursor: the providers in
 * registry order, each from the cursor's instance on (so a Pull costs what
 * it returns, not its position), each instance through the context's
 * filter.  Without a filter or with the selector filter the sources are
 * the providers of the enumerated class and its subclasses; with the
 * association filter, the association providers (classes with references)
 * in the Object's namespace, and each of their instances may yield several
 * results.
 */
#include <stdint.h>
#include <string.h>

#include "mgmt/wsman/cim_ops_internal.h"

struct walk {
	const struct cim_registry *reg;
	const struct wsman_enum_context *c;
	struct wsman_enum_cursor *cur;
	cim_instance_fn emit;
	void *ctx;
	uint32_t results;	/* of the source instance being expanded */
	uint32_t skip;		/* results of the first one sent before */
	bool stopped;
};

static bool sent_before(const struct walk *w, const struct cim_instance *inst);

static int take_result(void *ctx, const struct cim_instance *inst)
{
	struct walk *w = ctx;
	int rc;

	/* not counted: a resumed walk drops the same duplicates again */
	if (w->c->filter.kind == WSMAN_FILTER_ASSOCIATED && sent_before(w, inst)) {
		return 0;
	}
	if (w->results < w->skip) {
		w->results++;
		return 0;
	}
	rc = w->emit(w->ctx, inst);
	if (rc == 1) {
		w->cur->sub = w->results;	/* resume on this very result */
		w->stopped = true;
		return 1;
	}
	w->results++;
	return rc;
}

static int take_source(void *ctx, const struct cim_instance *inst)
{
	struct walk *w = ctx;
	const struct wsman_enum_filter *f = &w->c->filter;
	int rc = 0;

	w->results = 0;
	switch (f->kind) {
	case WSMAN_FILTER_ASSOCIATED:
	case WSMAN_FILTER_ASSOCIATION:
		rc = wsman_filter_association_expand(w->reg, f, inst, take_result, w);
		break;
	case WSMAN_FILTER_SELECTOR:
		if (wsman_filter_selector_match(f, inst)) {
			rc = take_result(w, inst);
		}
		break;
	default:
		rc = take_result(w, inst);
		break;
	}
	if (rc != 0) {
		return rc;
	}
	w->cur->from++;
	w->cur->sub = 0;
	w->skip = 0;
	return 0;
}

/* The next source provider at or after *i, for c's filter. */
static const struct cim_provider *next_source(const struct cim_registry *reg,
					      const struct wsman_enum_context *c, size_t *i)
{
	const struct wsman_enum_filter *f = &c->filter;

	if (f->kind != WSMAN_FILTER_ASSOCIATED && f->kind != WSMAN_FILTER_ASSOCIATION) {
		return cim_registry_next(reg, c->cls->name, c->cim_namespace, i);
	}
	while (*i < reg->count) {
		const struct cim_provider *p = reg->providers[(*i)++];

		if (wsman_filter_association_source(f, p->cls) &&
		    (c->cim_namespace == NULL ||
		     strcmp(p->cls->cim_namespace, c->cim_namespace) == 0)) {
			return p;
		}
	}
	return NULL;
}

/* Looking back for one result among the association instances walked before. */
struct look_back {
	const struct wsman_enum_filter *f;
	const struct cim_instance *inst;
	uint32_t limit;		/* instances of this provider to look at */
	uint32_t seen;
	bool found;
};

static int look_at(void *ctx, const struct cim_instance *assoc)
{
	struct look_back *b = ctx;

	if (b->seen++ >= b->limit) {
		return 1;
	}
	b->found = wsman_filter_association_yields(b->f, assoc, b->inst);
	return b->found ? 1 : 0;
}

/*
 * Whether an association instance before the cursor's already yielded inst.
 * It walks the association sources again up to the cursor, comparing
 * references only (no lookups): an Associators set has no duplicates
 * (DSP0200 5.3.2.6), and this costs no memory between Pulls.
 */
static bool sent_before(const struct walk *w, const struct cim_instance *inst)
{
	struct look_back b = { &w->c->filter, inst, 0, 0, false };
	size_t i = 0;
	const struct cim_provider *p;

	while (!b.found && (p = next_source(w->reg, w->c, &i)) != NULL && i - 1 <= w->cur->provider) {
		b.limit = i - 1 == w->cur->provider ? w->cur->from : UINT32_MAX;
		b.seen = 0;
		if (b.limit > 0 && p->enumerate(p->pctx, 0, look_at, &b) < 0) {
			return false;
		}
	}
	return b.found;
}

int wsman_enum_walk(const struct cim_registry *reg, const struct wsman_enum_context *c,
		    struct wsman_enum_cursor *cur, cim_instance_fn emit, void *ctx)
{
	struct walk w = { reg, c, cur, emit, ctx, 0, cur->sub, false };
	size_t i = cur->provider;
	const struct cim_provider *p;

	while ((p = next_source(reg, c, &i)) != NULL) {
		int rc;

		if (i - 1 != cur->provider) {
			*cur = (struct wsman_enum_cursor){ i - 1, 0, 0 };
			w.skip = 0;
		}
		rc = p->enumerate(p->pctx, cur->from, take_source, &w);
		if (rc < 0) {
			return rc;
		}
		if (w.stopped) {
			return 1;
		}
		*cur = (struct wsman_enum_cursor){ i, 0, 0 };
		w.skip = 0;
	}
	return 0;
}

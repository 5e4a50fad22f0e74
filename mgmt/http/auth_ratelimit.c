/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "mgmt/http/auth_ratelimit.h"

void auth_ratelimit_init(struct auth_ratelimit *rl)
{
	memset(rl, 0, sizeof(*rl));
}

/* The index of ipv4's record, or AUTH_SOURCES_MAX. */
static uint32_t source_index(const struct auth_ratelimit *rl, uint32_t ipv4)
{
	uint32_t i;

	for (i = 0; i < AUTH_SOURCES_MAX; i++) {
		if (rl->source[i].in_use && rl->source[i].ipv4 == ipv4) {
			break;
		}
	}
	return i;
}

/* A free record, or the one that failed least recently. */
static struct auth_source *source_victim(struct auth_ratelimit *rl)
{
	struct auth_source *lru = &rl->source[0];

	for (uint32_t i = 0; i < AUTH_SOURCES_MAX; i++) {
		struct auth_source *s = &rl->source[i];

		if (!s->in_use) {
			return s;
		}
		if (s->last_failure_ms < lru->last_failure_ms) {
			lru = s;
		}
	}
	return lru;
}

/* The record of ipv4, new if it has none. */
static struct auth_source *source_claim(struct auth_ratelimit *rl, uint32_t ipv4,
					uint64_t now_ms)
{
	uint32_t i = source_index(rl, ipv4);
	struct auth_source *s;

	if (i < AUTH_SOURCES_MAX) {
		return &rl->source[i];
	}
	s = source_victim(rl);
	memset(s, 0, sizeof(*s));
	s->ipv4 = ipv4;
	s->window_start_ms = now_ms;
	s->in_use = true;
	return s;
}

uint32_t auth_ratelimit_retry_after(const struct auth_ratelimit *rl, uint32_t ipv4,
				    uint64_t now_ms)
{
	uint32_t i = source_index(rl, ipv4);
	uint64_t wait_ms;

	if (i == AUTH_SOURCES_MAX || now_ms >= rl->source[i].locked_until_ms) {
		return 0;
	}
	wait_ms = rl->source[i].locked_until_ms - now_ms;
	return (uint32_t)((wait_ms + 999U) / 1000U);
}

void auth_ratelimit_failure(struct auth_ratelimit *rl, uint32_t ipv4, uint64_t now_ms)
{
	struct auth_source *s = source_claim(rl, ipv4, now_ms);

	if (now_ms - s->window_start_ms >= AUTH_FAILURE_WINDOW_MS) {
		s->window_start_ms = now_ms;
		s->failures = 0;
	}
	s->last_failure_ms = now_ms;
	if (++s->failures >= AUTH_FAILURES_MAX) {
		/* Locked for a whole window; counting starts afresh after it. */
		s->locked_until_ms = now_ms + AUTH_FAILURE_WINDOW_MS;
		s->window_start_ms = now_ms;
		s->failures = 0;
	}
}

void auth_ratelimit_success(struct auth_ratelimit *rl, uint32_t ipv4)
{
	uint32_t i = source_index(rl, ipv4);

	if (i < AUTH_SOURCES_MAX) {
		memset(&rl->source[i], 0, sizeof(rl->source[i]));
	}
}

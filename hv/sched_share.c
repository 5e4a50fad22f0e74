/* SPDX-License-Identifier: MIT */
#include "hv/sched_share.h"

struct sched_terms sched_terms_default(void)
{
	return (struct sched_terms){ .weight = SCHED_WEIGHT_DEFAULT };
}

static uint32_t bits_set(uint64_t mask)
{
	return (uint32_t)__builtin_popcountll(mask);
}

bool sched_terms_valid(const struct sched_terms *t, uint32_t vcpus, uint32_t cpus)
{
	uint64_t existing = cpus >= 64U ? ~0ULL : (1ULL << cpus) - 1U;
	uint64_t guest = existing & ~1ULL;	/* CPU 0 is the management CPU */

	if (t->weight < SCHED_WEIGHT_MIN || t->weight > SCHED_WEIGHT_MAX) {
		return false;
	}
	if ((uint64_t)t->limit_permille > (uint64_t)vcpus * SCHED_PERMILLE ||
	    t->reserved_cpus > vcpus) {
		return false;
	}
	if (t->affinity == 0U) {
		return true;
	}
	return (t->affinity & ~guest) == 0U && bits_set(t->affinity) >= t->reserved_cpus;
}

uint64_t sched_share_charge(uint64_t ran, uint32_t weight)
{
	unsigned __int128 v = (unsigned __int128)ran * SCHED_WEIGHT_DEFAULT;

	v /= weight != 0U ? weight : 1U;
	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

uint32_t sched_share_pick(uint64_t *vtime, const bool *eligible, uint32_t n, uint32_t start,
			  uint64_t floor)
{
	uint32_t best = SCHED_NO_VCPU;

	for (uint32_t k = 0; k < n; k++) {
		uint32_t i = (start + k) % n;

		if (!eligible[i]) {
			continue;
		}
		if (vtime[i] < floor) {
			vtime[i] = floor;
		}
		if (best == SCHED_NO_VCPU || vtime[i] < vtime[best]) {
			best = i;
		}
	}
	return best;
}

uint64_t sched_budget_per_period(uint32_t limit_permille, uint64_t period_ticks)
{
	return (uint64_t)((unsigned __int128)period_ticks * limit_permille / SCHED_PERMILLE);
}

uint64_t sched_budget_left(const struct sched_budget *b, uint64_t now, uint64_t budget)
{
	if (b->period != now) {
		return budget;
	}
	return b->used < budget ? budget - b->used : 0U;
}

void sched_budget_charge(struct sched_budget *b, uint64_t now, uint64_t ran)
{
	if (b->period != now) {
		b->period = now;
		b->used = 0;
	}
	b->used += ran;
}

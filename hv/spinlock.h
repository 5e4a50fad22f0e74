/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_HV_SPINLOCK_H
#define VMANHV_HV_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	volatile uint32_t locked;
};

static inline void spin_lock(struct spinlock *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1U, __ATOMIC_ACQUIRE) != 0U) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0U) {
			__builtin_ia32_pause();
		}
	}
}

static inline void spin_unlock(struct spinlock *lock)
{
	__atomic_store_n(&lock->locked, 0U, __ATOMIC_RELEASE);
}

/*
 * A lock its holder may take again (newlib's realloc calls malloc under the
 * malloc lock; an exception may print while its CPU holds the console).
 * Owners are CPU indexes.
 */
#define RLOCK_NO_OWNER	UINT32_MAX

struct rlock {
	volatile uint32_t owner;	/* RLOCK_NO_OWNER when free */
	uint32_t depth;
};

#define RLOCK_INIT	{ RLOCK_NO_OWNER, 0 }

static inline void rlock_acquire(struct rlock *lock, uint32_t me)
{
	uint32_t expected;

	if (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) == me) {
		lock->depth++;
		return;
	}
	for (;;) {
		expected = RLOCK_NO_OWNER;
		if (__atomic_compare_exchange_n(&lock->owner, &expected, me, 0,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			break;
		}
		__builtin_ia32_pause();
	}
	lock->depth = 1;
}

static inline void rlock_release(struct rlock *lock)
{
	if (--lock->depth == 0U) {
		__atomic_store_n(&lock->owner, RLOCK_NO_OWNER, __ATOMIC_RELEASE);
	}
}

#endif

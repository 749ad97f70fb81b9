// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Delay injection (include/lfprim/core/inject.h), user-space side: built
 * only into the test library (LFPRIM_INJECT).  The hook is read under a
 * rwlock, so disarming waits for every running call of the old hook.
 */
#ifdef LFPRIM_INJECT

#include <pthread.h>

#include <lfprim/core/inject.h>

static pthread_rwlock_t lfp_inject_lock = PTHREAD_RWLOCK_INITIALIZER;
static void (*lfp_inject_fn)(const char *point, const void *obj, void *arg);
static void *lfp_inject_arg;
static int lfp_inject_armed;

void lfp_inject_set(void (*fn)(const char *point, const void *obj, void *arg),
		    void *arg)
{
	pthread_rwlock_wrlock(&lfp_inject_lock);
	lfp_inject_fn = fn;
	lfp_inject_arg = arg;
	__atomic_store_n(&lfp_inject_armed, !!fn, __ATOMIC_RELAXED);
	pthread_rwlock_unlock(&lfp_inject_lock);
}

void lfp_inject(const char *point, const void *obj)
{
	/* A stale "armed" only skips or takes the lock once in vain. */
	if (!__atomic_load_n(&lfp_inject_armed, __ATOMIC_RELAXED))
		return;
	pthread_rwlock_rdlock(&lfp_inject_lock);
	if (lfp_inject_fn)
		lfp_inject_fn(point, obj, lfp_inject_arg);
	pthread_rwlock_unlock(&lfp_inject_lock);
}

#endif /* LFPRIM_INJECT */

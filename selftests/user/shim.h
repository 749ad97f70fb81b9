/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The user-space world of the shared test cases: pthreads, malloc,
 * CLOCK_MONOTONIC.  LFPRIM_TEST_SCALE (percent, default 100) scales the
 * iteration counts of the cases.
 */
#ifndef _LFPRIM_SELFTESTS_USER_SHIM_H
#define _LFPRIM_SELFTESTS_USER_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct lfpt_atomic {
	long v;
};

static inline long lfpt_atomic_read(struct lfpt_atomic *a)
{
	return __atomic_load_n(&a->v, __ATOMIC_SEQ_CST);
}

static inline void lfpt_atomic_set(struct lfpt_atomic *a, long v)
{
	__atomic_store_n(&a->v, v, __ATOMIC_SEQ_CST);
}

static inline long lfpt_atomic_read_acquire(struct lfpt_atomic *a)
{
	return __atomic_load_n(&a->v, __ATOMIC_ACQUIRE);
}

static inline void lfpt_atomic_set_release(struct lfpt_atomic *a, long v)
{
	__atomic_store_n(&a->v, v, __ATOMIC_RELEASE);
}

static inline void lfpt_atomic_inc(struct lfpt_atomic *a)
{
	__atomic_fetch_add(&a->v, 1, __ATOMIC_SEQ_CST);
}

static inline long lfpt_atomic_add_return(struct lfpt_atomic *a, long v)
{
	return __atomic_add_fetch(&a->v, v, __ATOMIC_SEQ_CST);
}

struct lfpt_lock {
	pthread_mutex_t m;
};

static inline void lfpt_lock_init(struct lfpt_lock *l)
{
	pthread_mutex_init(&l->m, NULL);
}

static inline void lfpt_lock(struct lfpt_lock *l)
{
	pthread_mutex_lock(&l->m);
}

static inline void lfpt_unlock(struct lfpt_lock *l)
{
	pthread_mutex_unlock(&l->m);
}

#define lfpt_log(...) fprintf(stderr, "# " __VA_ARGS__)

static inline void *lfpt_zalloc(size_t size)
{
	return calloc(1, size);
}

/* For contexts that must not sleep (kernel: RCU callbacks). */
static inline void *lfpt_zalloc_atomic(size_t size)
{
	return calloc(1, size);
}

static inline void lfpt_free(void *p)
{
	free(p);
}

struct lfpt_thread {
	pthread_t tid;
	int (*fn)(void *arg);
	void *arg;
	int ret;
};

static inline void *lfpt_thread_body(void *p)
{
	struct lfpt_thread *th = p;

	th->ret = th->fn(th->arg);
	return NULL;
}

static inline struct lfpt_thread *lfpt_thread_run(int (*fn)(void *), void *arg)
{
	struct lfpt_thread *th = calloc(1, sizeof(*th));

	if (!th)
		return NULL;
	th->fn = fn;
	th->arg = arg;
	if (pthread_create(&th->tid, NULL, lfpt_thread_body, th)) {
		free(th);
		return NULL;
	}
	return th;
}

/* Returns the thread function's result, or -1 for a NULL handle. */
static inline int lfpt_thread_join(struct lfpt_thread *th)
{
	int ret;

	if (!th)
		return -1;
	pthread_join(th->tid, NULL);
	ret = th->ret;
	free(th);
	return ret;
}

static inline unsigned long long lfpt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline void lfpt_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

/* A delay from any context: injection hooks run at atomic points too. */
static inline void lfpt_delay_ms(unsigned int ms)
{
	lfpt_msleep(ms);
}

/*
 * Nonzero in the stress driver: the cases' relax points then yield or
 * sleep at random, to shake out other interleavings.
 */
static int lfpt_stress_on;

static inline void lfpt_relax(void)
{
	static __thread unsigned int seed;
	unsigned int r;

	if (!lfpt_stress_on)
		return;
	if (!seed)
		seed = (unsigned int)(unsigned long)&seed ^ (unsigned int)lfpt_now_ns();
	seed = seed * 1103515245U + 12345U;
	r = seed >> 16;
	if (!(r & 7))
		sched_yield();
	else if (!(r & 63))
		usleep(r % 200);
}

static inline unsigned int lfpt_nr_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

static inline unsigned long lfpt_scale(unsigned long n)
{
	const char *s = getenv("LFPRIM_TEST_SCALE");
	unsigned long pct = s ? strtoul(s, NULL, 10) : 100;

	if (!pct)
		pct = 100;
	n = n * pct / 100;
	return n ? n : 1;
}

#include "../cases/lfpt.h"

#endif /* _LFPRIM_SELFTESTS_USER_SHIM_H */

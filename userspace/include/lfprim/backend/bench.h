/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space hooks of the shared benchmark scenarios
 * (include/lfprim/core/bench.h, bench/): malloc, pthread locks, GCC atomics,
 * urcu-memb.
 */
#ifndef _LFPRIM_BACKEND_BENCH_H
#define _LFPRIM_BACKEND_BENCH_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <urcu/urcu-memb.h>

#include <lfprim/backend/compat.h>

/* Zeroed and cache-line aligned, so that padded fields stay apart. */
static inline void *lfpb_alloc(size_t size)
{
	size_t n = (size + LFP_CACHELINE - 1) & ~(size_t)(LFP_CACHELINE - 1);
	void *p = aligned_alloc(LFP_CACHELINE, n);

	if (p)
		memset(p, 0, n);
	return p;
}

#define LFPB_ALIGNED	lfp_cacheline_aligned

static inline void lfpb_free(void *p)
{
	free(p);
}

struct lfpb_mutex {
	pthread_mutex_t m;
};

#define lfpb_mutex_init(l)	pthread_mutex_init(&(l)->m, NULL)
#define lfpb_mutex_lock(l)	pthread_mutex_lock(&(l)->m)
#define lfpb_mutex_unlock(l)	pthread_mutex_unlock(&(l)->m)
#define lfpb_mutex_destroy(l)	pthread_mutex_destroy(&(l)->m)

struct lfpb_spinlock {
	pthread_spinlock_t s;
};

#define lfpb_spinlock_init(l)	pthread_spin_init(&(l)->s, PTHREAD_PROCESS_PRIVATE)
#define lfpb_spinlock_lock(l)	pthread_spin_lock(&(l)->s)
#define lfpb_spinlock_unlock(l)	pthread_spin_unlock(&(l)->s)
#define lfpb_spinlock_destroy(l) pthread_spin_destroy(&(l)->s)

struct lfpb_rwlock {
	pthread_rwlock_t rw;
};

#define lfpb_rwlock_init(l)		pthread_rwlock_init(&(l)->rw, NULL)
#define lfpb_rwlock_read_lock(l)	pthread_rwlock_rdlock(&(l)->rw)
#define lfpb_rwlock_read_unlock(l)	pthread_rwlock_unlock(&(l)->rw)
#define lfpb_rwlock_write_lock(l)	pthread_rwlock_wrlock(&(l)->rw)
#define lfpb_rwlock_write_unlock(l)	pthread_rwlock_unlock(&(l)->rw)
#define lfpb_rwlock_destroy(l)		pthread_rwlock_destroy(&(l)->rw)

/* Alone on its cache lines, so only the sharing between threads counts. */
struct lfpb_atomic {
	lfp_cacheline_aligned long v;
	char pad[LFP_CACHELINE - sizeof(long)];
};

/* One of an array of unpadded per-thread shards. */
struct lfpb_slot {
	long v;
};

#define lfpb_atomic_set(a, x)	__atomic_store_n(&(a)->v, (x), __ATOMIC_RELAXED)
#define lfpb_atomic_inc(a)	__atomic_fetch_add(&(a)->v, 1, __ATOMIC_RELAXED)
#define lfpb_atomic_read(a)	__atomic_load_n(&(a)->v, __ATOMIC_RELAXED)
#define lfpb_slot_inc(s)	__atomic_fetch_add(&(s)->v, 1, __ATOMIC_RELAXED)
#define lfpb_stop_requested(p)	__atomic_load_n((p), __ATOMIC_RELAXED)
#define lfpb_relax()		do { } while (0)
#define lfpb_div(a, b)		((unsigned long long)(a) / (b))
#define lfpb_report(...)	fprintf(stderr, "# " __VA_ARGS__)
/* urcu-memb, the flavour lfprim uses; the runner registers its threads. */
#define lfpb_rcu_read_lock()	urcu_memb_read_lock()
#define lfpb_rcu_read_unlock()	urcu_memb_read_unlock()
#define lfpb_rcu_dereference(p)	rcu_dereference(p)

static inline unsigned long long lfpb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* A compiler barrier. */
static inline void lfpb_barrier(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/* A task on a thread of its own: a pthread per task. */
struct lfpb_task {
	pthread_t tid;
	void (*fn)(void *arg);
	void *arg;
};

static void *lfpb_task_main(void *p)
{
	struct lfpb_task *t = p;

	t->fn(t->arg);
	return NULL;
}

static inline int lfpb_task_start(struct lfpb_task *t, void (*fn)(void *arg),
				  void *arg)
{
	t->fn = fn;
	t->arg = arg;
	return -pthread_create(&t->tid, NULL, lfpb_task_main, t);
}

#define lfpb_task_join(t)	pthread_join((t)->tid, NULL)

#endif /* _LFPRIM_BACKEND_BENCH_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel hooks of the shared benchmark scenarios
 * (include/lfprim/core/bench.h, bench/): kzalloc, the kernel's locks,
 * atomic64_t, RCU.  Scenarios run in the runner's kthreads, which may sleep.
 */
#ifndef _LFPRIM_BACKEND_BENCH_H
#define _LFPRIM_BACKEND_BENCH_H

#include <linux/atomic.h>
#include <linux/cache.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include <lfprim/backend/compat.h>

#define lfpb_alloc(size)	kzalloc((size), GFP_KERNEL)
#define lfpb_free(p)		kfree(p)
#define LFPB_ALIGNED		____cacheline_aligned

struct lfpb_mutex {
	struct mutex m;
};

#define lfpb_mutex_init(l)	mutex_init(&(l)->m)
#define lfpb_mutex_lock(l)	mutex_lock(&(l)->m)
#define lfpb_mutex_unlock(l)	mutex_unlock(&(l)->m)
#define lfpb_mutex_destroy(l)	mutex_destroy(&(l)->m)

struct lfpb_spinlock {
	spinlock_t s;
};

#define lfpb_spinlock_init(l)	spin_lock_init(&(l)->s)
#define lfpb_spinlock_lock(l)	spin_lock(&(l)->s)
#define lfpb_spinlock_unlock(l)	spin_unlock(&(l)->s)
#define lfpb_spinlock_destroy(l) ((void)(l))

struct lfpb_rwlock {
	rwlock_t rw;
};

#define lfpb_rwlock_init(l)		rwlock_init(&(l)->rw)
#define lfpb_rwlock_read_lock(l)	read_lock(&(l)->rw)
#define lfpb_rwlock_read_unlock(l)	read_unlock(&(l)->rw)
#define lfpb_rwlock_write_lock(l)	write_lock(&(l)->rw)
#define lfpb_rwlock_write_unlock(l)	write_unlock(&(l)->rw)
#define lfpb_rwlock_destroy(l)		((void)(l))

/* Alone on its cache line, so only the sharing between CPUs counts. */
struct lfpb_atomic {
	atomic64_t v ____cacheline_aligned_in_smp;
};

/* One of an array of unpadded per-thread shards. */
struct lfpb_slot {
	atomic_long_t v;
};

#define lfpb_atomic_set(a, x)	atomic64_set(&(a)->v, (x))
#define lfpb_atomic_inc(a)	atomic64_inc(&(a)->v)
#define lfpb_atomic_read(a)	atomic64_read(&(a)->v)
#define lfpb_slot_inc(s)	atomic_long_inc(&(s)->v)
#define lfpb_stop_requested(p)	READ_ONCE(*(p))
#define lfpb_relax()		cond_resched()
#define lfpb_div(a, b)		div64_u64((a), (b))
#define lfpb_report(...)	pr_info(__VA_ARGS__)
#define lfpb_now_ns()		ktime_get_ns()
#define lfpb_barrier()		barrier()
#define lfpb_rcu_read_lock()	rcu_read_lock()
#define lfpb_rcu_read_unlock()	rcu_read_unlock()
#define lfpb_rcu_dereference(p)	rcu_dereference(p)

/* A task on a thread of its own: a kthread per task. */
struct lfpb_task {
	struct completion done;
	void (*fn)(void *arg);
	void *arg;
};

static int lfpb_task_main(void *p)
{
	struct lfpb_task *t = p;

	t->fn(t->arg);
	/* Returns no more into this module: safe against unload. */
	kthread_complete_and_exit(&t->done, 0);
}

static inline int lfpb_task_start(struct lfpb_task *t, void (*fn)(void *arg),
				  void *arg)
{
	struct task_struct *k;

	init_completion(&t->done);
	t->fn = fn;
	t->arg = arg;
	k = kthread_run(lfpb_task_main, t, "lfpb_task");
	return IS_ERR(k) ? PTR_ERR(k) : 0;
}

#define lfpb_task_join(t)	wait_for_completion(&(t)->done)

#endif /* _LFPRIM_BACKEND_BENCH_H */

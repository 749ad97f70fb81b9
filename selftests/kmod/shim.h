/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel world of the shared test cases: kthreads, kzalloc, ktime.
 * The module parameter "scale" (percent) scales the iteration counts.
 */
#ifndef _LFPRIM_SELFTESTS_KMOD_SHIM_H
#define _LFPRIM_SELFTESTS_KMOD_SHIM_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lfpt_atomic {
	atomic_long_t v;
};

#define lfpt_atomic_read(a)		atomic_long_read(&(a)->v)
#define lfpt_atomic_set(a, n)		atomic_long_set(&(a)->v, n)
#define lfpt_atomic_read_acquire(a)	atomic_long_read_acquire(&(a)->v)
#define lfpt_atomic_set_release(a, n)	atomic_long_set_release(&(a)->v, n)
#define lfpt_atomic_inc(a)		atomic_long_inc(&(a)->v)
#define lfpt_atomic_add_return(a, n)	atomic_long_add_return(n, &(a)->v)

struct lfpt_lock {
	spinlock_t s;		/* irq-safe: snap free functions run in softirq */
	unsigned long flags;	/* saved irq state while held */
};

static inline void lfpt_lock_init(struct lfpt_lock *l)
{
	spin_lock_init(&l->s);
}

static inline void lfpt_lock(struct lfpt_lock *l)
{
	unsigned long flags;

	spin_lock_irqsave(&l->s, flags);
	l->flags = flags;
}

static inline void lfpt_unlock(struct lfpt_lock *l)
{
	spin_unlock_irqrestore(&l->s, l->flags);
}

#define lfpt_log(fmt, ...) pr_info("# " fmt, ##__VA_ARGS__)

static inline void *lfpt_zalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

/* For contexts that must not sleep (RCU callbacks run in softirq). */
static inline void *lfpt_zalloc_atomic(size_t size)
{
	return kzalloc(size, GFP_ATOMIC);
}

static inline void lfpt_free(void *p)
{
	kfree(p);
}

struct lfpt_thread {
	struct task_struct *task;
	int (*fn)(void *arg);
	void *arg;
	int ret;
	struct completion done;
};

/*
 * kthread_stop() on a thread that has not run yet would skip its function,
 * so the body reports completion itself and join waits for that first.
 */
static inline int lfpt_thread_body(void *p)
{
	struct lfpt_thread *th = p;

	th->ret = th->fn(th->arg);
	complete(&th->done);
	return 0;
}

static inline struct lfpt_thread *lfpt_thread_run(int (*fn)(void *), void *arg)
{
	struct lfpt_thread *th = kzalloc(sizeof(*th), GFP_KERNEL);

	if (!th)
		return NULL;
	th->fn = fn;
	th->arg = arg;
	init_completion(&th->done);
	th->task = kthread_create(lfpt_thread_body, th, "lfprim_test");
	if (IS_ERR(th->task)) {
		kfree(th);
		return NULL;
	}
	get_task_struct(th->task);
	wake_up_process(th->task);
	return th;
}

/* Returns the thread function's result, or -1 for a NULL handle. */
static inline int lfpt_thread_join(struct lfpt_thread *th)
{
	int ret;

	if (!th)
		return -1;
	wait_for_completion(&th->done);
	kthread_stop(th->task);
	put_task_struct(th->task);
	ret = th->ret;
	kfree(th);
	return ret;
}

static inline unsigned long long lfpt_now_ns(void)
{
	return ktime_get_ns();
}

static inline void lfpt_msleep(unsigned int ms)
{
	msleep(ms);
}

/* A delay from any context: injection hooks run at atomic points too. */
static inline void lfpt_delay_ms(unsigned int ms)
{
	if (preemptible())
		msleep(ms);
	else
		mdelay(ms);
}

/* Nonzero while the test module stresses the cases (see lfpt_stress()). */
extern int lfpt_stress_on;

static inline void lfpt_relax(void)
{
	if (lfpt_stress_on && !(get_random_u32() & 63))
		usleep_range(10, 200);
	else
		cond_resched();
}

static inline unsigned int lfpt_nr_cpus(void)
{
	return num_online_cpus();
}

extern unsigned int lfpt_scale_pct;

static inline unsigned long lfpt_scale(unsigned long n)
{
	n = n * (lfpt_scale_pct ? lfpt_scale_pct : 100) / 100;
	return n ? n : 1;
}

#include "../cases/lfpt.h"

#endif /* _LFPRIM_SELFTESTS_KMOD_SHIM_H */

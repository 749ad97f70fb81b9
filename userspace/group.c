// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim group, user-space side: a pool of at most @limit worker threads
 * per group, reused from task to task.
 *
 * Hand-off: a worker that ends a task counts it as ended and puts itself
 * on the @idle stack in one critical section, so the group never has more
 * workers than the most tasks it ran at once.  go() admits a task and, in
 * the same critical section, pops an idle worker, stores the task in it
 * and sets its state word to GO, or, with no idle worker, creates one for
 * the task.  An idle worker spins briefly on its state word, then sleeps
 * on it as a futex (store buffering on @state and @sleeping, both
 * sequentially consistent: either go() sees the worker asleep and wakes
 * it, or the worker sees GO before it sleeps).  go() and wait() touch a
 * popped worker only under the lock: once the lock is dropped, the worker
 * may run its task, go idle, time out and be joined and freed.
 *
 * Exit: an idle worker that gets no task for LFP_GROUP_IDLE_MS, or that
 * wait() retires once no task runs (state EXIT), puts itself on @ended
 * under the lock and bumps @seq; go() and wait() join what is on that
 * list.  @nworkers counts every worker from its creation until it has
 * been joined, and wait() returns only once no task runs and @nworkers is
 * 0: every worker thread has been joined, whoever joined it, so none
 * touches the group any more.
 *
 * Sleepers on @seq (go() at the limit, wait()) count themselves in
 * @sleepers before they read @seq; a waker bumps @seq and then reads
 * @sleepers, so the futex wake is skipped when nobody sleeps.
 */
#include "live.h"

#include <limits.h>
#include <sched.h>
#include <stdlib.h>

#include <urcu/arch.h>

#include <lfprim/core/group.h>
#include <lfprim/core/inject.h>

#include "futex.h"

#define lfp_group_lock(g)	pthread_mutex_lock(&(g)->lock)
#define lfp_group_unlock(g)	pthread_mutex_unlock(&(g)->lock)

/* How long an idle worker waits for a task before it exits. */
#define LFP_GROUP_IDLE_MS	100
/*
 * How many times a worker looks at its state word, and go() at a full
 * pool at @seq, before sleeping; every LFP_GROUP_YIELD-th look yields the
 * CPU, so that on a busy machine the thread it waits for can run there.
 */
#define LFP_GROUP_SPIN		256
#define LFP_GROUP_YIELD		4

enum { LFP_W_RUN, LFP_W_IDLE, LFP_W_GO, LFP_W_EXIT };

/**
 * struct lfp_group_worker - one worker thread
 * @next: on the group's @idle stack or @ended list
 * @tid: the thread
 * @g: its group
 * @fn: the task to run next
 * @arg: its argument
 * @state: LFP_W_*; the futex word an idle worker sleeps on
 * @sleeping: nonzero while it may sleep on @state
 */
struct lfp_group_worker {
	struct lfp_group_worker *next;
	pthread_t tid;
	struct lfp_group *g;
	int (*fn)(void *arg, struct lfp_event *cancel);
	void *arg;
	unsigned int state;
	unsigned int sleeping;
};

static void lfp_group_wake(struct lfp_group *g)
{
	__atomic_fetch_add(&g->seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&g->sleepers, __ATOMIC_SEQ_CST))
		lfp_futex_wake(&g->seq, INT_MAX);
}

/*
 * A parent's fire fired the cancel: wake go() sleepers, as cancel() does.
 * Not static: LFP_GROUP_INIT() installs it too.
 */
void __lfp_group_cancel_fired(struct lfp_event *ev)
{
	lfp_group_wake(lfp_container_of(ev, struct lfp_group, cancel));
}

int lfp_group_init(struct lfp_group *g, unsigned int limit)
{
	if (!g)
		return -EINVAL;
	if (lfp_group_check_limit(limit))
		return -ERANGE;
	pthread_mutex_init(&g->lock, NULL);
	g->seq = 0;
	g->sleepers = 0;
	g->ended = NULL;
	g->idle = NULL;
	g->nworkers = 0;
	lfp_event_init(&g->cancel);
	g->cancel.on_fire = __lfp_group_cancel_fired;
	lfp_group_stats_init(g, limit);
	lfp_live_set(&g->live);
	return 0;
}

int lfp_group_init_parent(struct lfp_group *g, unsigned int limit,
			  struct lfp_event *parent)
{
	int ret = lfp_group_init(g, limit);

	if (ret || !parent)
		return ret;
	ret = lfp_event_link(&g->cancel, parent);
	if (ret) {
		lfp_live_clear(&g->live);
		pthread_mutex_destroy(&g->lock);
	}
	return ret;
}

static void lfp_group_relax(unsigned int i)
{
	if (i % LFP_GROUP_YIELD == LFP_GROUP_YIELD - 1)
		sched_yield();
	else
		caa_cpu_relax();
}

/* Hand @w a new state; lock held (after it, @w may be gone). */
static void lfp_group_worker_set(struct lfp_group_worker *w, unsigned int s)
{
	__atomic_store_n(&w->state, s, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&w->sleeping, __ATOMIC_SEQ_CST))
		lfp_futex_wake(&w->state, 1);
}

/* Wait for a task or the end: GO, EXIT, or IDLE once idle too long. */
static unsigned int lfp_group_worker_park(struct lfp_group_worker *w)
{
	const struct timespec *deadline;
	struct timespec ts;
	unsigned int s, i;

	for (i = 0; i < LFP_GROUP_SPIN; i++) {
		s = __atomic_load_n(&w->state, __ATOMIC_ACQUIRE);
		if (s != LFP_W_IDLE)
			return s;
		lfp_group_relax(i);
	}
	deadline = lfp_deadline(LFP_GROUP_IDLE_MS, &ts);
	for (;;) {
		__atomic_store_n(&w->sleeping, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&w->state, __ATOMIC_SEQ_CST) == LFP_W_IDLE)
			lfp_futex_wait2(&w->state, LFP_W_IDLE, NULL, 0, deadline);
		__atomic_store_n(&w->sleeping, 0, __ATOMIC_RELAXED);
		s = __atomic_load_n(&w->state, __ATOMIC_ACQUIRE);
		if (s != LFP_W_IDLE || lfp_deadline_passed(deadline))
			return s;
	}
}

static void *lfp_group_worker_fn(void *p)
{
	struct lfp_group_worker *w = p, **pp;
	struct lfp_group *g = w->g;
	int ret, skipped, fire;

	for (;;) {
		ret = 0;
		skipped = lfp_event_is_fired(&g->cancel);
		if (!skipped)
			ret = w->fn(w->arg, &g->cancel);
		lfp_group_lock(g);
		fire = lfp_group_end_locked(g, ret, skipped);
		__atomic_store_n(&w->state, LFP_W_IDLE, __ATOMIC_RELAXED);
		w->next = g->idle;
		g->idle = w;
		lfp_group_unlock(g);
		/*
		 * Injection point "group.task_end" (obj: the group): the task
		 * is counted as ended and its worker idle (it may be retired),
		 * but the worker has yet to fire the cancel and wake waiters.
		 */
		lfp_inject("group.task_end", g);
		if (fire)
			lfp_event_fire(&g->cancel);
		lfp_group_wake(g);
		if (lfp_group_worker_park(w) == LFP_W_GO)
			continue;
		lfp_group_lock(g);
		/* A task handed over as the idle time ran out still runs. */
		if (w->state == LFP_W_GO) {
			lfp_group_unlock(g);
			continue;
		}
		if (w->state == LFP_W_IDLE) {
			for (pp = &g->idle; *pp != w; pp = &(*pp)->next)
				;
			*pp = w->next;
		}
		w->next = g->ended;
		__atomic_store_n(&g->ended, w, __ATOMIC_RELAXED);
		lfp_group_unlock(g);
		/* The group outlives this: wait() joins this thread first. */
		lfp_group_wake(g);
		return NULL;
	}
}

/* Join the workers that have exited. */
static void lfp_group_reap(struct lfp_group *g)
{
	struct lfp_group_worker *w, *next;
	unsigned int n = 0;

	if (!__atomic_load_n(&g->ended, __ATOMIC_RELAXED))
		return;
	lfp_group_lock(g);
	w = g->ended;
	__atomic_store_n(&g->ended, NULL, __ATOMIC_RELAXED);
	lfp_group_unlock(g);
	if (!w)
		return;
	/*
	 * Injection point "group.reap" (obj: the group): exited workers are
	 * off the list, their threads not yet joined.
	 */
	lfp_inject("group.reap", g);
	for (; w; w = next) {
		next = w->next;
		pthread_join(w->tid, NULL);
		free(w);
		n++;
	}
	lfp_group_lock(g);
	g->nworkers -= n;
	lfp_group_unlock(g);
	lfp_group_wake(g);
}

/* A new worker for an admitted task (a worker slot is reserved). */
static int lfp_group_spawn(struct lfp_group *g,
			   int (*fn)(void *arg, struct lfp_event *cancel),
			   void *arg)
{
	struct lfp_group_worker *w = calloc(1, sizeof(*w));
	int ret = -ENOMEM;

	if (w) {
		w->g = g;
		w->fn = fn;
		w->arg = arg;
		w->state = LFP_W_RUN;
		ret = -pthread_create(&w->tid, NULL, lfp_group_worker_fn, w);
		if (!ret)
			return 0;
		free(w);
		if (ret != -ENOMEM)
			ret = -EAGAIN;
	}
	lfp_group_lock(g);
	lfp_group_unadmit_locked(g);
	g->nworkers--;
	lfp_group_unlock(g);
	lfp_group_wake(g);
	return ret;
}

/*
 * try_go; *@admitted says whether a slot was taken, so that go() tells an
 * -EAGAIN at the limit (wait for a slot) from one of thread creation (fail).
 */
static int __lfp_group_try_go(struct lfp_group *g,
			      int (*fn)(void *arg, struct lfp_event *cancel),
			      void *arg, int *admitted)
{
	struct lfp_group_worker *w = NULL;
	int ret;

	lfp_group_reap(g);
	lfp_group_lock(g);
	ret = lfp_group_admit_locked(g);
	if (!ret) {
		w = g->idle;
		if (w) {
			g->idle = w->next;
			w->fn = fn;
			w->arg = arg;
			lfp_group_worker_set(w, LFP_W_GO);
		} else {
			g->nworkers++;
		}
	}
	lfp_group_unlock(g);
	*admitted = !ret;
	if (ret || w)
		return ret;
	return lfp_group_spawn(g, fn, arg);
}

int lfp_group_try_go(struct lfp_group *g,
		     int (*fn)(void *arg, struct lfp_event *cancel), void *arg)
{
	int admitted;

	if (lfp_misuse(lfp_dead(g, live)) || !fn)
		return -EINVAL;
	return __lfp_group_try_go(g, fn, arg, &admitted);
}

int lfp_group_go(struct lfp_group *g, int (*fn)(void *arg,
						 struct lfp_event *cancel),
		 void *arg, long timeout_ms, struct lfp_event *cancel)
{
	const struct timespec *deadline;
	struct timespec ts;
	unsigned int seq, i;
	int ret, admitted, timed_out = 0;

	if (lfp_misuse(lfp_dead(g, live)) || !fn)
		return -EINVAL;
	ret = __lfp_group_try_go(g, fn, arg, &admitted);
	if (ret != -EAGAIN || admitted || !timeout_ms)
		return ret == -EAGAIN && !admitted ? -ETIMEDOUT : ret;
	deadline = lfp_deadline(timeout_ms, &ts);
	/* At the limit: a task of a busy pool may end any moment. */
	for (i = 0; i < LFP_GROUP_SPIN && !(cancel && lfp_event_is_fired(cancel));
	     i++) {
		seq = __atomic_load_n(&g->seq, __ATOMIC_ACQUIRE);
		while (i < LFP_GROUP_SPIN &&
		       __atomic_load_n(&g->seq, __ATOMIC_ACQUIRE) == seq &&
		       !__atomic_load_n(&g->cancel.fired, __ATOMIC_RELAXED)) {
			lfp_group_relax(i);
			i++;
		}
		ret = __lfp_group_try_go(g, fn, arg, &admitted);
		if (ret != -EAGAIN || admitted)
			return ret;
	}
	__atomic_fetch_add(&g->sleepers, 1, __ATOMIC_SEQ_CST);
	if (cancel)
		__atomic_fetch_add(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		seq = __atomic_load_n(&g->seq, __ATOMIC_SEQ_CST);
		ret = __lfp_group_try_go(g, fn, arg, &admitted);
		if (ret != -EAGAIN || admitted)
			break;
		if (timed_out || !timeout_ms) {
			ret = -ETIMEDOUT;
			break;
		}
		if (cancel && __atomic_load_n(&cancel->fired, __ATOMIC_SEQ_CST)) {
			ret = -ECANCELED;
			break;
		}
		/* Any end of a task or cancel bumps seq after our look. */
		timed_out = lfp_futex_wait2(&g->seq, seq,
					    cancel ? &cancel->fired : NULL, 0,
					    deadline) == -ETIMEDOUT ||
			    lfp_deadline_passed(deadline);
	}
	if (cancel)
		__atomic_fetch_sub(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_sub(&g->sleepers, 1, __ATOMIC_SEQ_CST);
	return ret;
}

int lfp_group_wait(struct lfp_group *g)
{
	struct lfp_group_worker *w;
	unsigned int seq, busy;
	int ret;

	if (lfp_misuse(lfp_dead(g, live)))
		return -EINVAL;
	__atomic_fetch_add(&g->sleepers, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		seq = __atomic_load_n(&g->seq, __ATOMIC_SEQ_CST);
		lfp_group_reap(g);
		lfp_group_lock(g);
		/* Nothing runs: retire the idle workers, so they exit. */
		if (!g->st.running) {
			while ((w = g->idle)) {
				g->idle = w->next;
				lfp_group_worker_set(w, LFP_W_EXIT);
			}
		}
		/* A worker not yet joined may still touch @g. */
		busy = g->st.running || g->nworkers;
		ret = g->st.first_error;
		lfp_group_unlock(g);
		if (!busy)
			break;
		lfp_futex_wait2(&g->seq, seq, NULL, 0, NULL);
	}
	__atomic_fetch_sub(&g->sleepers, 1, __ATOMIC_SEQ_CST);
	return ret;
}

void lfp_group_cancel(struct lfp_group *g)
{
	if (lfp_misuse(lfp_dead(g, live)))
		return;
	lfp_event_fire(&g->cancel);
	/*
	 * Injection point "group.cancel" (obj: the group): the event is
	 * fired, go() sleepers not woken yet.
	 */
	lfp_inject("group.cancel", g);
	lfp_group_wake(g);
}

int lfp_group_set_limit(struct lfp_group *g, unsigned int limit)
{
	int ret;

	if (lfp_misuse(lfp_dead(g, live)))
		return -EINVAL;
	lfp_group_lock(g);
	ret = lfp_group_set_limit_locked(g, limit);
	lfp_group_unlock(g);
	/*
	 * Injection point "group.set_limit" (obj: the group): the new limit
	 * is in effect, another set_limit() may follow.
	 */
	lfp_inject("group.set_limit", g);
	return ret;
}

void lfp_group_get_stats(struct lfp_group *g, struct lfp_group_stats *st)
{
	if (lfp_misuse(!st))
		return;
	if (lfp_misuse(lfp_dead(g, live))) {
		*st = (struct lfp_group_stats){ 0 };
		return;
	}
	lfp_group_lock(g);
	*st = g->st;
	lfp_group_unlock(g);
	st->cancelled = lfp_event_is_fired(&g->cancel);
}

void lfp_group_destroy(struct lfp_group *g)
{
	if (lfp_misuse(lfp_dead(g, live)))
		return;
	lfp_group_wait(g);
	/* After this no parent's fire reaches the group (or its hook). */
	lfp_event_destroy(&g->cancel);
	lfp_live_clear(&g->live);
	pthread_mutex_destroy(&g->lock);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim group, user-space side: a joinable thread per task.  A task that
 * ends puts itself on the @ended list under the lock, then bumps @seq;
 * go() and wait() join what is on the list, so a thread is joined after
 * its last touch of the group.  A reaper counts what it took in @reaping
 * until it has joined it, and wait() returns only once nothing runs,
 * nothing is left to reap and no reaper is still joining: every task
 * thread has been joined, whoever joined it.
 */
#include "live.h"

#include <limits.h>
#include <stdlib.h>

#include <lfprim/core/group.h>
#include <lfprim/core/inject.h>

#include "futex.h"

#define lfp_group_lock(g)	pthread_mutex_lock(&(g)->lock)
#define lfp_group_unlock(g)	pthread_mutex_unlock(&(g)->lock)

struct lfp_group_task {
	struct lfp_group_task *next;
	pthread_t tid;
	struct lfp_group *g;
	int (*fn)(void *arg, struct lfp_event *cancel);
	void *arg;
};

static void lfp_group_wake(struct lfp_group *g)
{
	__atomic_fetch_add(&g->seq, 1, __ATOMIC_SEQ_CST);
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
	g->ended = NULL;
	g->reaping = 0;
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

static void *lfp_group_thread(void *p)
{
	struct lfp_group_task *task = p;
	struct lfp_group *g = task->g;
	int ret = 0, skipped, fire;

	skipped = lfp_event_is_fired(&g->cancel);
	if (!skipped)
		ret = task->fn(task->arg, &g->cancel);
	lfp_group_lock(g);
	fire = lfp_group_end_locked(g, ret, skipped);
	task->next = g->ended;
	g->ended = task;
	lfp_group_unlock(g);
	/*
	 * Injection point "group.task_end" (obj: the group): the task is
	 * counted as ended and may be reaped, but its thread has yet to fire
	 * the cancel and wake waiters.
	 */
	lfp_inject("group.task_end", g);
	if (fire)
		lfp_event_fire(&g->cancel);
	/* The group outlives this: wait() joins this thread first. */
	lfp_group_wake(g);
	return NULL;
}

/* Join the threads of tasks that have ended. */
static void lfp_group_reap(struct lfp_group *g)
{
	struct lfp_group_task *t, *next;
	unsigned int n = 0;

	lfp_group_lock(g);
	t = g->ended;
	g->ended = NULL;
	for (next = t; next; next = next->next)
		n++;
	g->reaping += n;
	lfp_group_unlock(g);
	if (!n)
		return;
	/*
	 * Injection point "group.reap" (obj: the group): ended tasks are
	 * off the list, their threads not yet joined.
	 */
	lfp_inject("group.reap", g);
	for (; t; t = next) {
		next = t->next;
		pthread_join(t->tid, NULL);
		free(t);
	}
	lfp_group_lock(g);
	g->reaping -= n;
	lfp_group_unlock(g);
	lfp_group_wake(g);
}

static int lfp_group_start(struct lfp_group *g,
			   int (*fn)(void *arg, struct lfp_event *cancel),
			   void *arg)
{
	struct lfp_group_task *task = calloc(1, sizeof(*task));
	int ret = -ENOMEM;

	if (task) {
		task->g = g;
		task->fn = fn;
		task->arg = arg;
		ret = -pthread_create(&task->tid, NULL, lfp_group_thread, task);
		if (!ret)
			return 0;
		free(task);
		if (ret != -ENOMEM)
			ret = -EAGAIN;
	}
	lfp_group_lock(g);
	lfp_group_unadmit_locked(g);
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
	int ret;

	lfp_group_reap(g);
	lfp_group_lock(g);
	ret = lfp_group_admit_locked(g);
	lfp_group_unlock(g);
	*admitted = !ret;
	return ret ? ret : lfp_group_start(g, fn, arg);
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
	unsigned int seq;
	int ret, admitted, timed_out = 0;

	if (lfp_misuse(lfp_dead(g, live)) || !fn)
		return -EINVAL;
	deadline = lfp_deadline(timeout_ms, &ts);
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
	return ret;
}

int lfp_group_wait(struct lfp_group *g)
{
	unsigned int seq, busy;
	int ret;

	if (lfp_misuse(lfp_dead(g, live)))
		return -EINVAL;
	for (;;) {
		seq = __atomic_load_n(&g->seq, __ATOMIC_SEQ_CST);
		lfp_group_reap(g);
		lfp_group_lock(g);
		/* A thread another caller is joining may still touch @g. */
		busy = g->st.running || g->reaping;
		ret = g->st.first_error;
		lfp_group_unlock(g);
		if (!busy)
			break;
		lfp_futex_wait2(&g->seq, seq, NULL, 0, NULL);
	}
	/* Ended tasks may have been queued after the reap above. */
	lfp_group_reap(g);
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

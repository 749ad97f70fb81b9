// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim group, kernel side: each task is a work item on the group's own
 * unbound workqueue; the limit is enforced by the shared bookkeeping
 * alone (the workqueue's max_active stays at LFP_GROUP_LIMIT_MAX, so it
 * never holds an admitted task back); wait() waits for the count and then
 * flushes the workqueue, so no task code is left running.
 */
#include <linux/export.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "compat.h"

#include <lfprim/core/group.h>
#include <lfprim/core/inject.h>
#include <lfprim/core/live.h>

#include "wait.h"

#define lfp_group_lock(g, flags)	spin_lock_irqsave(&(g)->lock, flags)
#define lfp_group_unlock(g, flags)	spin_unlock_irqrestore(&(g)->lock, flags)

struct lfp_group_task {
	struct work_struct work;
	struct lfp_group *g;
	int (*fn)(void *arg, struct lfp_event *cancel);
	void *arg;
};

/* A parent's fire fired the cancel: wake go() sleepers, as cancel() does. */
static void lfp_group_cancel_fired(struct lfp_event *ev)
{
	struct lfp_group *g = container_of(ev, struct lfp_group, cancel);

	wake_up_all(&g->wq);
}

int lfp_group_init(struct lfp_group *g, unsigned int limit)
{
	if (!g)
		return -EINVAL;
	if (lfp_group_check_limit(limit))
		return -ERANGE;
	BUILD_BUG_ON(LFP_GROUP_LIMIT_MAX > WQ_MAX_ACTIVE);
	g->tasks = alloc_workqueue("lfprim_group", WQ_UNBOUND,
				  LFP_GROUP_LIMIT_MAX);
	if (!g->tasks)
		return -ENOMEM;
	spin_lock_init(&g->lock);
	init_waitqueue_head(&g->wq);
	lfp_event_init(&g->cancel);
	g->cancel.on_fire = lfp_group_cancel_fired;
	lfp_group_stats_init(g, limit);
	lfp_live_set(&g->live);
	return 0;
}
LFP_EXPORT(lfp_group_init);

int lfp_group_init_parent(struct lfp_group *g, unsigned int limit,
			  struct lfp_event *parent)
{
	int ret = lfp_group_init(g, limit);

	if (ret || !parent)
		return ret;
	ret = lfp_event_link(&g->cancel, parent);
	if (ret) {
		destroy_workqueue(g->tasks);
		g->live = 0;
	}
	return ret;
}
LFP_EXPORT(lfp_group_init_parent);

static void lfp_group_task_fn(struct work_struct *work)
{
	struct lfp_group_task *task = container_of(work, struct lfp_group_task,
						   work);
	struct lfp_group *g = task->g;
	unsigned long flags;
	int ret = 0, skipped, fire;

	skipped = lfp_event_is_fired(&g->cancel);
	if (!skipped)
		ret = task->fn(task->arg, &g->cancel);
	kfree(task);
	lfp_group_lock(g, flags);
	fire = lfp_group_end_locked(g, ret, skipped);
	lfp_group_unlock(g, flags);
	/*
	 * Injection point "group.task_end" (obj: the group; process
	 * context): the task is counted as ended, the cancel not fired yet.
	 */
	lfp_inject("group.task_end", g);
	if (fire)
		lfp_event_fire(&g->cancel);
	wake_up_all(&g->wq);
}

static int lfp_group_start(struct lfp_group *g,
			   int (*fn)(void *arg, struct lfp_event *cancel),
			   void *arg, gfp_t gfp)
{
	struct lfp_group_task *task = kzalloc(sizeof(*task), gfp);
	unsigned long flags;

	if (!task) {
		lfp_group_lock(g, flags);
		lfp_group_unadmit_locked(g);
		lfp_group_unlock(g, flags);
		wake_up_all(&g->wq);
		return -ENOMEM;
	}
	task->g = g;
	task->fn = fn;
	task->arg = arg;
	INIT_WORK(&task->work, lfp_group_task_fn);
	queue_work(g->tasks, &task->work);
	return 0;
}

static int lfp_group_admit_start(struct lfp_group *g,
				 int (*fn)(void *arg, struct lfp_event *cancel),
				 void *arg, gfp_t gfp)
{
	unsigned long flags;
	int ret;

	if (unlikely(lfp_dead(g, live)) || !fn)
		return -EINVAL;
	lfp_group_lock(g, flags);
	ret = lfp_group_admit_locked(g);
	lfp_group_unlock(g, flags);
	return ret ? ret : lfp_group_start(g, fn, arg, gfp);
}

int lfp_group_try_go(struct lfp_group *g,
		     int (*fn)(void *arg, struct lfp_event *cancel), void *arg)
{
	/* Never sleeps: it may be called under a spinlock. */
	return lfp_group_admit_start(g, fn, arg, GFP_NOWAIT);
}
LFP_EXPORT(lfp_group_try_go);

/*
 * The wait conditions read the bookkeeping under the lock: the shared
 * core writes it with plain stores, and go()/wait() are slow paths.
 */
static bool lfp_group_slot_free(void *arg)
{
	struct lfp_group *g = arg;
	unsigned long flags;
	bool free;

	lfp_group_lock(g, flags);
	free = g->st.running < g->st.limit;
	lfp_group_unlock(g, flags);
	return free || lfp_event_is_fired(&g->cancel);
}

int lfp_group_go(struct lfp_group *g, int (*fn)(void *arg,
						 struct lfp_event *cancel),
		 void *arg, long timeout_ms, struct lfp_event *cancel)
{
	ktime_t deadline = lfp_wait_deadline(timeout_ms);
	int ret;

	if (unlikely(lfp_dead(g, live)))
		return -EINVAL;
	for (;;) {
		ret = lfp_group_admit_start(g, fn, arg, GFP_KERNEL);
		if (ret != -EAGAIN)
			return ret;
		ret = lfp_wait_cond(&g->wq, cancel, lfp_group_slot_free, g,
				    deadline, TASK_INTERRUPTIBLE);
		if (ret == -ETIMEDOUT) {
			/* A slot that freed up as time ran out still counts. */
			ret = lfp_group_admit_start(g, fn, arg, GFP_KERNEL);
			return ret == -EAGAIN ? -ETIMEDOUT : ret;
		}
		if (ret)
			return ret;
	}
}
LFP_EXPORT(lfp_group_go);

static bool lfp_group_idle(void *arg)
{
	struct lfp_group *g = arg;
	unsigned long flags;
	bool idle;

	lfp_group_lock(g, flags);
	idle = !g->st.running;
	lfp_group_unlock(g, flags);
	return idle;
}

int lfp_group_wait(struct lfp_group *g)
{
	unsigned long flags;
	int ret;

	if (unlikely(lfp_dead(g, live)))
		return -EINVAL;
	wait_event(g->wq, lfp_group_idle(g));
	/* The work functions may still be returning: let them. */
	flush_workqueue(g->tasks);
	lfp_group_lock(g, flags);
	ret = g->st.first_error;
	lfp_group_unlock(g, flags);
	return ret;
}
LFP_EXPORT(lfp_group_wait);

void lfp_group_cancel(struct lfp_group *g)
{
	if (unlikely(lfp_dead(g, live)))
		return;
	lfp_event_fire(&g->cancel);
	/*
	 * Injection point "group.cancel" (obj: the group; process context):
	 * the event is fired, go() sleepers not woken yet.
	 */
	lfp_inject("group.cancel", g);
	wake_up_all(&g->wq);
}
LFP_EXPORT(lfp_group_cancel);

int lfp_group_set_limit(struct lfp_group *g, unsigned int limit)
{
	unsigned long flags;
	int ret;

	if (unlikely(lfp_dead(g, live)))
		return -EINVAL;
	lfp_group_lock(g, flags);
	ret = lfp_group_set_limit_locked(g, limit);
	lfp_group_unlock(g, flags);
	/*
	 * Injection point "group.set_limit" (obj: the group; any context):
	 * the new limit is in effect, another set_limit() may follow.
	 */
	lfp_inject("group.set_limit", g);
	return ret;
}
LFP_EXPORT(lfp_group_set_limit);

void lfp_group_get_stats(struct lfp_group *g, struct lfp_group_stats *st)
{
	unsigned long flags;

	if (unlikely(lfp_dead(g, live))) {
		memset(st, 0, sizeof(*st));
		return;
	}
	lfp_group_lock(g, flags);
	*st = g->st;
	lfp_group_unlock(g, flags);
	st->cancelled = lfp_event_is_fired(&g->cancel);
}
LFP_EXPORT(lfp_group_get_stats);

void lfp_group_destroy(struct lfp_group *g)
{
	if (unlikely(lfp_dead(g, live)))
		return;
	lfp_group_wait(g);
	lfp_live_clear(&g->live);
	/* After this no parent's fire reaches the group (or its hook). */
	lfp_event_destroy(&g->cancel);
	destroy_workqueue(g->tasks);
}
LFP_EXPORT(lfp_group_destroy);

/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim group - a bounded task group whose first error cancels the rest.
 *
 * Replaces unbounded spawning (one thread per request until the machine
 * falls over) and hand-rolled worker pools.  At most @limit tasks run at
 * once; lfp_group_go() blocks at the limit (with a timeout and a cancel
 * event), lfp_group_try_go() refuses instead.  A task gets the group's
 * cancel event: the first task to fail records its error and fires it,
 * and tasks are expected to look at it and stop early; lfp_group_go()
 * then refuses to start more.  lfp_group_wait() returns the first error
 * once no task of the group runs.  lfp_group_init_parent() derives the
 * group's cancel event from a parent event (Go's errgroup.WithContext):
 * the parent's fire cancels the group, as lfp_group_cancel() would, and a
 * cancel of the group does not touch the parent.
 *
 * Kernel: each task is a work item on the group's own unbound workqueue;
 * wait() flushes it, so after wait() returns no task code runs and the
 * module may go.  The admission count alone enforces the limit: the
 * workqueue's max_active is LFP_GROUP_LIMIT_MAX whatever the limit, the
 * most an unbound workqueue runs at once (WQ_UNBOUND_MAX_ACTIVE), so every
 * admitted task runs at once and up to @limit tasks may wait for each
 * other, as in user space.  One exception: from 6.9 on, the kernel splits
 * an unbound workqueue's max_active among NUMA nodes by CPU count, so on
 * a machine with several nodes tasks queued from one node may wait for a
 * slot of that node's share even below @limit.  User space: a pool of at
 * most @limit worker threads per group (the most tasks that ran at once),
 * reused from task to task: go() hands the task to an idle worker, or
 * creates one when none is idle.  An idle worker exits after 100 ms
 * without a task, and wait() retires every idle worker once no task runs
 * and joins every worker that has exited, so after wait() no thread of
 * the group exists.
 *
 * Concurrency and context:
 *
 *   operation        | may run concurrently with       | context
 *   -----------------+---------------------------------+--------------------
 *   go               | everything but init/destroy     | may sleep
 *   try_go           | everything but init/destroy     | kernel: any but
 *                    |                                 | NMI; never sleeps
 *   cancel/stats     | everything but init/destroy     | kernel: process
 *                    |                                 | context, no sleep
 *   wait             | everything but init/destroy     | may sleep
 *   set_limit        | everything; refused while tasks | any
 *                    | run                             |
 *   parent fire      | everything, destroy included    | as the parent's
 *                    | (init_parent's @parent)         | fire
 *   init/destroy     | nothing                         | may sleep
 *
 * Guarantees: never more than the limit in effect run at once, and every
 * admitted task is running (not queued) until it ends (kernel: see above
 * for NUMA on 6.9+).  stats.limit is the limit admission uses, also after
 * concurrent set_limit() calls.  No task
 * is admitted after a task has failed or the group is cancelled, and an
 * admitted task that finds the group cancelled when it begins is skipped
 * (counted in skipped) instead of calling its function.  The error wait() returns is
 * the first one a task returned; after wait() returns, no task of the
 * group is running and no worker thread or work item touches the group
 * any more (its cancel fired first if it failed), also when a concurrent
 * go() or try_go() was cleaning up after it.  Tasks started by go() after
 * a wait() are waited for by the next wait().
 *
 * Misuse: user space detects a NULL, never initialised or destroyed group
 * ("dead") in every out-of-line call: go, try_go, wait and set_limit
 * return -EINVAL, get_stats zero-fills its stats (a NULL @st: nothing),
 * cancel and destroy do nothing (a second destroy is harmless).  Not
 * detected: the inline cancel_event, a destroy racing other calls, and
 * memory the caller already freed.  The kernel's release build treats
 * misuse as a bug, as its own primitives do; its debug build (the module
 * built with LFPRIM_DEBUG=y, and the test build) refuses a dead group as
 * user space does, except a NULL @st, which stay bugs.
 *
 * Debug builds (LFPRIM_DEBUG defined, and the test builds) also report
 * each refused call on a dead object, on stderr or in the kernel log (the
 * first few of a process or of a load): the call, and whether the object
 * is NULL, never initialised (zeroed memory), destroyed, or garbage.
 *
 * Zero value: none.  A zeroed group must go through lfp_group_init()
 * first; until then user space, and the kernel's debug build, refuse it as
 * above.  Kernel: init allocates the tasks' workqueue, so there is no
 * static initializer.  User space: LFP_GROUP_INIT(name, limit) or
 * DEFINE_LFP_GROUP(name, limit) initialises one statically (a constant
 * @limit out of range does not compile), for a group of static storage
 * duration; it needs no init call and is never destroyed.  Such a group,
 * like Go's errgroup.Group{}, is used once: after a cancel or a failed
 * task it stays cancelled.
 */
#ifndef _LFPRIM_GROUP_H
#define _LFPRIM_GROUP_H

#include <lfprim/event.h>

#define LFP_GROUP_LIMIT_MAX	512U

/**
 * struct lfp_group_stats - what a group has done
 * @started: tasks admitted
 * @finished: tasks that have returned (or were skipped)
 * @failed: tasks that returned an error
 * @skipped: admitted tasks whose function was not called because the
 *	group was cancelled before they began (no task begins after the cancel)
 * @running: tasks admitted and not finished
 * @max_running: most tasks running at once
 * @limit: the limit in effect
 * @cancelled: nonzero once the cancel event fired
 * @first_error: the first error a task returned, or 0
 */
struct lfp_group_stats {
	unsigned long long started;
	unsigned long long finished;
	unsigned long long failed;
	unsigned long long skipped;
	unsigned int running;
	unsigned int max_running;
	unsigned int limit;
	int cancelled;
	int first_error;
};

#include <lfprim/backend/group.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * lfp_group_init() - initialise an empty group
 * @g: the group
 * @limit: most tasks at once, 1 .. LFP_GROUP_LIMIT_MAX
 *
 * Context: may sleep (allocates).
 * Return: 0; -EINVAL for a NULL @g; -ERANGE for @limit; -ENOMEM.
 */
int lfp_group_init(struct lfp_group *g, unsigned int limit);

/**
 * lfp_group_init_parent() - initialise a group cancelled by @parent
 * @g: the group
 * @limit: as for lfp_group_init()
 * @parent: the event whose fire cancels the group (NULL: none); linked to
 *	    the group's cancel event with lfp_event_link() until destroy
 *
 * Context: may sleep (allocates).
 * Return: as lfp_group_init(), and -ENOMEM for the link (then nothing is
 * left initialised).
 */
int lfp_group_init_parent(struct lfp_group *g, unsigned int limit,
			  struct lfp_event *parent);

/**
 * lfp_group_destroy() - wait for every task, then release the group
 * @g: the group
 *
 * Context: may sleep; nothing else may use @g.
 */
void lfp_group_destroy(struct lfp_group *g);

/**
 * lfp_group_go() - start a task, waiting for a free slot at the limit
 * @g: the group
 * @fn: the task; gets @arg and the group's cancel event, returns 0 or a
 *      negative errno (the first error cancels the group)
 * @arg: passed to @fn
 * @timeout_ms: how long to wait for a slot (negative: forever; 0: never)
 * @cancel: optional event that ends the wait early
 *
 * Context: may sleep.  Kernel: interruptible.
 * Return: 0 (started); -ECANCELED if a task has failed, the group is
 * cancelled or @cancel fired; -ETIMEDOUT; -EINVAL for a NULL @fn; -ENOMEM; kernel: -EINTR;
 * user space: -EAGAIN if no worker was idle and a new worker thread could
 * not be created (not retried; the slot is free again, as after -ENOMEM),
 * -EINVAL for a dead @g.
 */
int lfp_group_go(struct lfp_group *g, int (*fn)(void *arg,
						 struct lfp_event *cancel),
		 void *arg, long timeout_ms, struct lfp_event *cancel);

/**
 * lfp_group_try_go() - start a task if a slot is free
 * @g: the group
 * @fn: as for lfp_group_go()
 * @arg: passed to @fn
 *
 * Context: kernel: any but NMI (under a spinlock too); never sleeps, not
 * for a slot and not to allocate (GFP_NOWAIT, so -ENOMEM comes sooner than
 * from go()).
 * Return: 0 (started); -EAGAIN at the limit; others as lfp_group_go().
 */
int lfp_group_try_go(struct lfp_group *g,
		     int (*fn)(void *arg, struct lfp_event *cancel), void *arg);

/**
 * lfp_group_wait() - wait until no task of the group runs
 * @g: the group
 *
 * Context: may sleep (uninterruptibly: it returns only when it is true).
 * Return: the first error a task returned, or 0; user space: -EINVAL for
 * a dead @g.
 */
int lfp_group_wait(struct lfp_group *g);

/**
 * lfp_group_cancel() - cancel the group without an error
 * @g: the group
 *
 * Fires the cancel event; running tasks see it, no new task is admitted.
 * Idempotent, and every call, also one that runs while another is still
 * in progress, returns with the event fired: go() and try_go() refuse from
 * then on.  No call waits for running tasks (wait() does that), and a
 * later call does not wait for the first one to wake event waiters: the
 * first one wakes them.
 */
void lfp_group_cancel(struct lfp_group *g);

/**
 * lfp_group_cancel_event() - the group's cancel event
 * @g: the group
 *
 * Return: the event, fired on the first error or lfp_group_cancel().
 */
static inline struct lfp_event *lfp_group_cancel_event(struct lfp_group *g)
{
	return &g->cancel;
}

/**
 * lfp_group_set_limit() - change the limit of an idle group
 * @g: the group
 * @limit: 1 .. LFP_GROUP_LIMIT_MAX
 *
 * Context: any.
 * Return: 0; -ERANGE; -EBUSY (no change) while tasks run; user space:
 * -EINVAL for a dead @g.
 */
int lfp_group_set_limit(struct lfp_group *g, unsigned int limit);

/**
 * lfp_group_get_stats() - read the counters
 * @g: the group
 * @st: filled in (one consistent snapshot)
 */
void lfp_group_get_stats(struct lfp_group *g, struct lfp_group_stats *st);

#ifdef __LFP_GROUP_INIT
/**
 * LFP_GROUP_INIT() - static initializer of an empty group (user space)
 * @name: the group being initialised
 * @limit: a constant expression, 1 .. LFP_GROUP_LIMIT_MAX (a limit out of
 *	   range does not compile)
 *
 * The same state as lfp_group_init(@limit).  Not in the kernel.
 */
#define LFP_GROUP_INIT(name, limit)					\
	__LFP_GROUP_INIT(name, (unsigned int)((limit) + 0 *		\
		sizeof(char[(limit) >= 1 &&				\
			    (limit) <= LFP_GROUP_LIMIT_MAX ? 1 : -1])))

/**
 * DEFINE_LFP_GROUP() - define an empty group (user space)
 * @name: the variable
 * @limit: as for LFP_GROUP_INIT()
 */
#define DEFINE_LFP_GROUP(name, limit)					\
	struct lfp_group name = LFP_GROUP_INIT(name, limit)
#endif

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_GROUP_H */

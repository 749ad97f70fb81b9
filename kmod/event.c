// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim event, kernel side, and lfp_wait_cond(): the one wait loop every
 * blocking lfprim call uses (a condition on one wait queue, an optional
 * cancel event on a second one, a timeout, signals).
 */
#include <linux/export.h>
#include <linux/hrtimer.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "compat.h"

#include <lfprim/core/inject.h>
#include <lfprim/event.h>

#include "wait.h"

/**
 * lfp_wait_cond() - sleep until @cond(@arg), @cancel fires, or time runs out
 * @wq: the wait queue whose wakers make @cond true
 * @cancel: optional cancel event (its wakers are watched too)
 * @cond: the condition; checked after each wake-up, before anything else
 * @arg: its argument
 * @deadline: from lfp_wait_deadline(): KTIME_MAX forever, 0 check once
 * @state: TASK_INTERRUPTIBLE, TASK_KILLABLE or TASK_UNINTERRUPTIBLE
 *
 * The task is on both wait queues before each check, so no wake-up
 * between a check and the sleep is lost (the prepare_to_wait() pattern,
 * twice: set_current_state()'s full barrier orders the queueing before
 * the check, and each waker orders its store before its look at the
 * queue).  The sleep is an absolute hrtimer on CLOCK_MONOTONIC, so a
 * timeout never ends early by the clock (jiffies may lag, then catch up).
 *
 * Context: may sleep.
 * Return: 0 when @cond holds; -ECANCELED; -ETIMEDOUT; -EINTR on a signal
 * that @state lets in.
 */
int lfp_wait_cond(wait_queue_head_t *wq, struct lfp_event *cancel,
		  bool (*cond)(void *arg), void *arg, ktime_t deadline,
		  unsigned int state)
{
	ktime_t *expires = deadline == KTIME_MAX ? NULL : &deadline;
	bool expired = false;
	DEFINE_WAIT(w_cond);
	DEFINE_WAIT(w_cancel);
	int ret = 0;

	if (cancel)
		atomic_inc(&cancel->waiters);
	for (;;) {
		prepare_to_wait(wq, &w_cond, state);
		if (cancel)
			prepare_to_wait(&cancel->wq, &w_cancel, state);
		if (cond(arg))
			break;
		if (cancel && lfp_event_is_fired(cancel)) {
			ret = -ECANCELED;
			break;
		}
		if (signal_pending_state(state, current)) {
			ret = -EINTR;
			break;
		}
		if (expired) {
			ret = -ETIMEDOUT;
			break;
		}
		/* 0 once the deadline has passed (at once for deadline 0). */
		expired = !schedule_hrtimeout(expires, HRTIMER_MODE_ABS);
	}
	finish_wait(wq, &w_cond);
	if (cancel) {
		finish_wait(&cancel->wq, &w_cancel);
		atomic_dec(&cancel->waiters);
	}
	return ret;
}

int lfp_event_init(struct lfp_event *ev)
{
	if (!ev)
		return -EINVAL;
	atomic_set(&ev->fired, 0);
	atomic_set(&ev->waiters, 0);
	init_waitqueue_head(&ev->wq);
	atomic_set(&ev->nchildren, 0);
	INIT_HLIST_HEAD(&ev->children);
	INIT_HLIST_HEAD(&ev->parents);
	ev->walk_next = NULL;
	ev->on_fire = NULL;
	return 0;
}
LFP_EXPORT(lfp_event_init);

/*
 * Links: one lock for every link of every event, so that a chain
 * (grandparent -> parent -> child) needs no lock order, and a fire walks
 * the descendants with an explicit stack (@walk_next) instead of
 * recursing.  The lock is taken only by link, unlink, destroy, the reinit
 * of an event that has children, and the fire of an event that has
 * children: an event without children fires without it.
 *
 * Termination: during a walk the lock is held, so no link changes and no
 * event with children is reinit (reinit takes the lock for those); an
 * event is pushed only when this walk changed it from unfired to fired,
 * which happens at most once per event and walk, cycles included.
 */
static DEFINE_SPINLOCK(lfp_event_links_lock);

/**
 * struct lfp_event_link - one parent -> child link
 * @in_parent: on @parent->children
 * @in_child: on @child->parents
 * @parent: the event whose fire fires @child
 * @child: the event it fires
 */
struct lfp_event_link {
	struct hlist_node in_parent;
	struct hlist_node in_child;
	struct lfp_event *parent;
	struct lfp_event *child;
};

/* Set the flag and wake; 1 if this call fired it. */
static int lfp_event_fire_one(struct lfp_event *ev)
{
	int first;

	/*
	 * Fully ordered: the fire publishes what came before it to a waiter
	 * that reads @fired with acquire (message passing).  It also orders
	 * the store before waitqueue_active(): with set_current_state()'s
	 * barrier in prepare_to_wait() on the waiter's side (store buffering
	 * with a full barrier on each side), either the waiter sees @fired
	 * or the fire sees the waiter queued.  The same holds for the read
	 * of @nchildren against lfp_event_link()'s increment.
	 */
	first = !atomic_xchg(&ev->fired, 1);
	/* Fired, waiters not yet woken (atomic context possible). */
	lfp_inject("event.fire_wake", ev);
	/*
	 * Every fire wakes, the first or a repeat: a repeat that races the
	 * first returns only once every waiter is woken, as the first does.
	 */
	if (waitqueue_active(&ev->wq))
		wake_up_all(&ev->wq);
	return first;
}

/* Fire every descendant of the fired @root; link lock held. */
static void lfp_event_walk_locked(struct lfp_event *root)
{
	struct lfp_event *stack = root, *ev, *c;
	struct lfp_event_link *l;

	root->walk_next = NULL;
	while ((ev = stack)) {
		stack = ev->walk_next;
		hlist_for_each_entry(l, &ev->children, in_parent) {
			c = l->child;
			/*
			 * Injection point "event.walk_child" (obj: the child;
			 * atomic context): a parent fired, this child not yet.
			 */
			lfp_inject("event.walk_child", c);
			if (!lfp_event_fire_one(c))
				continue;
			if (c->on_fire)
				c->on_fire(c);
			if (atomic_read(&c->nchildren)) {
				c->walk_next = stack;
				stack = c;
			}
		}
	}
}

int lfp_event_fire(struct lfp_event *ev)
{
	unsigned long flags;
	int first;

	first = lfp_event_fire_one(ev);
	/*
	 * Injection point "event.fire_walk" (obj: the event; atomic context
	 * possible): fired and woken, children not fired yet.
	 */
	lfp_inject("event.fire_walk", ev);
	/* Every fire walks, so a repeat returns with the children fired too. */
	if (atomic_read(&ev->nchildren)) {
		spin_lock_irqsave(&lfp_event_links_lock, flags);
		lfp_event_walk_locked(ev);
		spin_unlock_irqrestore(&lfp_event_links_lock, flags);
	}
	return first;
}
LFP_EXPORT(lfp_event_fire);

static bool lfp_event_cond(void *arg)
{
	return lfp_event_is_fired(arg);
}

static int lfp_event_wait_state(struct lfp_event *ev, long timeout_ms,
				struct lfp_event *cancel, unsigned int state)
{
	int ret;

	if (lfp_event_is_fired(ev))
		return 0;
	atomic_inc(&ev->waiters);
	ret = lfp_wait_cond(&ev->wq, cancel, lfp_event_cond, ev,
			    lfp_wait_deadline(timeout_ms), state);
	atomic_dec(&ev->waiters);
	return ret;
}

int lfp_event_wait(struct lfp_event *ev, long timeout_ms,
		   struct lfp_event *cancel)
{
	return lfp_event_wait_state(ev, timeout_ms, cancel, TASK_INTERRUPTIBLE);
}
LFP_EXPORT(lfp_event_wait);

int lfp_event_wait_killable(struct lfp_event *ev, long timeout_ms,
			    struct lfp_event *cancel)
{
	return lfp_event_wait_state(ev, timeout_ms, cancel, TASK_KILLABLE);
}
LFP_EXPORT(lfp_event_wait_killable);

int lfp_event_reinit(struct lfp_event *ev)
{
	unsigned long flags = 0;
	bool locked = false;
	int ret = 0;

	/* Not during a walk, which relies on fired events staying fired. */
	if (atomic_read(&ev->nchildren)) {
		spin_lock_irqsave(&lfp_event_links_lock, flags);
		locked = true;
	}
	/*
	 * No ordering is promised against waits that start concurrently
	 * (reinit is refused only while someone is already waiting); the
	 * release orders the caller's earlier accesses before the reset.
	 */
	if (atomic_read(&ev->waiters))
		ret = -EBUSY;
	else
		atomic_set_release(&ev->fired, 0);
	if (locked)
		spin_unlock_irqrestore(&lfp_event_links_lock, flags);
	return ret;
}
LFP_EXPORT(lfp_event_reinit);

unsigned int lfp_event_waiters(const struct lfp_event *ev)
{
	return atomic_read(&ev->waiters);
}
LFP_EXPORT(lfp_event_waiters);

static struct lfp_event_link *lfp_event_find_link(struct lfp_event *child,
						  struct lfp_event *parent)
{
	struct lfp_event_link *l;

	hlist_for_each_entry(l, &child->parents, in_child)
		if (l->parent == parent)
			return l;
	return NULL;
}

static void lfp_event_unlink_locked(struct lfp_event_link *l)
{
	hlist_del(&l->in_parent);
	hlist_del(&l->in_child);
	atomic_dec(&l->parent->nchildren);
}

int lfp_event_link(struct lfp_event *child, struct lfp_event *parent)
{
	struct lfp_event_link *l;
	unsigned long flags;

	if (!child || !parent || child == parent)
		return -EINVAL;
	l = kmalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->parent = parent;
	l->child = child;
	spin_lock_irqsave(&lfp_event_links_lock, flags);
	if (lfp_event_find_link(child, parent)) {
		spin_unlock_irqrestore(&lfp_event_links_lock, flags);
		kfree(l);
		return -EEXIST;
	}
	hlist_add_head(&l->in_parent, &parent->children);
	hlist_add_head(&l->in_child, &child->parents);
	/*
	 * Store buffering against lfp_event_fire(): it sets @fired, then
	 * reads @nchildren; this increments @nchildren, then reads @fired,
	 * with a full barrier on each side.  Either the fire sees the link
	 * and walks it (after this unlocks), or this sees the fire.
	 */
	atomic_inc(&parent->nchildren);
	/* Orders the increment before the read of @fired (see above). */
	smp_mb__after_atomic();
	/*
	 * Injection point "event.link" (obj: the child; atomic context): the
	 * link is in place, the parent's state not read yet.
	 */
	lfp_inject("event.link", child);
	if (atomic_read(&parent->fired)) {
		if (lfp_event_fire_one(child) && child->on_fire)
			child->on_fire(child);
		lfp_event_walk_locked(child);
	}
	spin_unlock_irqrestore(&lfp_event_links_lock, flags);
	return 0;
}
LFP_EXPORT(lfp_event_link);

int lfp_event_unlink(struct lfp_event *child, struct lfp_event *parent)
{
	struct lfp_event_link *l;
	unsigned long flags;
	int ret;

	if (!child || !parent)
		return -EINVAL;
	spin_lock_irqsave(&lfp_event_links_lock, flags);
	l = lfp_event_find_link(child, parent);
	if (l)
		lfp_event_unlink_locked(l);
	spin_unlock_irqrestore(&lfp_event_links_lock, flags);
	ret = l ? 0 : -ENOENT;
	kfree(l);
	return ret;
}
LFP_EXPORT(lfp_event_unlink);

void lfp_event_destroy(struct lfp_event *ev)
{
	struct lfp_event_link *l;
	struct hlist_node *n;
	HLIST_HEAD(dead);
	unsigned long flags;

	spin_lock_irqsave(&lfp_event_links_lock, flags);
	hlist_for_each_entry_safe(l, n, &ev->parents, in_child) {
		lfp_event_unlink_locked(l);
		hlist_add_head(&l->in_child, &dead);
	}
	hlist_for_each_entry_safe(l, n, &ev->children, in_parent) {
		lfp_event_unlink_locked(l);
		hlist_add_head(&l->in_child, &dead);
	}
	spin_unlock_irqrestore(&lfp_event_links_lock, flags);
	/* No walk holds a link to @ev any more: each ran under the lock. */
	hlist_for_each_entry_safe(l, n, &dead, in_child)
		kfree(l);
}
LFP_EXPORT(lfp_event_destroy);

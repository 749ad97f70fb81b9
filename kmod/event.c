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
	return 0;
}
LFP_EXPORT(lfp_event_init);

int lfp_event_fire(struct lfp_event *ev)
{
	int first;

	/*
	 * Fully ordered: the fire publishes what came before it to a waiter
	 * that reads @fired with acquire (message passing).  It also orders
	 * the store before waitqueue_active(): with set_current_state()'s
	 * barrier in prepare_to_wait() on the waiter's side (store buffering
	 * with a full barrier on each side), either the waiter sees @fired
	 * or the fire sees the waiter queued.
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
	/*
	 * No ordering is promised against waits that start concurrently
	 * (reinit is refused only while someone is already waiting); the
	 * release orders the caller's earlier accesses before the reset.
	 */
	if (atomic_read(&ev->waiters))
		return -EBUSY;
	atomic_set_release(&ev->fired, 0);
	return 0;
}
LFP_EXPORT(lfp_event_reinit);

unsigned int lfp_event_waiters(const struct lfp_event *ev)
{
	return atomic_read(&ev->waiters);
}
LFP_EXPORT(lfp_event_waiters);

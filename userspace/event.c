// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim event, user-space side: a futex on the fired word.
 *
 * No lost wake-up: a waiter increments @waiters and then reads @fired; a
 * firer exchanges @fired and then reads @waiters, all sequentially
 * consistent.  In their single total order either the increment comes
 * first (the firer sees a waiter and wakes the word) or the exchange does
 * (the waiter sees the event fired and never sleeps); and a waiter that
 * read 0 just before the exchange sleeps only if the word is still 0 when
 * the kernel checks it (FUTEX_WAIT compares atomically).
 */
#include "live.h"

#include <limits.h>

#include <lfprim/core/inject.h>
#include <lfprim/event.h>

#include "futex.h"

int lfp_event_init(struct lfp_event *ev)
{
	if (!ev)
		return -EINVAL;
	__atomic_store_n(&ev->fired, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ev->waiters, 0, __ATOMIC_RELAXED);
	return 0;
}

int lfp_event_fire(struct lfp_event *ev)
{
	int first;

	if (lfp_misuse(!ev))
		return -EINVAL;
	first = !__atomic_exchange_n(&ev->fired, 1, __ATOMIC_SEQ_CST);
	/* Fired, waiters not yet woken. */
	lfp_inject("event.fire_wake", ev);
	/*
	 * Every fire wakes, the first or a repeat: a repeat that races the
	 * first returns only once every waiter is woken, as the first does.
	 */
	if (__atomic_load_n(&ev->waiters, __ATOMIC_SEQ_CST))
		lfp_futex_wake(&ev->fired, INT_MAX);
	return first;
}

int lfp_event_wait(struct lfp_event *ev, long timeout_ms,
		   struct lfp_event *cancel)
{
	const struct timespec *deadline;
	struct timespec ts;
	int ret = 0;

	if (lfp_misuse(!ev))
		return -EINVAL;
	if (lfp_event_is_fired(ev))
		return 0;
	deadline = lfp_deadline(timeout_ms, &ts);
	__atomic_fetch_add(&ev->waiters, 1, __ATOMIC_SEQ_CST);
	if (cancel)
		__atomic_fetch_add(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		if (__atomic_load_n(&ev->fired, __ATOMIC_SEQ_CST))
			break;
		if (cancel && __atomic_load_n(&cancel->fired, __ATOMIC_SEQ_CST)) {
			ret = -ECANCELED;
			break;
		}
		if (lfp_futex_wait2(&ev->fired, 0, cancel ? &cancel->fired : NULL,
				    0, deadline) == -ETIMEDOUT ||
		    lfp_deadline_passed(deadline)) {
			/* A fire that raced the timeout still counts. */
			ret = lfp_event_is_fired(ev) ? 0 : -ETIMEDOUT;
			break;
		}
	}
	if (cancel)
		__atomic_fetch_sub(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_sub(&ev->waiters, 1, __ATOMIC_SEQ_CST);
	return ret;
}

int lfp_event_wait_killable(struct lfp_event *ev, long timeout_ms,
			    struct lfp_event *cancel)
{
	return lfp_event_wait(ev, timeout_ms, cancel);
}

int lfp_event_reinit(struct lfp_event *ev)
{
	if (lfp_misuse(!ev))
		return -EINVAL;
	if (__atomic_load_n(&ev->waiters, __ATOMIC_SEQ_CST))
		return -EBUSY;
	__atomic_store_n(&ev->fired, 0, __ATOMIC_RELEASE);
	return 0;
}

unsigned int lfp_event_waiters(const struct lfp_event *ev)
{
	if (lfp_misuse(!ev))
		return 0;
	return __atomic_load_n(&ev->waiters, __ATOMIC_RELAXED);
}

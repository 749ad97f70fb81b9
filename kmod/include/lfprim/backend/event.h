/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout and fast paths of lfprim event: a wait queue and a flag. */
#ifndef _LFPRIM_BACKEND_EVENT_H
#define _LFPRIM_BACKEND_EVENT_H

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/wait.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_event - a one-shot broadcast
 * @fired: 0, then 1 once fired
 * @waiters: callers inside a wait on this event (also as a cancel event)
 * @wq: where they sleep
 */
struct lfp_event {
	atomic_t fired;
	atomic_t waiters;
	wait_queue_head_t wq;
};

static inline int __lfp_event_is_fired(const struct lfp_event *ev)
{
	return atomic_read_acquire(&ev->fired);
}

/* An unfired event, its wait queue empty (LFP_EVENT_INIT). */
#define __LFP_EVENT_INIT(name) {					\
	.fired = ATOMIC_INIT(0),					\
	.waiters = ATOMIC_INIT(0),					\
	.wq = __WAIT_QUEUE_HEAD_INITIALIZER((name).wq),			\
}

#endif /* _LFPRIM_BACKEND_EVENT_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout and fast paths of lfprim event: a wait queue and a flag. */
#ifndef _LFPRIM_BACKEND_EVENT_H
#define _LFPRIM_BACKEND_EVENT_H

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/wait.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_event - a one-shot broadcast
 * @fired: 0, then 1 once fired
 * @waiters: callers inside a wait on this event (also as a cancel event)
 * @wq: where they sleep
 * @nchildren: links to children (read by fire without the link lock)
 * @children: links to events this one fires (struct lfp_event_link)
 * @parents: links to events that fire this one
 * @walk_next: the stack of a fire's walk over descendants (link lock)
 * @on_fire: lfprim-internal: called when a parent's fire fires this one
 */
struct lfp_event {
	atomic_t fired;
	atomic_t waiters;
	wait_queue_head_t wq;
	atomic_t nchildren;
	struct hlist_head children;
	struct hlist_head parents;
	struct lfp_event *walk_next;
	void (*on_fire)(struct lfp_event *ev);
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
	.nchildren = ATOMIC_INIT(0),					\
	.children = HLIST_HEAD_INIT,					\
	.parents = HLIST_HEAD_INIT,					\
	.walk_next = NULL,						\
	.on_fire = NULL,						\
}

#endif /* _LFPRIM_BACKEND_EVENT_H */
